import Foundation
import Testing
@testable import SmshLanguage

/// Cancelling the task that runs a script (what Ctrl-C does) ends it with 130, also in the middle
/// of a `sleep` or a `wait`.
struct InterruptTests {
    @Test(arguments: [
        "print \"start\"\nsleep 30s\nprint \"never\"",
        "print \"start\"\nuse region us-west-2\nsimulate outage eu-west-3\ncreate W value \"w\" replicate to eu-west-3\nwait W until InSync every 100ms\nprint \"never\"",
    ])
    func cancellationEndsWith130(_ script: String) async throws {
        let task = Task { try await Harness.run(script) }
        try await Task.sleep(nanoseconds: 300_000_000)
        task.cancel()
        let r = try await task.value
        #expect(r.exit == 130)
        #expect(r.stdout == "start\n")
        #expect(r.stderr.hasSuffix("smsh: interrupted\n"))
    }
}
