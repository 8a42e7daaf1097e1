import Foundation
import SecretsModel

/// Checks a request body against the service model before it is sent, as botocore's
/// ParamValidator does, with its wording: the aws CLI prints exactly these lines, so a user who
/// knows the CLI recognises them. Like botocore it checks presence, names, types, and minimum
/// lengths and values; maxima, patterns and enums are the service's to check.
public enum RequestValidation {
    /// One line of botocore's report, and the top-level member it is about (nil for the input
    /// as a whole), so that a front end can point at the argument that gave it.
    public struct Problem: Sendable, Equatable {
        public let member: String?
        /// The item of that member's list the problem is in ("AddReplicaRegions[1].Region": 1).
        public let itemIndex: Int?
        public let message: String
    }

    /// The problems of `body` as `operation`'s input, in botocore's order; empty when it is valid.
    public static func problems(_ operation: SecretsModel.Operation, _ body: JSONValue) -> [Problem] {
        var out: [String] = []
        if let shape = operation.model.inputShape {
            var path = ParameterPath()
            check(body, ServiceModel.shape(shape), path: &path, into: &out)
        }
        return out.map { message in
            let member = topLevelMember(of: message)
            var index: Int?
            if let member, let r = message.range(of: member + "[") {
                index = Int(message[r.upperBound...].prefix { $0.isNumber })
            }
            return Problem(member: member, itemIndex: index, message: message)
        }
    }

    /// botocore's ParamValidationError text: "Parameter validation failed:" and one line each.
    public static func report(_ problems: [Problem]) -> String {
        "Parameter validation failed:\n" + problems.map(\.message).joined(separator: "\n")
    }

    /// "Invalid length for parameter AddReplicaRegions[0].Region, ..." is about AddReplicaRegions;
    /// "Missing required parameter in input: ..." about no one member.
    private static func topLevelMember(of message: String) -> String? {
        guard let r = message.range(of: "parameter in ") ?? message.range(of: "parameter ") else { return nil }
        let name = message[r.upperBound...].prefix { $0 != "." && $0 != "[" && $0 != "," && $0 != ":" && $0 != " " }
        return name == "input" || name.isEmpty ? nil : String(name)
    }

    /// Where a parameter is, as botocore names it (`AddReplicaRegions[0].Region`). The name is
    /// made only for a message: checking a valid request builds no string.
    private struct ParameterPath {
        enum Step {
            case member(String)
            case item(Int)
            case key(String)
        }
        var steps: [Step] = []

        var name: String {
            var out = ""
            for step in steps {
                switch step {
                case .member(let m): out += ".\(m)"
                case .item(let i): out += "[\(i)]"
                case .key(let k): out += " (key: \(k))"
                }
            }
            return out
        }

        /// The name in a message: `input` for the whole request.
        var shown: String {
            let name = self.name
            return name.isEmpty ? "input" : name.hasPrefix(".") ? String(name.dropFirst()) : name
        }

        mutating func with(_ step: Step, _ body: (inout ParameterPath) -> Void) {
            steps.append(step)
            body(&self)
            steps.removeLast()
        }
    }

