import SourceText
/// Turns source bytes into tokens. Works on UTF-8 bytes (not Characters) because `smsh check`
/// must read a million lines a second; words are ASCII by definition and strings are copied whole.
public struct Lexer {
    private let b: [UInt8]
    private let file: Int32
    private var pos: Int
    private var line: Int
    private var lineStart: Int
    private var end: Int
    /// Tokens of the batch API (`run`); the parser pulls them one by one with `next()` instead,
    /// so a large file never holds all its tokens at once.
    public private(set) var tokens: [Token] = []
    public private(set) var diagnostics: [Diagnostic] = []
    public private(set) var stringPieces: [[StringPiece]] = []
    /// Lexed but not yet handed out: one step yields one token, sometimes two (a word and its
    /// split-off ':'; a '.' and a field name). Slots rather than an array keep this path cheap.
    private var produced = Token(kind: .eof, start: 0, length: 0, range: .unknown, spaceBefore: true)
    private var second = Token(kind: .eof, start: 0, length: 0, range: .unknown, spaceBefore: true)
    /// Texts of double-quoted strings after their escapes (see `Token.decoded`).
    public private(set) var decodedTexts: [String] = []
    private var hasProduced = false
    private var hasSecond = false
    private var space = true
    private var last: Token.Kind = .newline
    private var lastSpace = true
    private var beforeLast: Token.Kind = .newline
    private var finished = false
    /// A string or `${` left open at the end of the text: the REPL asks for more lines.
    public private(set) var endsInsideString = false
    /// The text ends with a `\` line continuation.
    public private(set) var endsWithContinuation = false

    public init(bytes: [UInt8], file: Int, line: Int = 1, column: Int = 1, range: Range<Int>? = nil) {
        self.b = bytes
        self.file = Int32(truncatingIfNeeded: file)
        let r = range ?? 0..<bytes.count
        self.pos = r.lowerBound
        self.end = r.upperBound
        self.line = line
        self.lineStart = r.lowerBound - (column - 1)
    }

    public static func tokenize(_ text: String, file: Int = 0) -> Lexer {
        var l = Lexer(bytes: Array(text.utf8), file: file)
        l.run()
        return l
    }

    /// Letters, digits and `/ _ + = . @ : -`, as two bit sets over ASCII: one shift and test per
    /// byte in the lexer's hottest loop instead of a chain of comparisons.
    @inline(__always)
    static func isWordByte(_ c: UInt8) -> Bool {
        // Below 64: '+' (0x2B), '-' through ':' (0x2D-0x3A), '=' (0x3D). From 64: '@' and A-Z
        // (0x40-0x5A), '_' (0x5F), a-z (0x61-0x7A).
        if c < 64 { return (0x27FF_E800_0000_0000 as UInt64) >> UInt64(c) & 1 != 0 }
        if c < 128 { return (0x07FF_FFFE_87FF_FFFF as UInt64) >> UInt64(c &- 64) & 1 != 0 }
        return false
    }

    static func isIdentStart(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == UInt8(ascii: "_")
    }

    static func isIdentByte(_ c: UInt8) -> Bool { isIdentStart(c) || (c >= 0x30 && c <= 0x39) }

    private func peek(_ o: Int = 0) -> UInt8 { pos + o < end ? b[pos + o] : 0 }

    private func range(from start: Int, startLine: Int, startLineStart: Int) -> SourceRange {
        let length = startLine == line ? pos - start : (end > start ? lineEnd(from: start) - start : 1)
        return SourceRange(file: Int(file), line: startLine, column: start - startLineStart + 1, length: length)
    }

    private func lineEnd(from p: Int) -> Int {
        var i = p
        while i < end, b[i] != 0x0A { i += 1 }
        return i
    }

    private func text(_ s: Int, _ e: Int) -> String { String(decoding: b[s..<e], as: UTF8.self) }

    /// A token whose text is the source from `start` to the current position.
    private mutating func add(_ kind: Token.Kind, _ start: Int, space: Bool) {
        let r = SourceRange(file: Int(file), line: line, column: start - lineStart + 1, length: pos - start)
        emit(Token(kind: kind, start: start, length: pos - start, range: r, spaceBefore: space))
    }

