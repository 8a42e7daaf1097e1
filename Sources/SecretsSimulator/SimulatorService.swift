import Foundation
import SecretsCore
import SecretsModel

/// The Secrets Manager operations, run inside one transaction on the simulator's store.
struct SimulatorService {
    let account: String
    let replicationDelay: Double
    let now: Date
    let random: () -> Double
    let faults: [Fault]
    var rotationTime: Double = 2

    static let replicaError = AWSError.invalidParameter(
        "Operation not permitted on a replica secret. Call must be made in primary secret's region.")
    static let markedForDeletion = AWSError.invalidRequest(
        "You can't perform this operation on the secret because it was marked for deletion.")

    // MARK: Lookup

    /// The secret `id` names in `region`, as a caller there can see it. A deletion whose window has
    /// passed is carried out first.
    func find(_ db: StateTransaction, region: String, id: String) throws -> SecretRecord? {
        let ref = try SecretReference(id, account: account)
        var candidates: [(String, String?)] = [(ref.name, ref.suffix)]
        if let alt = ref.alternateName { candidates.append((alt, nil)) }
        for (name, suffix) in candidates {
            guard let record = try db.loadSecret(region: region, name: name) else { continue }
            if record.isDeletionDue(at: now) {
                try db.deleteSecret(region: region, name: name)
                continue
            }
            guard record.isVisible(at: now) else { continue }
            if let suffix, suffix != record.suffix { continue }
            return try settle(db, record)
        }
        return nil
    }

    func resolve(_ db: StateTransaction, region: String, id: String) throws -> SecretRecord {
        guard let record = try find(db, region: region, id: id) else { throw AWSError.notFound() }
        return record
    }

    /// A secret that may be changed here: a primary, not scheduled for deletion.
    func resolveWritable(_ db: StateTransaction, region: String, id: String) throws -> SecretRecord {
        let record = try resolve(db, region: region, id: id)
        if record.isReplica { throw Self.replicaError }
        if record.deletionDate != nil { throw Self.markedForDeletion }
        return record
    }

    // MARK: Keys and faults

    func keyIsMissing(_ key: String, in region: String) -> Bool {
        faults.contains { $0 == .missingKey(key: key, region: region) }
    }

    func regionIsDown(_ region: String) -> Bool { faults.contains(.outage(region: region)) }

    /// Checks a key for the secret's own Region (CreateSecret, UpdateSecret).
    func checkPrimaryKey(_ text: String?, region: String) throws {
        guard let text, !text.isEmpty else { return }
        let key = try parseKmsKey(text)
        if let keyRegion = key.region, keyRegion != region || keyIsMissing(text, in: region) {
            throw encryptionFailure
        }
        if keyIsMissing(text, in: region) { throw encryptionFailure }
    }

    var encryptionFailure: AWSError {
        AWSError(code: "EncryptionFailure", message: "Secrets Manager can't encrypt the protected secret text using the provided KMS key. Check that the KMS key is available, enabled, and not in an invalid state. For more information, see Key states of AWS KMS keys.")
    }

    // MARK: Replication

    func statuses(_ db: StateTransaction, of primary: SecretRecord) throws -> [ReplicationStatusType] {
        try primary.replicas.map { link in
            let status = link.status(at: now)
            var entry = ReplicationStatusType(Region: link.region, KmsKeyId: link.kmsKeyId, Status: status)
            switch status {
            case .InProgress: break
            case .Failed: entry.StatusMessage = link.failure
            case .InSync:
                entry.StatusMessage = "Replication succeeded"
                entry.LastAccessedDate = try replica(db, of: primary, in: link.region)?.lastAccessed
            }
            return entry
        }
    }

