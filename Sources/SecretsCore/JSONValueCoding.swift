import Foundation

/// Encodes `Encodable` values to `JSONValue`, keeping members in declaration order (Foundation's
/// JSONEncoder does not), with AWS JSON 1.1 conventions: dates as epoch seconds, `Data` as base64,
/// nil optionals left out.
public enum JSONValueEncoder {
    public static func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let root = EncodingNode()
        try value.encode(to: NodeEncoder(node: root, codingPath: []))
        return root.value
    }
}

/// Decodes AWS JSON 1.1 bodies into `Decodable` shapes (epoch-second dates, base64 `Data`,
/// null members read as absent, unknown members ignored).
public enum JSONValueDecoder {
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        do {
            return try decode(type, from: JSONValue.parse(data))
        } catch let error as JSONParseError {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not JSON: \(error)"))
        }
    }

    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try ValueDecoder(value: value, codingPath: []).decodeValue(type)
    }
}

private func typeMismatch<T>(_ type: T.Type, _ path: [any CodingKey], _ value: JSONValue) -> DecodingError {
    .typeMismatch(type, .init(codingPath: path, debugDescription: "expected \(type), found \(value.compactText().prefix(40))"))
}

private struct ValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        switch type {
        case is Date.Type:
            guard case .number(let n) = value else { throw typeMismatch(type, codingPath, value) }
            return Date(timeIntervalSince1970: n) as! T
        case is Data.Type:
            guard case .string(let s) = value, let d = Data(base64Encoded: s) else { throw typeMismatch(type, codingPath, value) }
            return d as! T
        case is JSONValue.Type:
            return value as! T
        default:
            return try T(from: self)
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw typeMismatch([String: JSONValue].self, codingPath, value) }
        return KeyedDecodingContainer(KeyedValueContainer<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw typeMismatch([JSONValue].self, codingPath, value) }
        return UnkeyedValueContainer(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleValueContainer(decoder: self) }
}

private func scalar<T>(_ value: JSONValue, _ type: T.Type, _ path: [any CodingKey]) throws -> T {
    switch (value, type) {
    case (.string(let s), is String.Type): return s as! T
    case (.bool(let b), is Bool.Type): return b as! T
    case (.number(let n), is Double.Type): return n as! T
    case (.number(let n), is Int.Type) where n == n.rounded() && abs(n) < 9e15: return Int(n) as! T
    case (.number(let n), is Int64.Type) where n == n.rounded() && abs(n) < 9e15: return Int64(n) as! T
    default: throw typeMismatch(type, path, value)
    }
}

