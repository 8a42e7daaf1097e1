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
    /// A word's text, a variable's name (without `$`), a raw string's content, a field name.
    public var text: String
    public var range: SourceRange
    public var spaceBefore: Bool
    /// The value of a number, or a duration in seconds.
    public var number: Double = 0
    /// The pieces of a double-quoted string; a single-quoted string is one `.text` piece.
    public var parts: [StringPiece] = []

    public init(kind: Kind, text: String, range: SourceRange, spaceBefore: Bool) {
        self.kind = kind
        self.text = text
        self.range = range
        self.spaceBefore = spaceBefore
    }

    var isEndOfStatement: Bool { kind == .newline || kind == .semicolon || kind == .eof }
}

/// A piece of a double-quoted string: literal text, or code to evaluate (`$x.A[0]` or `${...}`)
/// with the position of its first byte so errors inside it point at the right column.
public enum StringPiece: Sendable, Equatable {
    case text(String)
    case code(String, file: Int32, line: Int32, column: Int32, braced: Bool)
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

extension Token {
    var display: String {
        switch kind {
        case .word: return "'\(text)'"
        case .variable: return "'$\(text)'"
        case .number, .duration: return "'\(text)'"
        default: return kind.display
        }
    }
}