    /// Starts replication of `primary` to each Region; validates every entry before changing anything.
    func addReplicas(_ db: StateTransaction, to primary: inout SecretRecord, _ entries: [ReplicaRegionType], force: Bool) throws {
        var seen = Set<String>()
        var plans: [(region: String, key: String, keyRef: KmsKeyReference)] = []
        for entry in entries {
            guard let region = entry.Region, Regions.isKnown(region), region != primary.region, seen.insert(region).inserted else {
                throw AWSError.invalidParameter("Invalid replica region.")
            }
            if let link = primary.replicas.first(where: { $0.region == region }), link.isActive(at: now) {
                throw AWSError.invalidParameter("Invalid replica region. \(region) is already a replica Region of this secret (\(link.status(at: now).rawValue)).")
            }
            let key = (entry.KmsKeyId?.isEmpty ?? true) ? defaultKmsKey : (entry.KmsKeyId ?? defaultKmsKey)
            plans.append((region, key, try parseKmsKey(key)))
        }
        for plan in plans {
            var failure: String?
            var readyAt = now.addingTimeInterval(replicationDelay)
            var existing = try db.loadSecret(region: plan.region, name: primary.name)
            if let due = existing, due.isDeletionDue(at: now) {
                try db.deleteSecret(region: due.region, name: due.name)
                existing = nil
            }
            if let keyRegion = plan.keyRef.region, keyRegion != plan.region {
                failure = "Replication failed: the KMS key \(plan.key) is in \(keyRegion), not in the replica Region \(plan.region)."
            } else if keyIsMissing(plan.key, in: plan.region) {
                failure = "Replication failed: the KMS key \(plan.key) does not exist in \(plan.region) or is not enabled."
            } else if regionIsDown(plan.region) {
                failure = "Secret replication failed due to a network error"
                readyAt = now.addingTimeInterval(max(replicationDelay * 4, replicationDelay + 10))
            } else if existing != nil, !force {
                failure = "Secret with this name already exists in this region"
            }
            if failure == nil {
                if let existing { try overwrite(db, existing) }
                var replica = primary
                replica.region = plan.region
                replica.kmsKeyId = plan.key
                replica.primaryRegion = primary.region
                replica.replicas = []
                replica.rotation?.run = nil
                replica.availableAt = readyAt
                replica.lastAccessed = nil
                replica.created = now
                try db.saveSecret(replica)
            }
            primary.replicas.removeAll { $0.region == plan.region }
            primary.replicas.append(ReplicaLink(region: plan.region, kmsKeyId: plan.key, started: now, readyAt: readyAt, failure: failure))
        }
        primary.lastChanged = now
    }

    /// The replica `primary` holds in `region`, or nil. The secret of that name in that Region is
    /// not always it: a Failed link holds none, and the name may belong to a standalone secret
    /// (the one that made the replica fail, or one created while a doomed replica was InProgress)
    /// or to another primary's replica. Every path that changes or deletes a replica asks here.
    func replica(_ db: StateTransaction, of primary: SecretRecord, in region: String) throws -> SecretRecord? {
        guard let link = primary.replicas.first(where: { $0.region == region }), link.failure == nil,
              let record = try db.loadSecret(region: region, name: primary.name),
              record.primaryRegion == primary.region, record.suffix == primary.suffix else { return nil }
        return record
    }

    /// Deletes the secret a forced replica overwrites, and only it: the overwrite is of the
    /// destination Region. Its own replicas elsewhere stay, as standalone secrets; if it is a
    /// replica, its primary drops it.
    func overwrite(_ db: StateTransaction, _ record: SecretRecord) throws {
        for link in record.replicas {
            guard var orphan = try replica(db, of: record, in: link.region) else { continue }
            orphan.primaryRegion = nil
            orphan.lastChanged = now
            try db.saveSecret(orphan)
        }
        if let primaryRegion = record.primaryRegion, var primary = try db.loadSecret(region: primaryRegion, name: record.name),
           try replica(db, of: primary, in: record.region) != nil {
            primary.replicas.removeAll { $0.region == record.region }
            primary.lastChanged = now
            try db.saveSecret(primary)
        }
        try db.deleteSecret(region: record.region, name: record.name)
    }

    /// Copies what replicates (value versions and their labels, description, tags, resource policy)
    /// from a primary to its replicas.
    func propagate(_ db: StateTransaction, from primary: SecretRecord) throws {
        for link in primary.replicas {
            guard var replica = try self.replica(db, of: primary, in: link.region) else { continue }
            replica.versions = primary.versions
            replica.description = primary.description
            replica.tags = primary.tags
            replica.policy = primary.policy
            replica.rotation = primary.rotation.map { var r = $0; r.run = nil; return r }
            replica.incoming = nil
            replica.incomingAt = nil
            replica.type = primary.type
            replica.lastChanged = primary.lastChanged
            try db.saveSecret(replica)
        }
    }

    // MARK: Versions