    private mutating func emit(_ t: Token) {
        if !hasProduced {
            produced = t
            hasProduced = true
        } else {
            second = t
            hasSecond = true
        }
        beforeLast = last
        last = t.kind
        lastSpace = t.spaceBefore
    }

    private mutating func error(_ message: String, at start: Int, length: Int = 1) {
        diagnostics.append(Diagnostic(message, at: SourceRange(file: Int(file), line: line, column: start - lineStart + 1, length: length)))
    }

    /// The source, shared (not copied) with the lexers of interpolated code.
    var source: [UInt8] { b }
    var endOffset: Int { end }

    /// Carries on lexing at `offset` on `line` (which starts at byte `lineStart`), dropping any
    /// lookahead: the parser has handed the bytes before `offset` (an aws CLI line, which has
    /// shell rules of its own) to another scanner.
    mutating func resume(at offset: Int, line: Int, lineStart: Int) {
        pos = min(max(offset, pos), end)
        self.line = line
        self.lineStart = lineStart
        hasProduced = false
        hasSecond = false
        space = true
        last = .word
        lastSpace = true
        beforeLast = .word
    }

    /// The text of a byte range of the source.
    public func text(of range: Range<Int>) -> String { String(decoding: b[range], as: UTF8.self) }

    /// The pieces of a string token: literal text and code to interpolate.
    public func pieces(of t: Token) -> [StringPiece] {
        t.pieces >= 0 && Int(t.pieces) < stringPieces.count ? stringPieces[Int(t.pieces)] : [.text(text(of: t))]
    }

    /// `pieces(of:)` for the parser, which reads them once: the lexer lets go of them, so their
    /// memory serves the tree instead of staying allocated until the whole file is parsed.
    mutating func takePieces(of t: Token) -> [StringPiece] {
        guard t.pieces >= 0, Int(t.pieces) < stringPieces.count else { return pieces(of: t) }
        let i = Int(t.pieces)
        let taken = stringPieces[i]
        stringPieces[i] = []
        return taken
    }

    /// A token's text: a word, a variable's name, a number as written, a string's content.
    public func text(of t: Token) -> String {
        if t.decoded >= 0, Int(t.decoded) < decodedTexts.count { return decodedTexts[Int(t.decoded)] }
        let s = Int(t.start), e = Int(t.start) + Int(t.length)
        guard t.length > 0, s >= 0, e <= b.count else { return "" }
        return String(decoding: b[s..<e], as: UTF8.self)
    }

    /// Whether a token's source text is exactly `word` (no String is made).
    public func textEquals(_ t: Token, _ word: StaticString) -> Bool {
        guard Int(t.length) == word.utf8CodeUnitCount, t.decoded < 0 else { return false }
        let s = Int(t.start)
        return word.withUTF8Buffer { w in
            var i = 0
            while i < w.count {
                if b[s + i] != w[i] { return false }
                i += 1
            }
            return true
        }
    }

    /// Lexes everything into `tokens` (tests, the REPL's completeness check).
    public mutating func run() {
        tokens.reserveCapacity((end - pos) / 4 + 1)
        while true {
            let t = next()
            tokens.append(t)
            if t.kind == .eof { return }
        }
    }

    /// The next token; `.eof` forever at the end.
    public mutating func next() -> Token {
        if hasSecond {
            hasSecond = false
            return second
        }
        hasProduced = false
        while !hasProduced { step() }
        return produced
    }

