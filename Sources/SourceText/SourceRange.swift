import Foundation

/// Where something is in a source file: the file (an index into the session's `SourceFiles`),
/// the 1-based line and column of its first byte, and its length in bytes on that line.
/// Packed into 8 bytes because every token and tree node carries one (a large script's tree is
/// mostly ranges): file 16 bits (-1 for none), line 24 bits, column 14 bits, length 10 bits.
/// Columns and lengths beyond that are clamped; they only place the caret.
public struct SourceRange: Sendable, Hashable {
    private var bits: UInt64

    public var file: Int32 {
        get { Int32(Int16(truncatingIfNeeded: bits >> 48)) }
        set { bits = (bits & 0x0000_FFFF_FFFF_FFFF) | (UInt64(UInt16(truncatingIfNeeded: newValue)) << 48) }
    }
    public var line: Int32 {
        get { Int32((bits >> 24) & 0xFF_FFFF) }
        set { bits = (bits & ~(UInt64(0xFF_FFFF) << 24)) | (UInt64(SourceRange.clamp(newValue, 0xFF_FFFF)) << 24) }
    }
    public var column: Int32 {
        get { Int32((bits >> 10) & 0x3FFF) }
        set { bits = (bits & ~(UInt64(0x3FFF) << 10)) | (UInt64(SourceRange.clamp(newValue, 0x3FFF)) << 10) }
    }
    public var length: Int32 {
        get { Int32(bits & 0x3FF) }
        set { bits = (bits & ~UInt64(0x3FF)) | UInt64(SourceRange.clamp(max(newValue, 1), 0x3FF)) }
    }

    private static func clamp(_ v: Int32, _ limit: UInt32) -> UInt32 { v <= 0 ? 0 : min(UInt32(v), limit) }

    public init(file: Int, line: Int, column: Int, length: Int) {
        bits = 0
        self.file = Int32(truncatingIfNeeded: file)
        self.line = Int32(truncatingIfNeeded: min(line, Int(Int32.max)))
        self.column = Int32(truncatingIfNeeded: min(column, Int(Int32.max)))
        self.length = Int32(truncatingIfNeeded: min(max(length, 1), Int(Int32.max)))
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
    private let lock = NSLock()

    public init() {}

    public func add(path: String, text: String) -> Int {
        add(path: path, bytes: Array(text.utf8))
    }

    public func add(path: String, bytes: [UInt8]) -> Int {
        lock.withLock {
            files.append(File(path: path, bytes: bytes))
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

