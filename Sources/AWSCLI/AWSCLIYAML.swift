import SecretsCore

/// The aws CLI v2's `--output yaml` and `yaml-stream`. The CLI dumps with ruamel.yaml
/// (`YAML(typ='safe')`, `default_flow_style=False`) on its C emitter, libyaml, and a scalar
/// result as JSON (a YAML scalar would end with a `...` line). This is libyaml's block emitter
/// for the values a response holds, with ruamel's YAML 1.2 resolver deciding which strings must
/// be quoted; Tests/AWSBackendTests/AWSCLIYAMLDifferentialTests compares it with ruamel byte for byte.
public enum AWSCLIYAML {
    /// The CLI's YAMLDumper.dump: a mapping or a list in block style, anything else as JSON.
    public static func dump(_ v: JSONValue) -> String {
        switch v {
        case .object, .array:
            var e = Emitter()
            e.node(v, context: .root)
            if e.column > 0 { e.out += "\n" }
            return e.out
        default:
            return v.compactText() + "\n"
        }
    }

    /// `--output yaml`: the whole result; an empty object prints nothing (as the json format).
    public static func document(_ v: JSONValue) -> String {
        if case .object(let m) = v, m.isEmpty { return "" }
        return dump(v)
    }

    /// `--output yaml-stream`: each page (the query applied to it) as an item of one list.
    public static func streamItem(_ v: JSONValue) -> String { dump(.array([v])) }

    /// Where a node stands, which decides its indentation and how a scalar may be written.
    enum Context { case root, sequenceItem, mappingValue, simpleKey, complexKey }
    // Block style only: an empty collection is the one flow node, and holds no scalar, so the
    // flow-context rules of libyaml's scalar analysis never apply.

    /// libyaml's emitter state for block collections (emitter.c), at its defaults: indent 2,
    /// width 80, unicode allowed. Columns count characters, as libyaml's do.
    struct Emitter {
        var out = ""
        var column = 0
        var indent = -1
        var indents: [Int] = []
        var whitespace = true
        var indention = true
        static let bestIndent = 2
        static let bestWidth = 80

        mutating func put(_ s: String) {
            out += s
            column += s.unicodeScalars.count
        }

        mutating func putBreak() {
            out += "\n"
            column = 0
        }

        mutating func writeIndicator(_ s: String, needWhitespace: Bool, isWhitespace: Bool, isIndention: Bool) {
            if needWhitespace && !whitespace { put(" ") }
            put(s)
            whitespace = isWhitespace
            indention = indention && isIndention
        }

        mutating func writeIndent() {
            let target = max(indent, 0)
            if !indention || column > target || (column == target && !whitespace) { putBreak() }
            while column < target { put(" ") }
            whitespace = true
            indention = true
        }

        mutating func increaseIndent(flow: Bool, indentless: Bool) {
            indents.append(indent)
            if indent < 0 { indent = flow ? Self.bestIndent : 0 } else if !indentless { indent += Self.bestIndent }
        }

        mutating func popIndent() { indent = indents.popLast() ?? -1 }

        mutating func node(_ v: JSONValue, context: Context) {
            switch v {
            case .array(let items):
                if items.isEmpty { emptyFlow("[", "]"); return }
                // A list under a key is not indented further (libyaml's "indentless" sequence).
                increaseIndent(flow: false, indentless: context == .mappingValue && !indention)
                for item in items {
                    writeIndent()
                    writeIndicator("-", needWhitespace: true, isWhitespace: false, isIndention: true)
                    node(item, context: .sequenceItem)
                }
                popIndent()
            case .object(let members):
                if members.isEmpty { emptyFlow("{", "}"); return }
                increaseIndent(flow: false, indentless: false)
                // ruamel's SafeRepresenter sorts a dict's keys.
                for (key, value) in members.sorted(by: { pythonOrder($0.0, $1.0) }) {
                    writeIndent()
                    if isSimpleKey(key) {
                        node(.string(key), context: .simpleKey)
                        writeIndicator(":", needWhitespace: false, isWhitespace: false, isIndention: false)
                    } else {
                        writeIndicator("?", needWhitespace: true, isWhitespace: false, isIndention: true)
                        node(.string(key), context: .complexKey)
                        writeIndent()
                        writeIndicator(":", needWhitespace: true, isWhitespace: false, isIndention: true)
                    }
                    node(value, context: .mappingValue)
                }
                popIndent()
            case .null: plainToken("null")
            case .bool(let b): plainToken(b ? "true" : "false")
            case .number(let n): plainToken(JSONValue.formatNumber(n))
            case .string(let s): scalar(s, simpleKey: context == .simpleKey)
            }
        }

