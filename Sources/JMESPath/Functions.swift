import Foundation
import SecretsCore

/// The built-in functions of the JMESPath specification, each with its signature checked first
/// (number of arguments, then each argument's type) as the reference implementation does.
enum Functions {
    enum ParamType: String {
        case number, string, boolean, array, object, null, expref, any
        case arrayNumber = "array-number", arrayString = "array-string"
    }

    struct Signature {
        let params: [[ParamType]]
        var variadic = false
    }

    static let signatures: [String: Signature] = [
        "abs": .init(params: [[.number]]),
        "avg": .init(params: [[.arrayNumber]]),
        "ceil": .init(params: [[.number]]),
        "contains": .init(params: [[.array, .string], [.any]]),
        "ends_with": .init(params: [[.string], [.string]]),
        "floor": .init(params: [[.number]]),
        "join": .init(params: [[.string], [.arrayString]]),
        "keys": .init(params: [[.object]]),
        "length": .init(params: [[.string, .array, .object]]),
        "map": .init(params: [[.expref], [.array]]),
        "max": .init(params: [[.arrayNumber, .arrayString]]),
        "max_by": .init(params: [[.array], [.expref]]),
        "merge": .init(params: [[.object]], variadic: true),
        "min": .init(params: [[.arrayNumber, .arrayString]]),
        "min_by": .init(params: [[.array], [.expref]]),
        "not_null": .init(params: [[.any]], variadic: true),
        "reverse": .init(params: [[.array, .string]]),
        "sort": .init(params: [[.arrayString, .arrayNumber]]),
        "sort_by": .init(params: [[.array], [.expref]]),
        "starts_with": .init(params: [[.string], [.string]]),
        "sum": .init(params: [[.arrayNumber]]),
        "to_array": .init(params: [[.any]]),
        "to_number": .init(params: [[.any]]),
        "to_string": .init(params: [[.any]]),
        "type": .init(params: [[.any]]),
        "values": .init(params: [[.object]]),
    ]

