import Foundation
import SecretsCore
import Testing
@testable import SmshLanguage
@testable import AWSCLI

struct CompilerTests {
    @Test func replicateBody() {
        let call = Compiler.replicate(secret: "MyTestSecret", replicas: [Replica(region: "eu-west-3", kmsKeyId: "alias/x")],
                                      force: true, region: "us-west-2")
        #expect(call.operation == .replicateSecretToRegions)
        #expect(call.region == "us-west-2")
        #expect(call.body.compactText() == #"{"SecretId":"MyTestSecret","AddReplicaRegions":[{"Region":"eu-west-3","KmsKeyId":"alias/x"}],"ForceOverwriteReplicaSecret":true}"#)
        #expect(CLILine.render(call) == "aws secretsmanager replicate-secret-to-regions --secret-id MyTestSecret --add-replica-regions Region=eu-west-3,KmsKeyId=alias/x --force-overwrite-replica-secret --region us-west-2")
    }

    @Test func forceIsLeftOutUnlessSaid() {
        let call = Compiler.replicate(secret: "S", replicas: [Replica(region: "eu-west-3")], force: nil, region: "us-east-1")
        #expect(call.body["ForceOverwriteReplicaSecret"] == nil)
        let no = Compiler.replicate(secret: "S", replicas: [Replica(region: "eu-west-3")], force: false, region: "us-east-1")
        #expect(CLILine.render(no).contains("--no-force-overwrite-replica-secret"))
    }

    @Test func promoteGoesToTheReplicaRegion() {
        let call = Compiler.promote(secret: "S", replicaRegion: "ap-south-1")
        #expect(call.region == "ap-south-1")
        #expect(call.operation == .stopReplicationToReplica)
    }

    @Test func cliQuoting() {
        let call = Compiler.put(secret: "S", value: "it's a b", region: "us-east-1")
        #expect(CLILine.render(call) == #"aws secretsmanager put-secret-value --secret-id S --secret-string 'it'\''s a b' --region us-east-1"#)
        #expect(CLILine.render(call, reveal: false).contains("--secret-string '********'"))
    }

    @Test func interpreterSendsCompiledCalls() async throws {
        let fake = FakeTransport { op, _, _ in
            op == .describeSecret
                ? .object([("Name", .string("S")), ("ReplicationStatus", .array([.object([("Region", .string("eu-west-3")), ("Status", .string("InSync"))])]))])
                : .object([])
        }
        let r = try await Harness.run("""
        use region us-west-2
        create S value "v" replicate to eu-west-3
        promote S in eu-west-3
        get S in ap-south-1 stage AWSPREVIOUS
        wait S until InSync
        """, transport: fake)
        #expect(r.exit == 0)
        let calls = fake.calls
        #expect(calls.map(\.0) == [.createSecret, .stopReplicationToReplica, .getSecretValue, .describeSecret])
        #expect(calls.map(\.1) == ["us-west-2", "eu-west-3", "ap-south-1", "us-west-2"])
        #expect(calls[0].2["ClientRequestToken"]?.stringValue?.count == 36)
        #expect(calls[2].2["VersionStage"] == .string("AWSPREVIOUS"))
    }

    @Test func statusAndWaitFromAReplicasRegionAskThePrimaryOnceThenPollIt() async throws {
        let primaryAnswers = Counter()
        let fake = FakeTransport { _, region, _ in
            func entry(_ r: String, _ s: String) -> JSONValue { .object([("Region", .string(r)), ("Status", .string(s))]) }
            if region == "eu-west-3" {
                return .object([("Name", .string("S")), ("PrimaryRegion", .string("us-west-2")),
                                ("ReplicationStatus", .array([entry("eu-west-3", "InSync")]))])
            }
            let late = primaryAnswers.next() < 2 ? "InProgress" : "InSync"
            return .object([("Name", .string("S")), ("PrimaryRegion", .string("us-west-2")),
                            ("ReplicationStatus", .array([entry("eu-west-3", "InSync"), entry("ap-south-1", late)]))])
        }
        let r = try await Harness.run("""
        use region eu-west-3
        print (status S)
        wait "arn:aws:secretsmanager:eu-west-3:123456789012:secret:S-AbCdEf" until InSync every 50ms
        """, transport: fake)
        #expect(r.exit == 0, "\(r.stderr)")
        #expect(r.stdout.contains(#""ap-south-1": "InProgress""#))
        let calls = fake.calls
        #expect(calls.allSatisfy { $0.0 == .describeSecret })
        // status: the replica's Region, then the primary; wait: the same, then the primary alone.
        try #require(calls.map(\.1) == ["eu-west-3", "us-west-2", "eu-west-3", "us-west-2", "us-west-2"])
        // The ARN names the replica's Region; the primary is asked by name.
        #expect(calls[3].2["SecretId"] == .string("S"))
        #expect(calls[4].2["SecretId"] == .string("S"))
    }

    @Test func listFollowsEveryPage() async throws {
        let fake = FakeTransport { _, _, body in
            switch body["NextToken"]?.stringValue {
            case nil: return .object([("SecretList", .array([.object([("Name", .string("a"))])])), ("NextToken", .string("t1"))])
            case "t1": return .object([("SecretList", .array([])), ("NextToken", .string("t2"))])
            default: return .object([("SecretList", .array([.object([("Name", .string("b"))])]))])
            }
        }
        let r = try await Harness.run("let l = list\nprint len($l), $l[1].Name", transport: fake)
        #expect(r.stdout == "2 b\n")
        #expect(fake.calls.count == 3)
    }

    @Test func simulateNeedsTheSimulator() async throws {
        let r = try await Harness.run("simulate outage eu-west-3", transport: FakeTransport())
        #expect(r.exit == 1)
        #expect(r.stderr.contains("SimulateUnavailable: 'simulate' works only on the local simulator backend"))
    }
}

/// Counts calls across the transport's threads.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    /// The count before this call.
    func next() -> Int { lock.withLock { defer { count += 1 }; return count } }
}
