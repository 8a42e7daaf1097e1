import Foundation
import Testing

/// The smsh binary in a real terminal (tmux): what a user sees and presses.
@Suite(.serialized) struct EndToEndTests {
    static let prompt = "smsh local:us-east-1> "

    func start(_ extra: [String] = [], term: String = "xterm-256color") async throws -> Tmux {
        let t = try Tmux(["--state", ":memory:"] + extra, term: term)
        try await t.waitFor(EndToEndTests.prompt)
        return t
    }

    func run(_ t: Tmux, _ line: String) throws {
        try t.type(line)
        try t.press("Enter")
    }

    /// Tab until the names listed in the background have arrived (a fresh secret needs one listing).
    func tab(_ t: Tmux, typed: String, expect: String) async throws {
        try t.type(typed)
        // Tries until the names come, however long a busy machine takes; the bound catches a hang.
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            try t.press("Tab")
            if (try? await t.waitFor(expect, timeout: 0.3)) != nil { return }
            try t.press("C-u")
            try t.type(typed)
        }
        try await t.waitFor(expect, timeout: 0.1)
    }

    @Test func promptFollowsUseAndCtrlDExits() async throws {
        let t = try await start()
        defer { t.close() }
        try run(t, "use region eu-west-3")
        try await t.waitFor("smsh local:eu-west-3> ")
        try t.press("C-d")
        try await t.waitFor("[terminal: icanon echo ]")
        #expect(try t.exitStatus() == 0)
    }

    @Test func exitAndSIGTERMRestoreTheTerminal() async throws {
        let t = try await start()
        defer { t.close() }
        try run(t, "exit 4")
        try await t.waitFor("[terminal: icanon echo ]")
        #expect(try t.exitStatus() == 4)

        let u = try await start(["--replication-delay", "60s"])
        defer { u.close() }
        try u.type("describe")
        try u.signal(SIGTERM)
        try await u.waitFor("[terminal: icanon echo ]")
        #expect(try u.exitStatus() == 143)

        let w = try await start(["--replication-delay", "60s"])
        defer { w.close() }
        try run(w, "create S value v replicate to eu-west-3")
        try await w.waitFor("InProgress")
        try run(w, "wait S until InSync every 100ms")
        try await w.waitFor("waiting for S until InSync")
        try w.signal(SIGTERM)
        try await w.waitFor("[terminal: icanon echo ]")
        #expect(try w.exitStatus() == 143)
    }

    @Test func completesSecretNamesAndRegions() async throws {
        let t = try await start(["--replication-delay", "60s"])
        defer { t.close() }
        try run(t, "create MyTestSecret value v")
        try await t.waitFor("VersionId")
        try await tab(t, typed: "describe MyT", expect: "describe MyTestSecret ")
        try t.press("C-u")
        try t.type("replicate MyTestSecret to eu-west-")
        try t.press("Tab")
        try await t.waitFor("eu-west-1  eu-west-2  eu-west-3")
        try t.type("3")
        try t.press("Enter")
        try await t.waitFor("  eu-west-3  alias/aws/secretsmanager  InProgress")
        try await t.waitFor("ReplicationStatus:")
    }

    @Test func multiLineBlockShowsTheContinuationPrompt() async throws {
        let t = try await start()
        defer { t.close() }
        try run(t, "for r in [eu-west-1, eu-west-2] {")
        try await t.waitFor("...> ")
        try run(t, "print \"r=$r\"")
        // Type ahead of the prompt and the terminal echoes the keys before smsh draws it.
        try await t.waitFor("a second continuation prompt") { $0.components(separatedBy: "...> ").count == 3 }
        try run(t, "}")
        let expected = "...> print \"r=$r\"\n...> }\nr=eu-west-1\nr=eu-west-2\n" + EndToEndTests.prompt.trimmingCharacters(in: .whitespaces)
        try await t.waitFor(expected)
    }

    @Test func ctrlCClearsTheLineAndCancelsAWait() async throws {
        let t = try await start(["--replication-delay", "60s"])
        defer { t.close() }
        try t.type("print \"typed")
        try t.press("C-c")
        try await t.waitFor("^C")
        try run(t, "create S value v replicate to eu-west-3")
        try await t.waitFor("InProgress")
        try run(t, "wait S until InSync every 100ms")
        try await t.waitFor("waiting for S until InSync")
        try t.press("C-c")
        try await t.waitFor("interrupted")
        try run(t, "print \"still here\"")
        try await t.waitFor("\nstill here\n")
        #expect(try t.exitStatus() == nil)
    }

    @Test func historyIsRedactedOnDiskAndRecalledWithUp() async throws {
        let t = try await start()
        try run(t, "create S value \"hunter2\" description \"d\"")
        try await t.waitFor("VersionId")
        try run(t, "put S json {password: \"pw123\"}")
        // Ctrl-D once the prompt is back: typed while the command ran, the cooked terminal would
        // take it as its own end-of-file mark (libedit then reads a NUL, not Ctrl-D).
        try await t.waitFor("VersionStages  [\"AWSCURRENT\"]\n" + EndToEndTests.prompt)
        try t.press("C-d")
        try await t.waitFor("smsh has exited") { _ in (try? t.exitStatus()) != nil }
        t.close(keepingHome: true)
        let text = try String(contentsOfFile: t.historyFile, encoding: .utf8)
        #expect(text == "create S value ******** description \"d\"\nput S json ********\n")
        let mode = try FileManager.default.attributesOfItem(atPath: t.historyFile)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)

        // A new session in the same home recalls the redacted entries, newest first.
        let again = try Tmux(["--state", ":memory:"], home: t.directory)
        defer { again.close() }
        try await again.waitFor(EndToEndTests.prompt)
        try again.press("Up")
        try await again.waitFor(EndToEndTests.prompt + "put S json ********")
        try again.press("Up")
        try await again.waitFor(EndToEndTests.prompt + "create S value ******** description \"d\"")
    }

    @Test func upAndCtrlRRecallEarlierInputs() async throws {
        let t = try await start()
        defer { t.close() }
        try run(t, "print \"first\"")
        try await t.waitFor("\nfirst\n")
        try run(t, "print \"second\"")
        try await t.waitFor("\nsecond\n")
        try await t.waitFor("\nsecond\n" + EndToEndTests.prompt.trimmingCharacters(in: .whitespaces))
        // Ctrl-R searches back from the newest entry; Enter runs what it found.
        try t.press("C-r")
        try t.type("fir")
        try t.press("Enter")
        try await t.waitFor("first run again") { $0.components(separatedBy: "\nfirst\n").count == 3 }
        try t.press("Up", "Up", "Up")
        try await t.waitFor(EndToEndTests.prompt + "print \"second\"")
    }

    @Test func helpListsEveryCommandAndExplainsOne() async throws {
        let t = try await start()
        defer { t.close() }
        try run(t, "help")
        let screen = try await t.waitFor("help TOPIC shows")
        for command in ["create", "replicate", "remove", "promote", "describe", "status", "wait", "get", "put", "update",
                        "delete", "restore", "list", "explain", "skeleton", "simulate"] {
            #expect(screen.contains("\n  \(command) "), "\(command)")
        }
        try run(t, "help promote")
        try await t.waitFor("API:     StopReplicationToReplica")
        try await t.waitFor("example: promote MyTestSecret in ap-southeast-2")
        try run(t, "clear")
        try await t.waitFor("a cleared screen") { _ in
            (try? t.visibleScreen().trimmingCharacters(in: .whitespacesAndNewlines)) == "smsh local:us-east-1>"
        }
    }

    @Test func aResizedWindowKeepsEditing() async throws {
        let t = try await start()
        defer { t.close() }
        try t.type("print \"one long line that wraps once the window is narrow\"")
        try t.tmux(["resize-window", "-x", "30", "-y", "20"])
        try t.type(" + \"!\"")
        try t.press("Enter")
        // The prompt back before the next resize: on a busy machine a resize that lands while
        // the output and the prompt are still being drawn left "42" over the prompt's start.
        try await t.waitFor("\none long line that wraps once the window is narrow!\n" + EndToEndTests.prompt)
        try t.tmux(["resize-window", "-x", "120", "-y", "20"])
        try run(t, "print 6 * 7")
        try await t.waitFor("\n42\n")
    }

    @Test func errorsShowACaretUnderTheInput() async throws {
        let t = try await start()
        defer { t.close() }
        try run(t, "replicate Nope to eu-west-3")
        try await t.waitFor("ResourceNotFoundException: Secrets Manager can't find the specified secret.\n"
                            + "replicate Nope to eu-west-3\n^~~~~~~~~\n" + EndToEndTests.prompt.trimmingCharacters(in: .whitespaces))
        try run(t, "use region eu-west-33")
        try await t.waitFor("did you mean 'eu-west-3'?\nuse region eu-west-33\n           ^~~~~~~~~~")
        try run(t, "print \"went on\"")
        try await t.waitFor("\nwent on\n")
    }

    @Test func nonASCIIInputInTheCLocale() async throws {
        let t = try Tmux(["--state", ":memory:"], lang: nil)
        defer { t.close() }
        try await t.waitFor(EndToEndTests.prompt)
        try run(t, "print \"café ✓\"")
        try await t.waitFor("\ncafé ✓\n")
    }

    @Test func dumbTerminalGetsAPlainPrompt() async throws {
        let t = try await start(term: "dumb")
        defer { t.close() }
        try run(t, "print 1 + 1")
        try await t.waitFor("\n2\n" + EndToEndTests.prompt)
        try t.press("C-d")
        try await t.waitFor("smsh has exited") { _ in (try? t.exitStatus()) != nil }
    }
}
