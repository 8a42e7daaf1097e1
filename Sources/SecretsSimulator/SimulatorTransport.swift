import Foundation
import GRDB
import SecretsCore

/// The embedded Secrets Manager: an in-process JSON 1.1 service over a SQLite state file.
/// It takes and returns the same bytes as AWS, so the rest of smsh cannot tell it apart.
public final class SimulatorTransport: Transport, FaultInjecting {
    public let options: SimulatorOptions
    let store: SimulatorStore

    public init(options: SimulatorOptions) throws {
        self.options = options
        do {
            store = try SimulatorStore(path: options.statePath)
        } catch let error as AWSError {
            throw error
        } catch {
            throw AWSError(code: "StateFileError", message: "cannot open the simulator state \(options.statePath): \(error)", httpStatus: 0)
        }
    }

    public func send(operation: SecretsCore.Operation, region: String, body: Data) async throws -> Data {
        try await handle(target: operation.target, region: region, body: body)
    }

    /// Handles one request as the service would receive it: any target string, any bytes.
    public func handle(target: String, region: String, body: Data) async throws -> Data {
        let faults = try readFaults()
        if let seconds = faults.compactMap({ if case .latency(let s) = $0 { s } else { nil } }).max(), seconds > 0 {
            try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
        }
        if let share = faults.compactMap({ if case .throttle(let f) = $0 { f } else { nil } }).max(), options.random() < share {
            throw AWSError(code: "ThrottlingException", message: "Rate exceeded")
        }
        return try handleNow(target: target, region: region, body: body, faults: faults)
    }

    func handleNow(target: String, region: String, body: Data, faults: [Fault]) throws -> Data {
        guard Regions.isKnown(region) else {
            throw AWSError(code: "EndpointConnectionError",
                           message: "Could not connect to the endpoint URL: \"https://secretsmanager.\(region).amazonaws.com/\" (\(region) is not a Region of the aws partition)",
                           httpStatus: 0)
        }
        guard target.hasPrefix("secretsmanager."), let operation = SecretsCore.Operation(rawValue: String(target.dropFirst("secretsmanager.".count))) else {
            throw AWSError(code: "UnknownOperationException", message: "Unknown operation \(target)")
        }
        let service = SimulatorService(account: options.accountId, replicationDelay: max(0, options.replicationDelay),
                                       now: options.clock(), random: options.random, faults: faults)
        do {
            let result = try store.transaction { db -> JSONValue in
                switch operation {
                case .createSecret: try service.createSecret(db, region: region, decode(body))
                case .describeSecret: try service.describeSecret(db, region: region, decode(body))
                case .replicateSecretToRegions: try service.replicateSecretToRegions(db, region: region, decode(body))
                case .removeRegionsFromReplication: try service.removeRegionsFromReplication(db, region: region, decode(body))
                case .stopReplicationToReplica: try service.stopReplicationToReplica(db, region: region, decode(body))
                case .getSecretValue: try service.getSecretValue(db, region: region, decode(body))
                case .putSecretValue: try service.putSecretValue(db, region: region, decode(body))
                case .updateSecret: try service.updateSecret(db, region: region, decode(body))
                case .deleteSecret: try service.deleteSecret(db, region: region, decode(body))
                case .restoreSecret: try service.restoreSecret(db, region: region, decode(body))
                case .listSecrets: try service.listSecrets(db, region: region, decode(body))
                }
            }
            return result.encoded()
        } catch let error as AWSError {
            throw error
        } catch let error as DatabaseError {
            throw AWSError(code: "InternalServiceError", message: "simulator state: \(error.message ?? error.description)", httpStatus: 500)
        }
    }

    // MARK: Fault injection

    public func inject(_ fault: Fault) async throws {
        if case .throttle(let f) = fault, !(0...1).contains(f) {
            throw AWSError.invalidParameter("a throttle share must be between 0% and 100%")
        }
        if case .latency(let s) = fault, s < 0 || s > 60 {
            throw AWSError.invalidParameter("added latency must be between 0 and 60 seconds")
        }
        switch fault {
        case .outage(let r), .missingKey(_, let r):
            guard Regions.isKnown(r) else { throw AWSError.invalidParameter("\(r) is not a Region") }
        default: break
        }
        try store.transaction { db in
            var faults = try db.loadFaults()
            faults.removeAll { existing in
                switch (existing, fault) {
                case (.throttle, .throttle), (.latency, .latency): return true
                default: return existing == fault
                }
            }
            faults.append(fault)
            try db.saveFaults(faults)
        }
    }

    public func clearFaults() async throws {
        try store.transaction { db in try db.saveFaults([]) }
    }

    public func activeFaults() async throws -> [Fault] { try readFaults() }

    func readFaults() throws -> [Fault] {
        try store.queue.read { db in try db.loadFaults() }
    }
}

/// Decodes a request body the way the service's front end does: not JSON, or a member of the
/// wrong type → SerializationException; a required member missing → ValidationException.
private func decode<T: Decodable>(_ body: Data) throws -> T {
    let data = body.isEmpty ? Data("{}".utf8) : body
    do {
        return try JSONValueDecoder.decode(T.self, from: data)
    } catch let DecodingError.keyNotFound(key, _) {
        let member = key.stringValue.prefix(1).lowercased() + key.stringValue.dropFirst()
        throw AWSError.validation("1 validation error detected: Value null at '\(member)' failed to satisfy constraint: Member must not be null")
    } catch let DecodingError.typeMismatch(_, context) {
        throw AWSError.serialization("Unexpected type for member '\(context.codingPath.map(\.stringValue).joined(separator: "."))': \(context.debugDescription)")
    } catch let DecodingError.valueNotFound(_, context) {
        throw AWSError.serialization("Unexpected null for member '\(context.codingPath.map(\.stringValue).joined(separator: "."))'")
    } catch let DecodingError.dataCorrupted(context) {
        let path = context.codingPath.map(\.stringValue).joined(separator: ".")
        throw AWSError.serialization(path.isEmpty ? "The request body is not valid JSON." : "Invalid value for member '\(path)': \(context.debugDescription)")
    }
}
