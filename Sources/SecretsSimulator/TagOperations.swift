import Foundation
import SecretsCore

/// TagResource and UntagResource. Tags are metadata of the secret, not of a version: a change
/// makes no version, and replicas take the primary's tags as they take its description.
extension SimulatorService {
    /// The service's quota of tags on one secret.
    static let maxTags = 50

    func tagResource(_ db: StateTransaction, region: String, _ b: RequestBody) throws -> JSONValue {
        let id = try b.required("SecretId", b.string)
        let tags = try b.required("Tags", b.tags)
        try checkTags(tags)
        var s = try resolveWritable(db, region: region, id: id)
        for (i, tag) in tags.enumerated() {
            guard let key = tag.Key else {
                throw AWSError.validation("1 validation error detected: Value null at 'tags.\(i + 1).member.key' failed to satisfy constraint: Member must not be null")
            }
            if let i = s.tags.firstIndex(where: { $0.Key == key }) {
                s.tags[i].Value = tag.Value ?? ""
            } else {
                s.tags.append(Tag(Key: key, Value: tag.Value ?? ""))
            }
        }
        if s.tags.count > Self.maxTags {
            throw AWSError.invalidParameter("Number of tags exceeds the limit of \(Self.maxTags) tags per secret.")
        }
        s.lastChanged = now
        try db.saveSecret(s)
        try propagate(db, from: s)
        return .object([])
    }

    func untagResource(_ db: StateTransaction, region: String, _ b: RequestBody) throws -> JSONValue {
        let id = try b.required("SecretId", b.string)
        let keys = try b.required("TagKeys", b.strings)
        var s = try resolveWritable(db, region: region, id: id)
        // Keys the secret does not have are not an error.
        s.tags.removeAll { keys.contains($0.Key ?? "") }
        s.lastChanged = now
        try db.saveSecret(s)
        try propagate(db, from: s)
        return .object([])
    }

    /// The reserved prefix, which the service refuses in keys and values, and the quota.
    func checkTags(_ tags: [Tag]?) throws {
        for tag in tags ?? [] {
            if (tag.Key ?? "").lowercased().hasPrefix("aws:") || (tag.Value ?? "").lowercased().hasPrefix("aws:") {
                throw AWSError.invalidParameter("Tag keys and values can't start with the reserved prefix aws:.")
            }
        }
        if let tags, tags.count > Self.maxTags {
            throw AWSError.invalidParameter("Number of tags exceeds the limit of \(Self.maxTags) tags per secret.")
        }
    }
}
