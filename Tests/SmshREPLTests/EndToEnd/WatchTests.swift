import Foundation
import Testing

/// `watch` in a real terminal: it fits the pane's width, lays out again when the pane is
/// resized, and gives the terminal back on `q` and Ctrl-C.
@Suite(.serialized) struct WatchTests {
    static let prompt = "smsh local:us-west-2> "

    /// Waits for the prompt after `marker`: a line typed before the prompt is back is echoed
    /// twice (once as typeahead, once by libedit), which would read as a wrapped line.
    func waitForPrompt(_ t: Tmux, after marker: String) async throws {
        try await t.waitFor("the prompt after '\(marker)'") { screen in
            guard let r = screen.range(of: marker, options: .backwards) else { return false }
            return screen[r.upperBound...].contains(WatchTests.prompt)
        }
    }

    /// A session with one secret replicating (slowly) to two Regions, the watch running.
    func watching(width: Int, height: Int = 30, term: String = "xterm-256color", unsetting: [String] = []) async throws -> Tmux {
        let t = try Tmux(["--state", ":memory:", "--replication-delay", "10m", "--region", "us-west-2"], term: term,
                         width: width, height: height, unsetting: unsetting)
        try await t.waitFor(WatchTests.prompt)
        try t.type("create W value v replicate to eu-west-3, ap-southeast-2")
        try t.press("Enter")
        try await waitForPrompt(t, after: "ap-southeast-2  alias/aws/secretsmanager  InProgress")
        try t.type("watch")
        try t.press("Enter")
        try await t.waitFor("q or Ctrl-C quits")
        return t
    }

