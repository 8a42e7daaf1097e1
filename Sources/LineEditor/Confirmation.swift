#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A yes/no question on the terminal (`simulate reset` in the REPL): the answer is echoed as
/// typed; only `y` or `yes` (any case) says yes.
public enum Confirmation {
    /// nil when the input ended or the command was cancelled (Ctrl-C) while waiting.
    public static func ask(_ question: String, input: Int32 = 0, isCancelled: () -> Bool) -> Bool? {
        writeAll(2, question)
        var bytes: [UInt8] = []
        while true {
            if isCancelled() { return nil }
            var fds = [pollfd(fd: input, events: Int16(POLLIN), revents: 0)]
            // A bounded wait, so a cancellation is seen within a tenth of a second.
            if poll(&fds, 1, 100) <= 0 { continue }
            var byte: UInt8 = 0
            let n = read(input, &byte, 1)
            if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            if n <= 0 { return nil }
            if byte == 0x0A { break }
            bytes.append(byte)
        }
        let answer = String(decoding: bytes.filter { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }, as: UTF8.self).lowercased()
        return answer == "y" || answer == "yes"
    }
}
