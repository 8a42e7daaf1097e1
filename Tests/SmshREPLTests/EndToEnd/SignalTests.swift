import Foundation
import Testing
import TestSupport

/// smsh started as a child with its output on pipes: a script to interrupt once it says it is ready.
final class RunningSmsh: @unchecked Sendable {
    let process = Process()
    private let lock = NSLock()
    private var out = ""
    private var err = ""

    init(_ arguments: [String]) throws {
        process.executableURL = smshBinary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = FileManager.default.temporaryDirectory.path
        process.environment = environment
        let o = Pipe(), e = Pipe()
        process.standardOutput = o
        process.standardError = e
        process.standardInput = FileHandle.nullDevice
        o.fileHandleForReading.readabilityHandler = { [weak self] h in self?.append(h, toStdout: true) }
        e.fileHandleForReading.readabilityHandler = { [weak self] h in self?.append(h, toStdout: false) }
        try process.run()
    }

    private func append(_ handle: FileHandle, toStdout: Bool) {
        let data = handle.availableData
        if data.isEmpty { handle.readabilityHandler = nil; return }
        let text = String(decoding: data, as: UTF8.self)
        lock.withLock { if toStdout { out += text } else { err += text } }
    }

    var stdout: String { lock.withLock { out } }
    var stderr: String { lock.withLock { err } }

    /// Waits for `text` on stdout, however long that takes; fails if smsh ends first.
    func waitForStdout(_ text: String) async throws {
        while !stdout.contains(text) {
            guard process.isRunning else {
                throw Tmux.Failure(description: "smsh ended before printing '\(text)': exit \(process.terminationStatus)\n\(stderr)")
            }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
    }

    func signal(_ sig: Int32) { kill(process.processIdentifier, sig) }

    /// The exit code; a death by signal (the handler never ran) counts as 128 + the signal, as in a shell.
    func exitCode() async throws -> Int32 {
        let p = process
        return try await offThePool {
            p.waitUntilExit()
            return p.terminationReason == .exit ? p.terminationStatus : 128 + p.terminationStatus
        }
    }
}

/// Signals on the real binary (the release build under scripts/test): scripts and the REPL
/// cancel whatever runs on Ctrl-C, SIGTERM and SIGHUP, with the shell's exit codes. Every wait
/// is for an event (a line, a prompt, the process ending); the time limits only catch hangs.
@Suite(.serialized, .timeLimit(.minutes(10))) struct SignalTests {
    static let prompt = "smsh local:us-east-1> "

    /// A signal that ends smsh, and the exit code it ends with.
    struct Ending: Sendable, CustomTestStringConvertible {
        let signal: Int32
        let code: Int32
        var testDescription: String { signal == SIGTERM ? "SIGTERM" : "SIGHUP" }
        static let both = [Ending(signal: SIGTERM, code: 143), Ending(signal: SIGHUP, code: 129)]
    }

    /// Scripts that never reach a command while they run, or wait on something that does not end.
    static let endless: [String] = [
        "while true { }",
        "repeat 1000000000 { }",
        "for i in 1..100000000 { }",
        "while (status X in eu-west-3) != InSync { }",
        "sleep 20s",
        "wait X until InSync",
        "let n = 0\nwhile true { set n = $n + 1 }",
        // Ctrl-C cancels every body of a parallel loop, busy, asleep or waiting.
        "for i in 1..8 parallel 4 { if $i == 1 { while true { } } else { sleep 20s } }",
        "for s in [X, X, X] parallel 3 keep going { wait $s until InSync }",
        "let rs = for i in 1..100000000 parallel 16 { ($i) }",
    ]

    func startScript(_ body: String) throws -> RunningSmsh {
        // X stays InProgress for an hour; "ready" says the script got as far as its loop.
        let script = "create X value v replicate to eu-west-3\nprint \"ready\"\n" + body
        return try RunningSmsh(["--state", ":memory:", "--replication-delay", "1h", "-c", script])
    }

    @Test(arguments: endless) func ctrlCEndsAScriptWith130(body: String) async throws {
        let s = try startScript(body)
        try await s.waitForStdout("ready\n")
        s.signal(SIGINT)
        #expect(try await s.exitCode() == 130, "\(s.stderr)")
        #expect(s.stderr.contains("interrupted"))
    }

    @Test(arguments: Ending.both, ["while true { }", "sleep 20s", "wait X until InSync"])
    func sigtermAndSighupEndAScriptWithTheShellsCode(ending: Ending, body: String) async throws {
        let s = try startScript(body)
        try await s.waitForStdout("ready\n")
        s.signal(ending.signal)
        #expect(try await s.exitCode() == ending.code, "\(s.stderr)")
    }

    /// A SIGTERM while a script writes its state file leaves a file the next run reads.
    @Test func sigtermLeavesTheStateFileConsistent() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smsh-sig-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let state = dir.appendingPathComponent("state.db").path
        let script = "create Kept value v\nprint \"ready\"\nlet i = 0\nwhile true {\nset i = $i + 1\nput Kept value \"v$i\"\n}"
        let s = try RunningSmsh(["--state", state, "-c", script])
        try await s.waitForStdout("ready\n")
        s.signal(SIGTERM)
        #expect(try await s.exitCode() == 143, "\(s.stderr)")
        let after = try await offThePool { try runProcess(smshBinary, ["--state", state, "-c", "print (get Kept)"]) }
        #expect(after.status == 0, "\(after)")
        #expect(after.stdout.contains("\"Name\": \"Kept\""), "\(after)")
        #expect(after.stdout.contains("AWSCURRENT"), "\(after)")
    }

