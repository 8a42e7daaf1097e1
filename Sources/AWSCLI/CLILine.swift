import SecretsCore
import SecretsModel
import SourceText

/// The aws CLI command line equivalent to a ClientCall (`explain`): each body member becomes
/// `--kebab-name`, lists of structures use shorthand (`Region=eu-west-3,KmsKeyId=alias/x`),
/// booleans become `--flag` / `--no-flag`.
public enum CLILine {
    /// `reveal` false shows the model's sensitive members (SecretString, ...) as the mask.
    public static func render(operation: SecretsModel.Operation, region: String, body: JSONValue, reveal: Bool = true) -> String {
        var words = ["aws", "secretsmanager", operation.cliName]
        if case .object(let members) = body {
            for (key, value) in members {
                let member = operation.model.inputMember(key)
                let name = member?.cliName ?? key.lowercased()
                let option = "--" + name
                switch value {
                case .bool(let b):
                    words.append(b ? option : "--no-" + name)
                case .array(let items):
                    words.append(option)
                    for item in items { words.append(quote(shorthand(item))) }
                case .string(let s):
                    words.append(option)
                    words.append(quote(member?.shape.sensitive == true && !reveal ? SensitiveMembers.mask : s))
                case .number(let n):
                    words += [option, JSONValue.formatNumber(n)]
                case .object, .null:
                    words += [option, quote(value.compactText())]
                }
            }
        }
        words += ["--region", region]
        return words.joined(separator: " ")
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
        // What a POSIX shell leaves alone: letters, digits and /_+=.@:-,%
        let safe = s.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A) || "/_+=.@:-,%".utf8.contains(c)
        }
        if !s.isEmpty, safe { return s }
        return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
