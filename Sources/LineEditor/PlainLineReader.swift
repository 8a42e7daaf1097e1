#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads lines from stdin without editing: for pipes (no prompt) and TERM=dumb terminals (a plain
/// prompt, the terminal's own line discipline). Ctrl-C ends the read as `.interrupted`.
public final class PlainLineReader: LineReader, @unchecked Sendable {
    private let showPrompt: Bool
    private let input: Int32
    private var buffer: [UInt8] = []
    private var atEnd = false

    public init(showPrompt: Bool, input: Int32 = 0) {
        self.showPrompt = showPrompt
        self.input = input
    }

    public func readLine(prompt: String, onTab: TabHandler?) -> ReadResult {
        TerminalSignals.prepareForRead()
        if showPrompt { writeAll(2, prompt) }
        while true {
            if let nl = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<nl], as: UTF8.self)
                buffer.removeSubrange(...nl)
                return .line(line)
            }
            if atEnd {
                if buffer.isEmpty { return .endOfInput }
                let line = String(decoding: buffer, as: UTF8.self)
                buffer.removeAll()
                return .line(line)
            }
            switch TerminalSignals.waitForInput(fd: input) {
            case .interrupted:
                buffer.removeAll()
                // The terminal has echoed ^C itself (ECHOCTL); only the new line is ours.
                if showPrompt { writeAll(2, "\n") }
                return .interrupted
            case .terminated:
                return .endOfInput
            case .readable:
                var chunk = [UInt8](repeating: 0, count: 4096)
                let n = read(input, &chunk, chunk.count)
                if n > 0 {
                    buffer += chunk[..<n]
                } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                    atEnd = true
                }
            }
        }
    }

    public func addHistory(_ entry: String) {}

    public func clearScreen() {}

    public func close() {}
}

func writeAll(_ fd: Int32, _ text: String) {
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let n = bytes[offset...].withUnsafeBytes { chunk in write(fd, chunk.baseAddress, chunk.count) }
        if n < 0, errno == EINTR { continue }
        if n <= 0 { return }
        offset += n
    }
}
