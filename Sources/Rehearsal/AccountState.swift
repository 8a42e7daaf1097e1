import Foundation
import SecretsCore
import SecretsModel
import SecretsSimulator

/// One secret in one Region, as the read-only calls describe it: the part of an account a
/// rehearsal copies and compares. No value: versions are ids, labels and dates.
public struct SecretState: Sendable, Equatable {
    public struct Version: Sendable, Equatable {
        public var id: String
        public var stages: [String]
        public var created: Date?
    }

    public var region: String
    public var name: String
    public var arn: String
    /// As DescribeSecret reports it: set on a replica (its primary's Region) and on a primary
    /// with replicas (its own).
    public var primaryRegion: String?
    public var description: String?
    public var kmsKeyId: String?
    public var type: String?
    public var tags: [Tag]
    public var policy: String?
    /// Oldest first.
    public var versions: [Version]
    public var replication: [ImportedReplica]
    public var created: Date?
    public var lastChanged: Date?
    public var lastAccessed: Date?
    public var deletedDate: Date?
    public var rotation: ImportedRotation?

    public var isReplica: Bool { primaryRegion.map { $0 != region } ?? false }

    /// Label -> version id.
    var labels: [String: String] {
        var out: [String: String] = [:]
        for v in versions { for s in v.stages { out[s] = v.id } }
        return out
    }

    /// The account id in the ARN.
    var account: String? {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count > 4 ? String(parts[4]) : nil
    }

    /// What the simulator needs to hold this secret (a primary or standalone one) and its
    /// replicas, each version's value given by `value`.
    func imported(value: (Version) -> SecretContent) -> ImportedSecret {
        ImportedSecret(name: name, region: region, suffix: ImportedSecret.suffix(ofARN: arn, name: name), description: description,
                       kmsKeyId: kmsKeyId, type: type, tags: tags, policy: policy,
                       versions: versions.map { ImportedVersion(id: $0.id, value: value($0), stages: $0.stages, created: $0.created ?? created ?? Date()) },
                       created: created ?? Date(), lastChanged: lastChanged, lastAccessed: lastAccessed, deletedDate: deletedDate,
                       rotation: rotation, replicas: replication)
    }
}

/// Which secrets to read.
public enum SecretSelection: Sendable, Equatable {
    /// By name or ARN, in each Region read.
    case names([String])
    /// ListSecrets with these filters (key, value), in each Region read.
    case filters([(key: String, value: String)])
    /// Every secret of each Region read.
    case all

    public static func == (a: SecretSelection, b: SecretSelection) -> Bool {
        switch (a, b) {
        case let (.names(x), .names(y)): return x == y
        case let (.filters(x), .filters(y)): return x.map { [$0.key, $0.value] } == y.map { [$0.key, $0.value] }
        case (.all, .all): return true
        default: return false
        }
    }
}

/// Reads secrets with the calls ReadOnlyTransport allows, and nothing else.
public struct AccountReader: Sendable {
    let transport: any Transport

    public init(transport: any Transport) { self.transport = transport }

    /// The selected secrets of `regions`, sorted by name then Region. A replica's primary is read
    /// too, from its own Region, so that every replication group is whole.
    public func read(regions: [String], selection: SecretSelection) async throws -> [SecretState] {
        var found: [String: SecretState] = [:]
        var queue: [(region: String, id: String)] = []
        for region in regions {
            switch selection {
            case .names(let names):
                // An ARN names its Region: asked elsewhere, the service may refuse rather than not find it.
                queue += names.filter { arnRegion($0).map { $0 == region } ?? true }.map { (region, $0) }
            case .filters, .all:
                queue += try await listNames(region: region, selection: selection).map { (region, $0) }
            }
        }
        while !queue.isEmpty {
            let (region, id) = queue.removeFirst()
            guard let state = try await describe(region: region, id: id), found["\(state.region)\u{0}\(state.name)"] == nil else { continue }
            found["\(state.region)\u{0}\(state.name)"] = state
            if state.isReplica, let primary = state.primaryRegion, found["\(primary)\u{0}\(state.name)"] == nil {
                queue.append((primary, state.name))
            }
        }
        return found.values.sorted { ($0.name, $0.region) < ($1.name, $1.region) }
    }

