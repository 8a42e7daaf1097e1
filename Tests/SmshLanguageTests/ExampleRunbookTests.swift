import TestSupport
import Foundation
import SecretsCore
import SecretsSimulator
import Testing
@testable import SmshLanguage
import SourceText

/// The runbooks in scripts/examples run to the end on the simulator and say what they did.
struct ExampleRunbookTests {
    static let expectations: [(String, [String])] = [
        ("replicate-and-wait", ["eu-west-3: InSync", "ap-southeast-2: InSync", "replicated MyTestSecret to 2 Regions"]),
        ("name-conflict-and-force", ["replication failed as expected: replication of app/db-creds to eu-west-3 failed: Secret with this name already exists in this region (next: retry with force, or remove the other secret in eu-west-3)",
                                     "eu-west-3 is Failed", "after force: eu-west-3 is InSync"]),
        ("promote-for-failover", ["operation: StopReplicationToReplica", "region:    us-west-2",
                                  "payments/api-key is now a standalone secret in us-west-2"]),
        ("rotate-replicated-secret", ["rotated: every replica has the new AWSCURRENT", "rotation failed as expected: WaitTimeout",
                                      "labelled versions after the failure: 3", "recovered: the secret rotated after the failure",
                                      #"rotation rules: {"AutomaticallyAfterDays":30}"#]),
        ("remove-and-clean-up", ["cannot delete yet: InvalidParameterException", "old/service-token is gone (ResourceNotFoundException)"]),
    ]

    @Test(arguments: expectations.map(\.0))
    func runbook(_ name: String) async throws {
        let url = repositoryRoot.appendingPathComponent("scripts/examples/\(name).smsh")
        let text = try String(contentsOf: url, encoding: .utf8)
        let r = try await Harness.run(text, name: "\(name).smsh", path: url.path)
        #expect(r.exit == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        for want in Self.expectations.first(where: { $0.0 == name })?.1 ?? [] {
            #expect(lines.contains(want), "\(name) did not print: \(want)\n\(r.stdout)")
        }
    }

    /// Every example, and the complete runbook of docs/language.md, runs twice in a row on one
    /// state: both runs end with exit 0 and the second leaves the account as the first left it.
    @Test(arguments: expectations.map(\.0) + [Self.completeRunbook])
    func runsTwiceToTheSameState(_ name: String) async throws {
        let text: String, path: String?
        if name == Self.completeRunbook {
            let doc = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/language.md"), encoding: .utf8)
            let section = try #require(doc.components(separatedBy: "## A complete runbook").last)
            text = try #require(DocsExamplesTests.fencedBlocks(section).first)
            path = nil
        } else {
            let url = repositoryRoot.appendingPathComponent("scripts/examples/\(name).smsh")
            (text, path) = (try String(contentsOf: url, encoding: .utf8), url.path)
        }
        let sim = try SimulatorTransport(options: SimulatorOptions(statePath: ":memory:", replicationDelay: 0))
        var states: [String] = []
        for run in 1...2 {
            let capture = Capture()
            let interp = Interpreter(session: Session(), transport: sim, faults: sim, files: SourceFiles(), output: capture.sink)
            let code = await ScriptRunner(interpreter: interp, color: false).run(text: text, displayName: "\(name).smsh", path: path)
            #expect(code == 0, "run \(run) of \(name) ended with \(code):\n\(capture.stderr)")
            states.append(try await Self.state(of: sim))
        }
        #expect(states[0] == states[1], "the second run of \(name) changed the state:\n\(states[0])\n---\n\(states[1])")
    }

    static let completeRunbook = "docs/language.md#a-complete-runbook"

    /// What a runbook leaves in the account, in every Region: each secret's name, description,
    /// tags, rotation settings, primary Region, replicas (Region, key, status) and its current
    /// value. Not ARNs, dates or version ids, which a run makes anew; not the value of a secret
    /// that rotates, since each rotation makes a new random password.
    static func state(of sim: SimulatorTransport) async throws -> String {
        var lines: [String] = []
        for region in Regions.codes {
            let client = SecretsManagerClient(transport: sim, region: region)
            let list = try await client.paginateAll(.listSecrets, body: .object([]))
            for entry in list["SecretList"]?.arrayValue ?? [] {
                guard let name = entry["Name"] else { continue }
                let d = try await client.call(.describeSecret, body: .object([("SecretId", name)]))
                let replicas = (d["ReplicationStatus"]?.arrayValue ?? []).map { r in
                    "\(r["Region"]?.stringValue ?? "?") \(r["KmsKeyId"]?.stringValue ?? "-") \(r["Status"]?.stringValue ?? "?")"
                }.sorted()
                let tags = (d["Tags"]?.arrayValue ?? []).map { "\($0["Key"]?.stringValue ?? "")=\($0["Value"]?.stringValue ?? "")" }.sorted()
                var value = "(rotates)"
                if d["RotationEnabled"] != .bool(true) {
                    value = (try? await client.call(.getSecretValue, body: .object([("SecretId", name)])))?["SecretString"]?.stringValue ?? "(none)"
                }
                lines.append([region, name.stringValue ?? "?", d["Description"]?.stringValue ?? "-", d["PrimaryRegion"]?.stringValue ?? "-",
                              "tags: " + tags.joined(separator: ","), "rotation: \(d["RotationEnabled"]?.compactText() ?? "-") \(d["RotationRules"]?.compactText() ?? "-")",
                              "replicas: " + replicas.joined(separator: ","), "value: " + value].joined(separator: " | "))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// With a replication delay, wait has to poll until the replicas turn InSync. The simulator's
    /// clock moves one second per reading, so the outcome does not depend on the machine's speed.
    @Test func replicateAndWaitPollsThroughInProgress() async throws {
        let url = repositoryRoot.appendingPathComponent("scripts/examples/replicate-and-wait.smsh")
        let capture = Capture()
        let ticks = TickingClock()
        let sim = try SimulatorTransport(options: SimulatorOptions(statePath: ":memory:", replicationDelay: 4,
                                                                   clock: { ticks.next() }))
        let interp = Interpreter(session: Session(), transport: sim, faults: sim, files: SourceFiles(), output: capture.sink)
        let code = await ScriptRunner(interpreter: interp, color: false)
            .run(text: try String(contentsOf: url, encoding: .utf8), displayName: "r.smsh", path: url.path)
        #expect(code == 0, "\(capture.stderr)")
        #expect(capture.stderr.contains("replicate MyTestSecret -> eu-west-3 InProgress, ap-southeast-2 InProgress"))
        #expect(capture.stdout.contains("eu-west-3: InSync"))
    }
}

/// A clock that moves one second each time it is read.
final class TickingClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now = Date(timeIntervalSince1970: 1_800_000_000)

    func next() -> Date {
        lock.withLock {
            now += 1
            return now
        }
    }
}
