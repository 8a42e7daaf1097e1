/// Where something is in a source file: the file (an index into the session's `SourceFiles`),
/// the 1-based line and column of its first byte, and its length in bytes on that line.
/// Kept small and flat because every token and node carries one.
public struct SourceRange: Sendable, Hashable {
    public var file: Int32
    public var line: Int32
    public var column: Int32
    public var length: Int32

    public init(file: Int, line: Int, column: Int, length: Int) {
        self.file = Int32(truncatingIfNeeded: file)
        self.line = Int32(truncatingIfNeeded: line)
        self.column = Int32(truncatingIfNeeded: column)
        self.length = Int32(truncatingIfNeeded: max(length, 1))
    }

    public static let unknown = SourceRange(file: -1, line: 0, column: 0, length: 1)

    /// From the start of `self` to the end of `other` when both are on one line; else `self`.
    public func through(_ other: SourceRange) -> SourceRange {
        guard other.file == file, other.line == line, other.column >= column else { return self }
        var r = self
        r.length = other.column + other.length - column
        return r
    }
}

/// The text of every file a session has read, so that a range can be shown with its source line.
public final class SourceFiles: @unchecked Sendable {
    public struct File: Sendable {
        public let path: String
        public let bytes: [UInt8]
    }
    // Guarded by `lock`: the REPL and `source` add files while diagnostics may be rendered.
    private var files: [File] = []
    private let lock = NSLockLite()

    public init() {}

    public func add(path: String, text: String) -> Int {
        lock.withLock {
            files.append(File(path: path, bytes: Array(text.utf8)))
            return files.count - 1
        }
    }

    public func file(_ id: Int32) -> File? {
        lock.withLock { id >= 0 && Int(id) < files.count ? files[Int(id)] : nil }
    }

    public func path(_ id: Int32) -> String { file(id)?.path ?? "<unknown>" }

    /// The text of one line (1-based), without its newline.
    public func line(_ number: Int32, in id: Int32) -> String? {
        guard let f = file(id), number >= 1 else { return nil }
        var current: Int32 = 1
        var start = 0
        let b = f.bytes
        var i = 0
        while i < b.count, current < number {
            if b[i] == 0x0A { current += 1; start = i + 1 }
            i += 1
        }
        guard current == number else { return nil }
        var end = start
        while end < b.count, b[end] != 0x0A, b[end] != 0x0D { end += 1 }
        return String(decoding: b[start..<end], as: UTF8.self)
    }
}

import Foundation

/// A tiny lock so the source registry can be shared without an actor hop on every lookup.
final class NSLockLite: @unchecked Sendable {
    private let lock = NSLock()
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
