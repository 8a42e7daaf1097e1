import Foundation

/// A value in the shared config files: a string, or an indented block of `key = value` lines
/// (`s3 =\n  max_concurrent_requests = 10`, and the entries of a `[services x]` section).
public enum ConfigValue: Sendable, Equatable {
    case string(String)
    case nested([String: String])

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}

/// One parsed INI file, read the way botocore reads it (Python's RawConfigParser plus botocore's
/// nested blocks), so a file that works with the aws CLI means the same here:
/// - full-line comments start with `#` or `;`; there are no inline comments (`region = x # y`
///   is the value `x # y`, as in botocore);
/// - `key = value` or `key: value`; keys are lowercased; keys and values are trimmed;
/// - a line indented deeper than its option continues the value;
/// - a repeated section or key in one section is an error, as in RawConfigParser's strict mode.
public struct ConfigFile: Sendable, Equatable {
    public struct Section: Sendable, Equatable {
        public let name: String
        public let line: Int
        public var values: [String: ConfigValue]
    }

    public let path: String
    public private(set) var sections: [Section] = []

    public init(path: String, text: String) throws(AWSConfigError) {
        self.path = path
        var current: Int?
        var option: (key: String, indent: Int, line: Int)?
        var raw: [String: String] = [:]
        var rawOrder: [String] = []

        func flush() throws(AWSConfigError) {
            guard let index = current else { return }
            for key in rawOrder {
                guard let value = raw[key] else { continue }
                sections[index].values[key] = try ConfigFile.interpret(value, path: path, line: sections[index].line)
            }
            raw = [:]
            rawOrder = []
        }

        var lineNumber = 0
        // "\r\n" is one Character in Swift, so CRLF files need it named as a separator.
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            // A blank line does not end a value: RawConfigParser keeps reading indented lines
            // after it into the same (nested) value.
            if trimmed.isEmpty { continue }
            if trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            let indent = line.prefix(while: { $0 == " " || $0 == "\t" }).count
            if let opt = option, indent > opt.indent {
                raw[opt.key, default: ""] += "\n" + trimmed
                continue
            }
            option = nil
            if trimmed.hasPrefix("["), let close = trimmed.lastIndex(of: "]"), close > trimmed.startIndex {
                let name = String(trimmed[trimmed.index(after: trimmed.startIndex)..<close])
                guard !name.isEmpty else { throw .configParse(path: path, line: lineNumber, message: "empty section name") }
                if sections.contains(where: { $0.name == name }) {
                    throw .configParse(path: path, line: lineNumber, message: "section [\(name)] appears twice")
                }
                try flush()
                sections.append(Section(name: name, line: lineNumber, values: [:]))
                current = sections.count - 1
                continue
            }
            guard current != nil else {
                throw .configParse(path: path, line: lineNumber, message: "a setting before any [section]")
            }
            guard let delimiter = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw .configParse(path: path, line: lineNumber, message: "expected 'name = value'")
            }
            let key = trimmed[..<delimiter].trimmingCharacters(in: .whitespaces).lowercased()
            let value = trimmed[trimmed.index(after: delimiter)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else { throw .configParse(path: path, line: lineNumber, message: "a setting with no name") }
            if raw[key] != nil {
                throw .configParse(path: path, line: lineNumber, message: "'\(key)' appears twice in one section")
            }
            raw[key] = value
            rawOrder.append(key)
            option = (key, indent, lineNumber)
        }
        try flush()
    }

    /// Reads the file at `path`; nil when there is no such file (a missing file is normal).
    public static func load(path: String) throws(AWSConfigError) -> ConfigFile? {
        // Only a regular file counts, as botocore's `os.path.isfile`: a directory is "no file".
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .configParse(path: path, line: 0, message: "cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .configParse(path: path, line: 0, message: "is not UTF-8")
        }
        return try ConfigFile(path: path, text: text)
    }

    public func section(_ name: String) -> Section? { sections.first { $0.name == name } }

    /// A value whose first line is empty is a nested block (botocore's `_parse_nested`).
    static func interpret(_ value: String, path: String, line: Int) throws(AWSConfigError) -> ConfigValue {
        guard value.hasPrefix("\n") else { return .string(value) }
        var nested: [String: String] = [:]
        for entry in value.split(separator: "\n") {
            let t = entry.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { continue }
            guard let eq = t.firstIndex(of: "=") else {
                throw .configParse(path: path, line: line, message: "nested setting '\(t)' has no '='")
            }
            nested[t[..<eq].trimmingCharacters(in: .whitespaces)] = t[t.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        }
        return .nested(nested)
    }
}

/// POSIX shell word splitting as Python's `shlex.split` does it (which botocore uses for
/// `credential_process` and section names): no shell runs, so no globbing or variables.
public enum ShellWords {
    public struct UnclosedQuote: Error, Sendable, Equatable {}

    public static func split(_ text: String) throws(UnclosedQuote) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        var escaping = false
        for ch in text {
            if escaping {
                // In double quotes a backslash escapes only `"` and `\`; elsewhere it is kept.
                if quote == "\"", ch != "\"", ch != "\\" { word.append("\\") }
                word.append(ch)
                escaping = false
                continue
            }
            switch quote {
            case "'":
                if ch == "'" { quote = nil } else { word.append(ch) }
            case "\"":
                if ch == "\"" { quote = nil } else if ch == "\\" { escaping = true } else { word.append(ch) }
            default:
                if ch == " " || ch == "\t" || ch == "\n" || ch == "\r" || ch == "\r\n" {
                    if inWord { words.append(word); word = ""; inWord = false }
                } else if ch == "'" || ch == "\"" {
                    quote = ch
                    inWord = true
                } else if ch == "\\" {
                    escaping = true
                    inWord = true
                } else {
                    word.append(ch)
                    inWord = true
                }
            }
        }
        if quote != nil || escaping { throw UnclosedQuote() }
        if inWord { words.append(word) }
        return words
    }
}

/// botocore passes config file paths through `expandvars` and `expanduser`; this does the same
/// against the injected environment, so tests never see the real home directory.
enum PathExpansion {
    static func expand(_ path: String, environment: [String: String]) -> String {
        var out = ""
        var chars = Array(path)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "$", i + 1 < chars.count {
                var name = ""
                var j = i + 1
                if chars[j] == "{" {
                    j += 1
                    while j < chars.count, chars[j] != "}" { name.append(chars[j]); j += 1 }
                    if j < chars.count, let value = environment[name] {
                        out += value
                        i = j + 1
                        continue
                    }
                } else {
                    while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { name.append(chars[j]); j += 1 }
                    if !name.isEmpty, let value = environment[name] {
                        out += value
                        i = j
                        continue
                    }
                }
            }
            out.append(c)
            i += 1
        }
        chars = Array(out)
        if chars.first == "~", chars.count == 1 || chars[1] == "/", let home = environment["HOME"] {
            return home + String(chars.dropFirst())
        }
        return out
    }
}
