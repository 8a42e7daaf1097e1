import SourceText
/// Splits an `aws ...` line into words the way a POSIX shell would before the aws CLI sees them:
/// blanks separate words, `'...'` is literal, `"..."` keeps everything but `\"`, `\\`, `\$`, `\``
/// and `\` newline, an unquoted `\` takes the next byte literally, `\` newline continues the line,
/// and `#` at the start of a word comments out the rest of the line. The line ends at a newline,
/// `;`, `)` or a lone `}`: the smsh construct around it goes on from there.
///
/// There is no expansion: smsh does not run a shell, so `$name`, `` `cmd` ``, globbing and
/// redirections would silently mean something else here. They are reported instead, so a pasted
/// line that relies on a shell is not sent half-understood.
public struct ShellWords {
    public struct Word: Sendable, Equatable {
        public var text: String
        /// Where the word starts in the source, and its length in source bytes on that line.
        public var range: SourceRange
        /// The word was written without quotes or escapes, so an offset into `text` is an offset
        /// in the source too (shorthand errors can then point at the exact byte).
        public var verbatim: Bool

        public init(text: String, range: SourceRange, verbatim: Bool) {
            self.text = text
            self.range = range
            self.verbatim = verbatim
        }
    }

    public struct Failure: Error, Sendable, Equatable {
        public var message: String
        public var range: SourceRange
    }

    /// The words, and the offset just past the line: at its newline, `;`, a lone `}`, or the end.
    public var words: [Word] = []
    public var end: Int
    /// The line the scan ended on and the offset where that line starts (for the caller's lexer).
    public var endLine: Int = 1
    public var endLineStart: Int = 0

    /// Scans `bytes` from `start` (whose source position is `line`:`column`) to the end of the
    /// shell line, stopping before `limit`.
    public static func scan(_ bytes: [UInt8], from start: Int, limit: Int? = nil, file: Int = -1,
                            line: Int = 1, column: Int = 1) throws(Failure) -> ShellWords {
        var s = Scanner(b: bytes, pos: start, end: limit ?? bytes.count, file: file, line: line,
                        lineStart: start - (column - 1))
        let words = try s.run()
        return ShellWords(words: words, end: s.pos, endLine: s.line, endLineStart: s.lineStart)
    }

    /// Splits a whole text (the arguments of `smsh aws`, a unit test).
    public static func split(_ text: String) throws(Failure) -> [String] {
        try scan(Array(text.utf8), from: 0).words.map(\.text)
    }

    struct Scanner {
        let b: [UInt8]
        var pos: Int
        let end: Int
        let file: Int
        var line: Int
        var lineStart: Int

        func here(_ p: Int, length: Int = 1) -> SourceRange {
            SourceRange(file: file, line: line, column: p - lineStart + 1, length: length)
        }

        func fail(_ message: String, at p: Int) -> Failure { Failure(message: message, range: here(p)) }

        mutating func newline(at p: Int) {
            line += 1
            lineStart = p + 1
        }

        static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D }

        mutating func run() throws(Failure) -> [Word] {
            var words: [Word] = []
            while pos < end {
                let c = b[pos]
                if Scanner.isBlank(c) { pos += 1; continue }
                // `)` ends the line as it ends a command in a shell: `(aws secretsmanager ...).Name`.
                if c == 0x0A || c == UInt8(ascii: ";") || c == UInt8(ascii: ")") { return words }
                if c == UInt8(ascii: "\\"), pos + 1 < end, b[pos + 1] == 0x0A {
                    pos += 2
                    newline(at: pos - 1)
                    continue
                }
                if c == UInt8(ascii: "#") {
                    while pos < end, b[pos] != 0x0A { pos += 1 }
                    return words
                }
                // A `}` standing alone closes the smsh block around the line (`if x { aws ... }`).
                if c == UInt8(ascii: "}"), pos + 1 >= end || Scanner.isBlank(b[pos + 1]) || b[pos + 1] == 0x0A
                    || b[pos + 1] == UInt8(ascii: ";") {
                    return words
                }
                words.append(try word())
            }
            return words
        }

