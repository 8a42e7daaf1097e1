import SecretsCore
import SecretsModel

/// What the aws CLI prints for a response.
public enum AWSCLIOutput {
    /// The response as botocore hands it to the CLI: only the model's members, in the model's
    /// order, without nulls (moto sends `"DeletedDate": null` and an unmodelled
    /// `SecretVersionsToStages`; botocore's parser drops both). The output skeleton of the
    /// operation is the shape: it holds every member in model order, and a map shows as a
    /// single `KeyName` member.
    public static func shaped(_ response: JSONValue, operation: Operation) -> JSONValue {
        guard let sk = Skeletons.byOperation[operation.rawValue], let shape = try? JSONValue.parse(sk.output) else {
            return response
        }
        return prune(response, shape) ?? .object([])
    }

    static func prune(_ v: JSONValue, _ shape: JSONValue) -> JSONValue? {
        switch (v, shape) {
        case (.null, _): return nil
        case (.object(let members), .object(let fields)):
            if fields.count == 1, fields[0].0 == "KeyName" {
                return .object(members.compactMap { k, val in prune(val, fields[0].1).map { (k, $0) } })
            }
            var out: [(String, JSONValue)] = []
            for (name, sub) in fields {
                if let val = v[name], let p = prune(val, sub) { out.append((name, p)) }
            }
            return .object(out)
        case (.array(let items), .array(let sub)):
            guard let elementShape = sub.first else { return v }
            return .array(items.compactMap { prune($0, elementShape) })
        default:
            return v
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
