import Foundation
import SecretsCore

// The stored form of records, written by hand: every write serialises a record, and Codable's
// generic machinery was most of the simulator's time per request.

struct CorruptRecord: Error, CustomStringConvertible {
    let field: String
    var description: String { "the simulator state holds a malformed record (field \(field))" }
}

private func date(_ d: Date) -> JSONValue { .number(d.timeIntervalSince1970) }
private func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
private func optionalDate(_ d: Date?) -> JSONValue { d.map(date) ?? .null }

extension JSONValue {
    fileprivate func string(_ key: String) throws -> String {
        guard case .string(let s)? = self[key] else { throw CorruptRecord(field: key) }
        return s
    }
    fileprivate func optionalString(_ key: String) -> String? { self[key]?.stringValue }
    fileprivate func date(_ key: String) throws -> Date {
        guard case .number(let n)? = self[key] else { throw CorruptRecord(field: key) }
        return Date(timeIntervalSince1970: n)
    }
    fileprivate func optionalDate(_ key: String) -> Date? {
        if case .number(let n)? = self[key] { return Date(timeIntervalSince1970: n) }
        return nil
    }
    fileprivate func array(_ key: String) throws -> [JSONValue] {
        guard case .array(let a)? = self[key] else { throw CorruptRecord(field: key) }
        return a
    }
}

extension StoredVersion {
    var json: JSONValue {
        .object([("id", .string(id)), ("string", optional(string)), ("binary", optional(binary?.base64EncodedString())),
                 ("stages", .array(stages.map(JSONValue.string))), ("created", date(created))])
    }

    init(json: JSONValue) throws {
        id = try json.string("id")
        string = json.optionalString("string")
        binary = json.optionalString("binary").flatMap { Data(base64Encoded: $0) }
        stages = try json.array("stages").compactMap(\.stringValue)
        created = try json.date("created")
    }
}

extension ReplicaLink {
    var json: JSONValue {
        .object([("region", .string(region)), ("kmsKeyId", .string(kmsKeyId)), ("started", date(started)),
                 ("readyAt", date(readyAt)), ("failure", optional(failure))])
    }

    init(json: JSONValue) throws {
        region = try json.string("region")
        kmsKeyId = try json.string("kmsKeyId")
        started = try json.date("started")
        readyAt = try json.date("readyAt")
        failure = json.optionalString("failure")
    }
}

extension RotationState {
    var json: JSONValue {
        var run: JSONValue = .null
        if let r = self.run {
            run = .object([("versionId", .string(r.versionId)), ("started", date(r.started)), ("endsAt", date(r.endsAt)),
                           ("fails", .bool(r.fails))])
        }
        return .object([("enabled", .bool(enabled)), ("lambdaARN", optional(lambdaARN)),
                        ("afterDays", afterDays.map { .number(Double($0)) } ?? .null), ("schedule", optional(schedule)),
                        ("duration", optional(duration)), ("lastRotated", optionalDate(lastRotated)), ("since", date(since)),
                        ("run", run)])
    }

    init(json: JSONValue) throws {
        guard case .bool(let e)? = json["enabled"] else { throw CorruptRecord(field: "rotation.enabled") }
        enabled = e
        lambdaARN = json.optionalString("lambdaARN")
        if case .number(let n)? = json["afterDays"] { afterDays = Int64(n) }
        schedule = json.optionalString("schedule")
        duration = json.optionalString("duration")
        lastRotated = json.optionalDate("lastRotated")
        since = try json.date("since")
        if let r = json["run"], r != .null {
            guard case .bool(let fails)? = r["fails"] else { throw CorruptRecord(field: "rotation.run") }
            run = RotationRun(versionId: try r.string("versionId"), started: try r.date("started"), endsAt: try r.date("endsAt"), fails: fails)
        }
    }
}

extension SecretRecord {
    var json: JSONValue {
        .object([
            ("name", .string(name)), ("region", .string(region)), ("suffix", .string(suffix)),
            ("description", optional(description)), ("kmsKeyId", optional(kmsKeyId)),
            ("tags", .array(tags.map { .object([("Key", optional($0.Key)), ("Value", optional($0.Value))]) })),
            ("type", optional(type)), ("versions", .array(versions.map(\.json))),
            ("created", date(created)), ("lastChanged", date(lastChanged)), ("lastAccessed", optionalDate(lastAccessed)),
            ("deletionDate", optionalDate(deletionDate)), ("deletedDate", optionalDate(deletedDate)),
            ("primaryRegion", optional(primaryRegion)), ("replicas", .array(replicas.map(\.json))),
            ("availableAt", optionalDate(availableAt)), ("policy", optional(policy)),
            ("rotation", rotation?.json ?? .null), ("incoming", incoming.map { .array($0.map(\.json)) } ?? .null),
            ("incomingAt", optionalDate(incomingAt)),
        ])
    }

    init(json: JSONValue) throws {
        name = try json.string("name")
        region = try json.string("region")
        suffix = try json.string("suffix")
        description = json.optionalString("description")
        kmsKeyId = json.optionalString("kmsKeyId")
        tags = try json.array("tags").map { Tag(Key: $0.optionalString("Key"), Value: $0.optionalString("Value")) }
        type = json.optionalString("type")
        versions = try json.array("versions").map(StoredVersion.init(json:))
        created = try json.date("created")
        lastChanged = try json.date("lastChanged")
        lastAccessed = json.optionalDate("lastAccessed")
        deletionDate = json.optionalDate("deletionDate")
        deletedDate = json.optionalDate("deletedDate")
        primaryRegion = json.optionalString("primaryRegion")
        replicas = try json.array("replicas").map(ReplicaLink.init(json:))
        availableAt = json.optionalDate("availableAt")
        // Absent from documents written before resource policies were simulated.
        policy = json.optionalString("policy")
        if let r = json["rotation"], r != .null { rotation = try RotationState(json: r) }
        if case .array(let items)? = json["incoming"] { incoming = try items.map(StoredVersion.init(json:)) }
        incomingAt = json.optionalDate("incomingAt")
    }

    func encodedRecord() -> Data { json.encoded() }

    static func decodeRecord(_ data: Data) throws -> SecretRecord {
        try SecretRecord(json: JSONValue.parse(data))
    }
}