private struct KeyedValueContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [(String, JSONValue)]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { members.compactMap { Key(stringValue: $0.0) } }

    private func find(_ key: Key) -> JSONValue? {
        let name = key.stringValue
        return members.last(where: { $0.0 == name })?.1
    }

    private func present(_ key: Key) throws -> JSONValue {
        guard let v = find(key), v != .null else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no member \(key.stringValue)"))
        }
        return v
    }

    func contains(_ key: Key) -> Bool { find(key) != nil }
    func decodeNil(forKey key: Key) throws -> Bool { (find(key) ?? .null) == .null }

    func decode(_ type: String.Type, forKey key: Key) throws -> String { try scalar(present(key), type, codingPath + [key]) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try scalar(present(key), type, codingPath + [key]) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try scalar(present(key), type, codingPath + [key]) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try scalar(present(key), type, codingPath + [key]) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try scalar(present(key), type, codingPath + [key]) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try ValueDecoder(value: present(key), codingPath: codingPath + [key]).decodeValue(type)
    }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(key, type) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optional(key, type) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optional(key, type) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optional(key, type) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optional(key, type) }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let v = find(key), v != .null else { return nil }
        return try ValueDecoder(value: v, codingPath: codingPath + [key]).decodeValue(type)
    }

    private func optional<T>(_ key: Key, _ type: T.Type) throws -> T? {
        guard let v = find(key), v != .null else { return nil }
        return try scalar(v, type, codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: present(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(value: present(key), codingPath: codingPath + [key]).unkeyedContainer()
    }
    func superDecoder() throws -> any Decoder { ValueDecoder(value: .object(members), codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder { ValueDecoder(value: find(key) ?? .null, codingPath: codingPath + [key]) }
}

private struct UnkeyedValueContainer: UnkeyedDecodingContainer {
    let items: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(items: [JSONValue], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next() throws -> (JSONValue, [any CodingKey]) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(JSONValue.self, .init(codingPath: codingPath, debugDescription: "list ended"))
        }
        defer { currentIndex += 1 }
        return (items[currentIndex], codingPath + [IndexKey(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: String.Type) throws -> String { let (v, p) = try next(); return try scalar(v, type, p) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (v, p) = try next()
        return try ValueDecoder(value: v, codingPath: p).decodeValue(type)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (v, p) = try next()
        return try ValueDecoder(value: v, codingPath: p).container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (v, p) = try next()
        return try ValueDecoder(value: v, codingPath: p).unkeyedContainer()
    }
    mutating func superDecoder() throws -> any Decoder {
        let (v, p) = try next()
        return ValueDecoder(value: v, codingPath: p)
    }
}

private struct SingleValueContainer: SingleValueDecodingContainer {
    let decoder: ValueDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    func decodeNil() -> Bool { decoder.value == .null }
    func decode(_ type: String.Type) throws -> String { try scalar(decoder.value, type, codingPath) }
    func decode(_ type: Bool.Type) throws -> Bool { try scalar(decoder.value, type, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try scalar(decoder.value, type, codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try scalar(decoder.value, type, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try scalar(decoder.value, type, codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeValue(type) }
}

private final class EncodingNode {
    enum Kind { case unset, single(JSONValue), object, array }
    var kind: Kind = .unset
    var members: [(String, EncodingNode)] = []
    var items: [EncodingNode] = []

    var value: JSONValue {
        switch kind {
        case .unset: return .object([])
        case .single(let v): return v
        case .object: return .object(members.map { ($0.0, $0.1.value) })
        case .array: return .array(items.map(\.value))
        }
    }

    /// A leaf member; synthesized encoders never repeat a key, so no lookup is needed.
    func append(_ key: String, _ value: JSONValue) {
        if case .unset = kind { kind = .object }
        let node = EncodingNode()
        node.kind = .single(value)
        members.append((key, node))
    }

    /// A member that encodes itself. As for `append`, no lookup: the shapes' encoders are
    /// synthesized, and searching the members for each one made encoding quadratic.
    func child(forKey key: String) -> EncodingNode {
        if case .unset = kind { kind = .object }
        let node = EncodingNode()
        members.append((key, node))
        return node
    }

    func appendItem() -> EncodingNode {
        if case .unset = kind { kind = .array }
        let node = EncodingNode()
        items.append(node)
        return node
    }
}

private struct NodeEncoder: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .unset = node.kind { node.kind = .object }
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .unset = node.kind { node.kind = .array }
        return UnkeyedNodeContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeContainer(node: node, codingPath: codingPath)
    }
}

/// Values with a fixed JSON form in AWS JSON 1.1, or nil for a value that encodes itself.
private func primitive<T: Encodable>(_ value: T) -> JSONValue? {
    switch value {
    case let d as Date: return .number(d.timeIntervalSince1970)
    case let d as Data: return .string(d.base64EncodedString())
    case let s as String: return .string(s)
    case let b as Bool: return .bool(b)
    case let i as Int: return .number(Double(i))
    case let i as Int64: return .number(Double(i))
    case let d as Double: return .number(d)
    case let j as JSONValue: return j
    // The model's one map type (VersionIdsToStages): members in key order, since a Dictionary's
    // own order changes from process to process and the same state must give the same bytes.
    case let m as [String: [String]]: return .object(m.sorted { $0.key < $1.key }.map { ($0.key, .array($0.value.map(JSONValue.string))) })
    default: return nil
    }
}

/// `path` is made only for a value that encodes itself: most members are dates and strings.
private func encodeValue<T: Encodable>(_ value: T, into node: EncodingNode, path: @autoclosure () -> [any CodingKey]) throws {
    if let p = primitive(value) {
        node.kind = .single(p)
    } else {
        try value.encode(to: NodeEncoder(node: node, codingPath: path()))
    }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.child(forKey: key.stringValue).kind = .single(.null) }
    // Concrete overloads: synthesized Codable calls these for plain members, and they skip the
    // generic path and its dynamic casts.
    mutating func encode(_ value: String, forKey key: Key) throws { node.append(key.stringValue, .string(value)) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { node.append(key.stringValue, .bool(value)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { node.append(key.stringValue, .number(Double(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { node.append(key.stringValue, .number(Double(value))) }
    mutating func encode(_ value: Double, forKey key: Key) throws { node.append(key.stringValue, .number(value)) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encodeValue(value, into: node.child(forKey: key.stringValue), path: codingPath + [key])
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = node.child(forKey: key.stringValue)
        child.kind = .object
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child, codingPath: codingPath + [key]))
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = node.child(forKey: key.stringValue)
        child.kind = .array
        return UnkeyedNodeContainer(node: child, codingPath: codingPath + [key])
    }
    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.child(forKey: "super"), codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { NodeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key]) }
}

private struct IndexKey: CodingKey {
    var stringValue: String { String(intValue ?? 0) }
    var intValue: Int?
    init(_ i: Int) { intValue = i }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var count: Int { node.items.count }

    mutating func encodeNil() throws { node.appendItem().kind = .single(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let index = count
        try encodeValue(value, into: node.appendItem(), path: codingPath + [IndexKey(index)])
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = node.appendItem()
        child.kind = .object
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child, codingPath: codingPath))
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = node.appendItem()
        child.kind = .array
        return UnkeyedNodeContainer(node: child, codingPath: codingPath)
    }
    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.appendItem(), codingPath: codingPath) }
}

private struct SingleNodeContainer: SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.kind = .single(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try encodeValue(value, into: node, path: codingPath) }
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else {
            // Foundation's decoder offers no member order; sort keys so the result is stable.
            let d = try c.decode([String: JSONValue].self)
            self = .object(d.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n): try c.encode(n)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let members):
            try c.encode(Dictionary(members, uniquingKeysWith: { _, last in last }))
        }
    }
}
