import CLibEdit
import CTerminalSignals
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        smsh_setlocale()
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
        smsh_el_setup(e, h, Unmanaged.passUnretained(self).toOpaque(), promptFunction, completeFunction, smsh_getc)
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
        switch onTab(before, Int(smsh_terminal_columns(outputFD))) {
        case .insert(let text):
            return el_insertstr(el, text) == 0 ? UInt8(CC_REFRESH) : UInt8(CC_REFRESH_BEEP)
        case .replace(let count, let text):
            el_deletestr(el, Int32(count))
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
