import SecretsCore

/// The aws CLI command line equivalent to a ClientCall (`explain`): each body member becomes
/// `--kebab-name`, lists of structures use shorthand (`Region=eu-west-3,KmsKeyId=alias/x`),
/// booleans become `--flag` / `--no-flag`.
public enum CLILine {
    public static func render(_ call: ClientCall, reveal: Bool = true) -> String {
        var words = ["aws", "secretsmanager", call.operation.cliName]
        if case .object(let members) = call.body {
            for (key, value) in members {
                let option = "--" + kebab(key)
                switch value {
                case .bool(let b):
                    words.append(b ? option : "--no-" + kebab(key))
                case .array(let items):
                    words.append(option)
                    for item in items { words.append(quote(shorthand(item))) }
                case .string(let s):
                    words.append(option)
                    words.append(quote(Value.secretFields.contains(key) && !reveal ? Value.mask : s))
                case .number(let n):
                    words += [option, JSONValue.formatNumber(n)]
                case .object, .null:
                    words += [option, quote(value.compactText())]
                }
            }
        }
        words += ["--region", call.region]
        return words.joined(separator: " ")
    }

    static func kebab(_ name: String) -> String {
        var out = ""
        let chars = Array(name)
        for (i, ch) in chars.enumerated() {
            // `KmsKeyId` → kms-key-id; runs of capitals (`ARN`) stay one word.
            if ch.isUppercase, i > 0, !(chars[i - 1].isUppercase && (i + 1 >= chars.count || chars[i + 1].isUppercase)) {
                if !chars[i - 1].isUppercase || (i + 1 < chars.count && chars[i + 1].isLowercase) { out += "-" }
            }
            out += ch.lowercased()
        }
        return out
    }

    static func shorthand(_ v: JSONValue) -> String {
        switch v {
        case .object(let members):
            return members.map { k, val -> String in
                switch val {
                case .array(let a): return "\(k)=" + a.map { shorthandScalar($0) }.joined(separator: ",")
                default: return "\(k)=\(shorthandScalar(val))"
                }
            }.joined(separator: ",")
        default: return shorthandScalar(v)
        }
    }

    static func shorthandScalar(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): return s.contains(",") ? s.replacingOccurrences(of: ",", with: "\\,") : s
        case .number(let n): return JSONValue.formatNumber(n)
        case .bool(let b): return b ? "true" : "false"
        default: return v.compactText()
        }
    }

    /// POSIX shell quoting, only when needed.
    static func quote(_ s: String) -> String {
        let safe = s.utf8.allSatisfy { c in
            Lexer.isWordByte(c) || c == UInt8(ascii: ",") || c == UInt8(ascii: "%")
        }
        if !s.isEmpty, safe { return s }
        return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
