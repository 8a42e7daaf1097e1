/// A token of REPL input with its text and byte offsets: what completion and redaction read.
/// Built in one place from the lexer, so its token layout stays the language's own business.
public struct InputToken: Sendable {
    public var kind: Token.Kind
    public var text: String
    /// Byte offsets in the input: where the token starts, and where its source ends.
    public var start: Int
    public var end: Int
    public var spaceBefore: Bool
}

public struct InputTokens: Sendable {
    public var tokens: [InputToken]
    public var endsInsideString: Bool

    /// The tokens of `bytes`, without the end-of-file token.
    public init(_ bytes: [UInt8]) {
        var lexer = Lexer(bytes: bytes, file: -1)
        lexer.run()
        endsInsideString = lexer.endsInsideString
        let starts = InputTokens.lineStarts(bytes)
        tokens = lexer.tokens.compactMap { t in
            guard t.kind != .eof else { return nil }
            let line = Int(t.range.line) - 1
            let start = line >= 0 && line < starts.count ? min(bytes.count, starts[line] + Int(t.range.column) - 1) : bytes.count
            let end = min(bytes.count, start + Int(t.range.length))
            return InputToken(kind: t.kind, text: lexer.text(of: t), start: start, end: end, spaceBefore: t.spaceBefore)
        }
    }

    public init(_ text: String) { self.init(Array(text.utf8)) }

    /// Byte offsets of each line's start, to turn a token's line and column into an offset.
    static func lineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == 0x0A { starts.append(i + 1) }
        return starts
    }
}
