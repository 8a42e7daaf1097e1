import Foundation
import Testing
import TestSupport

/// One smsh process in a private tmux server (its own socket), driven with send-keys and read
/// with capture-pane: a real pseudo-terminal, so libedit, signals and the prompt behave as for a user.
final class Tmux: @unchecked Sendable {
    let directory: URL
    let socket: String
    let environment: [String: String]

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The smsh under test (the release build under scripts/test).
    static var smsh: String { smshBinary.path }

    /// Starts `smsh ARGUMENTS` with HOME and XDG_STATE_HOME in a fresh temporary directory.
    /// `home`: the directory of an earlier session, to start again with its history.
    /// `lang`: nil starts smsh with no LANG/LC_* at all (the C locale, as in bare CI).
    /// `unsetting`: more variables of this process smsh does not get (`swift test` sets NO_COLOR).
    init(_ arguments: [String], term: String = "xterm-256color", width: Int = 160, height: Int = 50, home: URL? = nil,
         lang: String? = "C.UTF-8", unsetting: [String] = []) throws {
        directory = home ?? FileManager.default.temporaryDirectory.appendingPathComponent("smsh-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        socket = directory.appendingPathComponent("tmux-\(UUID().uuidString.prefix(8)).sock").path
        var environment = ["HOME": directory.path, "XDG_STATE_HOME": directory.appendingPathComponent("state").path, "TERM": term]
        environment["LANG"] = lang
        self.environment = environment
        let env = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let unset = (["LANG", "LC_ALL", "LC_CTYPE"] + unsetting).flatMap { ["-u", $0] }
        // The shell prints smsh's exit status on the screen: tmux's own pane_dead_status was seen
        // to stay empty when the pane's process ended as its terminal closed.
        let smsh = (["env"] + unset + env + [Tmux.smsh] + arguments).map(Tmux.quote).joined(separator: " ")
        // After it, the terminal's modes show whether smsh restored them ("icanon echo").
        let modes = "stty -a | tr ' ;' '\\n\\n' | grep -xE -- '-?(icanon|echo)' | tr '\\n' ' '"
        let command = "\(smsh); echo \"[smsh exited $?]\"; echo \"[terminal: $(\(modes))]\"; sleep 600"
        try tmux(["-f", "/dev/null", "new-session", "-d", "-x", "\(width)", "-y", "\(height)", command,
                  ";", "set-option", "remain-on-exit", "on"])
    }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    var historyFile: String { directory.appendingPathComponent("state/smsh/history").path }

    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        guard let path = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first(where: FileManager.default.isExecutableFile) else {
            throw Failure(description: "tmux is required for the end-to-end REPL tests (scripts/test installs it)")
        }
        // posix_spawn and waitpid rather than Process: the tmux client forks the server, and
        // Process was seen to miss the client's exit. Output goes to a file, not a pipe, because
        // the server keeps the client's descriptors open.
        let outputPath = directory.appendingPathComponent("tmux-\(UUID().uuidString).out").path
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([path, "-S", socket] + args).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        // The test's thread blocks most signals and a spawned process inherits that mask: the
        // tmux server would never see SIGCHLD (a pane that ended looks alive) nor SIGTERM.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        guard posix_spawn(&pid, path, &actions, &attributes, argv, environ) == 0 else {
            throw Failure(description: "cannot start tmux")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let exited = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        guard exited == 0 else { throw Failure(description: "tmux \(args.joined(separator: " ")): \(text)") }
        return text
    }

    /// Types text literally (no key names).
    func type(_ text: String) throws { try tmux(["send-keys", "-l", text]) }

    /// Presses keys by tmux name: Enter, Tab, C-c, C-d, Up.
    func press(_ keys: String...) throws { try tmux(["send-keys"] + keys) }

    /// The visible pane and what scrolled off it (output longer than the pane stays checkable).
    func screen() throws -> String { try tmux(["capture-pane", "-p", "-J", "-S", "-200"]) }

    /// Only what the pane shows now.
    func visibleScreen() throws -> String { try tmux(["capture-pane", "-p"]) }

    /// Waits until the screen satisfies `condition`; the screen on success, a failure with it otherwise.
    /// The default bound only catches a hang: it holds on a machine many times slower than idle.
    @discardableResult
    func waitFor(_ what: String, timeout: Double = 90, _ condition: (String) -> Bool) async throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if condition(last) { return last }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        throw Failure(description: "timed out waiting for \(what); the screen:\n\(last)")
    }

    @discardableResult
    func waitFor(_ text: String, timeout: Double = 90) async throws -> String {
        try await waitFor("'\(text)'", timeout: timeout) { $0.contains(text) }
    }

    /// The screen's lines without trailing blank ones.
    func lines() throws -> [String] {
        var l = try screen().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while l.last?.isEmpty == true { l.removeLast() }
        return l
    }

    /// Exit status once smsh has ended, or nil while it runs.
    func exitStatus() throws -> Int32? {
        let text = try screen()
        guard let r = text.range(of: "[smsh exited ") else { return nil }
        return Int32(text[r.upperBound...].prefix { $0.isNumber })
    }

    /// The screen once smsh has ended and the shell after it has printed the terminal's modes.
    /// The exit line comes first, so waiting for it alone can read the screen before the modes.
    func screenAfterExit() async throws -> String {
        try await waitFor("smsh's exit and the terminal's modes after it") {
            $0.range(of: #"\[terminal: [^\]\n]*\]"#, options: .regularExpression) != nil
        }
    }

    /// smsh's process id (the child of the pane's shell).
    func smshPid() throws -> pid_t {
        let shell = try tmux(["display-message", "-p", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        guard let pid = children.split(separator: " ").first.flatMap({ pid_t($0) }) else {
            throw Failure(description: "smsh is not running under the pane's shell \(shell)")
        }
        return pid
    }

    /// Sends a signal to smsh.
    func signal(_ sig: Int32) throws { kill(try smshPid(), sig) }

    func close(keepingHome: Bool = false) {
        _ = try? tmux(["kill-server"])
        if keepingHome { unlink(socket) } else { try? FileManager.default.removeItem(at: directory) }
    }
}
