import Foundation
import SecretsCore
import SigV4

/// Renders requests and responses for `--debug` so that no credential, signature or secret value
/// is ever printed: what a user pastes into an issue must be safe to paste.
public enum Redaction {
    public static let placeholder = "<redacted>"

    /// Headers whose whole value is a credential.
    public static let secretHeaders: Set<String> = ["x-amz-security-token", "proxy-authorization", "cookie", "set-cookie"]

    /// Authorization keeps its shape and scope (useful for a Region or clock mismatch) but loses
    /// the access key id and the signature.
    public static func redactHeader(_ field: HTTPField) -> HTTPField {
        let name = field.name.lowercased()
        if name == "authorization" {
            var parts: [String] = []
            for part in field.value.split(separator: ",") {
                let p = part.trimmingCharacters(in: .whitespaces)
                if let r = p.range(of: "Credential=") {
                    let prefix = p[..<r.upperBound]
                    let scope = p[r.upperBound...].split(separator: "/", maxSplits: 1).dropFirst().first.map { "/" + $0 } ?? ""
                    parts.append("\(prefix)\(placeholder)\(scope)")
                } else if p.hasPrefix("Signature=") {
                    parts.append("Signature=\(placeholder)")
                } else if p.hasPrefix("SignedHeaders=") {
                    parts.append(p)
                } else {
                    // Anything unexpected is withheld rather than guessed safe.
                    parts.append(placeholder)
                }
            }
            return HTTPField(field.name, parts.joined(separator: ", "))
        }
        if secretHeaders.contains(name) { return HTTPField(field.name, placeholder) }
        return field
    }

    public static func redactHeaders(_ headers: [HTTPField]) -> [HTTPField] { headers.map(redactHeader) }

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

    /// A multi-line rendering of a prepared request.
    public static func render(_ request: PreparedRequest) -> String {
        var lines = ["\(request.method) \(request.url)"]
        for h in redactHeaders(request.headers) { lines.append("\(h.name): \(h.value)") }
        let body = redactBody(request.body)
        if !body.isEmpty { lines.append(""); lines.append(body) }
        return lines.joined(separator: "\n")
    }

    /// A multi-line rendering of a response.
    public static func renderResponse(status: Int, headers: [HTTPField], body: [UInt8]) -> String {
        var lines = ["HTTP \(status)"]
        for h in redactHeaders(headers) { lines.append("\(h.name): \(h.value)") }
        let text = redactBody(body)
        if !text.isEmpty { lines.append(""); lines.append(text) }
        return lines.joined(separator: "\n")
    }

    /// The one `--debug` line per call: method, target, Region, status, time, request id and the
    /// redacted response body.
    public static func summaryLine(request: PreparedRequest, status: Int, elapsed: TimeInterval, requestId: String?, responseBody: [UInt8]) -> String {
        let ms = Int((elapsed * 1000).rounded())
        return "\(request.method) \(request.operation.target) \(request.region) -> \(status) in \(ms) ms"
            + " id=\(requestId ?? "-") body=\(redactBody(responseBody))"
    }
}
