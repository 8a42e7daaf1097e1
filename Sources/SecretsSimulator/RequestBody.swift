import Foundation
import SecretsCore

/// A request body as the service front end reads it. Written by hand rather than with Codable:
/// it is on every request's path, and it names the offending member in AWS's own words.
struct RequestBody {
    private let members: [(String, JSONValue)]
    private let path: String

    /// The body as JSON; an empty body is an empty object.
    static func parse(_ data: Data) throws -> JSONValue {
        do {
            return data.isEmpty ? .object([]) : try JSONValue.parse(data)
        } catch {
            throw AWSError.serialization("The request body is not valid JSON: \(error)")
        }
    }

    /// A body `ModelValidation` has checked: its reads find the types the model gives.
    init(_ value: JSONValue) throws {
        try self.init(value, path: "")
    }

    private init(_ value: JSONValue, path: String) throws {
        guard case .object(let members) = value else {
            throw AWSError.serialization(path.isEmpty ? "The request body must be a JSON object." : "Member '\(path)' must be a JSON object.")
        }
        self.members = members
        self.path = path
    }

    private func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private func value(_ key: String) -> JSONValue? {
        guard let v = members.last(where: { $0.0 == key })?.1, v != .null else { return nil }
        return v
    }

    private func mismatch(_ key: String, _ expected: String) -> AWSError {
        .serialization("Unexpected type for member '\(name(key))': expected \(expected).")
    }

    func required<T>(_ key: String, _ read: (String) throws -> T?) throws -> T {
        guard let v = try read(key) else {
            let member = key.prefix(1).lowercased() + key.dropFirst()
            throw AWSError.validation("1 validation error detected: Value null at '\(member)' failed to satisfy constraint: Member must not be null")
        }
        return v
    }

    func string(_ key: String) throws -> String? {
        guard let v = value(key) else { return nil }
        guard case .string(let s) = v else { throw mismatch(key, "a string") }
        return s
    }

    func bool(_ key: String) throws -> Bool? {
        guard let v = value(key) else { return nil }
        guard case .bool(let b) = v else { throw mismatch(key, "a boolean") }
        return b
    }

    func int(_ key: String) throws -> Int64? {
        guard let v = value(key) else { return nil }
        guard case .number(let n) = v, n == n.rounded(), abs(n) < 9e15 else { throw mismatch(key, "an integer") }
        return Int64(n)
    }

    func blob(_ key: String) throws -> Data? {
        guard let s = try string(key) else { return nil }
        guard let d = Data(base64Encoded: s) else {
            throw AWSError.serialization("Invalid value for member '\(name(key))': not valid base64.")
        }
        return d
    }

    func strings(_ key: String) throws -> [String]? {
        guard let v = value(key) else { return nil }
        guard case .array(let items) = v else { throw mismatch(key, "a list") }
        return try items.map { item in
            guard case .string(let s) = item else { throw mismatch(key, "a list of strings") }
            return s
        }
    }

    func structure(_ key: String) throws -> RequestBody? {
        guard let v = value(key) else { return nil }
        return try RequestBody(v, path: name(key))
    }

    func structures(_ key: String) throws -> [RequestBody]? {
        guard let v = value(key) else { return nil }
        guard case .array(let items) = v else { throw mismatch(key, "a list") }
        return try items.enumerated().map { try RequestBody($1, path: "\(name(key))[\($0)]") }
    }

    func tags(_ key: String) throws -> [Tag]? {
        try structures(key)?.map { Tag(Key: try $0.string("Key"), Value: try $0.string("Value")) }
    }

    func replicaRegions(_ key: String) throws -> [ReplicaRegionType]? {
        try structures(key)?.map { ReplicaRegionType(Region: try $0.string("Region"), KmsKeyId: try $0.string("KmsKeyId")) }
    }
}

extension CreateSecretRequest {
    init(body b: RequestBody) throws {
        self.init(Name: try b.required("Name", b.string), ClientRequestToken: try b.string("ClientRequestToken"),
                  Description: try b.string("Description"), KmsKeyId: try b.string("KmsKeyId"),
                  SecretBinary: try b.blob("SecretBinary"), SecretString: try b.string("SecretString"),
                  Tags: try b.tags("Tags"),
                  AddReplicaRegions: try b.replicaRegions("AddReplicaRegions"),
                  ForceOverwriteReplicaSecret: try b.bool("ForceOverwriteReplicaSecret"), Type: try b.string("Type"))
    }
}

extension DescribeSecretRequest {
    init(body b: RequestBody) throws { self.init(SecretId: try b.required("SecretId", b.string)) }
}

extension ReplicateSecretToRegionsRequest {
    init(body b: RequestBody) throws {
        self.init(SecretId: try b.required("SecretId", b.string),
                  AddReplicaRegions: try b.required("AddReplicaRegions", b.replicaRegions),
                  ForceOverwriteReplicaSecret: try b.bool("ForceOverwriteReplicaSecret"))
    }
}

extension RemoveRegionsFromReplicationRequest {
    init(body b: RequestBody) throws {
        self.init(SecretId: try b.required("SecretId", b.string), RemoveReplicaRegions: try b.required("RemoveReplicaRegions", b.strings))
    }
}

extension StopReplicationToReplicaRequest {
    init(body b: RequestBody) throws { self.init(SecretId: try b.required("SecretId", b.string)) }
}

extension GetSecretValueRequest {
    init(body b: RequestBody) throws {
        self.init(SecretId: try b.required("SecretId", b.string), VersionId: try b.string("VersionId"), VersionStage: try b.string("VersionStage"))
    }
}

extension PutSecretValueRequest {
    init(body b: RequestBody) throws {
        self.init(SecretId: try b.required("SecretId", b.string), ClientRequestToken: try b.string("ClientRequestToken"),
                  SecretBinary: try b.blob("SecretBinary"), SecretString: try b.string("SecretString"),
                  VersionStages: try b.strings("VersionStages"), RotationToken: try b.string("RotationToken"))
    }
}

extension UpdateSecretRequest {
    init(body b: RequestBody) throws {
        self.init(SecretId: try b.required("SecretId", b.string), ClientRequestToken: try b.string("ClientRequestToken"),
                  Description: try b.string("Description"), KmsKeyId: try b.string("KmsKeyId"),
                  SecretBinary: try b.blob("SecretBinary"), SecretString: try b.string("SecretString"), Type: try b.string("Type"))
    }
}

extension DeleteSecretRequest {
    init(body b: RequestBody) throws {
        self.init(SecretId: try b.required("SecretId", b.string), RecoveryWindowInDays: try b.int("RecoveryWindowInDays"),
                  ForceDeleteWithoutRecovery: try b.bool("ForceDeleteWithoutRecovery"))
    }
}

extension RestoreSecretRequest {
    init(body b: RequestBody) throws { self.init(SecretId: try b.required("SecretId", b.string)) }
}

extension ListSecretsRequest {
    init(body b: RequestBody) throws {
        self.init(IncludePlannedDeletion: try b.bool("IncludePlannedDeletion"), MaxResults: try b.int("MaxResults").map { Int(clamping: $0) },
                  NextToken: try b.string("NextToken"),
                  Filters: try b.structures("Filters")?.map { Filter(Key: try $0.string("Key"), Values: try $0.strings("Values")) },
                  SortOrder: try b.string("SortOrder"), SortBy: try b.string("SortBy"))
    }
}
