import Foundation
import LineEditor
import SecretsCore
import SecretsSimulator
import SmshLanguage
import SourceText
import Testing
import TestSupport
@testable import SmshREPL

/// Completion that knows where a secret is, finds names inside words, and sees names another
/// process adds to the state file.
@Suite struct TeachingCompletionTests {
    static let placed = SecretPlacement(primary: "us-east-1", replicas: ["eu-west-3", "ap-southeast-2"])
    let context = CompletionContext(secretNames: ["MyTestSecret", "Other", "prod/db"],
                                    placement: { $0 == "MyTestSecret" ? TeachingCompletionTests.placed : nil })

    func complete(_ text: String) -> [String] { Completer.complete(text, context: context).candidates }

    @Test func removeAndPromoteOfferTheSecretsReplicaRegions() {
        #expect(complete("remove MyTestSecret from ") == ["ap-southeast-2", "eu-west-3"])
        #expect(complete("remove MyTestSecret from eu-west-3, ") == ["ap-southeast-2"])
        #expect(complete("promote MyTestSecret in ") == ["ap-southeast-2", "eu-west-3"])
        #expect(complete("promote MyTestSecret in a") == ["ap-southeast-2"])
        // Where a secret is not known, every Region.
        #expect(complete("remove Other from ") == Regions.codes.sorted())
    }

    @Test func replicateLeavesOutTheSecretsOwnRegions() {
        let offered = complete("replicate MyTestSecret to ")
        #expect(!offered.contains("us-east-1"))
        #expect(!offered.contains("eu-west-3"))
        #expect(!offered.contains("ap-southeast-2"))
        #expect(offered.contains("eu-west-1"))
        #expect(offered.count == Regions.codes.count - 3)
        #expect(complete("replicate MyTestSecret to eu-west-1, eu-west-") == ["eu-west-2"])
    }

    @Test func aWordInsideANameInAnyCaseFindsIt() {
        #expect(complete("describe test") == ["MyTestSecret"])
        #expect(complete("describe DB") == ["prod/db"])
        // What starts with the word comes first; then only those are offered.
        #expect(complete("describe O") == ["Other"])
        #expect(complete("replicate MyTestSecret to WEST-3") == [])
        #expect(complete("replicate Other to WEST-3") == ["eu-west-3", "us-west-3"].filter(Regions.codes.contains))
    }

    @Test func learnOffersTheLessons() {
        #expect(complete("learn ") == ["cleanup", "conflicts", "failover", "keys", "replicate", "rotation", "versions"])
        #expect(complete("learn fail") == ["failover"])
    }

    @Test func tabReplacesTheWordWithAMatchFoundInsideIt() {
        #expect(TabCompletion.action(for: CompletionResult(word: "test", candidates: ["MyTestSecret"]), columns: 80)
                == .replace(deleting: 4, with: "MyTestSecret "))
        #expect(TabCompletion.action(for: CompletionResult(word: "app", candidates: ["AppOne", "AppTwo"]), columns: 80)
                == .replace(deleting: 3, with: "App"))
        #expect(TabCompletion.action(for: CompletionResult(word: "db", candidates: ["a/db", "b/db"]), columns: 80)
                == .list("a/db  b/db\n"))
    }

    /// The REPL asks the backend where the secret is (DescribeSecret) when Tab needs it.
    @Test func theREPLOffersAReplicasRegionsFromTheBackend() async throws {
        let s = try Session([.line("create MyTestSecret value v replicate to eu-west-3, ap-south-1"),
                             .tab("remove MyTestSecret from "), .tab("promote MyTestSecret in ap"),
                             .line("use region ap-south-1"), .tab("remove MyTestSecret from e")])
        #expect(await s.repl.run() == 0)
        #expect(s.reader.tabs == [.list("ap-south-1  eu-west-3\n"), .insert("-south-1 "), .insert("u-west-3 ")])
    }

    /// A second process on the same state file creates a secret: Tab offers it without a restart.
    @Test func namesAnotherProcessCreatesAppearOnTab() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let state = dir.appendingPathComponent("state.sqlite").path
        let other = try SimulatorTransport(options: SimulatorOptions(statePath: state, replicationDelay: 0))
        let capture = Capture()
        // The other process writes while the REPL waits at its second prompt.
        let reader = ScriptedReader([.line("create Mine value v"), .tab("describe Mi"), .tab("describe Fro")])
        reader.onRead = { count in
            guard count == 2 else { return }
            let done = DispatchSemaphore(value: 0)
            Task.detached {
                _ = try? await SecretsManagerClient(transport: other, region: "us-east-1").call(
                    .createSecret, body: .object([("Name", .string("FromElsewhere")), ("SecretString", .string("x"))]))
                done.signal()
            }
            done.wait()
        }
        let sim = try SimulatorTransport(options: SimulatorOptions(statePath: state, replicationDelay: 0))
        let interpreter = Interpreter(session: SmshLanguage.Session(showResults: true), transport: sim, faults: sim,
                                      files: SourceFiles(), output: capture.sink, environment: [:])
        let repl = REPL(runner: ScriptRunner(interpreter: interpreter, color: false), reader: reader, historyFile: nil,
                        out: capture.sink.out, err: capture.sink.err, interrupts: ManualInterrupts().watch)
        repl.stateFile = state
        #expect(await repl.run() == 0)
        #expect(reader.tabs == [.insert("ne "), .insert("mElsewhere ")], "\(capture.stderr)")
    }
}
