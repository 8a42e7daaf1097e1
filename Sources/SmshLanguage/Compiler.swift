import SecretsCore

/// Commands with their arguments evaluated → ClientCalls. The one place where the language meets
/// the client core: field names, member order and omissions follow the botocore model, so the
/// body is what the aws CLI would send for the same command.
public enum Compiler {
    public static func create(name: String, value: String?, description: String?, kmsKeyId: String?,
                              replicas: [Replica], force: Bool?, region: String) -> ClientCall {
        var m: [(String, JSONValue)] = [("Name", .string(name))]
        if let d = description { m.append(("Description", .string(d))) }
        if let k = kmsKeyId { m.append(("KmsKeyId", .string(k))) }
        if let s = value { m.append(("SecretString", .string(s))) }
        if !replicas.isEmpty { m.append(("AddReplicaRegions", .array(replicas.map(\.json)))) }
        if let f = force { m.append(("ForceOverwriteReplicaSecret", .bool(f))) }
        return ClientCall(operation: .createSecret, region: region, body: .object(m))
    }

    public static func replicate(secret: String, replicas: [Replica], force: Bool?, region: String) -> ClientCall {
        var m: [(String, JSONValue)] = [("SecretId", .string(secret)), ("AddReplicaRegions", .array(replicas.map(\.json)))]
        if let f = force { m.append(("ForceOverwriteReplicaSecret", .bool(f))) }
        return ClientCall(operation: .replicateSecretToRegions, region: region, body: .object(m))
    }

    /// `replicate json EXPR`: the --cli-input-json body, sent as given.
    public static func replicateJSON(_ body: JSONValue, region: String) -> ClientCall {
        ClientCall(operation: .replicateSecretToRegions, region: region, body: body)
    }

    public static func remove(secret: String, regions: [String], region: String) -> ClientCall {
        ClientCall(operation: .removeRegionsFromReplication, region: region, body: .object([
            ("SecretId", .string(secret)), ("RemoveReplicaRegions", .array(regions.map { .string($0) })),
        ]))
    }

    /// Promotion must be sent to the replica's own Region.
    public static func promote(secret: String, replicaRegion: String) -> ClientCall {
        ClientCall(operation: .stopReplicationToReplica, region: replicaRegion, body: .object([("SecretId", .string(secret))]))
    }

    public static func describe(secret: String, region: String) -> ClientCall {
        ClientCall(operation: .describeSecret, region: region, body: .object([("SecretId", .string(secret))]))
    }

    public static func get(secret: String, versionId: String?, stage: String?, region: String) -> ClientCall {
        var m: [(String, JSONValue)] = [("SecretId", .string(secret))]
        if let v = versionId { m.append(("VersionId", .string(v))) }
        if let s = stage { m.append(("VersionStage", .string(s))) }
        return ClientCall(operation: .getSecretValue, region: region, body: .object(m))
    }

    public static func put(secret: String, value: String, region: String) -> ClientCall {
        ClientCall(operation: .putSecretValue, region: region, body: .object([("SecretId", .string(secret)), ("SecretString", .string(value))]))
    }

    public static func update(secret: String, description: String?, kmsKeyId: String?, region: String) -> ClientCall {
        var m: [(String, JSONValue)] = [("SecretId", .string(secret))]
        if let d = description { m.append(("Description", .string(d))) }
        if let k = kmsKeyId { m.append(("KmsKeyId", .string(k))) }
        return ClientCall(operation: .updateSecret, region: region, body: .object(m))
    }

    public static func delete(secret: String, recoveryDays: Int?, now: Bool, region: String) -> ClientCall {
        var m: [(String, JSONValue)] = [("SecretId", .string(secret))]
        if let d = recoveryDays { m.append(("RecoveryWindowInDays", .number(Double(d)))) }
        if now { m.append(("ForceDeleteWithoutRecovery", .bool(true))) }
        return ClientCall(operation: .deleteSecret, region: region, body: .object(m))
    }

    public static func restore(secret: String, region: String) -> ClientCall {
        ClientCall(operation: .restoreSecret, region: region, body: .object([("SecretId", .string(secret))]))
    }

    /// The first page; the interpreter follows NextToken for the rest.
    public static func list(prefix: String?, region: String) -> ClientCall {
        var m: [(String, JSONValue)] = []
        if let p = prefix {
            m.append(("Filters", .array([.object([("Key", .string("name")), ("Values", .array([.string(p)]))])])))
        }
        return ClientCall(operation: .listSecrets, region: region, body: .object(m))
    }