    /// Adds a version (or recognises a retried request by its token). Returns the version id and
    /// whether a version was created.
    func addVersion(to record: inout SecretRecord, token: String?, string: String?, binary: Data?, stages: [String]?) throws -> StoredVersion {
        if let token, let existing = record.versions.first(where: { $0.id == token }) {
            guard existing.sameValue(string: string, binary: binary) else {
                throw AWSError.resourceExists("You can't use ClientRequestToken \(token) because that value is already in use for a version of secret \(record.arn(account: account)).")
            }
            return existing
        }
        let stages = stages ?? ["AWSCURRENT"]
        let version = StoredVersion(id: token ?? randomVersionId(), string: string, binary: binary, stages: stages, created: now)
        let previousCurrent = record.current?.id
        for i in record.versions.indices {
            record.versions[i].stages.removeAll { stages.contains($0) }
        }
        if stages.contains("AWSCURRENT"), let previousCurrent, previousCurrent != version.id {
            for i in record.versions.indices {
                record.versions[i].stages.removeAll { $0 == "AWSPREVIOUS" }
                if record.versions[i].id == previousCurrent { record.versions[i].stages.append("AWSPREVIOUS") }
            }
        }
        record.versions.append(version)
        // The service keeps about 100 versions, dropping old unlabelled ones (never those under a day old).
        while record.versions.count > 100,
              let i = record.versions.firstIndex(where: { $0.stages.isEmpty && now.timeIntervalSince($0.created) > 86_400 }) {
            record.versions.remove(at: i)
        }
        record.lastChanged = now
        return version
    }

    // MARK: Operations

    func createSecret(_ db: StateTransaction, region: String, _ r: CreateSecretRequest) throws -> JSONValue {
        try checkName(r.Name)
        try checkSecretValue(string: r.SecretString, binary: r.SecretBinary)
        try checkTags(r.Tags)
        if let existing = try db.loadSecret(region: region, name: r.Name), !existing.isDeletionDue(at: now) {
            if existing.deletionDate != nil {
                throw AWSError.invalidRequest("You can't create this secret because a secret with this name is already scheduled for deletion.")
            }
            if let token = r.ClientRequestToken, let version = existing.versions.first(where: { $0.id == token }),
               version.sameValue(string: r.SecretString, binary: r.SecretBinary), !existing.isReplica {
                return try encode(CreateSecretResponse(ARN: existing.arn(account: account), Name: existing.name,
                                                       VersionId: version.id, ReplicationStatus: nonEmpty(try statuses(db, of: existing))))
            }
            throw AWSError.resourceExists("The operation failed because the secret \(r.Name) already exists.")
        }
        try checkPrimaryKey(r.KmsKeyId, region: region)
        var record = SecretRecord(name: r.Name, region: region, suffix: randomSuffix(random), description: r.Description,
                                  kmsKeyId: (r.KmsKeyId?.isEmpty ?? true) ? nil : r.KmsKeyId, tags: r.Tags ?? [], type: r.Type,
                                  versions: [], created: now, lastChanged: now, lastAccessed: nil, deletionDate: nil,
                                  deletedDate: nil, primaryRegion: nil, replicas: [], availableAt: nil)
        var versionId: String?
        if r.SecretString != nil || r.SecretBinary != nil {
            versionId = try addVersion(to: &record, token: r.ClientRequestToken, string: r.SecretString, binary: r.SecretBinary, stages: nil).id
        }
        if let add = r.AddReplicaRegions {
            try addReplicas(db, to: &record, add, force: r.ForceOverwriteReplicaSecret ?? false)
        }
        try db.saveSecret(record)
        return try encode(CreateSecretResponse(ARN: record.arn(account: account), Name: record.name, VersionId: versionId,
                                               ReplicationStatus: nonEmpty(try statuses(db, of: record))))
    }

    func describeSecret(_ db: StateTransaction, region: String, _ r: DescribeSecretRequest) throws -> JSONValue {
        let s = try resolve(db, region: region, id: r.SecretId)
        var d = DescribeSecretResponse()
        describe(s, into: &d)
        d.VersionIdsToStages = versionsToStages(s)
        if s.isReplica {
            d.ReplicationStatus = [ReplicationStatusType(Region: s.region, KmsKeyId: s.kmsKeyId ?? defaultKmsKey, Status: .InSync,
                                                         StatusMessage: "Replication succeeded", LastAccessedDate: s.lastAccessed)]
        } else {
            d.ReplicationStatus = nonEmpty(try statuses(db, of: s))
        }
        return try encode(d).adding(rotationMembers(s))
    }

    func replicateSecretToRegions(_ db: StateTransaction, region: String, _ r: ReplicateSecretToRegionsRequest) throws -> JSONValue {
        var primary = try resolveWritable(db, region: region, id: r.SecretId)
        try addReplicas(db, to: &primary, r.AddReplicaRegions, force: r.ForceOverwriteReplicaSecret ?? false)
        try db.saveSecret(primary)
        return try encode(ReplicateSecretToRegionsResponse(ARN: primary.arn(account: account), ReplicationStatus: try statuses(db, of: primary)))
    }

