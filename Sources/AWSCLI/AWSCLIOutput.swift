import SecretsCore
import SecretsModel
import SourceText

/// What the aws CLI prints for a response.
public enum AWSCLIOutput {
    /// The response as botocore hands it to the CLI: only the model's members, in the model's
    /// order, without nulls (moto sends `"DeletedDate": null` and an unmodelled
    /// `SecretVersionsToStages`; botocore's parser drops both).
    public static func shaped(_ response: JSONValue, operation: SecretsModel.Operation) -> JSONValue {
        guard let output = operation.model.outputShape else { return response }
        return prune(response, ServiceModel.shape(output)) ?? .object([])
    }

    static func prune(_ v: JSONValue, _ shape: Shape) -> JSONValue? {
        switch (v, shape.kind) {
        case (.null, _): return nil
        case (.object(let members), .map):
            guard let valueShape = shape.value.map(ServiceModel.shape) else { return v }
            return .object(members.compactMap { k, val in prune(val, valueShape).map { (k, $0) } })
        case (.object, .structure):
            return .object(shape.members.compactMap { m in v[m.name].flatMap { prune($0, m.shape) }.map { (m.name, $0) } })
        case (.array(let items), .list):
            guard let element = shape.elementShape else { return v }
            return .array(items.compactMap { prune($0, element) })
        default:
            return v
        }
    }

    /// A result printed in one of the CLI's output formats.
    public static func render(_ v: JSONValue, format: String, operation: SecretsModel.Operation, terminalWidth: Int = 80) -> String {
        switch format {
        case "text": return text(v)
        case "table": return AWSCLITable.render(v, operation: operation.rawValue, terminalWidth: terminalWidth)
        case "yaml": return AWSCLIYAML.document(v)
        case "yaml-stream": return AWSCLIYAML.streamItem(v)
        default: return json(v)
        }
    }

    /// `json.dump(response, indent=4, ensure_ascii=False)` and a newline; an empty response
    /// prints nothing, as awscli's JSONFormatter does.
    public static func json(_ v: JSONValue) -> String {
        if case .object(let m) = v, m.isEmpty { return "" }
        return v.prettyText(indent: 4) + "\n"
    }

    /// awscli/text.py: scalars of an object on one tab-separated line (sorted by key), prefixed
    /// by the upper-cased key that led there; lists of objects share one column set.
    public static func text(_ v: JSONValue) -> String {
        var out = ""
        formatText(v, identifier: nil, scalarKeys: nil, into: &out)
        return out
    }

    static func isScalar(_ v: JSONValue) -> Bool {
        switch v {
        case .object, .array: return false
        default: return true
        }
    }

    /// Python's `str()` of what json.loads made.
    static func str(_ v: JSONValue) -> String {
        switch v {
        case .null: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .number(let n): return JSONValue.formatNumber(n)
        case .string(let s): return s
        default: return v.compactText()
        }
    }

    static func formatText(_ v: JSONValue, identifier: String?, scalarKeys: [String]?, into out: inout String) {
        switch v {
        case .object(let members):
            var scalars: [String] = []
            var nonScalars: [(String, JSONValue)] = []
            if let scalarKeys {
                for k in scalarKeys { scalars.append(v[k].map(str) ?? "") }
                let rest = Set(members.map(\.0)).subtracting(scalarKeys).sorted()
                for k in rest { if let val = v[k] { nonScalars.append((k, val)) } }
            } else {
                for (k, val) in members.sorted(by: { $0.0 < $1.0 }) {
                    if isScalar(val) { scalars.append(str(val)) } else { nonScalars.append((k, val)) }
                }
            }
            if !scalars.isEmpty {
                if let identifier { scalars.insert(identifier.uppercased(), at: 0) }
                out += scalars.joined(separator: "\t") + "\n"
            }
            for (k, val) in nonScalars { formatText(val, identifier: k, scalarKeys: nil, into: &out) }
        case .array(let items):
            if items.isEmpty { return }
            if items.contains(where: { if case .object = $0 { return true } else { return false } }) {
                var keys = Set<String>()
                for case .object(let m) in items { for (k, val) in m where isScalar(val) { keys.insert(k) } }
                let all = keys.sorted()
                for item in items { formatText(item, identifier: identifier, scalarKeys: all, into: &out) }
            } else if items.contains(where: { if case .array = $0 { return true } else { return false } }) {
                let scalars = items.filter(isScalar)
                if !scalars.isEmpty { scalarList(scalars, identifier, &out) }
                for item in items where !isScalar(item) { formatText(item, identifier: identifier, scalarKeys: nil, into: &out) }
            } else {
                scalarList(items, identifier, &out)
            }
        default:
            out += str(v) + "\n"
        }
    }

    static func scalarList(_ items: [JSONValue], _ identifier: String?, _ out: inout String) {
        if let identifier {
            for item in items { out += "\(identifier.uppercased())\t\(str(item))\n" }
        } else {
            out += items.map(str).joined(separator: "\t") + "\n"
        }
    }
}
