import SecretsCore

/// Redacts the request and response bodies `--debug` prints (its only output of a call's
/// content: headers, credentials and signatures are never printed) so that no secret value is
/// ever shown: what a user pastes into an issue must be safe to paste.
public enum Redaction {
    public static let placeholder = "<redacted>"

    /// The body as compact JSON with sensitive members replaced (matched at any depth, so
    /// BatchGetSecretValue's SecretValues list is covered too); a body that is not JSON is
    /// summarised, never shown, since it cannot be checked.
    public static func redactBody(_ body: [UInt8]) -> String {
        if body.isEmpty { return "" }
        guard let json = try? JSONValue.parse(body) else { return "<\(body.count) bytes, not JSON, withheld>" }
        return redact(json).compactText()
    }

    public static func redact(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            return .object(members.map { key, v in (key, SensitiveMembers.names.contains(key) ? .string(placeholder) : redact(v)) })
        case .array(let items):
            return .array(items.map(redact))
        default:
            return value
        }
    }
}
