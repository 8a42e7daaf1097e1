import Foundation
import SecretsCore
import Testing
@testable import SmshLanguage

/// `explain` on an smsh command prints its aws CLI line; `explain` on that aws line prints the
/// smsh form. Both must compile to the same call, and the smsh form must be the command itself
/// when the command was already written in its plain form.
struct AWSCLIRoundTripTests {
    struct Explained: Decodable, Equatable {
        let operation: String
        let region: String
        let body: JSONValue
        let cli: String
        let smsh: String?
    }

    static func explain(_ line: String) async throws -> Explained {
        let r = try await Harness.run("use reveal on\nlet e = explain \(line)\nprint json($e)")
        guard r.exit == 0 else { throw RoundTripError(message: "explain \(line): \(r.stderr)") }
        return try JSONValueDecoder.decode(Explained.self, from: Data(r.stdout.utf8))
    }

    struct RoundTripError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// Commands in their plain form: smsh → aws → smsh gives the same text back. Every
    /// operation of issue 6 is here.
    static let canonical = [
        #"create MyTestSecret value s3cr3t description demo key alias/k replicate to eu-west-3, ap-south-1 key alias/x force"#,
        "create Plain",
        "create NoForce value v replicate to eu-west-3 noforce",
        "replicate Paste to eu-west-3 key alias/x force",
        "replicate MyTestSecret to eu-west-3, ap-south-1 key alias/y",
        "remove MyTestSecret from eu-west-3, ap-south-1",
        "promote MyTestSecret in ap-south-1",
        "promote arn:aws:secretsmanager:us-west-2:123456789012:secret:MyTestSecret-a1b2c3 in ap-south-1",
        "describe MyTestSecret",
        "describe MyTestSecret in eu-west-3",
        "get MyTestSecret",
        "get MyTestSecret in eu-west-3 stage AWSPREVIOUS",
        "get MyTestSecret version v-0123456789abcdef0123456789abcdef",
        #"put MyTestSecret value "it's new, with a comma""#,
        #"put MyTestSecret value '{"a":[1,2]}'"#,
        #"update MyTestSecret description 'new description' key alias/y"#,
        "delete MyTestSecret",
        "delete MyTestSecret recovery 7",
        "delete MyTestSecret now",
        "restore MyTestSecret",
        "list",
        "list prefix prod/ in eu-west-3",
    ]

    @Test(arguments: canonical)
    func smshToAWSAndBack(_ command: String) async throws {
        let fromSmsh = try await Self.explain(command)
        let fromAWS = try await Self.explain(fromSmsh.cli)
        #expect(fromAWS.operation == fromSmsh.operation)
        #expect(fromAWS.region == fromSmsh.region)
        #expect(fromAWS.body == fromSmsh.body)
        #expect(fromAWS.smsh == command, "aws line: \(fromSmsh.cli)")
        #expect(fromAWS.cli == fromSmsh.cli)
    }

    @Test func everyOperationIsCovered() async throws {
        var seen = Set<String>()
        for c in Self.canonical { seen.insert(try await Self.explain(c).operation) }
        // The operations smsh has a command of its own for; the rest are reached by aws lines.
        #expect(seen == ["CreateSecret", "DescribeSecret", "ReplicateSecretToRegions", "RemoveRegionsFromReplication",
                         "StopReplicationToReplica", "GetSecretValue", "PutSecretValue", "UpdateSecret", "DeleteSecret",
                         "RestoreSecret", "ListSecrets"])
    }

    /// Commands written another way (a $list, json, status/wait) reach the same call through
    /// their aws line and its smsh form.
    @Test(arguments: [
        "replicate MyTestSecret to [eu-west-1, eu-west-2] noforce",
        "replicate json {SecretId: MyTestSecret, AddReplicaRegions: [{Region: eu-west-3, KmsKeyId: alias/z}], ForceOverwriteReplicaSecret: true}",
        #"create WithJson json {user: "admin", port: 5432}"#,
        #"put MyTestSecret json {a: [1, 2], b: "x"}"#,
        "status MyTestSecret",
        "wait MyTestSecret until InSync",
    ])
    func otherSpellingsReachTheSameCall(_ command: String) async throws {
        let fromSmsh = try await Self.explain(command)
        let fromAWS = try await Self.explain(fromSmsh.cli)
        #expect(fromAWS.body == fromSmsh.body)
        let smsh = try #require(fromAWS.smsh)
        let again = try await Self.explain(smsh)
        #expect(again.body == fromSmsh.body)
        #expect(again.operation == fromSmsh.operation)
        #expect(again.cli == fromSmsh.cli)
    }

    /// aws lines first: the smsh form compiles back to the aws line's call.
    @Test(arguments: [
        "aws secretsmanager replicate-secret-to-regions --secret-id Paste --add-replica-regions Region=eu-west-3,KmsKeyId=alias/x Region=us-east-1 --force-overwrite-replica-secret",
        #"aws secretsmanager replicate-secret-to-regions --add-replica-regions '[{"Region": "eu-west-3"}]' --secret-id 'from'"#,
        #"aws secretsmanager replicate-secret-to-regions --cli-input-json '{"SecretId": "X", "AddReplicaRegions": [{"Region": "eu-west-1"}]}' --no-force-overwrite-replica-secret"#,
        "aws secretsmanager create-secret --name to --secret-string \"a \\\"quoted\\\" \\$value\" --region eu-west-1",
        "aws secretsmanager list-secrets --filters Key=name,Values=prod/",
        "aws secretsmanager delete-secret --secret-id X --recovery-window-in-days 30",
        "aws secretsmanager stop-replication-to-replica --secret-id X --region eu-west-3",
    ])
    func awsToSmshAndBack(_ line: String) async throws {
        let fromAWS = try await Self.explain(line)
        let smsh = try #require(fromAWS.smsh, "no smsh form for \(line)")
        // A call in another Region than the session's is prefixed with `use region`; explain
        // takes one command, so that case is compared through a script.
        let script = smsh.hasPrefix("use region ") ? smsh.replacingOccurrences(of: "; ", with: "\nlet e = explain ") : "let e = explain " + smsh
        let r = try await Harness.run("use reveal on\n" + script + "\nprint json($e)")
        #expect(r.exit == 0, "\(smsh): \(r.stderr)")
        let back = try JSONValueDecoder.decode(Explained.self, from: Data(r.stdout.utf8))
        #expect(back.operation == fromAWS.operation)
        #expect(back.region == fromAWS.region)
        #expect(back.body == fromAWS.body)
    }

    @Test func membersWithoutAnSmshFormSaySo() async throws {
        let r = try await Harness.run("explain aws secretsmanager create-secret --name X --tags Key=env,Value=prod")
        #expect(r.exit == 0)
        #expect(r.stdout.hasSuffix("# no smsh form: CreateSecret with Tags has no smsh form\n"
            + "client.create_secret(Name='X', Tags=[{'Key': 'env', 'Value': 'prod'}])\n"))
    }
}