    public static func tag(secret: String, tags: [(key: String, value: String)], region: String) -> ClientCall {
        ClientCall(operation: .tagResource, region: region, body: .object([
            ("SecretId", .string(secret)),
            ("Tags", .array(tags.map { .object([("Key", .string($0.key)), ("Value", .string($0.value))]) })),
        ]))
    }

    public static func rotate(secret: String, lambda: String?, everyDays: Int?, schedule: String?, immediately: Bool?,
                              region: String) -> ClientCall {
        var m: [(String, JSONValue)] = [("SecretId", .string(secret))]
        if let l = lambda { m.append(("RotationLambdaARN", .string(l))) }
        if let d = everyDays { m.append(("RotationRules", .object([("AutomaticallyAfterDays", .number(Double(d)))]))) }
        if let s = schedule { m.append(("RotationRules", .object([("ScheduleExpression", .string(s))]))) }
        if let i = immediately { m.append(("RotateImmediately", .bool(i))) }
        return ClientCall(operation: .rotateSecret, region: region, body: .object(m))
    }

    /// The first page; the interpreter follows NextToken for the rest.
    public static func batchGet(secrets: [String], prefix: String?, region: String) -> ClientCall {
        var m: [(String, JSONValue)] = []
        if !secrets.isEmpty { m.append(("SecretIdList", .array(secrets.map { .string($0) }))) }
        if let p = prefix {
            m.append(("Filters", .array([.object([("Key", .string("name")), ("Values", .array([.string(p)]))])])))
        }
        return ClientCall(operation: .batchGetSecretValue, region: region, body: .object(m))
    }

    public static func getPolicy(secret: String, region: String) -> ClientCall {
        ClientCall(operation: .getResourcePolicy, region: region, body: .object([("SecretId", .string(secret))]))
    }

    public static func putPolicy(secret: String, policy: String, blockPublic: Bool, region: String) -> ClientCall {
        var m: [(String, JSONValue)] = [("SecretId", .string(secret)), ("ResourcePolicy", .string(policy))]
        if blockPublic { m.append(("BlockPublicPolicy", .bool(true))) }
        return ClientCall(operation: .putResourcePolicy, region: region, body: .object(m))
    }

    public static func deletePolicy(secret: String, region: String) -> ClientCall {
        ClientCall(operation: .deleteResourcePolicy, region: region, body: .object([("SecretId", .string(secret))]))
    }

    public static func validatePolicy(secret: String?, policy: String, region: String) -> ClientCall {
        var m: [(String, JSONValue)] = []
        if let s = secret { m.append(("SecretId", .string(s))) }
        m.append(("ResourcePolicy", .string(policy)))
        return ClientCall(operation: .validateResourcePolicy, region: region, body: .object(m))
    }

    public static func cancelRotation(secret: String, region: String) -> ClientCall {
        ClientCall(operation: .cancelRotateSecret, region: region, body: .object([("SecretId", .string(secret))]))
    }

    /// Members in the model's order, as botocore sends them.
    public static func password(length: Int?, exclude: String?, without: [PasswordClass], space: Bool, eachType: Bool,
                                region: String) -> ClientCall {
        var m: [(String, JSONValue)] = []
        if let n = length { m.append(("PasswordLength", .number(Double(n)))) }
        if let x = exclude { m.append(("ExcludeCharacters", .string(x))) }
        for c in PasswordClass.allCases where without.contains(c) { m.append((c.member, .bool(true))) }
        if space { m.append(("IncludeSpace", .bool(true))) }
        if eachType { m.append(("RequireEachIncludedType", .bool(true))) }
        return ClientCall(operation: .getRandomPassword, region: region, body: .object(m))
    }

    /// The first page; the interpreter follows NextToken for the rest.
    public static func versions(secret: String, region: String) -> ClientCall {
        ClientCall(operation: .listSecretVersionIds, region: region, body: .object([("SecretId", .string(secret))]))
    }

    public static func label(secret: String, label: String, to: String?, from: String?, region: String) -> ClientCall {
        var m: [(String, JSONValue)] = [("SecretId", .string(secret)), ("VersionStage", .string(label))]
        if let f = from { m.append(("RemoveFromVersionId", .string(f))) }
        if let t = to { m.append(("MoveToVersionId", .string(t))) }
        return ClientCall(operation: .updateSecretVersionStage, region: region, body: .object(m))
    }

    public static func untag(secret: String, keys: [String], region: String) -> ClientCall {
        ClientCall(operation: .untagResource, region: region, body: .object([
            ("SecretId", .string(secret)), ("TagKeys", .array(keys.map { .string($0) })),
        ]))
    }
}