    func removeRegionsFromReplication(_ db: StateTransaction, region: String, _ r: RemoveRegionsFromReplicationRequest) throws -> JSONValue {
        var primary = try resolve(db, region: region, id: r.SecretId)
        if primary.isReplica { throw Self.replicaError }
        for target in r.RemoveReplicaRegions where !primary.replicas.contains(where: { $0.region == target }) {
            throw AWSError.invalidParameter("Invalid replica region. \(target) is not a replica Region of secret \(primary.name).")
        }
        for target in Set(r.RemoveReplicaRegions) {
            // A Failed link (or one still InProgress that will fail) holds no secret: only the
            // entry goes, whatever secret of this name the Region holds is another one.
            if try replica(db, of: primary, in: target) != nil {
                try db.deleteSecret(region: target, name: primary.name)
            }
            primary.replicas.removeAll { $0.region == target }
        }
        primary.lastChanged = now
        try db.saveSecret(primary)
        return try encode(ReplicateSecretToRegionsResponse(ARN: primary.arn(account: account), ReplicationStatus: try statuses(db, of: primary)))
    }

    func stopReplicationToReplica(_ db: StateTransaction, region: String, _ r: StopReplicationToReplicaRequest) throws -> JSONValue {
        var replica = try resolve(db, region: region, id: r.SecretId)
        guard let primaryRegion = replica.primaryRegion else {
            throw AWSError.invalidRequest("The secret \(replica.name) in \(region) is not a replica. Send StopReplicationToReplica to the Region of the replica you want to promote.")
        }
        if var primary = try db.loadSecret(region: primaryRegion, name: replica.name),
           try self.replica(db, of: primary, in: region) != nil {
            primary.replicas.removeAll { $0.region == region }
            primary.lastChanged = now
            try db.saveSecret(primary)
        }
        replica.primaryRegion = nil
        replica.availableAt = nil
        // The promoted secret keeps what has reached it; rotation is its own to turn on.
        replica.incoming = nil
        replica.incomingAt = nil
        replica.rotation?.enabled = false
        replica.lastChanged = now
        try db.saveSecret(replica)
        return try encode(StopReplicationToReplicaResponse(ARN: replica.arn(account: account)))
    }

    func getSecretValue(_ db: StateTransaction, region: String, _ r: GetSecretValueRequest) throws -> JSONValue {
        var s = try resolve(db, region: region, id: r.SecretId)
        if s.deletionDate != nil { throw Self.markedForDeletion }
        let version: StoredVersion?
        switch (r.VersionId, r.VersionStage) {
        case let (id?, stage?):
            version = s.versions.first { $0.id == id }
            if let version, !version.stages.contains(stage) {
                throw AWSError.invalidParameter("You provided a VersionStage that is not associated to the provided VersionId.")
            }
        case let (id?, nil): version = s.versions.first { $0.id == id }
        case let (nil, stage?): version = s.versions.first { $0.stages.contains(stage) }
        case (nil, nil): version = s.current
        }
        guard let version else {
            if let id = r.VersionId { throw AWSError.notFound("Secrets Manager can't find the specified secret value for VersionId: \(id)") }
            throw AWSError.notFound("Secrets Manager can't find the specified secret value for staging label: \(r.VersionStage ?? "AWSCURRENT")")
        }
        let day = startOfDay(now)
        if s.lastAccessed != day {
            s.lastAccessed = day
            try db.saveSecret(s)
        }
        var out = GetSecretValueResponse()
        out.ARN = s.arn(account: account)
        out.Name = s.name
        out.VersionId = version.id
        out.SecretBinary = version.binary
        out.SecretString = version.string
        out.VersionStages = version.stages
        out.CreatedDate = version.created
        return try encode(out)
    }

    func putSecretValue(_ db: StateTransaction, region: String, _ r: PutSecretValueRequest) throws -> JSONValue {
        var s = try resolveWritable(db, region: region, id: r.SecretId)
        try checkSecretValue(string: r.SecretString, binary: r.SecretBinary)
        if r.SecretString == nil, r.SecretBinary == nil {
            throw AWSError.invalidParameter("You must provide either SecretString or SecretBinary.")
        }
        let version = try addVersion(to: &s, token: r.ClientRequestToken, string: r.SecretString, binary: r.SecretBinary, stages: r.VersionStages)
        try db.saveSecret(s)
        try propagate(db, from: s)
        let stages = s.versions.first { $0.id == version.id }?.stages ?? version.stages
        return try encode(PutSecretValueResponse(ARN: s.arn(account: account), Name: s.name, VersionId: version.id, VersionStages: stages))
    }