    /// Lexes at least one token into the queue.
    private mutating func step() {
        while pos < end {
            let c = b[pos]
            switch c {
            case 0x20, 0x09, 0x0D:
                pos += 1; space = true; continue
            case UInt8(ascii: "#"):
                while pos < end, b[pos] != 0x0A { pos += 1 }
                continue
            case 0x0A:
                let s = pos
                pos += 1
                let r = SourceRange(file: Int(file), line: line, column: s - lineStart + 1, length: 1)
                emit(Token(kind: .newline, start: s, length: 0, range: r, spaceBefore: space))
                line += 1; lineStart = pos; space = true
                return
            case UInt8(ascii: "\\"):
                var p = pos + 1
                while p < end, b[p] == 0x20 || b[p] == 0x09 || b[p] == 0x0D { p += 1 }
                if p >= end {
                    endsWithContinuation = true
                    pos = p; continue
                }
                if b[p] == 0x0A {
                    pos = p + 1; line += 1; lineStart = pos; space = true
                    continue
                }
                error("a '\\' continues a line only at its end", at: pos)
                pos += 1
                continue
            default: break
            }
            lexToken(space: space)
            space = false
            return
        }
        let r = SourceRange(file: Int(file), line: line, column: pos - lineStart + 1, length: 1)
        emit(Token(kind: .eof, start: pos, length: 0, range: r, spaceBefore: true))
    }

    private mutating func lexToken(space: Bool) {
        let start = pos
        let c = b[pos]
        // A field after a value: `$r.ReplicationStatus`, `$l[0].Region`, `f(x).A`.
        if c == UInt8(ascii: "."), !space,
           last == .variable || last == .rbracket || last == .rparen || last == .rbrace || (last == .word && beforeLast == .dot && !lastSpace),
           Lexer.isIdentStart(peek(1)) {
            pos += 1
            add(.dot, start, space: false)
            let fs = pos
            while pos < end, Lexer.isIdentByte(b[pos]) { pos += 1 }
            add(.word, fs, space: false)
            return
        }
        switch c {
        case UInt8(ascii: "$"):
            if Lexer.isIdentStart(peek(1)) {
                pos += 1
                let s = pos
                while pos < end, Lexer.isIdentByte(b[pos]) { pos += 1 }
                let r = SourceRange(file: Int(file), line: line, column: start - lineStart + 1, length: pos - start)
                emit(Token(kind: .variable, start: s, length: pos - s, range: r, spaceBefore: space))
            } else if peek(1) == UInt8(ascii: "(") {
                // Pasted shell: `arn=$(aws ... --query ARN --output text)`.
                pos += 1
                error("$(...) is shell command substitution, not smsh: write let NAME = (aws secretsmanager ... --query ARN --output text), or the smsh command", at: start, length: 2)
                add(.invalid, start, space: space)
            } else {
                pos += 1
                error("expected a variable name after '$'", at: start)
                add(.invalid, start, space: space)
            }
        case UInt8(ascii: "\""): lexString(space: space)
        case UInt8(ascii: "'"): lexRawString(space: space)
        case UInt8(ascii: "("): pos += 1; add(.lparen, start, space: space)
        case UInt8(ascii: ")"): pos += 1; add(.rparen, start, space: space)
        case UInt8(ascii: "["): pos += 1; add(.lbracket, start, space: space)
        case UInt8(ascii: "]"): pos += 1; add(.rbracket, start, space: space)
        case UInt8(ascii: "{"): pos += 1; add(.lbrace, start, space: space)
        case UInt8(ascii: "}"): pos += 1; add(.rbrace, start, space: space)
        case UInt8(ascii: ","): pos += 1; add(.comma, start, space: space)
        case UInt8(ascii: ";"): pos += 1; add(.semicolon, start, space: space)
        case UInt8(ascii: "*"): pos += 1; add(.star, start, space: space)
        case UInt8(ascii: "%"): pos += 1; add(.percent, start, space: space)
        case UInt8(ascii: "!"):
            if peek(1) == UInt8(ascii: "=") { pos += 2; add(.ne, start, space: space) } else {
                pos += 1
                error("'!' is not an operator; write 'not' or '!='", at: start)
                add(.invalid, start, space: space)
            }
        case UInt8(ascii: "<"):
            if peek(1) == UInt8(ascii: "=") { pos += 2; add(.le, start, space: space) } else { pos += 1; add(.lt, start, space: space) }
        case UInt8(ascii: ">"):
            if peek(1) == UInt8(ascii: "=") { pos += 2; add(.ge, start, space: space) } else { pos += 1; add(.gt, start, space: space) }
        case UInt8(ascii: ".") where peek(1) == UInt8(ascii: "."):
            pos += 2; add(.dotdot, start, space: space)
        default:
            if Lexer.isWordByte(c) {
                lexWord(space: space)
            } else {
                // Skip a whole UTF-8 sequence so the message names the character, not a byte.
                var n = 1
                if c >= 0xC0 { n = c >= 0xF0 ? 4 : (c >= 0xE0 ? 3 : 2) }
                pos = min(end, pos + n)
                error("unexpected character '\(text(start, pos))'", at: start)
                add(.invalid, start, space: space)
            }
        }
    }

