import TestSupport
import Foundation
import SecretsSimulator
import Testing
@testable import SmshLanguage
import SourceText

/// Cancelling the task that runs a script (what Ctrl-C does) ends it with 130, also in the middle
/// of a `sleep` or a `wait`, and in loops whose body is empty or never reaches a command.
struct InterruptTests {
    @Test(.timeLimit(.minutes(5)), arguments: [
        "print \"start\"\nsleep 30s\nprint \"never\"",
        "print \"start\"\nuse region us-west-2\nuse replication-delay 1h\ncreate W value \"w\" replicate to eu-west-3\nwait W until InSync every 100ms\nprint \"never\"",
        "print \"start\"\nwhile true { }\nprint \"never\"",
        "print \"start\"\nrepeat 1000000000 { }\nprint \"never\"",
        "print \"start\"\nfor i in 1..100000000 { }\nprint \"never\"",
        "print \"start\"\nfor i in 1..100000000 { if false { print \"never\" } }\nprint \"never\"",
        "print \"start\"\nuse region us-west-2\nuse replication-delay 1h\ncreate W value \"w\" replicate to eu-west-3\nwhile (status W in eu-west-3) != InSync { }\nprint \"never\"",
    ])
    func cancellationEndsWith130(_ script: String) async throws {
        // Every script ends only when cancelled; the time limit catches a hang.
        let capture = Capture()
        let sim = try SimulatorTransport(options: SimulatorOptions(statePath: ":memory:", replicationDelay: 0))
        let interp = Interpreter(session: Session(), transport: sim, faults: sim, files: SourceFiles(), output: capture.sink)
        let runner = ScriptRunner(interpreter: interp, color: false)
        let task = Task { await runner.run(text: script, displayName: "i.smsh", path: nil) }
        // Cancel once the script is under way, however long the machine takes to get there.
        while capture.stdout.isEmpty {
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        try await Task.sleep(nanoseconds: 100_000_000)
        task.cancel()
        let code = await task.value
        #expect(code == 130)
        #expect(capture.stdout == "start\n")
        #expect(capture.stderr.hasSuffix("smsh: interrupted\n"))
    }
}