    static func call(_ name: String, _ args: [Argument], at offset: Int) throws(JMESPathError) -> JSONValue {
        guard let sig = signatures[name] else {
            throw JMESPathError(.unknownFunction, "unknown function \(name)()", at: offset)
        }
        try check(name, sig, args, offset)
        func v(_ i: Int) -> JSONValue {
            if case .value(let x) = args[i] { return x }
            return .null
        }
        func e(_ i: Int) -> Node {
            if case .expref(let n) = args[i] { return n }
            return .identity
        }
        switch name {
        case "abs": return .number(abs(number(v(0))))
        case "avg":
            let xs = numbers(v(0))
            return xs.isEmpty ? .null : .number(xs.reduce(0, +) / Double(xs.count))
        case "ceil": return .number(number(v(0)).rounded(.up))
        case "floor": return .number(number(v(0)).rounded(.down))
        case "contains":
            switch v(0) {
            case .array(let items): return .bool(items.contains(v(1)))
            case .string(let s):
                guard case .string(let needle) = v(1) else {
                    throw JMESPathError(.invalidType, "contains() on a string needs a string to look for, got \(v(1).jmespathType)", at: offset)
                }
                return .bool(needle.isEmpty || s.unicodeScalars.containsSubsequence(needle.unicodeScalars))
            default: return .bool(false)
            }
        case "ends_with": return .bool(Array(string(v(0)).unicodeScalars).hasSuffixSeq(Array(string(v(1)).unicodeScalars)))
        case "starts_with": return .bool(Array(string(v(0)).unicodeScalars).starts(with: string(v(1)).unicodeScalars))
        case "join": return .string(strings(v(1)).joined(separator: string(v(0))))
        case "keys": return .array(members(v(0)).map { .string($0.0) })
        case "values": return .array(members(v(0)).map(\.1))
        case "length":
            switch v(0) {
            case .string(let s): return .number(Double(s.unicodeScalars.count))
            case .array(let a): return .number(Double(a.count))
            case .object(let o): return .number(Double(o.count))
            default: return .null
            }
        case "map":
            var out: [JSONValue] = []
            for item in array(v(1)) { out.append(try Interpreter.evaluate(e(0), item)) }
            return .array(out)
        case "max", "min":
            let items = array(v(0))
            guard var best = items.first else { return .null }
            for item in items.dropFirst() {
                let c = order(item, best)
                if name == "max" ? c > 0 : c < 0 { best = item }
            }
            return best
        case "max_by", "min_by":
            let items = array(v(0))
            guard var best = items.first else { return .null }
            var bestKey = try key(name, e(1), best, allowed: ["number", "string"], offset)
            for item in items.dropFirst() {
                let k = try key(name, e(1), item, allowed: ["number", "string"], offset)
                let c = try ordered(name, k, bestKey, offset)
                if name == "max_by" ? c > 0 : c < 0 { best = item; bestKey = k }
            }
            return best
        case "merge":
            var out: [(String, JSONValue)] = []
            for i in args.indices {
                for (k, x) in members(v(i)) {
                    if let at = out.firstIndex(where: { $0.0 == k }) { out[at].1 = x } else { out.append((k, x)) }
                }
            }
            return .object(out)
        case "not_null":
            for i in args.indices { if case .null = v(i) {} else { return v(i) } }
            return .null
        case "reverse":
            if case .string(let s) = v(0) { return .string(String(String.UnicodeScalarView(s.unicodeScalars.reversed()))) }
            return .array(array(v(0)).reversed())
        case "sort":
            return .array(stableSorted(array(v(0))) { order($0, $1) })
        case "sort_by":
            let items = array(v(0))
            guard let first = items.first else { return v(0) }
            let firstKey = try Interpreter.evaluate(e(1), first)
            let type = firstKey.jmespathType
            guard type == "number" || type == "string" else {
                throw JMESPathError(.invalidType, "sort_by() needs its expression to give a number or a string, got \(type)", at: offset)
            }
            var keyed: [(JSONValue, JSONValue)] = []
            for item in items { keyed.append((try key(name, e(1), item, allowed: [type], offset), item)) }
            return .array(stableSorted(keyed) { order($0.0, $1.0) }.map(\.1))
        case "sum": return .number(numbers(v(0)).reduce(0, +))
        case "to_array":
            if case .array = v(0) { return v(0) }
            return .array([v(0)])
        case "to_string":
            if case .string = v(0) { return v(0) }
            return .string(pythonJSONDumps(v(0)))
        case "to_number":
            switch v(0) {
            case .number: return v(0)
            case .string(let s):
                let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !t.isEmpty, t.allSatisfy({ "0123456789+-.eE".contains($0) }), let n = Double(t) else { return .null }
                return .number(n)
            default: return .null
            }
        case "type": return .string(v(0).jmespathType)
        default: throw JMESPathError(.unknownFunction, "unknown function \(name)()", at: offset)
        }
    }

    private static func check(_ name: String, _ sig: Signature, _ args: [Argument], _ offset: Int) throws(JMESPathError) {
        let n = sig.params.count
        if sig.variadic ? args.count < n : args.count != n {
            let expected = sig.variadic ? "at least \(n)" : "\(n)"
            throw JMESPathError(.invalidArity, "\(name)() takes \(expected) argument\(n == 1 ? "" : "s"), got \(args.count)", at: offset)
        }
        for (i, arg) in args.enumerated() {
            let allowed = sig.params[min(i, n - 1)]
            if allowed.contains(.any) { if case .value = arg { continue } }
            let actual: String
            switch arg {
            case .expref: actual = "expref"
            case .value(let x): actual = x.jmespathType
            }
            if allowed.contains(where: { accepts($0, arg) }) { continue }
            let list = allowed.map(\.rawValue).joined(separator: " or ")
            throw JMESPathError(.invalidType, "\(name)() argument \(i + 1) must be \(list), got \(actual)", at: offset)
        }
    }

    private static func accepts(_ type: ParamType, _ arg: Argument) -> Bool {
        guard case .value(let x) = arg else { return type == .expref }
        switch (type, x) {
        case (.any, _), (.number, .number), (.string, .string), (.boolean, .bool), (.array, .array), (.object, .object), (.null, .null):
            return true
        case (.arrayNumber, .array(let items)): return items.allSatisfy { if case .number = $0 { return true }; return false }
        case (.arrayString, .array(let items)): return items.allSatisfy { if case .string = $0 { return true }; return false }
        default: return false
        }
    }