    private mutating func lexWord(space: Bool) {
        let start = pos
        var allDigits = true
        var sawDigit = false
        let first = b[pos]
        if first >= 0x30 && first <= 0x39 || first == UInt8(ascii: "-") {
            numberLikeWord(&allDigits, &sawDigit)
        } else {
            // Not a number and never split at '..': scan it without the checks below.
            var p = pos
            let e = end
            b.withUnsafeBufferPointer { buf in
                while p < e, Lexer.isWordByte(buf[p]) { p += 1 }
            }
            pos = p
        }
        finishWord(start: start, sawDigit: sawDigit, space: space)
    }

    /// A word that starts with a digit or '-': it may be a number, a duration, or `1..5`.
    private mutating func numberLikeWord(_ allDigits: inout Bool, _ sawDigit: inout Bool) {
        let start = pos
        while pos < end, Lexer.isWordByte(b[pos]) {
            let c = b[pos]
            // `1..5` is a range, not the word "1..5".
            if c == UInt8(ascii: "."), peek(1) == UInt8(ascii: "."), allDigits, sawDigit { break }
            if c >= 0x30 && c <= 0x39 { sawDigit = true } else if !(c == UInt8(ascii: "-") && pos == start) && !(c == UInt8(ascii: ".") && sawDigit && peek(1) >= 0x30 && peek(1) <= 0x39) { allDigits = false }
            pos += 1
        }
    }

    private mutating func finishWord(start: Int, sawDigit: Bool, space: Bool) {
        let len = pos - start
        // Lone operator characters that are also word characters.
        if len <= 2 {
            let c0 = b[start]
            if len == 1 {
                switch c0 {
                case UInt8(ascii: "="): add(.assign, start, space: space); return
                case UInt8(ascii: "+"): add(.plus, start, space: space); return
                case UInt8(ascii: "-"): add(.minus, start, space: space); return
                case UInt8(ascii: "/"): add(.slash, start, space: space); return
                case UInt8(ascii: ":"): add(.colon, start, space: space); return
                default: break
                }
            } else if c0 == UInt8(ascii: "="), b[start + 1] == UInt8(ascii: "=") {
                add(.eq, start, space: space); return
            }
        }
        // `Region:` in a record literal: the colon is punctuation, not part of the key.
        if len > 1, b[pos - 1] == UInt8(ascii: ":") {
            pos -= 1
            add(.word, start, space: space)
            let cs = pos
            pos += 1
            add(.colon, cs, space: false)
            return
        }
        if sawDigit, let (kind, value) = Lexer.classifyNumber(b, start, pos) {
            if !value.isFinite {
                error("\(kind == .duration ? "duration" : "number") too large: numbers are doubles, at most about 1.8e308", at: start, length: len)
            }
            var tok = Token(kind: kind, start: start, length: len,
                            range: SourceRange(file: Int(file), line: line, column: start - lineStart + 1, length: len), spaceBefore: space)
            tok.number = value
            emit(tok)
            return
        }
        add(.word, start, space: space)
    }