    func updateSecret(_ db: StateTransaction, region: String, _ r: UpdateSecretRequest) throws -> JSONValue {
        var s = try resolveWritable(db, region: region, id: r.SecretId)
        try checkSecretValue(string: r.SecretString, binary: r.SecretBinary)
        if let key = r.KmsKeyId {
            try checkPrimaryKey(key, region: region)
            s.kmsKeyId = key.isEmpty ? nil : key
        }
        if let description = r.Description { s.description = description }
        if let type = r.Type { s.type = type }
        var versionId: String?
        if r.SecretString != nil || r.SecretBinary != nil {
            if let token = r.ClientRequestToken, s.versions.contains(where: { $0.id == token }) {
                throw AWSError.resourceExists("You can't use ClientRequestToken \(token) because that value is already in use for a version of secret \(s.arn(account: account)).")
            }
            versionId = try addVersion(to: &s, token: r.ClientRequestToken, string: r.SecretString, binary: r.SecretBinary, stages: nil).id
        }
        s.lastChanged = now
        try db.saveSecret(s)
        try propagate(db, from: s)
        return try encode(UpdateSecretResponse(ARN: s.arn(account: account), Name: s.name, VersionId: versionId))
    }

    func deleteSecret(_ db: StateTransaction, region: String, _ r: DeleteSecretRequest) throws -> JSONValue {
        let force = r.ForceDeleteWithoutRecovery ?? false
        if force, r.RecoveryWindowInDays != nil {
            throw AWSError.invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.")
        }
        let days = r.RecoveryWindowInDays ?? 30
        if !force, !(7...30).contains(days) {
            throw AWSError.invalidParameter("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).")
        }
        guard var s = try find(db, region: region, id: r.SecretId) else {
            // A forced delete of a secret that is not there succeeds, as the service documents.
            // Named by ARN, the answer carries that ARN and the name in it.
            if force {
                let ref = try SecretReference(r.SecretId, account: account)
                let arn = r.SecretId.hasPrefix("arn:") ? r.SecretId
                    : "arn:aws:secretsmanager:\(region):\(account):secret:\(r.SecretId)-\(randomSuffix(random))"
                return try encode(DeleteSecretResponse(ARN: arn, Name: ref.name, DeletionDate: now))
            }
            throw AWSError.notFound()
        }
        if s.isReplica { throw Self.replicaError }
        let active = s.replicas.filter { $0.isActive(at: now) }.map(\.region)
        if !active.isEmpty {
            throw AWSError.invalidParameter("You can't delete secret \(s.arn(account: account)) that still has replica regions [\(active.joined(separator: ", "))].")
        }
        if force {
            try db.deleteSecret(region: region, name: s.name)
            return try encode(DeleteSecretResponse(ARN: s.arn(account: account), Name: s.name, DeletionDate: now))
        }
        if s.deletionDate != nil { throw Self.markedForDeletion }
        let deletion = now.addingTimeInterval(Double(days) * 86_400)
        s.deletionDate = deletion
        s.deletedDate = now
        s.lastChanged = now
        try db.saveSecret(s)
        return try encode(DeleteSecretResponse(ARN: s.arn(account: account), Name: s.name, DeletionDate: deletion))
    }

    func restoreSecret(_ db: StateTransaction, region: String, _ r: RestoreSecretRequest) throws -> JSONValue {
        var s = try resolve(db, region: region, id: r.SecretId)
        if s.isReplica { throw Self.replicaError }
        if s.deletionDate != nil {
            s.deletionDate = nil
            s.deletedDate = nil
            s.lastChanged = now
            try db.saveSecret(s)
        }
        return try encode(RestoreSecretResponse(ARN: s.arn(account: account), Name: s.name))
    }

