import Foundation
import SecretsCore

/// A problem with a JMESPath expression: a syntax error found while compiling it, or a runtime
/// error (a function given the wrong types or number of arguments, an unknown function) found
/// while searching a document. `offset` is the 0-based character offset into the expression.
public struct JMESPathError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable { case syntax, invalidType = "invalid-type", invalidArity = "invalid-arity",
                                         unknownFunction = "unknown-function", invalidValue = "invalid-value" }
    public let kind: Kind
    public let message: String
    public let offset: Int

    public init(_ kind: Kind, _ message: String, at offset: Int) {
        self.kind = kind
        self.message = message
        self.offset = offset
    }

    public var description: String { message }
}

enum TokenKind: Sendable, Equatable {
    case unquotedIdentifier, quotedIdentifier, literal, number
    case dot, star, flatten, filter, lbracket, rbracket, lbrace, rbrace, lparen, rparen, comma, colon
    case current, expref, pipe, or, and, not, eq, ne, lt, lte, gt, gte, eof

    /// Binding powers of the Pratt parser (the reference implementation's table).
    var bindingPower: Int {
        switch self {
        case .pipe: return 1
        case .or: return 2
        case .and: return 3
        case .eq, .ne, .lt, .lte, .gt, .gte: return 5
        case .flatten: return 9
        case .star: return 20
        case .filter: return 21
        case .dot: return 40
        case .not: return 45
        case .lbrace: return 50
        case .lbracket: return 55
        case .lparen: return 60
        default: return 0
        }
    }

    var name: String {
        switch self {
        case .unquotedIdentifier: return "identifier"
        case .quotedIdentifier: return "quoted identifier"
        case .literal: return "literal"
        case .number: return "number"
        case .eof: return "end of expression"
        default: return "'\(TokenKind.spelling[self] ?? "?")'"
        }
    }

    static let spelling: [TokenKind: String] = [
        .dot: ".", .star: "*", .flatten: "[]", .filter: "[?", .lbracket: "[", .rbracket: "]", .lbrace: "{",
        .rbrace: "}", .lparen: "(", .rparen: ")", .comma: ",", .colon: ":", .current: "@", .expref: "&",
        .pipe: "|", .or: "||", .and: "&&", .not: "!", .eq: "==", .ne: "!=", .lt: "<", .lte: "<=", .gt: ">", .gte: ">=",
    ]
}

struct Token: Sendable {
    var kind: TokenKind
    var text: String = ""
    var value: JSONValue = .null
    var number: Int = 0
    var offset: Int
}

/// Splits an expression into tokens, character by character (Unicode scalars, so offsets count
/// what a person sees).
struct Lexer {
    let chars: [Unicode.Scalar]
    var pos = 0

    init(_ text: String) { chars = Array(text.unicodeScalars) }

    static func tokenize(_ text: String) throws(JMESPathError) -> [Token] {
        var lexer = Lexer(text)
        var tokens: [Token] = []
        while let t = try lexer.next() { tokens.append(t) }
        tokens.append(Token(kind: .eof, offset: lexer.chars.count))
        return tokens
    }

    private var current: Unicode.Scalar? { pos < chars.count ? chars[pos] : nil }

