import Foundation
import SecretsCore

/// The built-in functions: name → arity and implementation.
enum Builtins {
    struct Spec {
        let arity: ClosedRange<Int>
        let usage: String
    }

    static let specs: [String: Spec] = [
        "len": Spec(arity: 1...1, usage: "len(x)"),
        "keys": Spec(arity: 1...1, usage: "keys(record)"),
        "contains": Spec(arity: 2...2, usage: "contains(x, item)"),
        "json": Spec(arity: 1...1, usage: "json(x)"),
        "parse": Spec(arity: 1...1, usage: "parse(text)"),
        "str": Spec(arity: 1...1, usage: "str(x)"),
        "num": Spec(arity: 1...1, usage: "num(x)"),
        "lower": Spec(arity: 1...1, usage: "lower(s)"),
        "upper": Spec(arity: 1...1, usage: "upper(s)"),
        "now": Spec(arity: 0...0, usage: "now()"),
        "env": Spec(arity: 1...1, usage: "env(\"NAME\")"),
        "regions": Spec(arity: 0...0, usage: "regions()"),
        // Asks the service (DescribeSecret), so the interpreter answers it, not `call`.
        "exists": Spec(arity: 1...2, usage: "exists(NAME) or exists(NAME in REGION)"),
    ]

    struct Failure: Error {
        let message: String
    }

    static func call(_ name: String, _ args: [Value], environment: [String: String]) throws(Failure) -> Value {
        switch name {
        case "len":
            switch args[0] {
            case .null: return .number(0)
            case .string(let s), .secret(let s, _): return .number(Double(s.count))
            case .list(let l): return .number(Double(l.count))
            case .record(let r): return .number(Double(r.fields.count))
            default: throw Failure(message: "len() takes a string, list or record, not a \(args[0].typeName)")
            }
        case "keys":
            switch args[0] {
            case .record(let r): return .list(r.keyValues)
            case .null: return .list([])
            default: throw Failure(message: "keys() takes a record, not a \(args[0].typeName)")
            }
        case "contains":
            switch args[0] {
            case .list(let l): return .bool(l.contains { Value.equal($0, args[1]) })
            case .record(let r):
                guard let k = args[1].text else { return .bool(false) }
                return .bool(r[k] != nil)
            case .string(let s), .secret(let s, _):
                guard let sub = args[1].text else { throw Failure(message: "contains(string, x) needs a string x, not a \(args[1].typeName)") }
                return .bool(s.contains(sub))
            case .null: return .bool(false)
            default: throw Failure(message: "contains() takes a list, record or string, not a \(args[0].typeName)")
            }
        case "json":
            let text = args[0].json.compactText()
            return args[0].isSecret ? .secret(text) : .string(text)
        case "parse":
            guard let text = args[0].text else { throw Failure(message: "parse() takes JSON text, not a \(args[0].typeName)") }
            do {
                let v = Value(json: try JSONValue.parse(text))
                return args[0].isSecret ? v.tainted : v
            } catch {
                throw Failure(message: "parse(): the text is not JSON: \(error.description)")
            }
        case "str":
            if case .secret = args[0] { return args[0] }
            let t = args[0].plainText
            return args[0].isSecret ? .secret(t) : .string(t)
        case "num":
            switch args[0] {
            case .number: return args[0]
            case .duration(let d): return .number(d)
            case .bool(let b): return .number(b ? 1 : 0)
            case .string(let s), .secret(let s, _):
                if let n = decimal(s.trimmingCharacters(in: .whitespaces)) { return .number(n) }
                throw Failure(message: "num(): '\(s)' is not a number")
            default: throw Failure(message: "num() takes a string or number, not a \(args[0].typeName)")
            }
        case "lower", "upper":
            guard let s = args[0].text else { throw Failure(message: "\(name)() takes a string, not a \(args[0].typeName)") }
            let r = name == "lower" ? s.lowercased() : s.uppercased()
            return args[0].isSecret ? .secret(r) : .string(r)
        case "now":
            return .number(Date().timeIntervalSince1970.rounded())
        case "env":
            guard let n = args[0].text else { throw Failure(message: "env() takes a variable name, not a \(args[0].typeName)") }
            return environment[n].map { .string($0) } ?? .null
        case "regions":
            return .list(Regions.codes.map { .string($0) })
        default:
            throw Failure(message: "unknown function '\(name)'")
        }
    }

    /// A decimal number as people and JSON write it (`42`, `-2.5`, `1e3`, `+7`), finite. Swift's
    /// own `Double(String)` also takes `inf`, `nan` and hexadecimal (`0x10`), which no number in
    /// a secret, a tag or a file is meant to be.
    static func decimal(_ s: String) -> Double? {
        let b = Array(s.utf8)
        var i = 0
        func digits() -> Bool {
            let start = i
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
            return i > start
        }
        if i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { i += 1 }
        guard digits() else { return nil }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() else { return nil }
        }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { i += 1 }
            guard digits() else { return nil }
        }
        guard i == b.count, let n = Double(s), n.isFinite else { return nil }
        return n
    }
}
