import Foundation
import SourceText

/// The aws CLI's shorthand syntax (`Region=eu-west-3,KmsKeyId=alias/x`), a port of awscli
/// 1.45.11 `awscli/shorthand.py` `ShorthandParser`: same grammar, same backtracking on
/// `a=b,c=d`, same quoting and `\,` escapes, same duplicate-key error. Like the original it is
/// purely syntactic; `ShorthandValue.conformed(to:)` then applies the model the way
/// `BackCompatVisitor` does (a lone value where the model wants a list becomes a one-item list).
public enum ShorthandValue: Sendable, Equatable {
    case scalar(String)
    case list([ShorthandValue])
    case map([(String, ShorthandValue)])

    public static func == (a: ShorthandValue, b: ShorthandValue) -> Bool {
        switch (a, b) {
        case let (.scalar(x), .scalar(y)): return x == y
        case let (.list(x), .list(y)): return x == y
        case let (.map(x), .map(y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }
}

public struct ShorthandError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// Offset (in Unicode scalars) into the shorthand text where the problem is.
    public var index: Int
    public var description: String { message }
}

public struct ShorthandParser {
    private var s: [Unicode.Scalar] = []
    private var i = 0

    public init() {}

    /// `parameter = keyval *("," keyval)`
    public static func parse(_ text: String) throws(ShorthandError) -> [(String, ShorthandValue)] {
        var p = ShorthandParser()
        p.s = Array(text.unicodeScalars)
        p.i = 0
        return try p.parameter()
    }

    private var atEOF: Bool { i >= s.count }
    private var current: Unicode.Scalar? { i < s.count ? s[i] : nil }

    private mutating func parameter() throws(ShorthandError) -> [(String, ShorthandValue)] {
        var params: [(String, ShorthandValue)] = []
        let (k, v) = try keyval()
        params.append((k, v))
        var lastIndex = i
        while i < s.count {
            try expect(",", consumeWhitespace: true)
            let (key, val) = try keyval()
            if params.contains(where: { $0.0 == key }) {
                // awscli's hint: the usual cause is a ',' where a space should separate list items.
                throw ShorthandError(message: "second instance of key \"\(key)\"; this is often because there is a preceding \",\" instead of a space",
                                     index: lastIndex + 1)
            }
            params.append((key, val))
            lastIndex = i
        }
        return params
    }

    private mutating func keyval() throws(ShorthandError) -> (String, ShorthandValue) {
        let key = self.key()
        consumeWhitespace()
        if current == "@" {
            throw ShorthandError(message: "'@=' (a value read from a file) is not supported in smsh; use file:// on the whole argument", index: i)
        }
        try expect("=", consumeWhitespace: true)
        return (key, try values())
    }

    private mutating func key() -> String {
        let start = i
        while let c = current, ShorthandParser.isKeyChar(c) { i += 1 }
        return String(String.UnicodeScalarView(s[start..<i]))
    }

    static func isKeyChar(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".", "#", "/", ":": return true
        default: return false
        }
    }

    private mutating func values() throws(ShorthandError) -> ShorthandValue {
        guard let c = current else { return .scalar("") }
        if c == "[" { return try explicitList() }
        if c == "{" { return try hashLiteral() }
        return try csvValue()
    }

    private mutating func csvValue() throws(ShorthandError) -> ShorthandValue {
        let first = try firstValue()
        consumeWhitespace()
        if atEOF || current != "," { return first }
        try expect(",", consumeWhitespace: true)
        var list = [first]
        while true {
            do {
                let v = try secondValue()
                consumeWhitespace()
                if atEOF {
                    list.append(v)
                    break
                }
                try expect(",", consumeWhitespace: true)
                list.append(v)
            } catch {
                // `a=b,c=d`: `c` was the next key, not a second value. Back up to the comma.
                if atEOF { throw error }
                while i >= 0, i < s.count, s[i] != "," { i -= 1 }
                break
            }
        }
        return list.count == 1 ? first : .list(list)
    }

    private mutating func explicitList() throws(ShorthandError) -> ShorthandValue {
        try expect("[", consumeWhitespace: true)
        var values: [ShorthandValue] = []
        while current != "]" {
            values.append(try explicitValues())
            consumeWhitespace()
            if current != "]" {
                try expect(",")
                consumeWhitespace()
            }
        }
        try expect("]")
        return .list(values)
    }

    private mutating func explicitValues() throws(ShorthandError) -> ShorthandValue {
        if current == "[" { return try explicitList() }
        if current == "{" { return try hashLiteral() }
        return try firstValue()
    }

    private mutating func hashLiteral() throws(ShorthandError) -> ShorthandValue {
        try expect("{", consumeWhitespace: true)
        var members: [(String, ShorthandValue)] = []
        while current != "}" {
            let k = key()
            consumeWhitespace()
            if current == "@" {
                throw ShorthandError(message: "'@=' (a value read from a file) is not supported in smsh", index: i)
            }
            try expect("=", consumeWhitespace: true)
            let v = try explicitValues()
            consumeWhitespace()
            if current != "}" {
                try expect(",")
                consumeWhitespace()
            }
            members.removeAll { $0.0 == k }
            members.append((k, v))
        }
        try expect("}")
        return .map(members)
    }

    private mutating func firstValue() throws(ShorthandError) -> ShorthandValue {
        if current == "'" { return .scalar(try quoted("'")) }
        if current == "\"" { return .scalar(try quoted("\"")) }
        return .scalar(unquotedValue(second: false) ?? "")
    }

    private mutating func secondValue() throws(ShorthandError) -> ShorthandValue {
        if current == "'" { return .scalar(try quoted("'")) }
        if current == "\"" { return .scalar(try quoted("\"")) }
        guard let v = unquotedValue(second: true) else {
            throw syntax(expected: "<second>")
        }
        return .scalar(v)
    }

    /// The `first`/`second` value regexes of shorthand.py: a start character, then follow
    /// characters; `\,` counts as one character anywhere. Trailing blanks are dropped.
    private mutating func unquotedValue(second: Bool) -> String? {
        var out = String.UnicodeScalarView()
        var j = i
        var first = true
        while j < s.count {
            if s[j] == "\\", j + 1 < s.count, s[j + 1] == "," {
                out.append(",")
                j += 2
                first = false
                continue
            }
            let ok = first ? ShorthandParser.isStart(s[j]) : (second ? ShorthandParser.isSecondFollow(s[j]) : ShorthandParser.isFirstFollow(s[j]))
            guard ok else { break }
            out.append(s[j])
            j += 1
            first = false
        }
        if j == i { return nil }
        i = j
        var text = String(out)
        while let last = text.unicodeScalars.last, ShorthandParser.isWhitespace(last) { text.unicodeScalars.removeLast() }
        return text
    }

    // `_START_WORD = !#-&(-+\--<>-Z\\-z|-\uffff`
    static func isStart(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x21, 0x23...0x26, 0x28...0x2B, 0x2D...0x3C, 0x3E...0x5A, 0x5C...0x7A, 0x7C...0xFFFF: return true
        default: return false
        }
    }

