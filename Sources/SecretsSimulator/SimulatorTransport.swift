import Foundation
import GRDB
import SecretsCore
import SecretsModel

/// The embedded Secrets Manager: an in-process JSON 1.1 service over a SQLite state file.
/// It takes and returns the same bytes as AWS, so the rest of smsh cannot tell it apart.
public final class SimulatorTransport: Transport, FaultInjecting, @unchecked Sendable {
    public let options: SimulatorOptions
    let store: SimulatorStore
    /// `use replication-delay` changes it mid-session; read by every request.
    private let delayLock = NSLock()
    private var delay: Double
    /// Snapshots of a `:memory:` state, which has no folder to keep them in.
    private var memorySnapshots: [String: DatabaseQueue] = [:]

    public var replicationDelay: Double { delayLock.withLock { delay } }

    public init(options: SimulatorOptions) throws {
        self.options = options
        self.delay = options.replicationDelay
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
        let replicationDelay = self.replicationDelay
        do {
            let result = try store.transaction { db -> JSONValue in
                let faults = try db.faults()
                latency = faults.compactMap { if case .latency(let s) = $0 { s } else { nil } }.max() ?? 0
                if faults.contains(.outage(region: region)) {
                    // As the aws CLI meets a Region it cannot reach: each attempt ends at the
                    // connect timeout, and the retries run out.
                    latency += max(0, options.connectTimeout) * Double(max(1, options.outageAttempts))
                    throw SimulatorTransport.outageError(region: region, attempts: options.outageAttempts)
                }
                if let share = faults.compactMap({ if case .throttle(let f) = $0 { f } else { nil } }).max(), options.random() < share {
                    throw AWSError(code: "ThrottlingException", message: "Rate exceeded")
                }
                let json = try RequestBody.parse(body)
                try ModelValidation.check(operation, json)
                let request = try RequestBody(json)
                let service = SimulatorService(account: options.accountId, replicationDelay: max(0, replicationDelay),
                                               now: options.clock().addingTimeInterval(try db.clockOffset()), random: options.random, faults: faults,
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


extension SimulatorTransport {
    /// What botocore raises when the connect timeout ends every attempt (ConnectTimeoutError),
    /// with the attempt count smsh's aws backend adds after retries.
    static func outageError(region: String, attempts: Int) -> AWSError {
        var message = "Connect timeout on endpoint URL: \"https://secretsmanager.\(region).amazonaws.com/\""
        if attempts > 1 { message += " (after \(attempts) attempts)" }
        return AWSError(code: "ConnectTimeoutError", message: message, httpStatus: 0)
    }
}

// MARK: - The world: clock, reset, snapshots

extension SimulatorTransport: WorldControlling {
    public func advanceClock(by seconds: Double) async throws -> Double {
        guard seconds.isFinite, seconds >= 0 else {
            throw AWSError.invalidParameter("the simulator's clock only moves forward: give a duration of 0s or more")
        }
        return try store.transaction { db in
            let offset = try db.clockOffset() + seconds
            try db.saveClockOffset(offset)
            return offset
        }
    }

    public func simulatedNow() async throws -> Date {
        let offset = try store.transaction { db in try db.clockOffset() }
        return options.clock().addingTimeInterval(offset)
    }

    public func setReplicationDelay(_ seconds: Double) async throws {
        guard seconds.isFinite, seconds >= 0 else {
            throw AWSError.invalidParameter("the replication delay is a duration of 0s or more")
        }
        delayLock.withLock { delay = seconds }
    }

    public func resetWorld() async throws {
        try reset()
    }

    /// Snapshots of a state file live in a folder beside it, `STATE.snapshots`, one SQLite file
    /// each, private to their owner as the state is.
    var snapshotFolder: String? { options.statePath == ":memory:" ? nil : options.statePath + ".snapshots" }

    static func checkSnapshotName(_ name: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard !name.isEmpty, name.count <= 64, !name.hasPrefix("."), name.allSatisfy({ allowed.contains($0) }) else {
            throw AWSError(code: "InvalidSnapshotName",
                           message: "'\(name)' is not a snapshot name: use 1-64 letters, digits, '.', '_' or '-', not starting with '.'", httpStatus: 0)
        }
    }

    public func saveSnapshot(_ name: String) async throws -> String { try saveSnapshotNow(name) }

    public func restoreSnapshot(_ name: String) async throws { try restoreSnapshotNow(name) }

    /// Synchronous: GRDB's async overloads would hop to another executor for nothing.
    func saveSnapshotNow(_ name: String) throws -> String {
        try SimulatorTransport.checkSnapshotName(name)
        guard let folder = snapshotFolder else {
            let copy = try DatabaseQueue()
            try store.queue.backup(to: copy)
            delayLock.withLock { memorySnapshots[name] = copy }
            return "memory"
        }
        let path = folder + "/" + name + ".sqlite"
        do {
            try? FileManager.default.removeItem(atPath: path)
            try SimulatorStore.createPrivateFile(at: path)
            let copy = try DatabaseQueue(path: path)
            try store.queue.backup(to: copy)
            // A snapshot is a file at rest: out of WAL mode, it is one file and opens anywhere.
            try copy.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = DELETE") }
            try copy.close()
        } catch let e as AWSError {
            throw e
        } catch {
            throw AWSError(code: "SnapshotError", message: "cannot save the snapshot \(name) to \(path): \(error)", httpStatus: 0)
        }
        return path
    }

    func restoreSnapshotNow(_ name: String) throws {
        try SimulatorTransport.checkSnapshotName(name)
        let source: DatabaseQueue
        if let folder = snapshotFolder {
            let path = folder + "/" + name + ".sqlite"
            guard FileManager.default.fileExists(atPath: path) else { throw SimulatorTransport.noSnapshot(name) }
            do { source = try DatabaseQueue(path: path) } catch {
                throw AWSError(code: "SnapshotError", message: "cannot open the snapshot \(name) at \(path): \(error)", httpStatus: 0)
            }
        } else {
            guard let copy = delayLock.withLock({ memorySnapshots[name] }) else { throw SimulatorTransport.noSnapshot(name) }
            source = copy
        }
        do {
            try source.backup(to: store.queue)
        } catch {
            store.invalidate()
            throw AWSError(code: "SnapshotError", message: "cannot restore the snapshot \(name): \(error)", httpStatus: 0)
        }
        // The backup wrote through this connection, which data_version does not report.
        store.invalidate()
    }

    static func noSnapshot(_ name: String) -> AWSError {
        AWSError(code: "SnapshotNotFound", message: "there is no snapshot named \(name) (snapshot list shows those kept)", httpStatus: 0)
    }

    public func snapshotNames() async throws -> [String] {
        guard let folder = snapshotFolder else { return delayLock.withLock { memorySnapshots.keys.sorted() } }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return files.filter { $0.hasSuffix(".sqlite") }.map { String($0.dropLast(".sqlite".count)) }.sorted()
    }

    public func replicaReadyAt(secret: String, primaryRegion: String, replicaRegion: String) async throws -> Date? {
        try store.transaction { db -> Date? in
            let now = options.clock().addingTimeInterval(try db.clockOffset())
            guard let record = try db.peekSecret(region: primaryRegion, name: secret),
                  let link = record.replicas.first(where: { $0.region == replicaRegion }), now < link.readyAt else { return nil }
            return link.readyAt
        }
    }
}
