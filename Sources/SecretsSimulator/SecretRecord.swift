import Foundation
import SecretsCore

/// One version of a secret's value.
struct StoredVersion: Equatable {
    var id: String
    var string: String?
    var binary: Data?
    var stages: [String]
    var created: Date

    func sameValue(string s: String?, binary b: Data?) -> Bool { string == s && binary == b }
}

/// A primary's record of one replica Region. The outcome is decided when replication starts and
/// revealed at `readyAt`, so that status is a pure function of the clock: every process sharing the
/// state file sees the same answer, and no background work is needed.
struct ReplicaLink: Equatable {
    var region: String
    var kmsKeyId: String
    var started: Date
    var readyAt: Date
    /// nil: the replica turns InSync at readyAt. Otherwise it turns Failed with this message.
    var failure: String?

    func status(at now: Date) -> StatusType {
        if now < readyAt { return .InProgress }
        return failure == nil ? .InSync : .Failed
    }

    /// A Failed link holds no replica; it may be retried or removed.
    func isActive(at now: Date) -> Bool { status(at: now) != .Failed }
}

/// A secret in one Region: a primary (or standalone) secret, or a replica of one.
struct SecretRecord: Equatable {
    var name: String
    var region: String
    var suffix: String
    var description: String?
    var kmsKeyId: String?
    var tags: [Tag]
    var type: String?
    var versions: [StoredVersion]
    var created: Date
    var lastChanged: Date
    var lastAccessed: Date?
    /// When a scheduled deletion takes effect; nil when none is scheduled.
    var deletionDate: Date?
    /// When the deletion was requested.
    var deletedDate: Date?
    /// Set on a replica: its primary's Region.
    var primaryRegion: String?
    /// On a primary: its replica Regions.
    var replicas: [ReplicaLink]
    /// On a replica: it exists from this time (while its link is InProgress it cannot be seen).
    var availableAt: Date?
    /// The resource policy (a JSON document), replicated like the tags.
    var policy: String? = nil
    /// Rotation's configuration; nil until RotateSecret is first called. Replicas hold a copy
    /// without the run.
    var rotation: RotationState? = nil
    /// On a replica: the primary's versions after a rotation, which replace its own at
    /// `incomingAt` (the rotation's end plus the replication delay).
    var incoming: [StoredVersion]? = nil
    var incomingAt: Date? = nil

    var isReplica: Bool { primaryRegion != nil }

    /// PrimaryRegion as the service reports it: only for a secret that is part of replication,
    /// a replica or a primary with replicas.
    var reportedPrimaryRegion: String? { primaryRegion ?? (replicas.isEmpty ? nil : region) }

    func arn(account: String) -> String {
        "arn:aws:secretsmanager:\(region):\(account):secret:\(name)-\(suffix)"
    }

    var current: StoredVersion? { versions.first { $0.stages.contains("AWSCURRENT") } }

    func isVisible(at now: Date) -> Bool { availableAt.map { now >= $0 } ?? true }

    func isDeletionDue(at now: Date) -> Bool { deletionDate.map { now >= $0 } ?? false }

    /// Takes the versions a rotation sent to this replica once they are due; true if it changed.
    mutating func receiveIncoming(at now: Date) -> Bool {
        guard let incoming, let incomingAt, now >= incomingAt else { return false }
        versions = incoming
        self.incoming = nil
        self.incomingAt = nil
        return true
    }
}

/// RotateSecret's configuration on a secret, and the rotation run in progress.
struct RotationState: Equatable {
    var enabled: Bool
    var lambdaARN: String?
    var afterDays: Int64?
    var schedule: String?
    var duration: String?
    var lastRotated: Date?
    /// Where the schedule counts from: the last rotation, or when the schedule was set.
    var since: Date
    var run: RotationRun?
}

/// A rotation the simulator is running in place of the rotation function: createSecret happened
/// at `started` (the AWSPENDING version `versionId`); the other steps end at `endsAt`.
struct RotationRun: Equatable {
    var versionId: String
    var started: Date
    var endsAt: Date
    /// A `simulate rotation failure` fault: the run stops at setSecret, AWSPENDING stays.
    var fails: Bool
}
