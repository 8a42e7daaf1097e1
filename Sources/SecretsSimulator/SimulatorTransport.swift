import Foundation
import GRDB
import SecretsCore
import SecretsModel

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

    public func send(operation: SecretsModel.Operation, region: String, body: Data) async throws -> Data {
        try await handle(target: operation.target, region: region, body: body)
    }

    /// Handles one request as the service would receive it: any target string, any bytes.
    public func handle(target: String, region: String, body: Data) async throws -> Data {
        let (outcome, latency) = handleNow(target: target, region: region, body: body)
        if latency > 0 {
            try await Task.sleep(nanoseconds: UInt64(latency * 1_000_000_000))
        }
        return try outcome.get()
    }

    /// The response (or error) and the latency a fault adds to it, not yet waited: a caller with a
    /// timer of its own (smsh serve's event loop) waits instead. Faults are read in the request's
    /// own transaction, so a throttled request changes nothing.
    public func handleNow(target: String, region: String, body: Data) -> (Result<Data, any Error>, Double) {
        guard Regions.isKnown(region) else {
            return (.failure(AWSError(code: "EndpointConnectionError",
                                      message: "Could not connect to the endpoint URL: \"https://secretsmanager.\(region).amazonaws.com/\" (\(region) is not a Region of the aws partition)",
                                      httpStatus: 0)), 0)
        }
        guard target.hasPrefix("secretsmanager."), let operation = SecretsModel.Operation(rawValue: String(target.dropFirst("secretsmanager.".count))) else {
            return (.failure(AWSError(code: "UnknownOperationException", message: "Unknown operation \(target)")), 0)
        }
        var latency = 0.0
        do {
            let result = try store.transaction { db -> JSONValue in
                let faults = try db.faults()
                latency = faults.compactMap { if case .latency(let s) = $0 { s } else { nil } }.max() ?? 0
                if let share = faults.compactMap({ if case .throttle(let f) = $0 { f } else { nil } }).max(), options.random() < share {
                    throw AWSError(code: "ThrottlingException", message: "Rate exceeded")
                }
                let json = try RequestBody.parse(body)
                try ModelValidation.check(operation, json)
                let request = try RequestBody(json)
                let service = SimulatorService(account: options.accountId, replicationDelay: max(0, options.replicationDelay),
                                               now: options.clock(), random: options.random, faults: faults,
                                               rotationTime: max(0, options.rotationTime))
                switch operation {
                case .createSecret: return try service.createSecret(db, region: region, CreateSecretRequest(body: request))
                case .describeSecret: return try service.describeSecret(db, region: region, DescribeSecretRequest(body: request))
                case .replicateSecretToRegions: return try service.replicateSecretToRegions(db, region: region, ReplicateSecretToRegionsRequest(body: request))
                case .removeRegionsFromReplication: return try service.removeRegionsFromReplication(db, region: region, RemoveRegionsFromReplicationRequest(body: request))
                case .stopReplicationToReplica: return try service.stopReplicationToReplica(db, region: region, StopReplicationToReplicaRequest(body: request))
                case .getSecretValue: return try service.getSecretValue(db, region: region, GetSecretValueRequest(body: request))
                case .putSecretValue: return try service.putSecretValue(db, region: region, PutSecretValueRequest(body: request))
                case .updateSecret: return try service.updateSecret(db, region: region, UpdateSecretRequest(body: request))
                case .deleteSecret: return try service.deleteSecret(db, region: region, DeleteSecretRequest(body: request))
                case .restoreSecret: return try service.restoreSecret(db, region: region, RestoreSecretRequest(body: request))
                case .listSecrets: return try service.listSecrets(db, region: region, ListSecretsRequest(body: request))
                case .tagResource: return try service.tagResource(db, region: region, request)
                case .untagResource: return try service.untagResource(db, region: region, request)
                case .listSecretVersionIds: return try service.listSecretVersionIds(db, region: region, request)
                case .updateSecretVersionStage: return try service.updateSecretVersionStage(db, region: region, request)
                case .getRandomPassword: return try service.getRandomPassword(request)
                case .getResourcePolicy: return try service.getResourcePolicy(db, region: region, request)
                case .putResourcePolicy: return try service.putResourcePolicy(db, region: region, request)
                case .deleteResourcePolicy: return try service.deleteResourcePolicy(db, region: region, request)
                case .validateResourcePolicy: return try service.validateResourcePolicy(db, region: region, request)
                case .batchGetSecretValue: return try service.batchGetSecretValue(db, region: region, request)
                case .rotateSecret: return try service.rotateSecret(db, region: region, request)
                case .cancelRotateSecret: return try service.cancelRotateSecret(db, region: region, request)
                }
            }
            return (.success(result.encoded()), latency)
        } catch let error as AWSError {
            return (.failure(error), latency)
        } catch let error as DatabaseError {
            return (.failure(AWSError(code: "InternalServiceError", message: "simulator state: \(error.message ?? error.description)", httpStatus: 500)), latency)
        } catch {
            return (.failure(AWSError(code: "InternalServiceError", message: "simulator: \(error)", httpStatus: 500)), latency)
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
            var faults = try db.faults()
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

    public func activeFaults() async throws -> [Fault] {
        try store.transaction { db in try db.faults() }
    }
}