    func listSecrets(_ db: StateTransaction, region: String, _ r: ListSecretsRequest) throws -> JSONValue {
        let pageSize = r.MaxResults ?? 100
        let filters = try SecretFilter.parse(r.Filters ?? [])
        let sortBy = r.SortBy ?? "created-date"
        let sortOrder = r.SortOrder ?? "asc"
        // The model's enums were checked on the way in.
        let order = ListQuery.Order(rawValue: sortBy) ?? .created
        var offset = 0
        if let token = r.NextToken {
            guard let decoded = ListToken.decode(token) else {
                throw AWSError(code: "InvalidNextTokenException", message: "The NextToken value is invalid.")
            }
            offset = decoded
        }
        // Deletions whose window has passed are carried out first, as a read of each would be.
        for name in try db.namesDueForDeletion(region: region, now: now) {
            try db.deleteSecret(region: region, name: name)
        }
        let query = ListQuery(region: region, now: now, includePlannedDeletion: r.IncludePlannedDeletion ?? false,
                              order: order, ascending: sortOrder == "asc", filters: filters.filter { $0.sqlCondition != nil })
        let remaining = filters.filter { $0.sqlCondition == nil }
        var page: [SecretRecord] = []
        var more = false
        if remaining.isEmpty {
            // One row past the page tells whether another page follows.
            let names = try db.listNames(query, limit: pageSize + 1, offset: offset)
            page = try names.prefix(pageSize).compactMap { try db.peekSecret(region: region, name: $0) }
            more = names.count > pageSize
        } else {
            // Filters SQL cannot answer are tested on the records, in listing order, up to the
            // first match past the page.
            var matched = 0
            for name in try db.listNames(query, limit: nil, offset: 0) {
                guard let s = try db.peekSecret(region: region, name: name), remaining.allSatisfy({ $0.matches(s) }) else { continue }
                if matched >= offset + pageSize {
                    more = true
                    break
                }
                if matched >= offset { page.append(s) }
                matched += 1
            }
        }
        let next = more ? ListToken.encode(offset + page.count) : nil
        let entries = try page.map { found -> JSONValue in
            let s = try settle(db, found)
            var e = SecretListEntry()
            describe(s, into: &e)
            e.SecretVersionsToStages = versionsToStages(s)
            return try encode(e).adding(rotationMembers(s))
        }
        return response([("SecretList", .array(entries)), ("NextToken", next.map(JSONValue.string))])
    }

    // MARK: Helpers

    /// The members DescribeSecret and a ListSecrets entry share. The KMS key is left out when it is
    /// the default, as the service does.
    func describe<Shape: SecretMetadataShape>(_ s: SecretRecord, into d: inout Shape) {
        d.ARN = s.arn(account: account)
        d.Name = s.name
        d.Type = s.type
        d.Description = s.description
        d.KmsKeyId = s.kmsKeyId == defaultKmsKey ? nil : s.kmsKeyId
        d.LastChangedDate = s.lastChanged
        d.LastAccessedDate = s.lastAccessed
        d.DeletedDate = s.deletedDate
        d.Tags = s.tags.isEmpty ? nil : s.tags
        d.CreatedDate = s.created
        d.PrimaryRegion = s.reportedPrimaryRegion
    }

    func versionsToStages(_ s: SecretRecord) -> [String: [String]]? {
        let labelled = s.versions.filter { !$0.stages.isEmpty }
        return labelled.isEmpty ? nil : Dictionary(uniqueKeysWithValues: labelled.map { ($0.id, $0.stages) })
    }

    func nonEmpty(_ statuses: [ReplicationStatusType]) -> [ReplicationStatusType]? {
        statuses.isEmpty ? nil : statuses
    }

    func encode<T: Encodable>(_ value: T) throws -> JSONValue { try JSONValueEncoder.encode(value) }
}

/// NextToken for ListSecrets: opaque to callers, an offset inside.
enum ListToken {
    static func encode(_ offset: Int) -> String { Data("smsh-list:\(offset)".utf8).base64EncodedString() }
    static func decode(_ token: String) -> Int? {
        guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8),
              text.hasPrefix("smsh-list:"), let n = Int(text.dropFirst("smsh-list:".count)), n >= 0 else { return nil }
        return n
    }
}

/// What DescribeSecretResponse and SecretListEntry have in common.
protocol SecretMetadataShape {
    var ARN: String? { get set }
    var Name: String? { get set }
    var `Type`: String? { get set }
    var Description: String? { get set }
    var KmsKeyId: String? { get set }
    var LastChangedDate: Date? { get set }
    var LastAccessedDate: Date? { get set }
    var DeletedDate: Date? { get set }
    var Tags: [Tag]? { get set }
    var CreatedDate: Date? { get set }
    var PrimaryRegion: String? { get set }
}

extension DescribeSecretResponse: SecretMetadataShape {}
extension SecretListEntry: SecretMetadataShape {}
