import Foundation
import SecretsCore

/// ListSecretVersionIds and UpdateSecretVersionStage. Labels live on the primary's versions and
/// reach the replicas with them (`propagate`), so every Region shows the same labels.
extension SimulatorService {
    func listSecretVersionIds(_ db: StateTransaction, region: String, _ b: RequestBody) throws -> JSONValue {
        let id = try b.required("SecretId", b.string)
        let pageSize = try b.int("MaxResults") ?? 100
        let includeDeprecated = try b.bool("IncludeDeprecated") ?? false
        var offset = 0
        if let token = try b.string("NextToken") {
            guard let decoded = ListToken.decode(token) else {
                throw AWSError(code: "InvalidNextTokenException", message: "The NextToken value is invalid.")
            }
            offset = decoded
        }
        let s = try resolve(db, region: region, id: id)
        // Newest first; a version without labels is deprecated and listed only on request.
        let versions = s.versions.reversed().filter { includeDeprecated || !$0.stages.isEmpty }
        let page = versions.dropFirst(offset).prefix(Int(pageSize))
        let next = offset + page.count < versions.count ? ListToken.encode(offset + page.count) : nil
        let key = s.kmsKeyId.map { $0 == defaultKmsKey ? "DefaultEncryptionKey" : $0 } ?? "DefaultEncryptionKey"
        let entries: [JSONValue] = page.map { v in
            response([("VersionId", .string(v.id)),
                      ("VersionStages", v.stages.isEmpty ? nil : .array(v.stages.map(JSONValue.string))),
                      ("CreatedDate", .timestamp(v.created)),
                      ("KmsKeyIds", .array([.string(key)]))])
        }
        return response([("Versions", .array(entries)), ("NextToken", next.map(JSONValue.string)),
                         ("ARN", .string(s.arn(account: account))), ("Name", .string(s.name))])
    }

    func updateSecretVersionStage(_ db: StateTransaction, region: String, _ b: RequestBody) throws -> JSONValue {
        let id = try b.required("SecretId", b.string)
        let stage = try b.required("VersionStage", b.string)
        let removeFrom = try b.string("RemoveFromVersionId")
        let moveTo = try b.string("MoveToVersionId")
        var s = try resolveWritable(db, region: region, id: id)
        let holder = s.versions.first { $0.stages.contains(stage) }?.id
        if let removeFrom {
            guard s.versions.contains(where: { $0.id == removeFrom }) else {
                throw AWSError.invalidParameter("Secrets Manager can't find the specified secret version: \(removeFrom).")
            }
            guard holder == removeFrom else {
                throw AWSError.invalidParameter("The staging label \(stage) isn't attached to version \(removeFrom).")
            }
        }
        if let moveTo {
            guard s.versions.contains(where: { $0.id == moveTo }) else {
                throw AWSError.invalidParameter("Secrets Manager can't find the specified secret version: \(moveTo).")
            }
            if let holder, holder != moveTo, removeFrom != holder {
                throw AWSError.invalidParameter("The staging label \(stage) is currently attached to version \(holder). You must specify that version in RemoveFromVersionId to move the label.")
            }
        } else if stage == "AWSCURRENT", removeFrom != nil {
            throw AWSError.invalidParameter("You can't remove the staging label AWSCURRENT without moving it to another version: give MoveToVersionId.")
        }
        if removeFrom == nil, moveTo == nil {
            throw AWSError.invalidParameter("You must specify MoveToVersionId, RemoveFromVersionId, or both.")
        }
        if let moveTo, holder == moveTo {
            // Already there: nothing changes.
            return response([("ARN", .string(s.arn(account: account))), ("Name", .string(s.name))])
        }
        for i in s.versions.indices { s.versions[i].stages.removeAll { $0 == stage } }
        if let moveTo, let i = s.versions.firstIndex(where: { $0.id == moveTo }) {
            if s.versions[i].stages.count >= 20 {
                throw AWSError(code: "LimitExceededException", message: "A version can have at most 20 staging labels.")
            }
            s.versions[i].stages.append(stage)
            // The version AWSCURRENT leaves becomes AWSPREVIOUS.
            if stage == "AWSCURRENT", let holder, let h = s.versions.firstIndex(where: { $0.id == holder }) {
                for j in s.versions.indices { s.versions[j].stages.removeAll { $0 == "AWSPREVIOUS" } }
                s.versions[h].stages.append("AWSPREVIOUS")
            }
        }
        s.lastChanged = now
        try db.saveSecret(s)
        try propagate(db, from: s)
        return response([("ARN", .string(s.arn(account: account))), ("Name", .string(s.name))])
    }
}
