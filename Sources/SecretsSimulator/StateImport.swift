import Foundation
import GRDB
import SecretsCore

// Loading state from elsewhere into a simulator: `smsh rehearse` copies an account (as read-only
// calls describe it) or a local state file into a fresh simulator and runs a runbook there.

/// A version's value as the simulator stores it.
public enum SecretContent: Sendable, Equatable {
    case string(String)
    case binary(Data)
}

public struct ImportedVersion: Sendable, Equatable {
    public var id: String
    public var value: SecretContent
    public var stages: [String]
    public var created: Date

    public init(id: String, value: SecretContent, stages: [String], created: Date) {
        self.id = id
        self.value = value
        self.stages = stages
        self.created = created
    }
}

/// A primary's entry for one replica Region, as DescribeSecret's ReplicationStatus reports it.
public struct ImportedReplica: Sendable, Equatable {
    public var region: String
    public var kmsKeyId: String
    /// InSync, InProgress or Failed.
    public var status: String
    public var message: String?
    public var lastAccessed: Date?

    public init(region: String, kmsKeyId: String, status: String, message: String? = nil, lastAccessed: Date? = nil) {
        self.region = region
        self.kmsKeyId = kmsKeyId
        self.status = status
        self.message = message
        self.lastAccessed = lastAccessed
    }
}

public struct ImportedRotation: Sendable, Equatable {
    public var enabled: Bool
    public var lambdaARN: String?
    public var afterDays: Int64?
    public var schedule: String?
    public var duration: String?
    public var lastRotated: Date?

    public init(enabled: Bool, lambdaARN: String? = nil, afterDays: Int64? = nil, schedule: String? = nil,
                duration: String? = nil, lastRotated: Date? = nil) {
        self.enabled = enabled
        self.lambdaARN = lambdaARN
        self.afterDays = afterDays
        self.schedule = schedule
        self.duration = duration
        self.lastRotated = lastRotated
    }
}

/// A primary or standalone secret with its replicas: one replication group.
public struct ImportedSecret: Sendable, Equatable {
    public var name: String
    public var region: String
    /// The 6 characters after the name in the ARN; nil: a random one.
    public var suffix: String?
    public var description: String?
    public var kmsKeyId: String?
    public var type: String?
    public var tags: [Tag]
    public var policy: String?
    public var versions: [ImportedVersion]
    public var created: Date
    public var lastChanged: Date?
    public var lastAccessed: Date?
    /// When DeleteSecret was called, for a secret scheduled for deletion.
    public var deletedDate: Date?
    public var rotation: ImportedRotation?
    public var replicas: [ImportedReplica]

    public init(name: String, region: String, suffix: String? = nil, description: String? = nil, kmsKeyId: String? = nil,
                type: String? = nil, tags: [Tag] = [], policy: String? = nil, versions: [ImportedVersion] = [],
                created: Date, lastChanged: Date? = nil, lastAccessed: Date? = nil, deletedDate: Date? = nil,
                rotation: ImportedRotation? = nil, replicas: [ImportedReplica] = []) {
        self.name = name
        self.region = region
        self.suffix = suffix
        self.description = description
        self.kmsKeyId = kmsKeyId
        self.type = type
        self.tags = tags
        self.policy = policy
        self.versions = versions
        self.created = created
        self.lastChanged = lastChanged
        self.lastAccessed = lastAccessed
        self.deletedDate = deletedDate
        self.rotation = rotation
        self.replicas = replicas
    }

    /// The suffix of a Secrets Manager ARN of this secret (`...:secret:NAME-AbCdEf`), if it is one.
    public static func suffix(ofARN arn: String, name: String) -> String? {
        let tail = "secret:" + name + "-"
        guard let range = arn.range(of: tail, options: .backwards) else { return nil }
        let suffix = arn[range.upperBound...]
        return suffix.count == 6 ? String(suffix) : nil
    }
}

