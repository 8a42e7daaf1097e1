import Foundation
import SecretsCore

/// BatchGetSecretValue: the AWSCURRENT value of up to 20 secrets, named in SecretIdList or chosen
/// with ListSecrets' filters. A secret that cannot be read goes to Errors with the error
/// GetSecretValue would have answered; the others are still returned.
extension SimulatorService {
    func batchGetSecretValue(_ db: StateTransaction, region: String, _ b: RequestBody) throws -> JSONValue {
        let ids = try b.strings("SecretIdList")
        let filters = try b.structures("Filters")?.map { Filter(Key: try $0.string("Key"), Values: try $0.strings("Values")) }
        let maxResults = try b.int("MaxResults")
        let token = try b.string("NextToken")
        guard (ids == nil) != (filters == nil) else {
            throw AWSError.invalidParameter("You must include Filters or SecretIdList, but not both.")
        }
        if ids != nil, maxResults != nil || token != nil {
            throw AWSError.invalidParameter("MaxResults and NextToken can be used only with Filters.")
        }
        var values: [JSONValue] = []
        var errors: [JSONValue] = []
        var next: String?
        if let ids {
            for id in ids {
                do {
                    values.append(try currentValue(db, try resolve(db, region: region, id: id)))
                } catch let e as AWSError {
                    errors.append(response([("SecretId", .string(id)), ("ErrorCode", .string(e.code)), ("Message", .string(e.message))]))
                }
            }
        } else {
            // The secrets ListSecrets would list with these filters, a page at a time.
            let listing = ListSecretsRequest(MaxResults: Int(maxResults ?? 20), NextToken: token, Filters: filters)
            let page = try listSecrets(db, region: region, listing)
            next = page["NextToken"]?.stringValue
            for entry in page["SecretList"]?.arrayValue ?? [] {
                guard let name = entry["Name"]?.stringValue, let s = try find(db, region: region, id: name) else { continue }
                do {
                    values.append(try currentValue(db, s))
                } catch let e as AWSError {
                    errors.append(response([("SecretId", .string(name)), ("ErrorCode", .string(e.code)), ("Message", .string(e.message))]))
                }
            }
        }
        return response([("SecretValues", .array(values)), ("NextToken", next.map(JSONValue.string)), ("Errors", .array(errors))])
    }

    /// The AWSCURRENT version of `s` as a SecretValueEntry, read as GetSecretValue reads it.
    private func currentValue(_ db: StateTransaction, _ found: SecretRecord) throws -> JSONValue {
        var s = found
        if s.deletionDate != nil { throw Self.markedForDeletion }
        guard let version = s.current else {
            throw AWSError.notFound("Secrets Manager can't find the specified secret value for staging label: AWSCURRENT")
        }
        let day = startOfDay(now)
        if s.lastAccessed != day {
            s.lastAccessed = day
            try db.saveSecret(s)
        }
        return response([("ARN", .string(s.arn(account: account))), ("Name", .string(s.name)), ("VersionId", .string(version.id)),
                         ("SecretBinary", version.binary.map { .string($0.base64EncodedString()) }),
                         ("SecretString", version.string.map(JSONValue.string)),
                         ("VersionStages", .array(version.stages.map(JSONValue.string))),
                         ("CreatedDate", .timestamp(version.created))])
    }
}
