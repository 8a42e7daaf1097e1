import SecretsCore

/// A runtime value. `secret` is a string that came from a secret value (`SecretString`,
/// `SecretBinary`) or was computed from one: it behaves as a string but prints as `********`.
public enum Value: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case duration(Double)
    case string(String)
    /// The real text, and how it shows: `********`, or text with the secret parts masked
    /// (`"value is ********"`).
    case secret(String, masked: String)

    static func secret(_ s: String) -> Value { .secret(s, masked: mask) }
    case list([Value])
    case record(Record)

    /// Response members read as secret values, and the only request members that may carry one.
    public static let secretFields = SensitiveMembers.names
    /// How a secret shows: the one spelling of the mask (output, errors, history, explain).
    public static let mask = SensitiveMembers.mask

    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .number: return "number"
        case .duration: return "duration"
        case .string, .secret: return "string"
        case .list: return "list"
        case .record: return "record"
        }
    }

    /// The text of a string (secret or not); nil for other kinds.
    public var text: String? {
        switch self {
        case .string(let s), .secret(let s, _): return s
        default: return nil
        }
    }

    var listItems: [Value]? {
        if case .list(let l) = self { return l }
        return nil
    }

    public var isSecret: Bool {
        switch self {
        case .secret: return true
        case .list(let l): return l.contains { $0.isSecret }
        case .record(let r): return r.fields.contains { $0.1.isSecret }
        default: return false
        }
    }

    public var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let b): return b
        case .number(let n): return n != 0
        case .duration(let d): return d != 0
        case .string(let s), .secret(let s, _): return !s.isEmpty
        case .list(let l): return !l.isEmpty
        case .record(let r): return !r.fields.isEmpty
        }
    }

    /// Marks every string inside as secret (a value computed from a secret stays masked).
    public var tainted: Value {
        switch self {
        case .string(let s): return .secret(s)
        case .secret(let s, _): return .secret(s)
        case .list(let l): return .list(l.map(\.tainted))
        case .record(let r): return .record(Record(r.fields.map { ($0.0, $0.1.tainted) }, keysSecret: true))
        default: return self
        }
    }

    /// The real texts of the secret strings inside (what must never be shown or sent in clear).
    var secretTexts: [String] {
        switch self {
        case .secret(let s, _): return [s]
        case .list(let l): return l.flatMap(\.secretTexts)
        case .record(let r): return r.fields.flatMap(\.1.secretTexts)
        default: return []
        }
    }

    // MARK: - JSON

    public init(json: JSONValue, secret: Bool = false) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let n): self = .number(n)
        case .string(let s): self = secret ? .secret(s) : .string(s)
        case .array(let a): self = .list(a.map { Value(json: $0, secret: secret) })
        case .object(let members):
            self = .record(Record(members.map { key, v in
                (key, Value(json: v, secret: secret || Value.secretFields.contains(key)))
            }))
        }
    }

    /// The value as JSON, with real secret text (what is sent to the service).
    public var json: JSONValue {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let n): return .number(n)
        case .duration(let d): return .number(d)
        case .string(let s), .secret(let s, _): return .string(s)
        case .list(let l): return .array(l.map(\.json))
        case .record(let r): return .object(r.fields.map { ($0.0, $0.1.json) })
        }
    }

    /// The value as JSON for showing: secret text masked unless `reveal`.
    public func displayJSON(reveal: Bool) -> JSONValue {
        switch self {
        case .secret(let s, let m): return .string(reveal ? s : m)
        case .duration(let d): return .string(Value.formatDuration(d))
        case .list(let l): return .array(l.map { $0.displayJSON(reveal: reveal) })
        case .record(let r): return .object(r.fields.map { ($0.0, $0.1.displayJSON(reveal: reveal)) })
        default: return json
        }
    }

    // MARK: - Text

    /// How `print` shows a value: strings as themselves, numbers without `.0`, records and lists
    /// as 2-space JSON, secrets masked unless `reveal`.
    public func display(reveal: Bool) -> String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return JSONValue.formatNumber(n)
        case .duration(let d): return Value.formatDuration(d)
        case .string(let s): return s
        case .secret(let s, let m): return reveal ? s : m
        case .list, .record: return displayJSON(reveal: reveal).prettyText(indent: 2)
        }
    }

    /// How the value reads inside a larger string that is shown: secret parts masked.
    var maskedText: String {
        switch self {
        case .secret(_, let m): return m
        case .list, .record: return displayJSON(reveal: false).compactText()
        default: return display(reveal: false)
        }
    }

    /// The text of a value in a string or a command argument: like `display` but never masked
    /// (the result is itself marked secret by the caller when needed).
    public var plainText: String {
        switch self {
        case .secret(let s, _): return s
        case .list, .record: return json.compactText()
        default: return display(reveal: true)
        }
    }

    public static func formatDuration(_ seconds: Double) -> String {
        if seconds == 0 { return "0s" }
        // `1m - 2m` is -1m: a negative duration is its size with a minus sign.
        if seconds < 0 { return "-" + formatDuration(-seconds) }
        // Past 1e15 s (and at infinity) Int(seconds) would trap: such a duration prints as seconds.
        if seconds < 1 || seconds != seconds.rounded() || seconds >= 1e15 {
            if seconds < 1 { return JSONValue.formatNumber((seconds * 1000).rounded()) + "ms" }
            return JSONValue.formatNumber(seconds) + "s"
        }
        var s = Int(seconds)
        var out = ""
        if s >= 3600 { out += "\(s / 3600)h"; s %= 3600 }
        if s >= 60 { out += "\(s / 60)m"; s %= 60 }
        if s > 0 { out += "\(s)s" }
        return out
    }

    // MARK: - Nesting

    /// How many lists and records deep the value goes: 0 for a scalar, 1 for `[1]` or `{}`.
    /// Every value is built no deeper than `JSONValue.maxDepth`, so this recursion is bounded.
    public var depth: Int {
        switch self {
        case .list(let l): return 1 + l.reduce(0) { max($0, $1.depth) }
        case .record(let r): return 1 + r.fields.reduce(0) { max($0, $1.1.depth) }
        default: return 0
        }
    }

    // MARK: - Equality and order

    public static func equal(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.duration(x), .duration(y)): return x == y
        case let (.list(x), .list(y)): return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case let (.record(x), .record(y)):
            return x.fields.count == y.fields.count && x.fields.allSatisfy { k, v in y[k].map { equal(v, $0) } ?? false }
        default:
            if let x = a.text, let y = b.text { return x == y }
            return false
        }
    }
}

/// Record fields keep their order (AWS field order reads best) and are looked up by name.
public struct Record: Sendable {
    public var fields: [(String, Value)]
    /// The keys came from secret text (a parsed secret): `keys()` and `for` hand them out masked.
    public var keysSecret: Bool

    public init(_ fields: [(String, Value)] = [], keysSecret: Bool = false) {
        self.fields = fields
        self.keysSecret = keysSecret
    }

    /// The keys as values: secret when the record's keys are.
    var keyValues: [Value] { keys.map { keysSecret ? .secret($0) : .string($0) } }

    public subscript(key: String) -> Value? {
        get { fields.last(where: { $0.0 == key })?.1 }
        set {
            if let i = fields.lastIndex(where: { $0.0 == key }) {
                if let v = newValue { fields[i].1 = v } else { fields.remove(at: i) }
            } else if let v = newValue {
                fields.append((key, v))
            }
        }
    }

    public var keys: [String] { fields.map(\.0) }
}