        /// An empty list or mapping: libyaml writes it in flow style even in a block document.
        mutating func emptyFlow(_ open: String, _ close: String) {
            writeIndicator(open, needWhitespace: true, isWhitespace: true, isIndention: false)
            writeIndicator(close, needWhitespace: false, isWhitespace: false, isIndention: false)
        }

        /// A null, a boolean or a number: plain, and without spaces to fold at.
        mutating func plainToken(_ s: String) {
            if !whitespace { put(" ") }
            put(s)
            whitespace = false
            indention = false
        }

        /// libyaml's yaml_emitter_check_simple_key: one line and at most 128 bytes.
        func isSimpleKey(_ key: String) -> Bool {
            key.utf8.count <= 128 && !ScalarAnalysis(key).multiline
        }

        mutating func scalar(_ s: String, simpleKey: Bool) {
            let a = ScalarAnalysis(s)
            var style: Style = .plain
            if simpleKey && a.multiline { style = .double }
            if style == .plain {
                if !a.blockPlainAllowed { style = .single }
                if s.isEmpty && simpleKey { style = .single }
                if !YAMLResolver.isPlainString(s) { style = .single }
            }
            if style == .single && !a.singleQuotedAllowed { style = .double }
            increaseIndent(flow: true, indentless: false)
            switch style {
            case .plain: writePlain(s, allowBreaks: !simpleKey)
            case .single: writeSingleQuoted(s, allowBreaks: !simpleKey)
            case .double: writeDoubleQuoted(s, allowBreaks: !simpleKey)
            }
            popIndent()
        }

        enum Style { case plain, single, double }

        mutating func writePlain(_ s: String, allowBreaks: Bool) {
            if !whitespace && !s.isEmpty { put(" ") }
            let chars = Array(s.unicodeScalars)
            var spaces = false
            for (i, c) in chars.enumerated() {
                if c == " " {
                    if allowBreaks && !spaces && column > Self.bestWidth && !(i + 1 < chars.count && chars[i + 1] == " ") {
                        writeIndent()
                    } else {
                        put(" ")
                    }
                    spaces = true
                } else {
                    put(String(c))
                    indention = false
                    spaces = false
                }
            }
            whitespace = false
            indention = false
        }

        mutating func writeSingleQuoted(_ s: String, allowBreaks: Bool) {
            writeIndicator("'", needWhitespace: true, isWhitespace: false, isIndention: false)
            let chars = Array(s.unicodeScalars)
            var spaces = false
            var breaks = false
            for (i, c) in chars.enumerated() {
                if c == " " {
                    if allowBreaks && !spaces && column > Self.bestWidth && i != 0 && i != chars.count - 1
                        && !(i + 1 < chars.count && chars[i + 1] == " ") {
                        writeIndent()
                    } else {
                        put(" ")
                    }
                    spaces = true
                } else if ScalarAnalysis.isBreak(c) {
                    if !breaks && c == "\n" { putBreak() }
                    if c == "\n" { putBreak() } else { out.unicodeScalars.append(c); column = 0 }
                    indention = true
                    breaks = true
                } else {
                    if breaks { writeIndent() }
                    put(c == "'" ? "''" : String(c))
                    indention = false
                    spaces = false
                    breaks = false
                }
            }
            if breaks { writeIndent() }
            writeIndicator("'", needWhitespace: false, isWhitespace: false, isIndention: false)
        }

        mutating func writeDoubleQuoted(_ s: String, allowBreaks: Bool) {
            writeIndicator("\"", needWhitespace: true, isWhitespace: false, isIndention: false)
            let chars = Array(s.unicodeScalars)
            var spaces = false
            for (i, c) in chars.enumerated() {
                if !ScalarAnalysis.isPrintable(c) || c == "\u{FEFF}" || ScalarAnalysis.isBreak(c) || c == "\"" || c == "\\" {
                    put("\\" + Self.escape(c))
                    spaces = false
                } else if c == " " {
                    if allowBreaks && !spaces && column > Self.bestWidth && i != 0 && i != chars.count - 1 {
                        writeIndent()
                        if i + 1 < chars.count && chars[i + 1] == " " { put("\\") }
                    } else {
                        put(" ")
                    }
                    spaces = true
                } else {
                    put(String(c))
                    spaces = false
                }
            }
            writeIndicator("\"", needWhitespace: false, isWhitespace: false, isIndention: false)
        }