    /// `3`, `-2.5` → number; `500ms`, `1m30s`, `2h` → duration in seconds; anything else → nil.
    /// The digits are converted as a whole (correctly rounded, so `0.3` is the double nearest 0.3,
    /// not 3 × 0.1); a literal too large for a double comes back infinite for the caller to refuse.
    static func classifyNumber(_ b: [UInt8], _ s: Int, _ e: Int) -> (Token.Kind, Double)? {
        var i = s
        var negative = false
        if b[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        func scanNumber(_ i: inout Int) -> Double? {
            let st = i
            var whole = 0.0
            while i < e, b[i] >= 0x30, b[i] <= 0x39 { whole = whole * 10 + Double(b[i] - 0x30); i += 1 }
            if i == st { return nil }
            if i + 1 < e, b[i] == UInt8(ascii: "."), b[i + 1] >= 0x30, b[i + 1] <= 0x39 {
                i += 1
                while i < e, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
            } else if i - st <= 15 {
                // Up to 15 digits every step above is exact: no need to build a String.
                return whole
            }
            return Double(String(decoding: b[st..<i], as: UTF8.self))
        }
        guard let first = scanNumber(&i) else { return nil }
        if i == e { return (.number, negative ? -first : first) }
        if negative { return nil }
        var total = 0.0
        var value = first
        while true {
            // Milliseconds divide rather than multiply by 0.001, which is not exact: 300ms is 0.3 s.
            if i + 1 < e, b[i] == UInt8(ascii: "m"), b[i + 1] == UInt8(ascii: "s") { total += value / 1000; i += 2 }
            else if i < e, b[i] == UInt8(ascii: "s") { total += value; i += 1 }
            else if i < e, b[i] == UInt8(ascii: "m") { total += value * 60; i += 1 }
            else if i < e, b[i] == UInt8(ascii: "h") { total += value * 3600; i += 1 }
            else { return nil }
            if i == e { return (.duration, total) }
            guard let next = scanNumber(&i) else { return nil }
            value = next
        }
    }

    private mutating func lexRawString(space: Bool) {
        let start = pos, startLine = line, startLineStart = lineStart
        pos += 1
        let s = pos
        while pos < end, b[pos] != UInt8(ascii: "'") {
            if b[pos] == 0x0A { line += 1; lineStart = pos + 1 }
            pos += 1
        }
        if pos >= end {
            endsInsideString = true
            diagnostics.append(Diagnostic("unterminated string: expected a closing '", at: SourceRange(file: Int(file), line: startLine, column: start - startLineStart + 1, length: 1)))
            emit(Token(kind: .string, start: s, length: pos - s,
                       range: SourceRange(file: Int(file), line: startLine, column: start - startLineStart + 1, length: 1), spaceBefore: space))
            return
        }
        let length = pos - s
        pos += 1
        emit(Token(kind: .string, start: s, length: length, range: range(from: start, startLine: startLine, startLineStart: startLineStart), spaceBefore: space))
    }

    private mutating func lexString(space: Bool) {
        let start = pos, startLine = line, startLineStart = lineStart
        pos += 1
        var parts: [StringPiece] = []
        // Literal text is a run of source bytes from `literalStart`; only after an escape is it
        // copied into `buf`, so a string without escapes allocates nothing here.
        var literalStart = pos
        var buf: [UInt8] = []
        var escaped = false
        func flush(_ parts: inout [StringPiece], _ buf: inout [UInt8], _ escaped: inout Bool, _ literalStart: Int, _ upTo: Int) {
            if escaped {
                if upTo > literalStart { buf.append(contentsOf: b[literalStart..<upTo]) }
                if !buf.isEmpty { parts.append(.text(String(decoding: buf, as: UTF8.self))) }
                buf.removeAll(keepingCapacity: true)
                escaped = false
            } else if upTo > literalStart {
                parts.append(.text(String(decoding: b[literalStart..<upTo], as: UTF8.self)))
            }
        }
        var closed = false
        while pos < end {
            let c = b[pos]
            if c == UInt8(ascii: "\"") { closed = true; break }
            if c == 0x0A { line += 1; lineStart = pos + 1; pos += 1; continue }
            if c == UInt8(ascii: "\\") {
                if pos > literalStart { buf.append(contentsOf: b[literalStart..<pos]) }
                escaped = true
                let e = peek(1)
                switch e {
                case UInt8(ascii: "n"): buf.append(0x0A)
                case UInt8(ascii: "t"): buf.append(0x09)
                case UInt8(ascii: "r"): buf.append(0x0D)
                case UInt8(ascii: "\\"): buf.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "\""): buf.append(UInt8(ascii: "\""))
                case UInt8(ascii: "$"): buf.append(UInt8(ascii: "$"))
                case 0x0A: line += 1; lineStart = pos + 2
                default:
                    error("unknown escape '\\\(e == 0 ? "" : String(UnicodeScalar(e)))' (use \\n \\t \\\\ \\\" \\$)", at: pos, length: 2)
                }
                pos += 2
                literalStart = pos
                continue
            }
            if c == UInt8(ascii: "$"), peek(1) == UInt8(ascii: "{") {
                flush(&parts, &buf, &escaped, literalStart, pos)
                let codeStart = pos + 2
                let codeLine = line, codeCol = codeStart - lineStart + 1
                var depth = 1
                var p = codeStart
                var inQuote: UInt8 = 0
                while p < end {
                    let d = b[p]
                    if d == 0x0A { line += 1; lineStart = p + 1 }
                    if inQuote != 0 {
                        if d == UInt8(ascii: "\\") { p += 2; continue }
                        if d == inQuote { inQuote = 0 }
                    } else if d == UInt8(ascii: "\"") || d == UInt8(ascii: "'") {
                        inQuote = d
                    } else if d == UInt8(ascii: "{") {
                        depth += 1
                    } else if d == UInt8(ascii: "}") {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    p += 1
                }
                if p >= end {
                    endsInsideString = true
                    // Reported where the '${' is: the scan above has moved the line counters on.
                    diagnostics.append(Diagnostic("'${' is not closed by '}'",
                                                  at: SourceRange(file: Int(file), line: codeLine, column: codeCol - 2, length: 2)))
                    pos = end
                    literalStart = end
                    break
                }
                parts.append(.code(codeStart..<p, file: file, line: Int32(codeLine), column: Int32(codeCol), braced: true))
                pos = p + 1
                literalStart = pos
                continue
            }
            if c == UInt8(ascii: "$"), Lexer.isIdentStart(peek(1)) {
                flush(&parts, &buf, &escaped, literalStart, pos)
                let cs = pos
                pos += 1
                while pos < end, Lexer.isIdentByte(b[pos]) { pos += 1 }
                while pos < end {
                    if b[pos] == UInt8(ascii: "."), Lexer.isIdentStart(peek(1)) {
                        pos += 1
                        while pos < end, Lexer.isIdentByte(b[pos]) { pos += 1 }
                    } else if b[pos] == UInt8(ascii: "[") {
                        var p = pos + 1
                        if p < end, b[p] == UInt8(ascii: "-") { p += 1 }
                        let ds = p
                        while p < end, b[p] >= 0x30, b[p] <= 0x39 { p += 1 }
                        guard p > ds, p < end, b[p] == UInt8(ascii: "]") else { break }
                        pos = p + 1
                    } else { break }
                }
                parts.append(.code(cs..<pos, file: file, line: Int32(line), column: Int32(cs - lineStart + 1), braced: false))
                literalStart = pos
                continue
            }
            pos += 1
        }
        // Where the literal text ends: the closing quote, or the end of an unclosed string.
        let literalEnd = min(pos, end)
        if closed { pos += 1 }
        let r = range(from: start, startLine: startLine, startLineStart: startLineStart)
        if !closed {
            endsInsideString = true
            diagnostics.append(Diagnostic("unterminated string: expected a closing \"", at: SourceRange(file: Int(file), line: startLine, column: start - startLineStart + 1, length: 1)))
        }
        var t = Token(kind: .string, start: start, length: 0, range: r, spaceBefore: space)
        if parts.isEmpty, !escaped {
            // Plain text points at its bytes, as a raw string does: no String until one is needed.
            if literalEnd > literalStart {
                t.start = Int32(truncatingIfNeeded: literalStart)
                t.length = Int32(truncatingIfNeeded: literalEnd - literalStart)
            }
            emit(t)
            return
        }
        flush(&parts, &buf, &escaped, literalStart, literalEnd)
        if parts.isEmpty {
            t.length = 0
        } else if parts.count == 1, case .text(let s) = parts[0] {
            t.decoded = Int32(decodedTexts.count)
            decodedTexts.append(s)
        } else {
            t.pieces = Int32(stringPieces.count)
            stringPieces.append(parts)
        }
        emit(t)
    }
}