    /// The lines of the pane, wrapped lines joined: a line longer than the width wrapped.
    func frame(_ t: Tmux) throws -> [String] {
        try t.tmux(["capture-pane", "-p", "-J"]).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    func row(_ lines: [String], _ region: String) -> String? {
        lines.first { $0.hasPrefix("  \(region) ") }
    }

    @Test func at80ColumnsEveryLineFitsAndTheStatusShows() async throws {
        let t = try await watching(width: 80)
        defer { t.close() }
        let lines = try frame(t)
        for line in lines { #expect(line.count <= 80, "wider than 80 columns: \(line)") }
        let sydney = try #require(row(lines, "ap-southeast-2"))
        #expect(sydney.contains("Asia Pacific (Sydney)"))
        #expect(sydney.contains("InProgress"))
        #expect(sydney.contains("m left") || sydney.contains("s left"))
        // The key comes last and is what a narrow terminal cuts.
        #expect(sydney.hasSuffix("…"))
        #expect(row(lines, "us-west-2")?.contains("US West (Oregon)") == true)
        try t.press("q")
        try await t.waitFor(WatchTests.prompt + "\n") { screen in
            // The alternate screen is gone: the session's lines are back, and a fresh prompt.
            screen.contains("create W value v") && !screen.contains("q or Ctrl-C quits")
        }
        try t.type("exit")
        try t.press("Enter")
        try await t.waitFor("[terminal: icanon echo ]")
        #expect(try t.exitStatus() == 0)
    }

    @Test func at200ColumnsTheWholeRowShows() async throws {
        let t = try await watching(width: 200)
        defer { t.close() }
        let lines = try frame(t)
        let paris = try #require(row(lines, "eu-west-3"))
        #expect(paris.contains("Europe (Paris)"))
        #expect(paris.contains("InProgress"))
        #expect(paris.hasSuffix("key alias/aws/secretsmanager"))
        for line in lines { #expect(line.count <= 200) }
        try t.press("C-c")
        try await t.waitFor("the session back after Ctrl-C") { $0.contains("create W value v") && !$0.contains("q or Ctrl-C quits") }
        try t.type("exit")
        try t.press("Enter")
        try await t.waitFor("[terminal: icanon echo ]")
    }

    @Test func aResizeLaysTheFrameOutAgain() async throws {
        let t = try await watching(width: 200)
        defer { t.close() }
        #expect(try row(frame(t), "eu-west-3")?.hasSuffix("key alias/aws/secretsmanager") == true)
        try t.tmux(["resize-window", "-x", "80", "-y", "30"])
        // Redrawn for 80 columns: the key column is cut, and no line is wider.
        let lines = try await t.waitFor("a frame laid out for 80 columns") { screen in
            screen.split(separator: "\n").contains { $0.hasPrefix("  eu-west-3 ") && $0.hasSuffix("…") }
        }
        for line in lines.split(separator: "\n") { #expect(line.count <= 80, "wider than 80 columns: \(line)") }
        try t.tmux(["resize-window", "-x", "200", "-y", "30"])
        try await t.waitFor("a frame laid out for 200 columns") { screen in
            screen.split(separator: "\n").contains { $0.hasPrefix("  eu-west-3 ") && $0.hasSuffix("key alias/aws/secretsmanager") }
        }
        try t.press("q")
        try await t.waitFor("create W value v") { !$0.contains("q or Ctrl-C quits") }
    }

    @Test func resetAsksFirstInTheREPL() async throws {
        let t = try Tmux(["--state", ":memory:", "--region", "us-west-2"], width: 120)
        defer { t.close() }
        try await t.waitFor(WatchTests.prompt)
        try t.type("create Kept value v")
        try t.press("Enter")
        try await waitForPrompt(t, after: "VersionId")
        try t.type("simulate reset")
        try t.press("Enter")
        try await t.waitFor("snapshots stay)? [y/N] ")
        try t.type("n")
        try t.press("Enter")
        try await t.waitFor("simulate reset -> cancelled, nothing changed")
        try t.type("simulate reset")
        try t.press("Enter")
        try await t.waitFor("simulate reset -> cancelled, nothing changed") { $0.components(separatedBy: "[y/N] ").count == 3 }
        try t.type("y")
        try t.press("Enter")
        try await t.waitFor("simulate reset -> no secrets, no faults, the real clock")
        try t.type("let l = list")
        try t.press("Enter")
        try t.type("print len($l)")
        try t.press("Enter")
        try await t.waitFor("\n0\n")
    }

    /// The case: at 120 columns, four Regions made the progress line wrap, and each redraw
    /// left a copy behind.
    @Test func waitProgressStaysOneLineAt120Columns() async throws {
        let t = try Tmux(["--state", ":memory:", "--replication-delay", "10m", "--region", "us-west-2"], width: 120)
        defer { t.close() }
        try await t.waitFor(WatchTests.prompt)
        try t.type("create LongerSecretName value v replicate to eu-west-3, ap-southeast-2, ap-northeast-1, sa-east-1")
        try t.press("Enter")
        try await waitForPrompt(t, after: "sa-east-1       alias/aws/secretsmanager  InProgress")
        try t.type("wait LongerSecretName until InSync timeout 1m every 100ms")
        try t.press("Enter")
        // Several redraws later (the poll interval grows to 800 ms), still one line. On a busy
        // machine a redraw can skip a second, so any count from 3 s on will do.
        let screen = try await t.waitFor("the progress line at 3s or later") { screen in
            screen.split(separator: "\n").contains { line in
                guard line.contains("waiting for LongerSecretName"), let open = line.lastIndex(of: "("),
                      let seconds = Int(line[line.index(after: open)...].prefix { $0.isNumber }) else { return false }
                return seconds >= 3
            }
        }
        let lines = try frame(t)
        #expect(lines.filter { $0.contains("waiting for LongerSecretName") }.count == 1, "\(screen)")
        for line in lines { #expect(line.count <= 120, "wider than 120 columns: \(line)") }
        try t.press("C-c")
        try await t.waitFor("interrupted")
    }

    /// Colour where the terminal takes it: none on a dumb terminal, none with NO_COLOR (which
    /// `swift test` sets, and smsh inherits unless it is removed).
    @Test(arguments: [("xterm-256color", true), ("dumb", true), ("xterm-256color", false)])
    func statusesAreColouredWhenTheTerminalAllows(term: String, withoutNoColor: Bool) async throws {
        let t = try await watching(width: 120, term: term, unsetting: withoutNoColor ? ["NO_COLOR"] : [])
        defer { t.close() }
        let painted = try t.tmux(["capture-pane", "-p", "-e"])
        let yellowRow = painted.split(separator: "\n").contains { $0.contains("\u{1B}[33m") && $0.contains("eu-west-3") }
        let colour = term != "dumb" && (withoutNoColor || ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
        #expect(yellowRow == colour, "\(painted.debugDescription)")
        try t.press("q")
        try await t.waitFor("the session back") { !$0.contains("q or Ctrl-C quits") }
    }
}
