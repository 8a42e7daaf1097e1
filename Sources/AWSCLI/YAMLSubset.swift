import Foundation
import SecretsCore
import SourceText

/// The part of YAML that `--cli-input-yaml` documents use: block mappings and sequences
/// (including `- Key: v` items), plain / 'single' / "double" quoted scalars, flow `[a, b]` and
/// `{k: v}`, `|` and `>` block scalars, comments, and YAML 1.2 core types (null, true/false,
/// numbers), the schema the aws CLI v2 reads input with.
///
/// Why not Yams: this is a request body of a dozen known members (`skeleton OP yaml-input` shows
/// the whole shape), and a C YAML library plus a package dependency would cost every build
/// more than the reader does. Anchors, aliases, tags and multi-document streams are reported as
/// unsupported rather than misread.
public enum YAMLSubset {
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        /// 1-based line in the YAML text.
        public var line: Int
        public var description: String { "line \(line): \(message)" }
    }

    struct Line {
        var number: Int
        var indent: Int
        var text: String
    }

    public static func parse(_ text: String) throws(Failure) -> JSONValue {
        var p = Reader(raw: text.components(separatedBy: "\n").map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 })
        return try p.document()
    }

    struct Reader {
        let raw: [String]
        var lines: [Line] = []
        var k = 0

        init(raw: [String]) {
            self.raw = raw
            for (n, l) in raw.enumerated() {
                let content = Reader.stripComment(l)
                let trimmed = content.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty { continue }
                let indent = content.prefix(while: { $0 == " " }).count
                lines.append(Line(number: n + 1, indent: indent, text: String(content.dropFirst(indent)).trimmingTrailingBlanks()))
            }
        }

        /// Drops a `#` comment that starts the line or follows a blank, outside quotes.
        static func stripComment(_ l: String) -> String {
            var quote: Character?
            var prev: Character = " "
            for (idx, ch) in zip(l.indices, l) {
                if let q = quote {
                    if ch == q { quote = nil }
                } else if ch == "'" || ch == "\"" {
                    quote = ch
                } else if ch == "#", prev == " " || prev == "\t" {
                    return String(l[..<idx])
                }
                prev = ch
            }
            return l
        }

        mutating func document() throws(Failure) -> JSONValue {
            if k < lines.count, lines[k].indent == 0, lines[k].text == "---" { k += 1 }
            guard k < lines.count else { return .null }
            let v = try block(indent: lines[k].indent)
            if k < lines.count {
                let l = lines[k]
                if l.text == "---" || l.text == "..." { throw Failure(message: "one YAML document is expected", line: l.number) }
                throw Failure(message: "unexpected indentation", line: l.number)
            }
            return v
        }

        static func isItem(_ t: String) -> Bool { t == "-" || t.hasPrefix("- ") }

        mutating func block(indent: Int) throws(Failure) -> JSONValue {
            if Reader.isItem(lines[k].text) { return try sequence(indent: indent) }
            if Reader.splitKey(lines[k].text) != nil { return try mapping(indent: indent) }
            // A lone scalar (the whole document, or a value on its own line).
            let l = lines[k]
            k += 1
            return try value(l.text, line: l.number, indent: indent)
        }

        mutating func sequence(indent: Int) throws(Failure) -> JSONValue {
            var items: [JSONValue] = []
            while k < lines.count, lines[k].indent == indent, Reader.isItem(lines[k].text) {
                let l = lines[k]
                let rest = String(l.text.dropFirst(1))
                let body = rest.drop(while: { $0 == " " })
                if body.isEmpty {
                    k += 1
                    if k < lines.count, lines[k].indent > indent { items.append(try block(indent: lines[k].indent)) }
                    else { items.append(.null) }
                    continue
                }
                let itemIndent = indent + 1 + (rest.count - body.count)
                if Reader.isItem(String(body)) || Reader.splitKey(String(body)) != nil {
                    // `- Region: x` opens a mapping whose keys line up with `Region`.
                    lines[k] = Line(number: l.number, indent: itemIndent, text: String(body))
                    items.append(try block(indent: itemIndent))
                } else {
                    k += 1
                    items.append(try value(String(body), line: l.number, indent: indent))
                }
            }
            return .array(items)
        }

        mutating func mapping(indent: Int) throws(Failure) -> JSONValue {
            var members: [(String, JSONValue)] = []
            while k < lines.count, lines[k].indent == indent, !Reader.isItem(lines[k].text) {
                let l = lines[k]
                guard let (rawKey, rest) = Reader.splitKey(l.text) else {
                    throw Failure(message: "expected 'key: value'", line: l.number)
                }
                let key = try Reader.keyText(rawKey, line: l.number)
                if members.contains(where: { $0.0 == key }) { throw Failure(message: "duplicate key '\(key)'", line: l.number) }
                k += 1
                let v: JSONValue
                if rest.isEmpty {
                    if k < lines.count, lines[k].indent > indent {
                        v = try block(indent: lines[k].indent)
                    } else if k < lines.count, lines[k].indent == indent, Reader.isItem(lines[k].text) {
                        v = try sequence(indent: indent)
                    } else {
                        v = .null
                    }
                } else {
                    v = try value(rest, line: l.number, indent: indent)
                }
                members.append((key, v))
            }
            if k < lines.count, lines[k].indent > indent {
                throw Failure(message: "unexpected indentation", line: lines[k].number)
            }
            return .object(members)
        }

        /// `key: rest` with the colon outside quotes and followed by a blank or the end.
        static func splitKey(_ t: String) -> (String, String)? {
            var quote: Character?
            var idx = t.startIndex
            while idx < t.endIndex {
                let ch = t[idx]
                if let q = quote {
                    if ch == q { quote = nil }
                } else if (ch == "'" || ch == "\"") && idx == t.startIndex {
                    quote = ch
                } else if ch == "[" || ch == "{", idx == t.startIndex {
                    return nil
                } else if ch == ":" {
                    let next = t.index(after: idx)
                    if next == t.endIndex || t[next] == " " {
                        let rest = t[next...].trimmingCharacters(in: .whitespaces)
                        return (String(t[..<idx]).trimmingTrailingBlanks(), rest)
                    }
                }
                idx = t.index(after: idx)
            }
            return nil
        }

        static func keyText(_ raw: String, line: Int) throws(Failure) -> String {
            if raw.hasPrefix("'") || raw.hasPrefix("\"") {
                var f = Flow(Array(raw.unicodeScalars), line: line)
                guard case .string(let s) = try f.quoted(), f.atEnd else { throw Failure(message: "bad quoted key", line: line) }
                return s
            }
            return raw
        }

        /// A value written after `key:` or `- `: a block scalar, a flow collection or a scalar.
        mutating func value(_ text: String, line: Int, indent: Int) throws(Failure) -> JSONValue {
            if let first = text.first, first == "|" || first == ">" {
                return .string(blockScalar(folded: first == ">", header: String(text.dropFirst()), parentIndent: indent))
            }
            if let first = text.first, first == "&" || first == "*" || first == "!" {
                throw Failure(message: "anchors, aliases and tags are not supported in --cli-input-yaml", line: line)
            }
            var f = Flow(Array(text.unicodeScalars), line: line)
            let v = try f.node()
            guard f.atEnd else { throw Failure(message: "unexpected text after the value", line: line) }
            return v
        }

        /// The raw lines below the header that are indented more than the parent.
        mutating func blockScalar(folded: Bool, header: String, parentIndent: Int) -> String {
            let startLine = k < lines.count ? lines[k].number : raw.count + 1
            var body: [String] = []
            var n = startLine - 1
            var blockIndent: Int?
            while n < raw.count {
                let l = raw[n]
                let ind = l.prefix(while: { $0 == " " }).count
                if l.trimmingCharacters(in: .whitespaces).isEmpty { body.append(""); n += 1; continue }
                if ind <= parentIndent { break }
                if blockIndent == nil { blockIndent = ind }
                body.append(String(l.dropFirst(min(ind, blockIndent ?? ind))))
                n += 1
            }
            while k < lines.count, lines[k].number <= n { k += 1 }
            while body.last == "" { body.removeLast() }
            var text: String
            if folded {
                text = ""
                for (i, l) in body.enumerated() {
                    if i > 0 { text += (l.isEmpty || body[i - 1].isEmpty) ? "\n" : " " }
                    text += l
                }
            } else {
                text = body.joined(separator: "\n")
            }
            if header.hasPrefix("-") { return text }
            return body.isEmpty ? "" : text + "\n"
        }
    }

    /// Flow syntax on one line: `[a, 'b']`, `{k: v}`, quoted and plain scalars.
    struct Flow {
        let s: [Unicode.Scalar]
        var i = 0
        let line: Int

        init(_ s: [Unicode.Scalar], line: Int) {
            self.s = s
            self.line = line
        }

        var atEnd: Bool {
            var j = i
            while j < s.count, s[j] == " " { j += 1 }
            return j == s.count
        }

        mutating func blanks() { while i < s.count, s[i] == " " { i += 1 } }

        func fail(_ m: String) -> Failure { Failure(message: m, line: line) }

        mutating func node(inFlow: Bool = false) throws(Failure) -> JSONValue {
            blanks()
            guard i < s.count else { return .null }
            switch s[i] {
            case "[":
                i += 1
                var items: [JSONValue] = []
                blanks()
                if i < s.count, s[i] == "]" { i += 1; return .array(items) }
                while true {
                    items.append(try node(inFlow: true))
                    blanks()
                    guard i < s.count else { throw fail("unclosed '['") }
                    if s[i] == "," { i += 1; blanks(); if i < s.count, s[i] == "]" { i += 1; return .array(items) }; continue }
                    if s[i] == "]" { i += 1; return .array(items) }
                    throw fail("expected ',' or ']' in a flow sequence")
                }
            case "{":
                i += 1
                var members: [(String, JSONValue)] = []
                blanks()
                if i < s.count, s[i] == "}" { i += 1; return .object(members) }
                while true {
                    blanks()
                    let keyNode = try scalar(inFlow: true, isKey: true)
                    let key: String
                    switch keyNode {
                    case .string(let t): key = t
                    default: key = keyNode.compactText()
                    }
                    blanks()
                    guard i < s.count, s[i] == ":" else { throw fail("expected ':' after a key in a flow mapping") }
                    i += 1
                    members.append((key, try node(inFlow: true)))
                    blanks()
                    guard i < s.count else { throw fail("unclosed '{'") }
                    if s[i] == "," { i += 1; blanks(); if i < s.count, s[i] == "}" { i += 1; return .object(members) }; continue }
                    if s[i] == "}" { i += 1; return .object(members) }
                    throw fail("expected ',' or '}' in a flow mapping")
                }
            default:
                return try scalar(inFlow: inFlow, isKey: false)
            }
        }

        mutating func quoted() throws(Failure) -> JSONValue {
            let q = s[i]
            i += 1
            var out = String.UnicodeScalarView()
            while i < s.count {
                let c = s[i]
                if q == "'" {
                    if c == "'" {
                        if i + 1 < s.count, s[i + 1] == "'" { out.append("'"); i += 2; continue }
                        i += 1
                        return .string(String(out))
                    }
                } else {
                    if c == "\"" { i += 1; return .string(String(out)) }
                    if c == "\\", i + 1 < s.count {
                        let e = s[i + 1]
                        i += 2
                        switch e {
                        case "n": out.append("\n")
                        case "t": out.append("\t")
                        case "r": out.append("\r")
                        case "0": out.append("\0")
                        case "\"", "\\", "/", " ": out.append(e)
                        case "u", "x":
                            let n = e == "u" ? 4 : 2
                            guard i + n <= s.count, let v = UInt32(String(String.UnicodeScalarView(s[i..<i + n])), radix: 16),
                                  let scalar = Unicode.Scalar(v) else { throw fail("bad \\\(e) escape") }
                            out.append(scalar)
                            i += n
                        default: throw fail("unknown escape '\\\(e)'")
                        }
                        continue
                    }
                }
                out.append(c)
                i += 1
            }
            throw fail("unclosed \(q) quote")
        }

        mutating func scalar(inFlow: Bool, isKey: Bool) throws(Failure) -> JSONValue {
            blanks()
            if i < s.count, s[i] == "'" || s[i] == "\"" { return try quoted() }
            var out = String.UnicodeScalarView()
            while i < s.count {
                let c = s[i]
                if inFlow, c == "," || c == "]" || c == "}" { break }
                if isKey, c == ":" { break }
                if inFlow, c == ":", i + 1 >= s.count || s[i + 1] == " " || s[i + 1] == "," { break }
                out.append(c)
                i += 1
            }
            return YAMLSubset.resolve(String(out).trimmingTrailingBlanks())
        }
    }

    /// YAML 1.2 core schema for plain scalars.
    static func resolve(_ t: String) -> JSONValue {
        switch t {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        let digits = t.hasPrefix("-") || t.hasPrefix("+") ? t.dropFirst() : Substring(t)
        if !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy({ $0.isNumber }), let n = Double(t) {
            return .number(n)
        }
        if !digits.isEmpty, digits.first?.isNumber == true || digits.first == ".",
           digits.allSatisfy({ $0.isNumber || $0 == "." || $0 == "e" || $0 == "E" || $0 == "-" || $0 == "+" }),
           let n = Double(t) {
            return .number(n)
        }
        return .string(t)
    }
}

extension String {
    func trimmingTrailingBlanks() -> String {
        var s = self
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return s
    }
}
