#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a secret the user types (`create X value prompt`): never echoed, never in history.
/// On a terminal the prompt goes to stderr and echo is off until the line ends; otherwise one
/// line is read from the input as it comes (`printf 'pw\n' | ...`), without a prompt. Bytes are
/// read one at a time so nothing after the line is taken from whoever reads next.
public enum SecretInput {
    /// `isCancelled` is polled while waiting (Ctrl-C cancels the command that asked); the terminal
    /// is restored on every way out.
    public static func readLine(prompt: String, input: Int32 = 0, isCancelled: () -> Bool) -> ReadResult {
        var saved = termios()
        let terminal = isatty(input) == 1 && tcgetattr(input, &saved) == 0
        if terminal {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            _ = tcsetattr(input, TCSANOW, &quiet)
            writeAll(2, prompt)
        }
        defer {
            if terminal {
                _ = tcsetattr(input, TCSANOW, &saved)
                // The Enter the user typed was not echoed either.
                writeAll(2, "\n")
            }
        }
        var bytes: [UInt8] = []
        while true {
            if isCancelled() { return .interrupted }
            var fds = [pollfd(fd: input, events: Int16(POLLIN), revents: 0)]
            // A bounded wait, so a cancellation is seen within a tenth of a second.
            let ready = poll(&fds, 1, 100)
            if ready <= 0 { continue }
            var byte: UInt8 = 0
            let n = read(input, &byte, 1)
            if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            if n <= 0 { return bytes.isEmpty ? .endOfInput : .line(String(decoding: bytes, as: UTF8.self)) }
            if byte == 0x0A { break }
            bytes.append(byte)
        }
        if bytes.last == 0x0D { bytes.removeLast() }
        return .line(String(decoding: bytes, as: UTF8.self))
    }
}
