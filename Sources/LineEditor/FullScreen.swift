import CTerminalSignals
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A full-screen view on the terminal (`watch`): the alternate screen, no cursor, keys read one
/// at a time without echo. Ctrl-C still raises SIGINT (ISIG stays on), so the one signal path
/// cancels the view as it cancels any command. Everything is restored on `leave`.
public final class FullScreen: @unchecked Sendable {
    private let input: Int32
    private let output: Int32
    private var saved = termios()
    private var rawInput = false

    public init(input: Int32 = 0, output: Int32 = 1) {
        self.input = input
        self.output = output
    }

    /// Whether both ends are terminals, so a full screen makes sense.
    public static func available(input: Int32 = 0, output: Int32 = 1) -> Bool {
        isatty(input) == 1 && isatty(output) == 1
    }

    /// Columns and rows of a terminal, or nil when `fd` is not one.
    public static func size(of fd: Int32) -> (columns: Int, rows: Int)? {
        var w = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &w) == 0, w.ws_col > 0 else { return nil }
        return (Int(w.ws_col), Int(w.ws_row))
    }

    /// Colour unless NO_COLOR is set or TERM is unset or "dumb".
    public static func colorAllowed(environment: [String: String]) -> Bool {
        guard environment["NO_COLOR"] == nil, let term = environment["TERM"], !term.isEmpty, term != "dumb" else { return false }
        return true
    }

    public var size: (columns: Int, rows: Int) { FullScreen.size(of: output) ?? (80, 24) }

    public func enter() {
        TerminalSignals.install()
        _ = smsh_take_resize()
        if tcgetattr(input, &saved) == 0 {
            var raw = saved
            raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
            _ = tcsetattr(input, TCSANOW, &raw)
            rawInput = true
        }
        write("\u{1B}[?1049h\u{1B}[?25l\u{1B}[H\u{1B}[2J")
    }

    public func leave() {
        write("\u{1B}[?25h\u{1B}[?1049l")
        if rawInput { _ = tcsetattr(input, TCSANOW, &saved) }
        rawInput = false
    }

    /// Whether SIGWINCH came since the last call.
    public func resized() -> Bool { smsh_take_resize() != 0 }

    /// Reads whatever keys are waiting, without blocking; true if one was `q` or `Q`.
    public func quitTyped() -> Bool {
        var quit = false
        while true {
            var fds = [pollfd(fd: input, events: Int16(POLLIN), revents: 0)]
            guard poll(&fds, 1, 0) > 0, fds[0].revents & Int16(POLLIN) != 0 else { return quit }
            var byte: UInt8 = 0
            let n = read(input, &byte, 1)
            // End of input (or an error) ends the view too: nobody is left to type `q`.
            if n <= 0 { return n == 0 || (errno != EINTR && errno != EAGAIN) ? true : quit }
            if byte == UInt8(ascii: "q") || byte == UInt8(ascii: "Q") { quit = true }
        }
    }

    /// Draws a whole frame: home, each line cleared to its end, the rest of the screen cleared.
    public func draw(_ lines: [String]) {
        var frame = "\u{1B}[H"
        for (i, line) in lines.enumerated() {
            frame += line + "\u{1B}[K"
            if i < lines.count - 1 { frame += "\r\n" }
        }
        frame += "\u{1B}[J"
        write(frame)
    }

    private func write(_ s: String) { writeAll(output, s) }
}
