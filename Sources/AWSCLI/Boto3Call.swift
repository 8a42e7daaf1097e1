import SecretsCore
import SecretsModel

/// A call as boto3 makes it: `client.replicate_secret_to_regions(SecretId='x', AddReplicaRegions=[{'Region': 'eu-west-3'}])`,
/// for `explain` and `use trace on`. Sensitive members (the model's) are masked unless revealed.
public enum Boto3Call {
    public static func render(operation: SecretsModel.Operation, body: JSONValue, reveal: Bool = true) -> String {
        var arguments: [String] = []
        if case .object(let members) = body {
            for (key, value) in members {
                let sensitive = operation.model.inputMember(key)?.shape.sensitive == true
                if sensitive, !reveal {
                    arguments.append("\(key)=\(python(.string(SensitiveMembers.mask)))")
                } else if key == "SecretBinary", case .string(let base64) = value {
                    // boto3 takes bytes and encodes them itself; the request carries base64.
                    arguments.append("\(key)=base64.b64decode(\(python(.string(base64))))")
                } else {
                    arguments.append("\(key)=\(python(value))")
                }
            }
        }
        return "client.\(snakeCase(operation.rawValue))(\(arguments.joined(separator: ", ")))"
    }

    /// botocore's `xform_name` for the operation names of this model (no acronyms in them):
    /// `ReplicateSecretToRegions` becomes `replicate_secret_to_regions`.
    public static func snakeCase(_ name: String) -> String {
        var out = ""
        for (i, c) in name.enumerated() {
            if c.isUppercase, i > 0 { out.append("_") }
            out.append(contentsOf: c.lowercased())
        }
        return out
    }

    /// A Python literal, as `repr` writes it.
    static func python(_ v: JSONValue) -> String {
        switch v {
        case .null: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .number(let n): return JSONValue.formatNumber(n)
        case .string(let s): return pythonString(s)
        case .array(let items): return "[" + items.map(python).joined(separator: ", ") + "]"
        case .object(let members):
            return "{" + members.map { "\(pythonString($0.0)): \(python($0.1))" }.joined(separator: ", ") + "}"
        }
    }

    static func pythonString(_ s: String) -> String {
        var out = "'"
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 || c.value == 0x7F {
                    out += "\\x" + (c.value < 0x10 ? "0" : "") + String(c.value, radix: 16)
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "'"
    }
}
