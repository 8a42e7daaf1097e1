import Foundation
import Testing
import TestSupport

/// Teaching in a real terminal: completion that replaces a word, names another smsh adds to the
/// same state file, a secret's replica Regions, and a lesson taken in the REPL.
@Suite(.serialized) struct TeachingEndToEndTests {
    static let prompt = "smsh local:us-east-1> "

    func run(_ t: Tmux, _ line: String) throws {
        try t.type(line)
        try t.press("Enter")
    }

    @Test func completionFindsInsideNamesSeesOtherProcessesAndOffersReplicas() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let state = dir.appendingPathComponent("state.sqlite").path
        let t = try Tmux(["--state", state, "--replication-delay", "0"])
        defer { t.close() }
        try await t.waitFor(Self.prompt)
        try run(t, "create MyTestSecret value v replicate to eu-west-3")
        try await t.waitFor("Replication succeeded")

        // Another smsh on the same file, while this one waits at its prompt.
        let other = try await offThePool {
            try runProcess(smshBinary, ["--state", state, "-c", "create FromElsewhere value x"],
                           environment: ["HOME": dir.path, "PATH": "/usr/bin:/bin"])
        }
        #expect(other.status == 0, "\(other)")

        // Tab waits a moment for the new listing; a busy machine may need a second Tab.
        let deadline = Date().addingTimeInterval(120)
        while true {
            try t.type("describe elsewh")
            try t.press("Tab")
            if (try? await t.waitFor(Self.prompt + "describe FromElsewhere ", timeout: 0.5)) != nil { break }
            guard Date() < deadline else {
                try await t.waitFor(Self.prompt + "describe FromElsewhere ", timeout: 0.1)
                break
            }
            try t.press("C-u")
        }
        try t.press("C-u")
        try t.type("describe test")
        try t.press("Tab")
        try await t.waitFor(Self.prompt + "describe MyTestSecret ")
        try t.press("C-u")
        try t.type("remove MyTestSecret from ")
        try t.press("Tab")
        try await t.waitFor(Self.prompt + "remove MyTestSecret from eu-west-3 ")
        try t.press("Enter")
        try await t.waitFor("ReplicationStatus  []")
    }

    @Test func aLessonInTheREPLThenBackToTheSession() async throws {
        let t = try Tmux(["--state", ":memory:"])
        defer { t.close() }
        try await t.waitFor(Self.prompt)
        try run(t, "learn")
        try await t.waitFor("failover ")
        try run(t, "learn replicate")
        try await t.waitFor("learn replicate 1/5> ")
        try run(t, "help primary")
        try await t.waitFor("primary: the primary secret and its replicas")
        try run(t, "describe Nothing")
        try await t.waitFor("Not yet. Hint: Create a secret named MyTestSecret")
        try run(t, "create MyTestSecret value \"s3cr3t\"")
        try await t.waitFor("learn replicate 2/5> ")
        try run(t, "quit")
        try await t.waitFor("goes on from step 2 of 5")
        // The session's own world does not have the lesson's secret.
        try await t.waitFor(Self.prompt)
        try run(t, "print len(list)")
        try await t.waitFor("print len(list)\n0\n" + Self.prompt)
    }
}