    private static func check(_ value: JSONValue, _ shape: Shape, path: inout ParameterPath, into out: inout [String]) {
        switch shape.kind {
        case .structure:
            guard case .object(let members) = value else { return typeError(value, path, ["<class 'dict'>"], &out) }
            for r in shape.required where !members.contains(where: { $0.0 == r }) {
                out.append("Missing required parameter in \(path.shown): \"\(r)\"")
            }
            var known: [(Member, JSONValue)] = []
            for (k, v) in members {
                if let m = shape.member(k) { known.append((m, v)) } else {
                    out.append("Unknown parameter in \(path.shown): \"\(k)\", must be one of: \(shape.members.map(\.name).joined(separator: ", "))")
                }
            }
            for (m, v) in known { path.with(.member(m.name)) { check(v, m.shape, path: &$0, into: &out) } }
        case .list:
            guard case .array(let items) = value else { return typeError(value, path, ["<class 'list'>", "<class 'tuple'>"], &out) }
            minimum(items.count, shape, path, "Invalid length", "length", &out)
            if let element = shape.elementShape {
                for (i, item) in items.enumerated() { path.with(.item(i)) { check(item, element, path: &$0, into: &out) } }
            }
        case .map:
            guard case .object(let entries) = value else { return typeError(value, path, ["<class 'dict'>"], &out) }
            minimum(entries.count, shape, path, "Invalid length", "length", &out)
            if let k = shape.key.map(ServiceModel.shape), let v = shape.value.map(ServiceModel.shape) {
                for (key, item) in entries {
                    path.with(.key(key)) { check(.string(key), k, path: &$0, into: &out) }
                    path.with(.member(key)) { check(item, v, path: &$0, into: &out) }
                }
            }
        case .string:
            guard case .string(let s) = value else { return typeError(value, path, ["<class 'str'>"], &out) }
            if shape.min != nil { minimum(s.unicodeScalars.count, shape, path, "Invalid length", "length", &out) }
        case .integer, .long:
            // Python's bool is an int: botocore lets true stand for 1.
            let n: Double
            switch value {
            case .number(let x) where x == x.rounded() && abs(x) < 9.3e18: n = x
            case .bool(let b): n = b ? 1 : 0
            default: return typeError(value, path, ["<class 'int'>"], &out)
            }
            if let min = shape.min, n < Double(min) {
                out.append("Invalid value for parameter \(path.shown), value: \(python(value)), valid min value: \(min)")
            }
        case .boolean:
            guard case .bool = value else { return typeError(value, path, ["<class 'bool'>"], &out) }
        case .timestamp:
            switch value {
            case .string, .number: break
            default: typeError(value, path, ["<class 'datetime.datetime'>", "timestamp-string"], &out)
            }
        case .blob:
            // On the wire a blob is base64 text; botocore takes bytes or a file, which the CLI reads.
            guard case .string = value else {
                return typeError(value, path, ["<class 'bytes'>", "<class 'bytearray'>", "file-like object"], &out)
            }
        }
    }

    private static func minimum(_ count: Int, _ shape: Shape, _ path: ParameterPath, _ what: String, _ unit: String, _ out: inout [String]) {
        if let min = shape.min, count < min {
            out.append("\(what) for parameter \(path.shown), value: \(count), valid min \(unit): \(min)")
        }
    }

    private static func typeError(_ value: JSONValue, _ path: ParameterPath, _ valid: [String], _ out: inout [String]) {
        out.append("Invalid type for parameter \(path.shown), value: \(python(value)), type: \(pythonType(value)), valid types: \(valid.joined(separator: ", "))")
    }

    /// How Python's str() shows the value botocore was given (the JSON document, loaded).
    static func python(_ v: JSONValue) -> String {
        switch v {
        case .null: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .number(let n):
            if n == n.rounded(), abs(n) < 1e16 { return String(Int64(n)) }
            return JSONValue.formatNumber(n)
        case .string(let s): return s
        case .array(let items): return "[" + items.map(pythonRepr).joined(separator: ", ") + "]"
        case .object(let m): return "{" + m.map { "\(pythonRepr(.string($0.0))): \(pythonRepr($0.1))" }.joined(separator: ", ") + "}"
        }
    }

    private static func pythonRepr(_ v: JSONValue) -> String {
        guard case .string(let s) = v else { return python(v) }
        let quote: Character = s.contains("'") && !s.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for ch in s {
            switch ch {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case quote: out += "\\\(quote)"
            default: out.append(ch)
            }
        }
        return out + String(quote)
    }

    private static func pythonType(_ v: JSONValue) -> String {
        switch v {
        case .null: return "<class 'NoneType'>"
        case .bool: return "<class 'bool'>"
        case .number(let n): return n == n.rounded() && abs(n) < 1e16 ? "<class 'int'>" : "<class 'float'>"
        case .string: return "<class 'str'>"
        case .array: return "<class 'list'>"
        case .object: return "<class 'dict'>"
        }
    }
}

/// The one idempotency-token policy: a member the model marks `idempotencyToken` gets a fresh
/// UUID when the caller leaves it out, as every AWS SDK does (so a retried request is the same
/// request to the service).
public enum IdempotencyTokens {
    public static func filled(_ operation: SecretsModel.Operation, _ body: JSONValue,
                              uuid: () -> String = RandomUUID.string) -> JSONValue {
        guard case .object(var members) = body else { return body }
        for m in operation.model.input where m.idempotencyToken && !members.contains(where: { $0.0 == m.name }) {
            members.append((m.name, .string(uuid())))
        }
        return .object(members)
    }
}
