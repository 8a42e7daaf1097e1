import SourceText
/// One lexical token. `spaceBefore` matters: `len(x)` is a call but `print (x)` is not, and
/// `$l[0]` indexes while `[a, b]` after a space starts a list.
public struct Token: Sendable {
    public enum Kind: Sendable, Equatable {
        case word, variable, number, duration, string
        case lparen, rparen, lbracket, rbracket, lbrace, rbrace
        case comma, semicolon, colon, dot, dotdot, newline, eof
        case assign, eq, ne, lt, le, gt, ge, plus, minus, star, slash, percent
        case invalid
    }

    public var kind: Kind
    public var spaceBefore: Bool
    /// Where the token's text is in the source bytes: a word, a variable's name (without `$`), a
    /// number as written, the content of a raw string or of a quoted one without escapes. Offsets rather than a String keep tokens plain
    /// data, cheap to copy; `Lexer.text(of:)` makes the String when one is needed.
    public var start: Int32
    public var length: Int32
    /// A double-quoted string's text after escapes: its index in the lexer's `decoded`, or -1.
    public var decoded: Int32 = -1
    public var range: SourceRange
    /// The value of a number, or a duration in seconds.
    public var number: Double = 0
    /// For a string with `$` interpolation: its index in the lexer's `stringPieces`; -1 when the
    /// string is plain text (in `text`). Kept out of the token so tokens stay cheap to copy.
    public var pieces: Int32 = -1

    public init(kind: Kind, start: Int, length: Int, range: SourceRange, spaceBefore: Bool) {
        self.kind = kind
        self.start = Int32(truncatingIfNeeded: start)
        self.length = Int32(truncatingIfNeeded: length)
        self.range = range
        self.spaceBefore = spaceBefore
    }

    var isEndOfStatement: Bool { kind == .newline || kind == .semicolon || kind == .eof }
}

/// A piece of a double-quoted string: literal text, or code to evaluate (`$x.A[0]` or `${...}`):
/// its byte range in the source (so the parser lexes it in place, without copying) and the
/// position of its first byte, so errors inside it point at the right column.
public enum StringPiece: Sendable, Equatable {
    case text(String)
    case code(Range<Int>, file: Int32, line: Int32, column: Int32, braced: Bool)
}

extension Token.Kind {
    var display: String {
        switch self {
        case .word: return "a word"
        case .variable: return "a $variable"
        case .number: return "a number"
        case .duration: return "a duration"
        case .string: return "a string"
        case .lparen: return "'('"
        case .rparen: return "')'"
        case .lbracket: return "'['"
        case .rbracket: return "']'"
        case .lbrace: return "'{'"
        case .rbrace: return "'}'"
        case .comma: return "','"
        case .semicolon: return "';'"
        case .colon: return "':'"
        case .dot: return "'.'"
        case .dotdot: return "'..'"
        case .newline: return "end of line"
        case .eof: return "end of file"
        case .assign: return "'='"
        case .eq: return "'=='"
        case .ne: return "'!='"
        case .lt: return "'<'"
        case .le: return "'<='"
        case .gt: return "'>'"
        case .ge: return "'>='"
        case .plus: return "'+'"
        case .minus: return "'-'"
        case .star: return "'*'"
        case .slash: return "'/'"
        case .percent: return "'%'"
        case .invalid: return "an invalid character"
        }
    }
}

extension Lexer {
    /// A token as messages name it: `'replicate'`, `'$x'`, `end of line`.
    func display(_ t: Token) -> String {
        switch t.kind {
        case .word, .number, .duration: return "'\(text(of: t))'"
        case .variable: return "'$\(text(of: t))'"
        default: return t.kind.display
        }
    }
}
