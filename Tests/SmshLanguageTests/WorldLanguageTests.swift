import Foundation
import SecretsCore
import SecretsSimulator
import SourceText
import Testing
import TestSupport
@testable import SmshLanguage

/// The world controls, trace and watch as a script sees them, beyond the golden scripts.
struct WorldLanguageTests {
    @Test func traceAndWatchNeverShowASecretValue() async throws {
        let canary = SecretLeakTests.canary
        let script = """
        use trace on
        create C value "\(canary)" replicate to eu-west-3
        let v = get C
        put C value $v.SecretString
        put C json {password: $v.SecretString}
        let e = explain put C value $v.SecretString
        print $e.boto3
        watch C
        """
        let r = try await Harness.run(script)
        #expect(r.exit == 0, "\(r.stderr)")
        #expect(!(r.stdout + r.stderr).contains(canary), "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("trace: client.put_secret_value(SecretId='C', SecretString='********')"))
        let revealed = try await Harness.run("use reveal on\n" + script)
        #expect(revealed.stderr.contains("SecretString='\(canary)'"))
    }

    /// The REPL's question: a no leaves the world as it was, a yes empties it.
    @Test func resetAsksWhenItCanAndScriptsJustDoIt() async throws {
        let capture = Capture()
        let sim = try SimulatorTransport(options: SimulatorOptions(statePath: ":memory:", replicationDelay: 0))
        let interp = Interpreter(session: Session(), transport: sim, faults: sim, files: SourceFiles(), output: capture.sink)
        let answers = AnswerQueue([false, true])
        interp.confirm = { _ in answers.next() }
        let runner = ScriptRunner(interpreter: interp, color: false)
        #expect(await runner.run(text: "create Kept value \"v\"\nsimulate reset\nprint len(list)", displayName: "a", path: nil) == 0)
        #expect(capture.stdout == "1\n")
        #expect(capture.stderr.contains("simulate reset -> cancelled, nothing changed"))
        #expect(await runner.run(text: "simulate reset\nprint len(list)", displayName: "b", path: nil) == 0)
        #expect(capture.stdout == "1\n0\n")

        let script = try await Harness.run("create Gone value \"v\"\nsimulate reset\nprint len(list)")
        #expect(script.stdout == "0\n")
    }

    @Test func worldControlsNeedTheSimulator() async throws {
        for statement in ["simulate advance 1s", "simulate reset", "snapshot save a", "snapshot list", "use replication-delay 1s"] {
            let r = try await Harness.run(statement, transport: FakeTransport())
            #expect(r.exit == 1)
            #expect(r.stderr.contains("SimulateUnavailable"), "\(statement): \(r.stderr)")
        }
    }

    @Test func watchOnAnyBackendReadsWithListAndDescribe() async throws {
        let fake = FakeTransport { op, _, body in
            switch op {
            case .listSecrets: return .object([("SecretList", .array([.object([("Name", .string("S"))])]))])
            default:
                return .object([("Name", body["SecretId"] ?? .null), ("ReplicationStatus", .array([
                    .object([("Region", .string("eu-west-3")), ("KmsKeyId", .string("alias/aws/secretsmanager")), ("Status", .string("InSync"))]),
                ]))])
            }
        }
        let r = try await Harness.run("use region us-west-2\nwatch", transport: fake)
        #expect(r.exit == 0, "\(r.stderr)")
        #expect(fake.calls.map(\.0) == [.listSecrets, .describeSecret])
        #expect(r.stdout.contains("  eu-west-3  Europe (Paris)    InSync      key alias/aws/secretsmanager"), "\(r.stdout)")
    }
}

final class AnswerQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [Bool]
    init(_ answers: [Bool]) { self.answers = answers }
    func next() -> Bool { lock.withLock { answers.isEmpty ? false : answers.removeFirst() } }
}