    private static func isIdentStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c)
    }
    private static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }

    private mutating func next() throws(JMESPathError) -> Token? {
        while let c = current, c == " " || c == "\t" || c == "\n" || c == "\r" { pos += 1 }
        guard let c = current else { return nil }
        let start = pos
        let simple: [Unicode.Scalar: TokenKind] = [".": .dot, "*": .star, "]": .rbracket, ",": .comma, ":": .colon,
                                                   "@": .current, "(": .lparen, ")": .rparen, "{": .lbrace, "}": .rbrace]
        if let kind = simple[c] {
            pos += 1
            return Token(kind: kind, offset: start)
        }
        if Lexer.isIdentStart(c) {
            while let d = current, Lexer.isIdentStart(d) || Lexer.isDigit(d) { pos += 1 }
            return Token(kind: .unquotedIdentifier, text: text(start, pos), offset: start)
        }
        switch c {
        case "[":
            pos += 1
            if current == "]" { pos += 1; return Token(kind: .flatten, offset: start) }
            if current == "?" { pos += 1; return Token(kind: .filter, offset: start) }
            return Token(kind: .lbracket, offset: start)
        case "'":
            let raw = try until("'").replacingOccurrences("\\'", "'")
            return Token(kind: .literal, value: .string(raw), offset: start)
        case "`":
            let lexeme = try until("`").replacingOccurrences("\\`", "`")
            if !Lexer.hasLeadingZero(lexeme), let v = try? JSONValue.parse(lexeme) { return Token(kind: .literal, value: v, offset: start) }
            // The reference implementation still reads a bare `text` as a string (JEP-12's deprecated form).
            let stripped = String(String.UnicodeScalarView(lexeme.unicodeScalars.drop(while: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })))
            if let v = try? JSONValue.parse("\"" + stripped + "\"") { return Token(kind: .literal, value: v, offset: start) }
            throw JMESPathError(.syntax, "invalid JSON literal `\(lexeme)`", at: start)
        case "\"":
            let lexeme = try until("\"")
            guard case .string(let name)? = try? JSONValue.parse("\"" + lexeme + "\"") else {
                throw JMESPathError(.syntax, "invalid quoted identifier \"\(lexeme)\"", at: start)
            }
            return Token(kind: .quotedIdentifier, text: name, offset: start)
        case "0"..."9", "-":
            pos += 1
            while let d = current, Lexer.isDigit(d) { pos += 1 }
            let s = text(start, pos)
            guard s != "-", let n = Int(s) else { throw JMESPathError(.syntax, "unknown token '\(s)'", at: start) }
            return Token(kind: .number, text: s, number: n, offset: start)
        case "|": return pair("|", .or, else: .pipe, start)
        case "&": return pair("&", .and, else: .expref, start)
        case "<": return pair("=", .lte, else: .lt, start)
        case ">": return pair("=", .gte, else: .gt, start)
        case "!": return pair("=", .ne, else: .not, start)
        case "=":
            pos += 1
            guard current == "=" else { throw JMESPathError(.syntax, "unknown token '=' (did you mean '=='?)", at: start) }
            pos += 1
            return Token(kind: .eq, offset: start)
        default:
            throw JMESPathError(.syntax, "unknown token '\(c)'", at: start)
        }
    }

    /// JSON forbids `01`; SecretsCore's reader lets it through, Python's (and so the CLI's) does not.
    static func hasLeadingZero(_ json: String) -> Bool {
        var inString = false, escaped = false
        var previous: Unicode.Scalar = " "
        let scalars = Array(json.unicodeScalars)
        for (i, c) in scalars.enumerated() {
            defer { previous = c }
            if inString {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
                continue
            }
            if c == "\"" { inString = true; continue }
            let startsNumber = !(isDigit(previous) || previous == "." || previous == "e" || previous == "E" || previous == "+" || previous == "-")
                || (previous == "-" && (i < 2 || !(scalars[i - 2] == "e" || scalars[i - 2] == "E")))
            if c == "0", startsNumber, i + 1 < scalars.count, isDigit(scalars[i + 1]) { return true }
        }
        return false
    }

    private mutating func pair(_ second: Unicode.Scalar, _ kind: TokenKind, else single: TokenKind, _ start: Int) -> Token {
        pos += 1
        if current == second { pos += 1; return Token(kind: kind, offset: start) }
        return Token(kind: single, offset: start)
    }

    private func text(_ from: Int, _ to: Int) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: chars[from..<to])
        return String(s)
    }

    /// The text up to an unescaped `delimiter`; a backslash keeps itself and the character after it.
    private mutating func until(_ delimiter: Unicode.Scalar) throws(JMESPathError) -> String {
        let start = pos
        pos += 1
        var buffer = String.UnicodeScalarView()
        while current != delimiter {
            if current == "\\" {
                buffer.append("\\")
                pos += 1
            }
            guard let c = current else {
                throw JMESPathError(.syntax, "unclosed \(delimiter) delimiter", at: start)
            }
            buffer.append(c)
            pos += 1
        }
        pos += 1
        return String(buffer)
    }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        guard contains(target) else { return self }
        return components(separatedBy: target).joined(separator: replacement)
    }
}
