import Foundation
import SecretsCore
import SecretsModel

/// The service front end's check of a request body against the model, before any operation
/// runs: a member of the wrong type is a SerializationException (the body cannot be read as the
/// input shape); then every broken constraint (required, length, value range, pattern, enum) is
/// listed in one ValidationException, in AWS's words and with AWS's member paths
/// (`addReplicaRegions.1.member.region`). Sensitive values show as `***`.
enum ModelValidation {
    static func check(_ operation: SecretsModel.Operation, _ body: JSONValue) throws {
        guard let input = operation.model.inputShape else { return }
        var problems: [String] = []
        var path = MemberPath()
        try visit(body, ServiceModel.shape(input), path: &path, into: &problems)
        guard !problems.isEmpty else { return }
        let count = problems.count == 1 ? "1 validation error" : "\(problems.count) validation errors"
        throw AWSError.validation("\(count) detected: " + problems.joined(separator: "; "))
    }

    /// Where a value is in the request. Its names are made only for a message: a valid request,
    /// nearly every one, builds no string.
    private struct MemberPath {
        enum Step {
            case member(String)
            case item(Int)
        }
        var steps: [Step] = []

        /// AWS's name for the member: lower camel case, 1-based list items
        /// (`addReplicaRegions.1.member.region`).
        var aws: String {
            steps.map { step in
                switch step {
                case .member(let name): return name.prefix(1).lowercased() + name.dropFirst()
                case .item(let i): return "\(i + 1).member"
                }
            }.joined(separator: ".")
        }

        /// Its name in the JSON, for serialization errors (`AddReplicaRegions[0].Region`).
        var wire: String {
            var out = ""
            for step in steps {
                switch step {
                case .member(let name): out += out.isEmpty ? name : ".\(name)"
                case .item(let i): out += "[\(i)]"
                }
            }
            return out
        }
    }

    private static func visit(_ value: JSONValue, _ shape: Shape, path: inout MemberPath, into problems: inout [String]) throws {
        func mismatch(_ expected: String) -> AWSError {
            path.steps.isEmpty ? .serialization("The request body must be a JSON object.")
                : .serialization("Unexpected type for member '\(path.wire)': expected \(expected).")
        }
        func problem(_ shown: String, _ constraint: String) {
            problems.append("Value \(shown) at '\(path.aws)' failed to satisfy constraint: \(constraint)")
        }
        func bounds(_ n: Int, unit: String, shown: @autoclosure () -> String) {
            if let min = shape.min, n < min { problem(shown(), "Member must have \(unit) greater than or equal to \(min)") }
            if let max = shape.max, n > max { problem(shown(), "Member must have \(unit) less than or equal to \(max)") }
        }
        switch shape.kind {
        case .structure:
            guard case .object(let members) = value else { throw mismatch("a JSON object") }
            for member in shape.members {
                let v = members.last(where: { $0.0 == member.name })?.1
                path.steps.append(.member(member.name))
                defer { path.steps.removeLast() }
                guard let v, v != .null else {
                    if member.required {
                        problems.append("Value null at '\(path.aws)' failed to satisfy constraint: Member must not be null")
                    }
                    continue
                }
                try visit(v, member.shape, path: &path, into: &problems)
            }
        case .list:
            guard case .array(let items) = value else { throw mismatch("a list") }
            bounds(items.count, unit: "length", shown: "'\(listText(items, shape))'")
            if let element = shape.elementShape {
                for (i, item) in items.enumerated() where item != .null {
                    path.steps.append(.item(i))
                    defer { path.steps.removeLast() }
                    try visit(item, element, path: &path, into: &problems)
                }
            }
        case .map:
            guard case .object = value else { throw mismatch("a JSON object") }
        case .string:
            guard case .string(let s) = value else { throw mismatch("a string") }
            let shown = { shape.sensitive ? "'***'" : "'\(s.count > 64 ? String(s.prefix(64)) + "..." : s)'" }
            if shape.min != nil || shape.max != nil { bounds(s.count, unit: "length", shown: shown()) }
            if let pattern = shape.pattern, !fullMatch(s, pattern) {
                problem(shown(), "Member must satisfy regular expression pattern: \(pattern)")
            }
            if !shape.enumValues.isEmpty, !shape.enumValues.contains(s) {
                problem(shown(), "Member must satisfy enum value set: [\(shape.enumValues.joined(separator: ", "))]")
            }
        case .integer, .long:
            guard case .number(let n) = value, n == n.rounded(), abs(n) < 9e15 else { throw mismatch("an integer") }
            let i = Int(n)
            if let min = shape.min, i < min { problem("'\(i)'", "Member must have value greater than or equal to \(min)") }
            if let max = shape.max, i > max { problem("'\(i)'", "Member must have value less than or equal to \(max)") }
        case .boolean:
            guard case .bool = value else { throw mismatch("a boolean") }
        case .timestamp:
            switch value {
            case .number, .string: break
            default: throw mismatch("a timestamp")
            }
        case .blob:
            guard case .string(let s) = value else { throw mismatch("base64 text") }
            guard let data = Data(base64Encoded: s) else {
                throw AWSError.serialization("Invalid value for member '\(path.wire)': not valid base64.")
            }
            bounds(data.count, unit: "length", shown: shape.sensitive ? "'***'" : "'\(s.prefix(64))'")
        }
    }

    private static func listText(_ items: [JSONValue], _ shape: Shape) -> String {
        if shape.elementShape?.sensitive == true { return "***" }
        let shown = items.prefix(20).map { $0.stringValue ?? $0.compactText() }
        return "[" + shown.joined(separator: ", ") + (items.count > 20 ? ", ..." : "") + "]"
    }

    private static let regexCache = RegexCache()

    /// The whole value matches, as the service's (Java) validation does.
    private static func fullMatch(_ s: String, _ pattern: String) -> Bool {
        guard let regex = regexCache.regex(pattern) else { return true }
        let range = NSRange(s.startIndex..., in: s)
        return regex.firstMatch(in: s, options: [.anchored], range: range).map { $0.range == range } ?? false
    }
}

/// The model's few patterns, compiled once per process.
private final class RegexCache: @unchecked Sendable {
    private let lock = NSLock()
    private var compiled: [String: NSRegularExpression] = [:]

    func regex(_ pattern: String) -> NSRegularExpression? {
        lock.withLock {
            if let r = compiled[pattern] { return r }
            let r = try? NSRegularExpression(pattern: "^(?:\(pattern))$")
            compiled[pattern] = r
            return r
        }
    }
}
