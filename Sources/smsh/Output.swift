import Foundation

/// Writes to stdout or stderr. Unbuffered on purpose: log lines and printed results must
/// interleave in the order they happened when both streams go to one terminal.
enum Output {
    enum Stream { case standardOutput, standardError }

    static func write(_ text: String, to stream: Stream) {
        let handle = stream == .standardOutput ? FileHandle.standardOutput : FileHandle.standardError
        handle.write(Data(text.utf8))
    }
}