extension SimulatorTransport {
    /// Writes each secret and its replicas' rows straight into the state, in one transaction,
    /// replacing rows of the same name and Region. Replica entries keep the status they were read
    /// with: InSync and Failed ones are settled now, an InProgress one settles after the
    /// replication delay. The ARN's account is this simulator's (`options.accountId`).
    public func importSecrets(_ secrets: [ImportedSecret]) throws {
        let now = options.clock()
        try store.transaction { db in
            for s in secrets {
                let rotation = s.rotation.map {
                    RotationState(enabled: $0.enabled, lambdaARN: $0.lambdaARN, afterDays: $0.afterDays, schedule: $0.schedule,
                                  duration: $0.duration, lastRotated: $0.lastRotated, since: $0.lastRotated ?? s.created, run: nil)
                }
                let versions = s.versions.sorted { ($0.created, $0.id) < ($1.created, $1.id) }.map { v -> StoredVersion in
                    switch v.value {
                    case .string(let text): StoredVersion(id: v.id, string: text, binary: nil, stages: v.stages, created: v.created)
                    case .binary(let data): StoredVersion(id: v.id, string: nil, binary: data, stages: v.stages, created: v.created)
                    }
                }
                // The recovery window is not reported: the default, and never already over.
                let deletion = s.deletedDate.map { max($0.addingTimeInterval(30 * 86_400), now.addingTimeInterval(86_400)) }
                let links = s.replicas.map { r in
                    ReplicaLink(region: r.region, kmsKeyId: r.kmsKeyId, started: s.created,
                                readyAt: r.status == "InProgress" ? now.addingTimeInterval(options.replicationDelay) : now,
                                failure: r.status == "Failed" ? (r.message ?? "Replication failed") : nil)
                }
                let primary = SecretRecord(name: s.name, region: s.region, suffix: s.suffix ?? randomSuffix(options.random),
                                           description: s.description, kmsKeyId: s.kmsKeyId, tags: s.tags, type: s.type,
                                           versions: versions, created: s.created, lastChanged: s.lastChanged ?? s.created,
                                           lastAccessed: s.lastAccessed, deletionDate: deletion, deletedDate: s.deletedDate,
                                           primaryRegion: nil, replicas: links, availableAt: nil, policy: s.policy, rotation: rotation)
                try db.saveSecret(primary)
                for (r, link) in zip(s.replicas, links) where link.failure == nil {
                    var replica = primary
                    replica.region = r.region
                    replica.kmsKeyId = r.kmsKeyId
                    replica.primaryRegion = s.region
                    replica.replicas = []
                    replica.availableAt = link.readyAt > now ? link.readyAt : nil
                    replica.lastAccessed = r.lastAccessed
                    replica.deletionDate = nil
                    replica.deletedDate = nil
                    try db.saveSecret(replica)
                }
            }
        }
    }

    /// A simulator in memory holding a copy of the state file at `path` (SQLite's online backup,
    /// so a session writing the file meanwhile is no problem), with every version's value passed
    /// through `value` first. A file that does not exist is an empty state; the file itself is
    /// opened read-only and never changed.
    public static func copy(ofStateAt path: String, options: SimulatorOptions,
                            value: (SecretContent) -> SecretContent) throws -> SimulatorTransport {
        var memory = options
        memory.statePath = ":memory:"
        let copy = try SimulatorTransport(options: memory)
        guard FileManager.default.fileExists(atPath: path) else { return copy }
        do {
            var config = Configuration()
            config.readonly = true
            config.busyMode = .timeout(30)
            let source = try DatabaseQueue(path: path, configuration: config)
            try source.backup(to: copy.store.queue)
            try source.close()
            // A file of an earlier layout is brought up to date in the copy only.
            try StateSchema.prepare(copy.store.queue)
            // Nothing has been read through the store yet, so its cache holds nothing stale.
            try copy.store.queue.write { db in
                let rows = try Row.fetchAll(db, sql: "SELECT doc FROM secret")
                let save = try db.makeStatement(sql: StateSchema.saveSQL)
                for row in rows {
                    let doc: Data = row[0]
                    var record = try SecretRecord.decodeRecord(doc)
                    record.versions = record.versions.map { $0.replacingValue(value) }
                    record.incoming = record.incoming?.map { $0.replacingValue(value) }
                    try save.execute(arguments: StateSchema.saveArguments(record, doc: record.encodedRecord()))
                }
            }
        } catch let error as DatabaseError {
            throw AWSError(code: "StateFileError", message: "cannot copy the simulator state \(path): \(error.message ?? error.description)", httpStatus: 0)
        }
        return copy
    }
}

extension StoredVersion {
    func replacingValue(_ value: (SecretContent) -> SecretContent) -> StoredVersion {
        var v = self
        let replaced: SecretContent? = if let string { value(.string(string)) } else if let binary { value(.binary(binary)) } else { nil }
        switch replaced {
        case .string(let s)?: (v.string, v.binary) = (s, nil)
        case .binary(let d)?: (v.string, v.binary) = (nil, d)
        case nil: break
        }
        return v
    }
}
