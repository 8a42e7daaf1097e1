import Foundation
import SecretsCore

/// The whole state at one moment, for `smsh serve`'s web view: every secret in every Region, each
/// primary's replicas with their status and the seconds until an InProgress one is decided, and
/// the active faults. Secret values are never part of it.
extension SimulatorTransport {
    public func worldSnapshot() throws -> JSONValue {
        let now = options.clock()
        let (records, faults) = try store.transaction { db in (try db.allRecords(), try db.faults()) }
        var secrets: [JSONValue] = []
        for r in records where r.isVisible(at: now) && !r.isDeletionDue(at: now) {
            var members: [(String, JSONValue)] = [
                ("Name", .string(r.name)),
                ("Region", .string(r.region)),
                ("ARN", .string(r.arn(account: options.accountId))),
                ("KmsKeyId", .string(r.kmsKeyId ?? defaultKmsKey)),
                ("Versions", .number(Double(r.versions.count))),
            ]
            if let p = r.primaryRegion { members.append(("PrimaryRegion", .string(p))) }
            if let d = r.deletionDate { members.append(("DeletionDate", .number(d.timeIntervalSince1970))) }
            if !r.replicas.isEmpty {
                members.append(("Replicas", .array(r.replicas.map { link in
                    let status = link.status(at: now)
                    var m: [(String, JSONValue)] = [
                        ("Region", .string(link.region)),
                        ("KmsKeyId", .string(link.kmsKeyId)),
                        ("Status", .string(status.rawValue)),
                    ]
                    switch status {
                    case .InProgress: m.append(("SecondsLeft", .number(max(0, link.readyAt.timeIntervalSince(now)))))
                    case .Failed: m.append(("StatusMessage", .string(link.failure ?? "")))
                    default: break
                    }
                    return .object(m)
                })))
            }
            secrets.append(.object(members))
        }
        return .object([
            ("Now", .number(now.timeIntervalSince1970)),
            ("Account", .string(options.accountId)),
            ("ReplicationDelay", .number(options.replicationDelay)),
            ("Secrets", .array(secrets)),
            ("Faults", .array(faults.map(FaultDescription.json))),
        ])
    }

    /// Deletes every secret and fault: the world as a new state file has it.
    public func reset() throws {
        try store.transaction { db in try db.deleteEverything() }
    }

    /// Clears one fault, leaving the others (the web view's switches).
    public func removeFault(_ fault: Fault) async throws {
        try store.transaction { db in
            var faults = try db.faults()
            faults.removeAll { $0 == fault }
            try db.saveFaults(faults)
        }
    }
}

/// A fault as JSON and as the `simulate` line that sets it: what `smsh serve`'s fault endpoint
/// takes and answers, one spelling for the page, curl and the docs.
public enum FaultDescription {
    public static func json(_ fault: Fault) -> JSONValue {
        switch fault {
        case .outage(let r): return .object([("type", .string("outage")), ("region", .string(r)), ("simulate", .string(line(fault)))])
        case .missingKey(let k, let r):
            return .object([("type", .string("missingKey")), ("key", .string(k)), ("region", .string(r)), ("simulate", .string(line(fault)))])
        case .throttle(let f): return .object([("type", .string("throttle")), ("percent", .number(f * 100)), ("simulate", .string(line(fault)))])
        case .latency(let s): return .object([("type", .string("latency")), ("seconds", .number(s)), ("simulate", .string(line(fault)))])
        case .rotationFailure(let n): return .object([("type", .string("rotationFailure")), ("secret", .string(n)), ("simulate", .string(line(fault)))])
        }
    }

    /// The `simulate` statement that sets this fault.
    public static func line(_ fault: Fault) -> String {
        switch fault {
        case .outage(let r): return "simulate outage \(r)"
        case .missingKey(let k, let r): return "simulate missing key \(k) in \(r)"
        case .throttle(let f): return "simulate throttle \(JSONValue.formatNumber(f * 100))%"
        case .latency(let s): return "simulate latency \(JSONValue.formatNumber((s * 1000).rounded()))ms"
        case .rotationFailure(let n): return "simulate rotation failure \(n)"
        }
    }

    /// Reads the JSON form (`{"type": "outage", "region": "eu-west-3"}`); the message says what is wrong.
    public static func parse(_ json: JSONValue) -> Result<Fault, AWSError> {
        func bad(_ m: String) -> Result<Fault, AWSError> { .failure(AWSError(code: "ValidationException", message: m)) }
        func string(_ k: String) -> String? { json[k]?.stringValue }
        func number(_ k: String) -> Double? { if case .number(let n)? = json[k] { n } else { nil } }
        switch string("type") {
        case "outage":
            guard let r = string("region") else { return bad("an outage needs \"region\"") }
            return .success(.outage(region: r))
        case "missingKey":
            guard let k = string("key"), let r = string("region") else { return bad("a missingKey fault needs \"key\" and \"region\"") }
            return .success(.missingKey(key: k, region: r))
        case "throttle":
            guard let p = number("percent") else { return bad("a throttle needs \"percent\" (0 to 100)") }
            return .success(.throttle(fraction: p / 100))
        case "latency":
            guard let s = number("seconds") else { return bad("a latency needs \"seconds\" (0 to 60)") }
            return .success(.latency(seconds: s))
        case "rotationFailure":
            guard let n = string("secret") else { return bad("a rotationFailure needs \"secret\"") }
            return .success(.rotationFailure(secret: n))
        default:
            return bad("\"type\" must be one of outage, missingKey, throttle, latency, rotationFailure")
        }
    }
}
