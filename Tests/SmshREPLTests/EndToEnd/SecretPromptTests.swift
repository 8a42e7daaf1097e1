import Foundation
import Testing

/// `use reveal on` shows in the prompt, and `value prompt` takes a secret that is neither echoed
/// nor kept in the history (a real terminal, through tmux).
@Suite(.serialized) struct SecretPromptTests {
    static let canary = "CANARY-98765"
    static let prompt = "smsh local:us-east-1> "

    @Test func revealShowsInThePrompt() async throws {
        let t = try Tmux(["--state", ":memory:"])
        defer { t.close() }
        try await t.waitFor(Self.prompt)
        try t.type("use reveal on")
        try t.press("Enter")
        try await t.waitFor("smsh local:us-east-1 reveal> ")
        try t.type("use reveal off")
        try t.press("Enter")
        _ = try await t.waitFor("the plain prompt again") { screen in
            screen.split(separator: "\n").last.map { $0.hasPrefix(Self.prompt) } ?? false
        }
    }

    @Test func valuePromptIsNotEchoedNorKept() async throws {
        let t = try Tmux(["--state", ":memory:"])
        try await t.waitFor(Self.prompt)
        try t.type("create X value prompt")
        try t.press("Enter")
        try await t.waitFor("secret value (not shown): ")
        try t.type(Self.canary)
        try t.press("Enter")
        // The command ran with the typed value: it is the secret's value.
        // Spelled in two parts, so the screen never holds the value itself.
        try t.type("assert (get X).SecretString == \"CANARY-\" + \"98765\"; print \"same value\"")
        try t.press("Enter")
        try await t.waitFor("same value")
        // Ctrl-C at the secret prompt cancels the command and restores echo.
        try t.type("put X value prompt")
        try t.press("Enter")
        _ = try await t.waitFor("a second secret prompt") { $0.components(separatedBy: "secret value (not shown): ").count == 3 }
        try t.press("C-c")
        try await t.waitFor("interrupted")
        try t.type("print \"echo is back\"")
        try await t.waitFor("print \"echo is back\"")
        try t.press("Enter")
        // Ctrl-D at the next prompt, not typed ahead of it.
        _ = try await t.waitFor("the prompt after the output") { screen in
            guard let r = screen.range(of: "\necho is back\n") else { return false }
            return screen[r.upperBound...].hasPrefix(Self.prompt)
        }
        try t.press("C-d")
        let screen = try await t.screenAfterExit()
        #expect(!screen.contains(Self.canary), "the typed value was echoed:\n\(screen)")
        #expect(screen.contains("[terminal: icanon echo ]"), "\(screen)")
        t.close(keepingHome: true)
        defer { try? FileManager.default.removeItem(at: t.directory) }
        let history = try String(contentsOfFile: t.historyFile, encoding: .utf8)
        #expect(!history.contains(Self.canary), "\(history)")
        #expect(history.contains("create X value prompt"), "\(history)")
    }
}
