import Foundation
import Testing

/// Every way a secret value can be typed at the prompt -- smsh commands, json values, explain,
/// aws CLI lines (also continued over two lines), failing and mistyped lines -- and the history
/// file written at exit never holds the value, and stays private (0600, in a 0700 folder).
@Suite(.serialized) struct HistoryCanaryTests {
    static let canary = "CANARYhist5d2e"
    static let prompt = "smsh local:us-east-1> "

    @Test func noTypedValueReachesTheHistoryFile() async throws {
        let c = Self.canary
        let lines = [
            "create H value \"\(c)\" description \"d\"",
            "put H value \(c)x",
            "put H json {password: \"\(c)\"}",
            "create J json {user: \"u\", password: \"\(c)\"}",
            "explain put H value \"\(c)\"",
            "aws secretsmanager put-secret-value --secret-id H --secret-string \(c)",
            "aws secretsmanager create-secret --name K --secret-string '{\"password\":\"\(c)\"}'",
            "aws secretsmanager put-secret-value --secret-id Missing --secret-string \(c)",
            "create H value \"\(c)\"",
            "put H value \"\(c)\" nonsense",
        ]
        let t = try Tmux(["--state", ":memory:"])
        try await t.waitFor(Self.prompt)
        for (i, line) in lines.enumerated() {
            try t.type(line)
            try t.press("Enter")
            // One prompt per line entered: the next line is typed once this one has finished.
            _ = try await t.waitFor("prompt \(i + 2)") { screen in
                screen.components(separatedBy: Self.prompt).count - 1 >= i + 2
            }
        }
        // An aws line continued with a backslash is one history entry.
        try t.type("aws secretsmanager put-secret-value --secret-id H \\")
        try t.press("Enter")
        try await t.waitFor("...> ")
        // A leading space: tmux would take a leading "--" as the end of its own options.
        try t.type("  --secret-string \(c)y")
        try t.press("Enter")
        _ = try await t.waitFor("prompt after the continued line") { screen in
            screen.components(separatedBy: Self.prompt).count - 1 >= lines.count + 2
        }
        try t.press("C-d")
        _ = try await t.waitFor("smsh has exited") { _ in (try? t.exitStatus()) != nil }
        t.close(keepingHome: true)
        defer { try? FileManager.default.removeItem(at: t.directory) }

        let history = try String(contentsOfFile: t.historyFile, encoding: .utf8)
        #expect(!history.contains(c), "the history holds the value:\n\(history)")
        // Every line was kept (redacted), so the check above looked at all of them.
        #expect(history.split(separator: "\n").count >= lines.count, "\(history)")
        #expect(history.contains("create H value ********"), "\(history)")
        let file = try FileManager.default.attributesOfItem(atPath: t.historyFile)[.posixPermissions] as? NSNumber
        #expect(file?.intValue == 0o600)
        let folder = URL(fileURLWithPath: t.historyFile).deletingLastPathComponent().path
        let dir = try FileManager.default.attributesOfItem(atPath: folder)[.posixPermissions] as? NSNumber
        #expect(dir?.intValue == 0o700)
    }
}
