import Foundation
import SecretsCore
import SecretsSimulator

/// The values a rehearsal holds in place of secret values: never the value itself, but one of the
/// same shape, so that a runbook that reads `$v.password` or checks a length behaves as it would.
public enum Placeholder {
    /// What every version read from AWS holds: the read-only calls a rehearsal may make say
    /// nothing of a value, not even whether it is text or binary.
    public static let unknown = SecretContent.string("rehearsal-placeholder")

    /// A value of the same kind and length: binary as that many zero bytes; text as that many
    /// `x`, except JSON text, whose keys, punctuation, spacing, `true`/`false`/`null` stay, every
    /// character of a string value becomes `x` and every digit `1` (so it is still JSON, with the
    /// same keys and the same length).
    public static func like(_ value: SecretContent) -> SecretContent {
        switch value {
        case .binary(let data): return .binary(Data(count: data.count))
        case .string(let text):
            if let first = text.first(where: { !$0.isWhitespace }), first == "{" || first == "[", (try? JSONValue.parse(text)) != nil {
                return .string(json(text))
            }
            return .string(String(repeating: "x", count: text.count))
        }
    }

    /// Rewrites JSON text known to be valid, one character at a time.
    static func json(_ text: String) -> String {
        enum Container { case object(expectingKey: Bool), array }
        var stack: [Container] = []
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var inString = false, isKey = false, escaped = false
        for c in text {
            if inString {
                if escaped {
                    escaped = false
                    out.append(isKey ? c : "x")
                } else if c == "\\" {
                    escaped = true
                    out.append(isKey ? c : "x")
                } else if c == "\"" {
                    inString = false
                    out.append(c)
                } else {
                    out.append(isKey ? c : "x")
                }
                continue
            }
            switch c {
            case "\"":
                inString = true
                if case .object(let expectingKey)? = stack.last { isKey = expectingKey } else { isKey = false }
                out.append(c)
            case "{":
                stack.append(.object(expectingKey: true))
                out.append(c)
            case "[":
                stack.append(.array)
                out.append(c)
            case "}", "]":
                _ = stack.popLast()
                out.append(c)
            case ":":
                if case .object? = stack.last { stack[stack.count - 1] = .object(expectingKey: false) }
                out.append(c)
            case ",":
                if case .object? = stack.last { stack[stack.count - 1] = .object(expectingKey: true) }
                out.append(c)
            case "0"..."9":
                out.append("1")
            default:
                out.append(c)
            }
        }
        return out
    }
}