    private func listNames(region: String, selection: SecretSelection) async throws -> [String] {
        var members: [(String, JSONValue)] = [("IncludePlannedDeletion", .bool(true))]
        if case .filters(let filters) = selection {
            members.append(("Filters", .array(filters.map { .object([("Key", .string($0.key)), ("Values", .array([.string($0.value)]))]) })))
        }
        let client = SecretsManagerClient(transport: transport, region: region)
        let all = try await client.paginateAll(.listSecrets, body: .object(members))
        return (all["SecretList"]?.arrayValue ?? []).compactMap { $0["Name"]?.stringValue }
    }

    /// DescribeSecret, ListSecretVersionIds (deprecated versions too) and GetResourcePolicy of one
    /// secret; nil when the Region has no such secret.
    func describe(region: String, id: String) async throws -> SecretState? {
        let client = SecretsManagerClient(transport: transport, region: region)
        let d: JSONValue
        do {
            d = try await client.call(.describeSecret, body: .object([("SecretId", .string(id))]))
        } catch let e as AWSError where e.code == "ResourceNotFoundException" {
            return nil
        }
        guard let arn = d["ARN"]?.stringValue, let name = d["Name"]?.stringValue else { return nil }
        let listed = try await client.paginateAll(.listSecretVersionIds, body: .object([("SecretId", .string(arn)), ("IncludeDeprecated", .bool(true))]))
        let versions = (listed["Versions"]?.arrayValue ?? []).compactMap { v -> SecretState.Version? in
            guard let id = v["VersionId"]?.stringValue else { return nil }
            return SecretState.Version(id: id, stages: (v["VersionStages"]?.arrayValue ?? []).compactMap(\.stringValue), created: date(v["CreatedDate"]))
        }.sorted { ($0.created ?? .distantPast, $0.id) < ($1.created ?? .distantPast, $1.id) }
        let policy = try await client.call(.getResourcePolicy, body: .object([("SecretId", .string(arn))]))["ResourcePolicy"]?.stringValue
        let tags = (d["Tags"]?.arrayValue ?? []).map { Tag(Key: $0["Key"]?.stringValue, Value: $0["Value"]?.stringValue) }
        let primaryRegion = d["PrimaryRegion"]?.stringValue
        // A replica's DescribeSecret lists its own status only: the primary's holds the group's.
        let replication = primaryRegion.map { $0 != region } ?? false ? [] : (d["ReplicationStatus"]?.arrayValue ?? []).compactMap { r -> ImportedReplica? in
            guard let region = r["Region"]?.stringValue else { return nil }
            return ImportedReplica(region: region, kmsKeyId: r["KmsKeyId"]?.stringValue ?? "alias/aws/secretsmanager",
                                   status: r["Status"]?.stringValue ?? "InSync", message: r["StatusMessage"]?.stringValue,
                                   lastAccessed: date(r["LastAccessedDate"]))
        }
        var rotation: ImportedRotation?
        if d["RotationEnabled"] != nil || d["RotationLambdaARN"] != nil {
            let rules = d["RotationRules"]
            var days: Int64?
            if case .number(let n)? = rules?["AutomaticallyAfterDays"] { days = Int64(n) }
            rotation = ImportedRotation(enabled: d["RotationEnabled"] == .bool(true), lambdaARN: d["RotationLambdaARN"]?.stringValue,
                                        afterDays: days, schedule: rules?["ScheduleExpression"]?.stringValue,
                                        duration: rules?["Duration"]?.stringValue, lastRotated: date(d["LastRotatedDate"]))
        }
        return SecretState(region: region, name: name, arn: arn, primaryRegion: primaryRegion, description: d["Description"]?.stringValue,
                           kmsKeyId: d["KmsKeyId"]?.stringValue, type: d["Type"]?.stringValue, tags: tags, policy: policy,
                           versions: versions, replication: replication, created: date(d["CreatedDate"]),
                           lastChanged: date(d["LastChangedDate"]), lastAccessed: date(d["LastAccessedDate"]),
                           deletedDate: date(d["DeletedDate"]), rotation: rotation)
    }

    private func arnRegion(_ id: String) -> String? {
        guard id.hasPrefix("arn:") else { return nil }
        let parts = id.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count > 3 ? String(parts[3]) : nil
    }

    private func date(_ v: JSONValue?) -> Date? {
        if case .number(let n)? = v { return Date(timeIntervalSince1970: n) }
        return nil
    }
}