    /// The signal state has one definition in the binary that ships (it was three copies, and the
    /// handler set one that nothing read).
    @Test func theSignalStateIsDefinedOnce() throws {
        let r = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["nm", smshBinary.path])
        #expect(r.status == 0, "\(r)")
        let names = r.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").last.map(String.init) }
        for symbol in ["smsh_signal_pipe", "smsh_interrupted", "smsh_termination", "smsh_resized"] {
            #expect(names.filter { $0 == symbol }.count == 1, "\(symbol) in \(smshBinary.path)")
        }
        #expect(!names.contains("smsh_hangup"))
    }

    // MARK: - The REPL in a terminal

    func start() async throws -> Tmux {
        let t = try Tmux(["--state", ":memory:", "--replication-delay", "1h"])
        try await t.waitFor(Self.prompt, timeout: 120)
        return t
    }

    func run(_ t: Tmux, _ line: String) throws {
        try t.type(line)
        try t.press("Enter")
    }

    func waitForPrompt(_ t: Tmux, number n: Int) async throws {
        try await t.waitFor("prompt \(n)", timeout: 120) { $0.components(separatedBy: Self.prompt).count - 1 >= n }
    }

    /// CPU time (utime + stime, in clock ticks) smsh has used so far.
    func cpuTicks(_ pid: pid_t) throws -> Int {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        // The fields after the command name (which is in parentheses and may hold spaces).
        guard let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // utime and stime are fields 14 and 15 of the line; 12 and 13 after the name.
        return (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0)
    }

    @Test func ctrlCCancelsEveryKindOfCommandAndTheSessionContinuesIdle() async throws {
        let t = try await start()
        defer { t.close() }
        try run(t, "create X value v replicate to eu-west-3")
        try await waitForPrompt(t, number: 2)
        var expected = 2
        for (i, body) in ["sleep 20s", "wait X until InSync", "while true { }", "for i in 1..100000000 { }",
                          "while (status X in eu-west-3) != InSync { }"].enumerated() {
            // The line it prints says the input is running: a Ctrl-C before that would only
            // abandon the line being edited.
            try run(t, "print \"running \(i)\"; \(body)")
            try await t.waitFor("\nrunning \(i)\n", timeout: 120)
            try t.press("C-c")
            expected += 1
            try await waitForPrompt(t, number: expected)
            let screen = try t.screen()
            let interrupted = screen.components(separatedBy: "interrupted").count - 1
            #expect(interrupted == expected - 2, "after \(body): \(screen)")
        }
        try run(t, "print \"still here\"")
        try await t.waitFor("\nstill here\n")

        // Idle at the prompt after all those Ctrl-Cs: smsh uses (almost) no CPU. A process
        // spinning on the signal pipe, as the release build did, used 75-100% of a core; on a
        // machine busy with other work it would still get far more than this bound.
        let pid = try t.smshPid()
        let before = try cpuTicks(pid)
        try await Task.sleep(nanoseconds: 3_000_000_000)
        let used = try cpuTicks(pid) - before
        #expect(used <= 10, "smsh used \(used) ticks of CPU in 3 s at an idle prompt")
        #expect(try t.exitStatus() == nil)
    }

    @Test(arguments: Ending.both)
    func sigtermAndSighupEndTheREPLWithTheShellsCode(ending: Ending) async throws {
        // At the prompt.
        let t = try await start()
        defer { t.close() }
        try run(t, "print \"first\"")
        try await waitForPrompt(t, number: 2)
        try t.signal(ending.signal)
        try await t.waitFor("[terminal: icanon echo ]", timeout: 120)
        #expect(try t.exitStatus() == ending.code)

        // While a command runs: it is cancelled, smsh ends, the history holds every input.
        let u = try await start()
        try run(u, "print \"first\"")
        try await waitForPrompt(u, number: 2)
        try run(u, "print \"go\"; sleep 20s")
        try await u.waitFor("\ngo\n", timeout: 120)
        try u.signal(ending.signal)
        try await u.waitFor("[terminal: icanon echo ]", timeout: 120)
        #expect(try u.exitStatus() == ending.code)
        u.close(keepingHome: true)
        defer { try? FileManager.default.removeItem(at: u.directory) }
        let history = try String(contentsOfFile: u.historyFile, encoding: .utf8)
        #expect(history == "print \"first\"\nprint \"go\"; sleep 20s\n")
    }

    /// Closing the terminal (tmux kills its session: SIGHUP) ends smsh rather than orphaning it.
    @Test func closingTheTerminalEndsSmsh() async throws {
        let t = try await start()
        try run(t, "print \"go\"; sleep 20s")
        try await t.waitFor("\ngo\n", timeout: 120)
        let pid = try t.smshPid()
        t.close(keepingHome: true)
        defer { try? FileManager.default.removeItem(at: t.directory) }
        // The hang bound is far past 20 s: smsh ending before it is its own doing.
        let deadline = Date().addingTimeInterval(120)
        while kill(pid, 0) == 0, Date() < deadline { try await Task.sleep(nanoseconds: 50_000_000) }
        #expect(kill(pid, 0) != 0, "smsh (pid \(pid)) still runs after its terminal closed")
        let history = try String(contentsOfFile: t.historyFile, encoding: .utf8)
        #expect(history == "print \"go\"; sleep 20s\n")
    }
}
