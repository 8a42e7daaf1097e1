import CLibEdit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The only file that calls libedit: the shim's static state (the signal pipe and flags) exists
// once per object file, so every use of it has to live here.

/// Signal handling shared by every reader: SIGINT, SIGHUP, SIGTERM and SIGWINCH set a flag and
/// write to a self-pipe, so a blocked read, poll or dispatch source wakes up.
public enum TerminalSignals {
    public enum Wait { case readable, interrupted, hangup }

    /// Installs the handlers (once); also sets a UTF-8 capable locale for libedit.
    public static func install() {
        _ = pipeDescriptor
    }

    public static let pipeDescriptor: Int32 = {
        smsh_setlocale()
        return smsh_install_signals()
    }()

    /// Forgets a Ctrl-C typed while nothing was reading (it already cancelled what it could).
    public static func prepareForRead() {
        install()
        drain()
        _ = smsh_take_interrupt()
    }

    public static func drain() { smsh_drain_signal_pipe() }
    public static func takeInterrupt() -> Bool { smsh_take_interrupt() != 0 }
    public static var hangupPending: Bool { smsh_hangup_pending() != 0 }
    public static func columns(of fd: Int32) -> Int { Int(smsh_terminal_columns(fd)) }

    /// Blocks until `fd` is readable or a signal arrives.
    static func waitForInput(fd: Int32) -> Wait {
        while true {
            if hangupPending { return .hangup }
            if takeInterrupt() { return .interrupted }
            var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: pipeDescriptor, events: Int16(POLLIN), revents: 0)]
            let r = poll(&fds, pipeDescriptor >= 0 ? 2 : 1, -1)
            if r < 0 { continue }
            if pipeDescriptor >= 0, fds[1].revents & Int16(POLLIN) != 0 {
                drain()
                continue
            }
            if fds[0].revents != 0 { return .readable }
        }
    }
}

/// libedit on a terminal: emacs key bindings, history with Up/Down and Ctrl-R, Tab completion
/// through a `TabHandler`, window resizes, and Ctrl-C that abandons the line.
public final class EditLineReader: LineReader, @unchecked Sendable {
    private let el: OpaquePointer
    private let history: OpaquePointer
    private let outputFD: Int32
    private var prompt: UnsafeMutablePointer<CChar>?
    private var onTab: TabHandler?
    private var closed = false

    /// `outputToStderr`: draw the prompt and the line on stderr (stdout is a pipe).
    public init?(programName: String, outputToStderr: Bool, historySize: Int) {
        TerminalSignals.install()
        guard let h = smsh_history_init(Int32(historySize)) else { return nil }
        guard let e = smsh_el_init(programName, outputToStderr ? 1 : 0) else {
            history_end(h)
            return nil
        }
        el = e
        history = h
        outputFD = outputToStderr ? 2 : 1
        let promptFunction: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>? = { el in
            guard let el, let me = EditLineReader.owner(of: el) else { return nil }
            return me.prompt
        }
        let completeFunction: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { el, _ in
            guard let el, let me = EditLineReader.owner(of: el) else { return UInt8(CC_ERROR) }
            return me.complete()
        }
        smsh_el_setup(e, h, Unmanaged.passUnretained(self).toOpaque(), promptFunction, completeFunction)
    }

    deinit { close() }

    private static func owner(of el: OpaquePointer) -> EditLineReader? {
        guard let p = smsh_el_client(el) else { return nil }
        return Unmanaged<EditLineReader>.fromOpaque(p).takeUnretainedValue()
    }

    public func readLine(prompt text: String, onTab: TabHandler?) -> ReadResult {
        guard !closed else { return .endOfInput }
        free(prompt)
        prompt = strdup(text)
        self.onTab = onTab
        TerminalSignals.prepareForRead()
        smsh_el_raw_mode(el)
        var count: Int32 = 0
        guard let line = el_gets(el, &count), count > 0 else {
            if TerminalSignals.takeInterrupt() {
                writeAll(outputFD, "^C\n")
                return .interrupted
            }
            writeAll(outputFD, "\n")
            return .endOfInput
        }
        var s = String(cString: line)
        if s.hasSuffix("\n") { s.removeLast() }
        return .line(s)
    }

    /// Tab: asks the handler what to do with the text before the cursor.
    private func complete() -> UInt8 {
        guard let onTab, let info = el_line(el) else { return UInt8(CC_REFRESH_BEEP) }
        let start = UnsafeRawPointer(info.pointee.buffer)
        let cursor = UnsafeRawPointer(info.pointee.cursor)
        guard let start, let cursor else { return UInt8(CC_REFRESH_BEEP) }
        let before = String(decoding: UnsafeRawBufferPointer(start: start, count: cursor - start), as: UTF8.self)
        switch onTab(before, TerminalSignals.columns(of: outputFD)) {
        case .insert(let text):
            return el_insertstr(el, text) == 0 ? UInt8(CC_REFRESH) : UInt8(CC_REFRESH_BEEP)
        case .list(let text):
            smsh_el_print(el, "\n" + text)
            return UInt8(CC_REDISPLAY)
        case .none:
            return UInt8(CC_REFRESH_BEEP)
        }
    }

    public func addHistory(_ entry: String) {
        smsh_history_enter(history, entry)
    }

    public func clearScreen() {
        writeAll(outputFD, "\u{1B}[H\u{1B}[2J")
    }

    public func close() {
        guard !closed else { return }
        closed = true
        el_end(el)
        history_end(history)
        free(prompt)
        prompt = nil
    }
}