        /// libyaml's escapes: the short ones, then \xXX, \uXXXX or \UXXXXXXXX in upper-case hex.
        static func escape(_ c: Unicode.Scalar) -> String {
            switch c.value {
            case 0x00: return "0"
            case 0x07: return "a"
            case 0x08: return "b"
            case 0x09: return "t"
            case 0x0A: return "n"
            case 0x0B: return "v"
            case 0x0C: return "f"
            case 0x0D: return "r"
            case 0x1B: return "e"
            case 0x22: return "\""
            case 0x5C: return "\\"
            case 0x85: return "N"
            case 0xA0: return "_"
            case 0x2028: return "L"
            case 0x2029: return "P"
            default:
                let (prefix, width) = c.value <= 0xFF ? ("x", 2) : c.value <= 0xFFFF ? ("u", 4) : ("U", 8)
                let hex = String(c.value, radix: 16, uppercase: true)
                return prefix + String(repeating: "0", count: width - hex.count) + hex
            }
        }
    }

    /// Python orders str keys by code point.
    static func pythonOrder(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }
}

/// libyaml's yaml_emitter_analyze_scalar, for block context: which styles can write a string.
struct ScalarAnalysis {
    var multiline = false
    var blockPlainAllowed = true
    var singleQuotedAllowed = true

    init(_ s: String) {
        let chars = Array(s.unicodeScalars)
        if chars.isEmpty { return }
        var indicators = s.hasPrefix("---") || s.hasPrefix("...")
        var lineBreaks = false, specialCharacters = false
        var leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false
        var breakSpace = false, spaceBreak = false, previousSpace = false, previousBreak = false
        var precededByWhitespace = true
        func blankOrEnd(_ i: Int) -> Bool { i >= chars.count || chars[i] == " " || chars[i] == "\t" || Self.isBreak(chars[i]) }
        var followedByWhitespace = blankOrEnd(1)
        for (i, c) in chars.enumerated() {
            if i == 0 {
                if "#,[]{}&*!|>'\"%@`".unicodeScalars.contains(c) { indicators = true }
                if (c == "?" || c == ":" || c == "-") && followedByWhitespace { indicators = true }
            } else {
                if c == ":" && followedByWhitespace { indicators = true }
                if c == "#" && precededByWhitespace { indicators = true }
            }
            if !Self.isPrintable(c) { specialCharacters = true }
            if Self.isBreak(c) { lineBreaks = true }
            if c == " " {
                if i == 0 { leadingSpace = true }
                if i == chars.count - 1 { trailingSpace = true }
                if previousBreak { breakSpace = true }
                previousSpace = true
                previousBreak = false
            } else if Self.isBreak(c) {
                if i == 0 { leadingBreak = true }
                if i == chars.count - 1 { trailingBreak = true }
                if previousSpace { spaceBreak = true }
                previousSpace = false
                previousBreak = true
            } else {
                previousSpace = false
                previousBreak = false
            }
            precededByWhitespace = c == " " || c == "\t" || Self.isBreak(c)
            followedByWhitespace = blankOrEnd(i + 2)
        }
        multiline = lineBreaks
        if leadingSpace || leadingBreak || trailingSpace || trailingBreak || lineBreaks || indicators { blockPlainAllowed = false }
        if breakSpace || spaceBreak || specialCharacters { blockPlainAllowed = false; singleQuotedAllowed = false }
    }

    /// libyaml's IS_PRINTABLE: LF, printable ASCII, U+00A0-U+D7FF, U+E000-U+FFFD but the BOM.
    /// Tabs, CR, U+0085 and everything beyond the BMP are not.
    static func isPrintable(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x0A, 0x20...0x7E, 0xA0...0xD7FF: return true
        case 0xE000...0xFFFD: return c.value != 0xFEFF
        default: return false
        }
    }

    static func isBreak(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x0A, 0x0D, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }
}

/// ruamel.yaml's resolver for YAML 1.2 (the one its safe dumper uses): a string that would read
/// back as a boolean, number, null, timestamp, merge key or `=` must be quoted.
enum YAMLResolver {
    static func isPlainString(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first else { return false }  // '' reads as null
        // Python's `$` also matches before one final newline; such a string is quoted anyway.
        let patterns: [(String, String)] = [
            ("tTfF", #"^(?:true|True|TRUE|false|False|FALSE)$"#),
            ("-+0123456789.", #"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"#),
            ("-+0123456789", #"^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$"#),
            ("<", #"^(?:<<)$"#),
            ("~nN", #"^(?:~|null|Null|NULL)$"#),
            ("0123456789", #"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$"#),
            ("=", #"^(?:=)$"#),
        ]
        for (firsts, pattern) in patterns where firsts.unicodeScalars.contains(first) {
            if s.range(of: pattern, options: .regularExpression) != nil { return false }
        }
        return true
    }
}