        mutating func word() throws(Failure) -> Word {
            let start = pos
            let startRange = here(pos)
            var out: [UInt8] = []
            var verbatim = true
            while pos < end {
                let c = b[pos]
                if Scanner.isBlank(c) || c == 0x0A || c == UInt8(ascii: ";") || c == UInt8(ascii: ")") { break }
                switch c {
                case UInt8(ascii: "'"):
                    verbatim = false
                    // Where the quote opens: a word may have crossed lines inside an earlier quote.
                    let openRange = here(pos)
                    pos += 1
                    while pos < end, b[pos] != UInt8(ascii: "'") {
                        if b[pos] == 0x0A { newline(at: pos) }
                        out.append(b[pos])
                        pos += 1
                    }
                    guard pos < end else { throw Failure(message: "unterminated ' quote", range: openRange) }
                    pos += 1
                case UInt8(ascii: "\""):
                    verbatim = false
                    let openRange = here(pos)
                    pos += 1
                    while pos < end, b[pos] != UInt8(ascii: "\"") {
                        let d = b[pos]
                        if d == UInt8(ascii: "\\"), pos + 1 < end {
                            let n = b[pos + 1]
                            if n == 0x0A { newline(at: pos + 1); pos += 2; continue }
                            if n == UInt8(ascii: "\"") || n == UInt8(ascii: "\\") || n == UInt8(ascii: "$") || n == UInt8(ascii: "`") {
                                out.append(n)
                                pos += 2
                                continue
                            }
                        }
                        if d == UInt8(ascii: "$") || d == UInt8(ascii: "`") { throw noExpansion(at: pos) }
                        if d == 0x0A { newline(at: pos) }
                        out.append(d)
                        pos += 1
                    }
                    guard pos < end else { throw Failure(message: "unterminated \" quote", range: openRange) }
                    pos += 1
                case UInt8(ascii: "\\"):
                    verbatim = false
                    guard pos + 1 < end else { pos += 1; continue }
                    if b[pos + 1] == 0x0A {
                        newline(at: pos + 1)
                        pos += 2
                        continue
                    }
                    out.append(b[pos + 1])
                    pos += 2
                case UInt8(ascii: "$"), UInt8(ascii: "`"):
                    throw noExpansion(at: pos)
                case UInt8(ascii: "|"), UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "("):
                    throw fail("'\(Character(Unicode.Scalar(c)))' is shell syntax; an aws line in smsh is one command with no pipes or redirections", at: pos)
                case UInt8(ascii: "*"), UInt8(ascii: "?"):
                    // Unquoted, a shell would glob these against file names.
                    throw fail("quote '\(Character(Unicode.Scalar(c)))': unquoted, a shell would match it against file names", at: pos)
                default:
                    out.append(c)
                    pos += 1
                }
            }
            var r = startRange
            r.length = Int32(clamping: max(1, pos - start))
            return Word(text: String(decoding: out, as: UTF8.self), range: r, verbatim: verbatim)
        }

        func noExpansion(at p: Int) -> Failure {
            if b[p] == UInt8(ascii: "$"), p + 1 < b.count, b[p + 1] == UInt8(ascii: "(") {
                return fail("$(...) is shell command substitution, not smsh: keep a result with let NAME = (aws secretsmanager ...) and write $NAME in the smsh form", at: p)
            }
            return fail("smsh does not expand '\(Character(Unicode.Scalar(b[p])))' in aws lines: quote it with '...', or use the smsh form to use $variables", at: p)
        }
    }
}

extension SourceRange {
    /// The same position `n` bytes further on the line, one byte long.
    func moved(by n: Int) -> SourceRange {
        var r = self
        r.column += Int32(clamping: n)
        r.length = 1
        return r
    }
}
