import SecretsCore
import SecretsModel
import SourceText

/// `--generate-cli-skeleton` texts, built from the service model the way awscli builds them with
/// botocore's ArgumentGenerator: input with empty values (`""`, `0`, `true`, a blob `null`, an
/// enum's first value where botocore draws one at random), output with each string named after
/// its member (awscli's own output skeleton fails validation in 1.45.11, so botocore's generator is
/// the reference). yaml-input is the input as aws CLI v2 writes it.
/// What `--generate-cli-skeleton` (and smsh's `skeleton`) prints.
public enum SkeletonKind: String, Sendable, CaseIterable { case input, yamlInput = "yaml-input", output }

public enum Skeletons {
    public static func text(_ op: SecretsModel.Operation, _ kind: SkeletonKind) -> String {
        let model = op.model
        switch kind {
        case .input: return value(model.inputShape, memberNames: false)?.prettyText(indent: 4) ?? ""
        case .yamlInput: return value(model.inputShape, memberNames: false).map { yaml($0) } ?? ""
        case .output: return value(model.outputShape, memberNames: true)?.prettyText(indent: 4) ?? ""
        }
    }

    /// What the CLI prints: the text and a newline, or nothing for an operation without that shape.
    public static func printed(_ op: SecretsModel.Operation, _ kind: SkeletonKind) -> String {
        let t = text(op, kind)
        return t.isEmpty ? "" : t + "\n"
    }

    /// The skeleton document of a shape; nil when the operation has no such shape.
    public static func value(_ shapeName: String?, memberNames: Bool) -> JSONValue? {
        guard let shapeName else { return nil }
        var stack: [String] = []
        return value(ServiceModel.shape(shapeName), memberNames: memberNames, name: "", stack: &stack)
    }

    private static func value(_ shape: Shape, memberNames: Bool, name: String, stack: inout [String]) -> JSONValue {
        stack.append(shape.name)
        defer { stack.removeLast() }
        switch shape.kind {
        case .structure:
            // A structure inside itself is cut short, as botocore does.
            if stack.filter({ $0 == shape.name }).count > 1 { return .object([]) }
            return .object(shape.members.map { m in (m.name, value(m.shape, memberNames: memberNames, name: m.name, stack: &stack)) })
        case .list:
            guard let element = shape.elementShape else { return .array([]) }
            return .array([value(element, memberNames: memberNames, name: memberNames ? element.name : "", stack: &stack)])
        case .map:
            guard let v = shape.value.map(ServiceModel.shape) else { return .object([]) }
            return .object([("KeyName", value(v, memberNames: memberNames, name: "", stack: &stack))])
        case .string:
            if memberNames { return .string(name) }
            return .string(shape.enumValues.first ?? "")
        case .integer, .long: return .number(0)
        case .boolean: return .bool(true)
        case .timestamp: return .string(memberNames ? "1970-01-01 00:00:00" : "1970-01-01T00:00:00")
        case .blob: return .null
        }
    }

    /// `replicate`, `ReplicateSecretToRegions` or `replicate-secret-to-regions`.
    public static func operation(named name: String) -> SecretsModel.Operation? {
        if let op = commandOperations[name] { return op }
        return ServiceModel.operation(named: name)?.operation
    }

    /// The operation each smsh command compiles to.
    static let commandOperations: [String: SecretsModel.Operation] = [
        "create": .createSecret, "replicate": .replicateSecretToRegions, "remove": .removeRegionsFromReplication,
        "promote": .stopReplicationToReplica, "describe": .describeSecret, "status": .describeSecret,
        "wait": .describeSecret, "get": .getSecretValue, "put": .putSecretValue, "update": .updateSecret,
        "delete": .deleteSecret, "restore": .restoreSecret, "list": .listSecrets,
        "tag": .tagResource, "untag": .untagResource, "versions": .listSecretVersionIds, "label": .updateSecretVersionStage,
        "password": .getRandomPassword, "rotate": .rotateSecret, "cancel": .cancelRotateSecret,
        "policy": .putResourcePolicy, "batch": .batchGetSecretValue,
    ]

    /// YAML as aws CLI v2 writes a skeleton: block style, sequences indented under their key,
    /// empty strings as `''`.
    static func yaml(_ v: JSONValue) -> String {
        var lines: [String] = []
        func scalar(_ v: JSONValue) -> String {
            switch v {
            case .null: return "null"
            case .bool(let b): return b ? "true" : "false"
            case .number(let n): return JSONValue.formatNumber(n)
            case .string(let s):
                let plain = !s.isEmpty && s.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || "0123456789-_/.".unicodeScalars.contains($0)) }
                    && !["true", "false", "null", "yes", "no", "on", "off", "~"].contains(s.lowercased()) && Double(s) == nil
                return plain ? s : "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
            case .array(let a) where a.isEmpty: return "[]"
            case .object(let m) where m.isEmpty: return "{}"
            default: return ""
            }
        }
        func isBlock(_ v: JSONValue) -> Bool {
            switch v {
            case .array(let a): return !a.isEmpty
            case .object(let m): return !m.isEmpty
            default: return false
            }
        }
        /// `first` prefixes the first line (a sequence item's "- "), `indent` the others.
        func emit(_ v: JSONValue, indent: String, first: String) {
            switch v {
            case .object(let members) where !members.isEmpty:
                for (i, (k, item)) in members.enumerated() {
                    let lead = i == 0 ? first : indent
                    if isBlock(item) {
                        lines.append(lead + k + ":")
                        emit(item, indent: indent + "  ", first: indent + "  ")
                    } else {
                        lines.append(lead + k + ": " + scalar(item))
                    }
                }
            case .array(let items) where !items.isEmpty:
                for item in items {
                    if isBlock(item) { emit(item, indent: indent + "  ", first: first.isEmpty ? indent + "- " : first + "- ") }
                    else { lines.append(indent + "- " + scalar(item)) }
                }
            default:
                lines.append(first + scalar(v))
            }
        }
        emit(v, indent: "", first: "")
        return lines.joined(separator: "\n")
    }
}
