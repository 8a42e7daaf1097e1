import SourceText
/// Removes secret values from source text before it is kept or shown (the REPL's history, the
/// line a diagnostic quotes): the argument of `value`
/// and the expression after `json` in create/put, and the word after `--secret-string` or
/// `--secret-binary` anywhere (a pasted aws CLI line), or after `--cli-input-json` /
/// `--cli-input-yaml` when that document names SecretString or SecretBinary. Each becomes `********`, which does not
/// parse, so a recalled entry can never store the mask as a secret by accident. A bare
/// `$variable` is kept: it is a name, not a value.
public enum SourceRedactor {
    static let mask = Value.mask
    static let createOptions = Set(Keyword.options[.create] ?? [])

    public static func redact(_ text: String) -> String {
        var bytes = Array(text.utf8)
        var spans = commandSpans(bytes) + cliSpans(bytes)
        spans.sort { $0.lowerBound > $1.lowerBound }
        var lastStart = Int.max
        for span in spans where span.upperBound <= lastStart && !span.isEmpty {
            bytes.replaceSubrange(span, with: Array(mask.utf8))
            lastStart = span.lowerBound
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The spans `redact` masks, each byte replaced by `*` rather than the span by the mask: for
    /// quoting a line in a diagnostic, where the caret's column must stay where it was.
    public static func maskKeepingColumns(_ text: String) -> String {
        var bytes = Array(text.utf8)
        for span in commandSpans(bytes) + cliSpans(bytes) {
            for i in span where bytes.indices.contains(i) { bytes[i] = UInt8(ascii: "*") }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func commandSpans(_ bytes: [UInt8]) -> [Range<Int>] {
        let tokens = InputTokens(bytes).tokens
        func offset(_ t: InputToken) -> Int { t.start }
        var spans: [Range<Int>] = []
        var statementCommand: String?
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            switch t.kind {
            case .newline, .semicolon, .lbrace, .rbrace:
                statementCommand = nil
            case .word where t.text == "create" || t.text == "put":
                statementCommand = t.text
            case .word where t.text == "value" && i + 1 < tokens.count && tokens[i + 1].kind == .word && tokens[i + 1].text == "prompt":
                // `value prompt` holds no value: the user types it when the command runs.
                i += 2
                continue
            case .word where (t.text == "value" || t.text == "json") && statementCommand != nil && i + 1 < tokens.count:
                let first = i + 1
                let end = t.text == "value" ? endOfArgument(tokens, from: first) : endOfJSON(tokens, from: first, in: statementCommand)
                let pureVariable = tokens[first].kind == .variable && endOfArgument(tokens, from: first) == end
                if end > first, !pureVariable {
                    let from = offset(tokens[first])
                    var to = end < tokens.count ? offset(tokens[end]) : bytes.count
                    while to > from, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[to - 1]) { to -= 1 }
                    if to > from { spans.append(from..<to) }
                }
                i = max(i + 1, end)
                continue
            default: break
            }
            i += 1
        }
        return spans
    }

    /// One argument: a token, a `$var` with `.field`/`[i]`, or a bracketed expression.
    static func endOfArgument(_ tokens: [InputToken], from start: Int) -> Int {
        var i = start
        guard i < tokens.count else { return start }
        switch tokens[i].kind {
        case .newline, .semicolon, .rbrace, .rparen: return start
        case .lparen, .lbracket, .lbrace: return matching(tokens, from: i)
        case .variable:
            i += 1
            while i < tokens.count, !tokens[i].spaceBefore {
                if tokens[i].kind == .dot, i + 1 < tokens.count { i += 2 }
                else if tokens[i].kind == .lbracket { i = matching(tokens, from: i) }
                else { break }
            }
            return i
        default: return i + 1
        }
    }

    /// The expression after `json`: to the end of the statement, or to the next option of create.
    static func endOfJSON(_ tokens: [InputToken], from start: Int, in command: String?) -> Int {
        var i = start
        var depth = 0
        while i < tokens.count {
            let t = tokens[i]
            switch t.kind {
            case .lparen, .lbracket, .lbrace: depth += 1
            case .rparen, .rbracket, .rbrace:
                if depth == 0 { return i }
                depth -= 1
            case .newline, .semicolon:
                if depth == 0 { return i }
            case .word where depth == 0 && command == "create" && createOptions.contains(t.text) && i > start:
                return i
            default: break
            }
            i += 1
        }
        return i
    }

    static func matching(_ tokens: [InputToken], from open: Int) -> Int {
        var depth = 0
        var i = open
        while i < tokens.count {
            switch tokens[i].kind {
            case .lparen, .lbracket, .lbrace: depth += 1
            case .rparen, .rbracket, .rbrace:
                depth -= 1
                if depth == 0 { return i + 1 }
            default: break
            }
            i += 1
        }
        return i
    }

    /// `--secret-string VALUE` / `--secret-string=VALUE`, quoted or not, in any text.
    static func cliSpans(_ bytes: [UInt8]) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        // A request document typed inline may hold the value too; a file:// path is kept.
        for flag in ["--secret-string", "--secret-binary", "--cli-input-json", "--cli-input-yaml"] {
            let whole = flag.hasPrefix("--secret-")
            let f = Array(flag.utf8)
            var i = 0
            while i + f.count <= bytes.count {
                guard bytes[i..<(i + f.count)].elementsEqual(f) else { i += 1; continue }
                var j = i + f.count
                guard j < bytes.count, [0x20, 0x09, UInt8(ascii: "=")].contains(bytes[j]) else { i = j; continue }
                while j < bytes.count, [0x20, 0x09, UInt8(ascii: "=")].contains(bytes[j]) { j += 1 }
                let start = j
                if j < bytes.count, bytes[j] == UInt8(ascii: "'") || bytes[j] == UInt8(ascii: "\"") {
                    let quote = bytes[j]
                    j += 1
                    while j < bytes.count, bytes[j] != quote {
                        if bytes[j] == UInt8(ascii: "\\"), quote == UInt8(ascii: "\"") { j += 1 }
                        j += 1
                    }
                    j = min(bytes.count, j + 1)
                } else {
                    while j < bytes.count, ![0x20, 0x09, 0x0A, UInt8(ascii: "\""), UInt8(ascii: "'")].contains(bytes[j]) { j += 1 }
                }
                if j > start {
                    let value = String(decoding: bytes[start..<j], as: UTF8.self)
                    if whole || (value.contains("SecretString") || value.contains("SecretBinary")) { spans.append(start..<j) }
                }
                i = j
            }
        }
        return spans
    }
}

extension DiagnosticRenderer {
    /// A renderer that masks secret values in quoted source lines unless `reveal` (`use reveal on`).
    public init(files: SourceFiles, color: Bool, reveal: Bool = false) {
        if reveal {
            self.init(files: files, color: color, maskLine: { $0 })
        } else {
            self.init(files: files, color: color, maskLine: { SourceRedactor.maskKeepingColumns($0) })
        }
    }
}
