import Foundation
import SecretsCore
import Yams

/// `--cli-input-yaml` documents, read with Yams (libyaml) into the ordered JSON a request body is:
/// mappings keep their order, scalars take YAML's types (`true`, `7`, `~`; quoted text stays text),
/// anchors and aliases resolve, a key given twice is an error as in the aws CLI v2.
public enum YAMLInput {
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public static func parse(_ text: String) throws(Failure) -> JSONValue {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch { throw Failure(message: describe(error)) }
        guard let root else { return .null }
        return try value(root)
    }

    private static func value(_ node: Node) throws(Failure) -> JSONValue {
        switch node {
        case .scalar(let s):
            if s.style == .plain || s.style == .any {
                if node.null != nil { return .null }
                if let b = node.bool { return .bool(b) }
                if let i = node.int { return .number(Double(i)) }
                if let f = node.float, f.isFinite { return .number(f) }
            }
            return .string(s.string)
        case .mapping(let m):
            var members: [(String, JSONValue)] = []
            for (k, v) in m {
                guard case .scalar(let key) = k else { throw Failure(message: "line \(k.mark?.line ?? 0): a key must be text") }
                members.append((key.string, try value(v)))
            }
            return .object(members)
        case .sequence(let items):
            var out: [JSONValue] = []
            for item in items { out.append(try value(item)) }
            return .array(out)
        case .alias(let a):
            throw Failure(message: "line \(a.mark?.line ?? 0): an alias that names no anchor")
        }
    }

    /// libyaml's problem and where, on one line (Yams's own description quotes the document).
    private static func describe(_ error: Error) -> String {
        guard let e = error as? YamlError else { return "\(error)" }
        switch e {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return "line \(mark.line), column \(mark.column): \(problem)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            return "line \(context.mark.line): the key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) is given twice"
        case .reader(let problem, _, _, _): return problem
        default: return "\(e)"
        }
    }
}