    // `_FIRST_FOLLOW_CHARS = \s!#-&(-+\--\\\^-|~-\uffff`: no quotes, ',', ']' or '}'.
    static func isFirstFollow(_ c: Unicode.Scalar) -> Bool {
        if isWhitespace(c) { return true }
        switch c.value {
        case 0x21, 0x23...0x26, 0x28...0x2B, 0x2D...0x5C, 0x5E...0x7C, 0x7E...0xFFFF: return true
        default: return false
        }
    }

    // `_SECOND_FOLLOW_CHARS = \s!#-&(-+\--<>-\uffff`: no quotes, ',' or '='.
    static func isSecondFollow(_ c: Unicode.Scalar) -> Bool {
        if isWhitespace(c) { return true }
        switch c.value {
        case 0x21, 0x23...0x26, 0x28...0x2B, 0x2D...0x3C, 0x3E...0xFFFF: return true
        default: return false
        }
    }

    static func isWhitespace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0B}" || c == "\u{0C}"
    }

    /// `'(?:\\'|[^'])*'` then `\'` → `'` and `\\` → `\`, as `_consume_quoted` does.
    private mutating func quoted(_ q: Unicode.Scalar) throws(ShorthandError) -> String {
        let open = i
        var j = i + 1
        var raw = String.UnicodeScalarView()
        while j < s.count {
            if s[j] == "\\", j + 1 < s.count, s[j + 1] == q {
                raw.append("\\"); raw.append(q)
                j += 2
                continue
            }
            if s[j] == q { break }
            raw.append(s[j])
            j += 1
        }
        guard j < s.count else {
            i = open
            throw syntax(expected: q == "'" ? "<singled quoted>" : "<double quoted>")
        }
        i = j + 1
        return String(raw).replacingOccurrences(of: "\\" + String(q), with: String(q))
            .replacingOccurrences(of: "\\\\", with: "\\")
    }

    private mutating func consumeWhitespace() {
        while let c = current, ShorthandParser.isWhitespace(c) { i += 1 }
    }

    private mutating func expect(_ c: Unicode.Scalar, consumeWhitespace ws: Bool = false) throws(ShorthandError) {
        if ws { consumeWhitespace() }
        guard let actual = current else { throw syntax(expected: String(c)) }
        guard actual == c else { throw syntax(expected: String(c), actual: String(actual)) }
        i += 1
        if ws { consumeWhitespace() }
    }

    private func syntax(expected: String, actual: String? = nil) -> ShorthandError {
        let found = actual ?? (atEOF ? "EOF" : String(s[i]))
        return ShorthandError(message: "expected: '\(expected)', received: '\(found)'", index: i)
    }
}
