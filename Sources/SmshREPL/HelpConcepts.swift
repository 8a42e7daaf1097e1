/// `help` topics that explain a concept of Secrets Manager replication rather than a command:
/// what it is, how smsh shows it, and which commands and lessons go with it.
public struct HelpConcept: Sendable {
    public let name: String
    public let summary: String
    public let text: String
    /// Commands (or other topics) to read next.
    public let seeAlso: [String]
    /// The lesson that practises it (`learn NAME`), if one does.
    public let lesson: String?
}

extension HelpTopics {
    public static let concepts: [HelpConcept] = [
        .init(name: "replication", summary: "copies of a secret in other Regions, kept up to date",
              text: """
              A secret lives in one Region. Replication (ReplicateSecretToRegions) copies it to other
              Regions: each copy is a replica with the same name, kept up to date by Secrets Manager.
              Replicas serve reads close to an application and survive the loss of the primary's
              Region. Every write (put, update, tag, rotate, label) goes to the primary's Region and
              reaches the replicas; a write sent to a replica is refused. A new replica starts
              InProgress and turns InSync (or Failed); wait for InSync before relying on it.
              """, seeAlso: ["replicate", "wait", "status", "primary", "statuses"], lesson: "replicate"),
        .init(name: "primary", summary: "the primary secret and its replicas",
              text: """
              The primary is the secret in the Region where it was created; it is the one you can
              change. A replica is a read-only copy in another Region: its ARN has its own Region and
              the primary's suffix, and DescribeSecret there shows PrimaryRegion. A standalone secret
              (no replicas) shows no PrimaryRegion. Promoting a replica makes it a standalone secret.
              """, seeAlso: ["replication", "failover", "describe"], lesson: "replicate"),
        .init(name: "statuses", summary: "InProgress, InSync, Failed: what a replica's status means",
              text: """
              InProgress: the copy is under way (the simulator takes --replication-delay, 3 s by
              default; AWS seconds to minutes). InSync: the replica holds the primary's versions and
              follows it. Failed: the copy will not finish by itself; StatusMessage says why (a secret
              of that name in the Region, a KMS key missing there, a network error). Retry it with
              replicate (with force for a name conflict, another key for a missing key), or remove it.
              `status NAME` shows each replica's status; `wait NAME until InSync` waits for them.
              """, seeAlso: ["status", "wait", "force", "kms-keys"], lesson: "conflicts"),
        .init(name: "force", summary: "ForceOverwriteReplicaSecret: replace a secret that holds the name",
              text: """
              A replica takes its primary's name. If another secret already has that name in the
              target Region, the replica turns Failed ("Secret with this name already exists in this
              region"). `replicate NAME to REGION force` sets ForceOverwriteReplicaSecret: the other
              secret, its value and its history, is replaced by the replica. It cannot be undone.
              """, seeAlso: ["replicate", "statuses"], lesson: "conflicts"),
        .init(name: "failover", summary: "promote a replica when the primary's Region is lost",
              text: """
              When the primary's Region is unreachable, replicas still answer reads but nothing can be
              written. `promote NAME in REGION` (StopReplicationToReplica, sent to the replica's Region)
              makes that replica a standalone secret that takes writes. Then `use region REGION` and
              replicate from it to other Regions. When the old Region comes back, its old primary is
              a standalone secret of the same name: replicate over it with force, or delete it.
              In the simulator, `simulate outage REGION` plays the outage; `simulate clear` ends it.
              """, seeAlso: ["promote", "replicate", "simulate", "force"], lesson: "failover"),
        .init(name: "kms-keys", summary: "each replica is encrypted with a KMS key of its own Region",
              text: """
              Secrets Manager encrypts each version with a KMS key. Keys never leave their Region, so
              each replica needs a key of its Region: `replicate NAME to REGION key KEY`. Without one
              it gets that Region's AWS managed key, alias/aws/secretsmanager. A key that does not
              exist there (or a key ARN of another Region) turns the replica Failed: create the key in
              that Region or choose another. `simulate missing key KEY in REGION` plays a missing key.
              """, seeAlso: ["replicate", "create", "update", "statuses"], lesson: "keys"),
        .init(name: "deletion", summary: "remove replicas, delete with or without recovery, restore",
              text: """
              `remove NAME from REGION` deletes that replica (RemoveRegionsFromReplication). A primary
              with replicas cannot be deleted: remove them first. `delete NAME` schedules the deletion
              after a recovery window (`recovery DAYS`, 7 to 30, default 30); until then the secret
              refuses reads and writes and `restore NAME` brings it back. `delete NAME now`
              (ForceDeleteWithoutRecovery) deletes at once, with no way back.
              """, seeAlso: ["remove", "delete", "restore"], lesson: "cleanup"),
        .init(name: "staging-labels", summary: "versions, and the labels AWSCURRENT, AWSPREVIOUS, AWSPENDING",
              text: """
              Every value stored is a version with its own id. Staging labels point at versions:
              AWSCURRENT is what a plain read returns, AWSPREVIOUS the one before, AWSPENDING a version
              a rotation is preparing. Storing a value moves AWSCURRENT to it; `label NAME AWSCURRENT to
              ID` rolls back. Versions and labels replicate: every Region returns the same AWSCURRENT.
              A version left without labels is deprecated. `versions NAME [in REGION]` lists them.
              """, seeAlso: ["versions", "label", "put", "get"], lesson: "versions"),
        .init(name: "rotation", summary: "replacing a secret's value on a schedule",
              text: """
              Rotation (RotateSecret) has a Lambda function make a new version labelled AWSPENDING,
              set it where it is used, then move AWSCURRENT to it. It is set and runs on the primary
              only; replicas receive each new version like any other write. `rotate NAME using ARN
              every 30 days` turns it on, `wait NAME until rotated` waits for the run to reach every
              replica, `cancel rotation NAME` turns it off. A failed run leaves AWSPENDING behind and
              AWSCURRENT unmoved. The simulator plays the function (`simulate rotation failure NAME`).
              """, seeAlso: ["rotate", "cancel", "wait", "staging-labels"], lesson: "rotation"),
        .init(name: "exit-codes", summary: "what smsh's exit codes mean",
              text: """
              0 ok; 1 a runtime error (a call failed, an assert, fail); 2 a syntax or usage error
              (found before anything runs); 3 a wait timed out; 130 interrupted (Ctrl-C); 143 SIGTERM;
              129 SIGHUP. `smsh aws ...` answers with the aws CLI's codes instead: 252 usage,
              253 configuration, 254 service error, 255 other.
              """, seeAlso: ["wait", "try", "fail", "assert"], lesson: nil),
    ]

    public static func concept(_ name: String) -> HelpConcept? { concepts.first { $0.name == name } }

    /// `help CONCEPT`.
    static func conceptText(_ c: HelpConcept) -> String {
        var out = "\(c.name): \(c.summary)\n\n" + c.text + "\n\nSee also: " + c.seeAlso.map { "help \($0)" }.joined(separator: ", ") + "\n"
        if let lesson = c.lesson { out += "Practise it: learn \(lesson)\n" }
        return out
    }
}
