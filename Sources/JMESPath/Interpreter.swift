import SecretsCore

/// A compiled JMESPath expression (https://jmespath.org/specification.html), evaluated over
/// `JSONValue` with the semantics of the reference implementation the aws CLI uses.
public struct JMESPathExpression: Sendable {
    public let text: String
    let root: Node

    public init(_ text: String) throws(JMESPathError) {
        self.text = text
        root = try Parser.parse(text)
    }

    public func search(_ document: JSONValue) throws(JMESPathError) -> JSONValue {
        try Interpreter.evaluate(root, document)
    }
}

/// JMESPath's truthiness: null, false, "", [] and {} are false; everything else (0 too) is true.
extension JSONValue {
    public var jmespathIsTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let b): return b
        case .string(let s): return !s.isEmpty
        case .array(let a): return !a.isEmpty
        case .object(let o): return !o.isEmpty
        case .number: return true
        }
    }

    var jmespathType: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

enum Interpreter {
    static func evaluate(_ node: Node, _ value: JSONValue) throws(JMESPathError) -> JSONValue {
        switch node {
        case .identity: return value
        case .field(let name): return value[name] ?? .null
        case .literal(let v): return v
        case .chain(let children), .indexExpression(let children):
            var result = value
            for child in children { result = try evaluate(child, result) }
            return result
        case .index(let i):
            guard case .array(let items) = value else { return .null }
            let at = i < 0 ? items.count + i : i
            return items.indices.contains(at) ? items[at] : .null
        case let .slice(start, stop, step):
            guard case .array(let items) = value else { return .null }
            return .array(try slice(items, start, stop, step))
        case let .projection(left, right):
            guard case .array(let items) = try evaluate(left, value) else { return .null }
            return .array(try project(items, right))
        case let .valueProjection(left, right):
            guard case .object(let members) = try evaluate(left, value) else { return .null }
            return .array(try project(members.map(\.1), right))
        case let .filterProjection(left, right, condition):
            guard case .array(let items) = try evaluate(left, value) else { return .null }
            var kept: [JSONValue] = []
            for item in items where try evaluate(condition, item).jmespathIsTruthy { kept.append(item) }
            return .array(try project(kept, right))
        case .flatten(let inner):
            guard case .array(let items) = try evaluate(inner, value) else { return .null }
            var merged: [JSONValue] = []
            for item in items {
                if case .array(let nested) = item { merged += nested } else { merged.append(item) }
            }
            return .array(merged)
        case let .pipe(left, right): return try evaluate(right, try evaluate(left, value))
        case let .or(left, right):
            let l = try evaluate(left, value)
            return l.jmespathIsTruthy ? l : try evaluate(right, value)
        case let .and(left, right):
            let l = try evaluate(left, value)
            return l.jmespathIsTruthy ? try evaluate(right, value) : l
        case .not(.expref): return .bool(false)
        case .not(let inner): return .bool(!(try evaluate(inner, value).jmespathIsTruthy))
        case let .comparison(op, left, right):
            // An expression reference is a value of its own kind to the reference implementation:
            // equal to nothing else, ordered against nothing.
            if case .expref = left { return op == .eq ? .bool(false) : op == .ne ? .bool(true) : .null }
            if case .expref = right { return op == .eq ? .bool(false) : op == .ne ? .bool(true) : .null }
            return try compare(op, try evaluate(left, value), try evaluate(right, value))
        case .multiSelectList(let items):
            if case .null = value { return .null }
            var out: [JSONValue] = []
            for item in items { out.append(try evaluate(item, value)) }
            return .array(out)
        case .multiSelectHash(let pairs):
            if case .null = value { return .null }
            var out: [(String, JSONValue)] = []
            for (key, item) in pairs {
                let v = try evaluate(item, value)
                if let i = out.firstIndex(where: { $0.0 == key }) { out[i].1 = v } else { out.append((key, v)) }
            }
            return .object(out)
        case let .function(name, args, offset):
            var resolved: [Argument] = []
            for arg in args {
                if case .expref(let inner) = arg { resolved.append(.expref(inner)) } else { resolved.append(.value(try evaluate(arg, value))) }
            }
            return try Functions.call(name, resolved, at: offset)
        case .expref:
            throw JMESPathError(.invalidType, "an expression reference (&...) can only be a function's argument", at: 0)
        }
    }

    private static func project(_ items: [JSONValue], _ right: Node) throws(JMESPathError) -> [JSONValue] {
        var out: [JSONValue] = []
        out.reserveCapacity(items.count)
        for item in items {
            let v = try evaluate(right, item)
            if case .null = v { continue }
            out.append(v)
        }
        return out
    }

    /// Python's slice semantics: negative bounds count from the end, bounds are clamped.
    static func slice<T>(_ items: [T], _ start: Int?, _ stop: Int?, _ step: Int?) throws(JMESPathError) -> [T] {
        let step = step ?? 1
        guard step != 0 else { throw JMESPathError(.invalidValue, "a slice's step cannot be 0", at: 0) }
        let n = items.count
        func bound(_ v: Int?, _ dflt: Int) -> Int {
            guard var v else { return dflt }
            if v < 0 { v += n; if v < 0 { v = step < 0 ? -1 : 0 } } else if v >= n { v = step < 0 ? n - 1 : n }
            return v
        }
        let lo = bound(start, step < 0 ? n - 1 : 0)
        let hi = bound(stop, step < 0 ? -1 : n)
        var out: [T] = []
        var i = lo
        if step > 0 { while i < hi { out.append(items[i]); i += step } } else { while i > hi { out.append(items[i]); i += step } }
        return out
    }

    static func compare(_ op: TokenKind, _ l: JSONValue, _ r: JSONValue) throws(JMESPathError) -> JSONValue {
        switch op {
        case .eq: return .bool(l == r)
        case .ne: return .bool(l != r)
        default: break
        }
        let order: Int
        switch (l, r) {
        case let (.number(a), .number(b)): order = a < b ? -1 : (a > b ? 1 : 0)
        case let (.string(a), .string(b)): order = compareStrings(a, b)
        case (.number, .string), (.string, .number):
            throw JMESPathError(.invalidType, "cannot order a \(l.jmespathType) against a \(r.jmespathType)", at: 0)
        default: return .null
        }
        switch op {
        case .lt: return .bool(order < 0)
        case .lte: return .bool(order <= 0)
        case .gt: return .bool(order > 0)
        default: return .bool(order >= 0)
        }
    }

    /// Code point order, as Python compares strings (Swift's `<` compares canonical forms).
    static func compareStrings(_ a: String, _ b: String) -> Int {
        var i = a.unicodeScalars.makeIterator()
        var j = b.unicodeScalars.makeIterator()
        while true {
            switch (i.next(), j.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case let (x?, y?): if x != y { return x.value < y.value ? -1 : 1 }
            }
        }
    }
}

enum Argument {
    case value(JSONValue)
    case expref(Node)
}