    private static func key(_ name: String, _ expr: Node, _ item: JSONValue, allowed: [String], _ offset: Int) throws(JMESPathError) -> JSONValue {
        let k = try Interpreter.evaluate(expr, item)
        guard allowed.contains(k.jmespathType) else {
            throw JMESPathError(.invalidType, "\(name)() needs its expression to give \(allowed.joined(separator: " or ")), got \(k.jmespathType)", at: offset)
        }
        return k
    }

    private static func ordered(_ name: String, _ a: JSONValue, _ b: JSONValue, _ offset: Int) throws(JMESPathError) -> Int {
        guard a.jmespathType == b.jmespathType else {
            throw JMESPathError(.invalidType, "\(name)() cannot compare a \(a.jmespathType) with a \(b.jmespathType)", at: offset)
        }
        return order(a, b)
    }

    /// Order of two numbers or two strings (the signatures guarantee one of the two).
    private static func order(_ a: JSONValue, _ b: JSONValue) -> Int {
        switch (a, b) {
        case let (.number(x), .number(y)): return x < y ? -1 : (x > y ? 1 : 0)
        case let (.string(x), .string(y)): return Interpreter.compareStrings(x, y)
        default: return 0
        }
    }

    private static func stableSorted<T>(_ items: [T], _ order: (T, T) -> Int) -> [T] {
        items.enumerated().sorted { l, r in
            let c = order(l.element, r.element)
            return c != 0 ? c < 0 : l.offset < r.offset
        }.map(\.element)
    }

    private static func number(_ v: JSONValue) -> Double { if case .number(let n) = v { return n }; return 0 }
    private static func string(_ v: JSONValue) -> String { if case .string(let s) = v { return s }; return "" }
    private static func array(_ v: JSONValue) -> [JSONValue] { if case .array(let a) = v { return a }; return [] }
    private static func members(_ v: JSONValue) -> [(String, JSONValue)] { if case .object(let o) = v { return o }; return [] }
    private static func numbers(_ v: JSONValue) -> [Double] { array(v).map(number) }
    private static func strings(_ v: JSONValue) -> [String] { array(v).map(string) }
}

/// What Python's `json.dumps(value)` prints (ASCII only, non-ASCII as `\u` escapes), with its
/// separators: `(',', ':')` is what `to_string` uses, `(', ', ': ')` Python's default.
public func pythonJSONDumps(_ v: JSONValue, itemSeparator: String = ",", keySeparator: String = ":") -> String {
    func dump(_ v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return JSONValue.formatNumber(n)
        case .string(let s):
            var out = "\""
            for u in s.utf16 {
                switch u {
                case 0x22: out += "\\\""
                case 0x5C: out += "\\\\"
                case 0x0A: out += "\\n"
                case 0x0D: out += "\\r"
                case 0x09: out += "\\t"
                case 0x08: out += "\\b"
                case 0x0C: out += "\\f"
                case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(UInt8(u)))
                default:
                    let hex = String(u, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }
            }
            return out + "\""
        case .array(let items): return "[" + items.map(dump).joined(separator: itemSeparator) + "]"
        case .object(let members):
            return "{" + members.map { dump(.string($0.0)) + keySeparator + dump($0.1) }.joined(separator: itemSeparator) + "}"
        }
    }
    return dump(v)
}

extension String.UnicodeScalarView {
    func containsSubsequence(_ needle: String.UnicodeScalarView) -> Bool {
        let hay = Array(self), n = Array(needle)
        guard n.count <= hay.count else { return false }
        for i in 0...(hay.count - n.count) where hay[i..<(i + n.count)].elementsEqual(n) { return true }
        return false
    }
}

extension Array where Element: Equatable {
    func hasSuffixSeq(_ suffix: [Element]) -> Bool {
        suffix.count <= count && self[(count - suffix.count)...].elementsEqual(suffix)
    }
}
