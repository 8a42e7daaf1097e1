import SecretsCore
import SecretsModel

/// The smsh command that compiles to a given ClientCall: what `explain aws secretsmanager ...`
/// teaches. The inverse of the Compiler for the bodies smsh commands can produce; a body with a
/// member no smsh command sets (Tags, SecretBinary, list filters other than a name prefix, ...)
/// has no smsh form, and the reason says which member.
public enum SmshLine {
    public enum Rendering: Sendable, Equatable {
        case command(String)
        case none(reason: String)
    }

    /// The members smsh commands set, by the operation they compile to; a body with any other
    /// has no smsh form. `help COMMAND` lists their documentation.
    public static let members: [Operation: [String]] = [
        .createSecret: ["Name", "SecretString", "Description", "KmsKeyId", "AddReplicaRegions", "ForceOverwriteReplicaSecret"],
        .replicateSecretToRegions: ["SecretId", "AddReplicaRegions", "ForceOverwriteReplicaSecret"],
        .removeRegionsFromReplication: ["SecretId", "RemoveReplicaRegions"],
        .stopReplicationToReplica: ["SecretId"],
        .describeSecret: ["SecretId"],
        .restoreSecret: ["SecretId"],
        .getSecretValue: ["SecretId", "VersionId", "VersionStage"],
        .putSecretValue: ["SecretId", "SecretString"],
        .updateSecret: ["SecretId", "Description", "KmsKeyId"],
        .deleteSecret: ["SecretId", "RecoveryWindowInDays", "ForceDeleteWithoutRecovery"],
        .listSecrets: ["Filters"],
        .rotateSecret: ["SecretId", "RotationLambdaARN", "RotationRules", "RotateImmediately"],
        .cancelRotateSecret: ["SecretId"],
        .batchGetSecretValue: ["SecretIdList", "Filters"],
        .getResourcePolicy: ["SecretId"],
        .putResourcePolicy: ["SecretId", "ResourcePolicy", "BlockPublicPolicy"],
        .deleteResourcePolicy: ["SecretId"],
        .validateResourcePolicy: ["SecretId", "ResourcePolicy"],
        .getRandomPassword: ["PasswordLength", "ExcludeCharacters", "ExcludeNumbers", "ExcludePunctuation", "ExcludeUppercase",
                             "ExcludeLowercase", "IncludeSpace", "RequireEachIncludedType"],
        .listSecretVersionIds: ["SecretId"],
        .updateSecretVersionStage: ["SecretId", "VersionStage", "MoveToVersionId", "RemoveFromVersionId"],
        .tagResource: ["SecretId", "Tags"],
        .untagResource: ["SecretId", "TagKeys"],
    ]

    public static func render(_ call: ClientCall, sessionRegion: String) -> Rendering {
        guard case .object(let members) = call.body else { return .none(reason: "the body is not an object") }
        var m: [String: JSONValue] = [:]
        for (k, v) in members { m[k] = v }
        let inRegion = call.region == sessionRegion ? "" : " in " + word(call.region)
        // Commands without `in` run in the session's Region: say which one first.
        let useRegion = call.region == sessionRegion ? "" : "use region \(word(call.region)); "

        let allowed = Set(SmshLine.members[call.operation] ?? [])
        func only() -> String? {
            members.map(\.0).first { !allowed.contains($0) }
        }
        func str(_ k: String) -> String? { m[k]?.stringValue }
        func noForm(_ member: String) -> Rendering { .none(reason: "\(call.operation.rawValue) with \(member) has no smsh form") }

        switch call.operation {
        case .createSecret:
            if let bad = only() { return noForm(bad) }
            guard let name = str("Name") else { return noForm("a Name that is not a string") }
            var out = "create " + word(name)
            if let v = str("SecretString") { out += " value " + word(v) }
            if let d = str("Description") { out += " description " + word(d) }
            if let k = str("KmsKeyId") { out += " key " + word(k) }
            if let r = m["AddReplicaRegions"] {
                guard let reps = replicas(r), !reps.isEmpty else { return noForm("this AddReplicaRegions") }
                out += " replicate to " + reps
            }
            if let f = m["ForceOverwriteReplicaSecret"] {
                guard case .bool(let b) = f, m["AddReplicaRegions"] != nil else { return noForm("ForceOverwriteReplicaSecret without replicas") }
                out += b ? " force" : " noforce"
            }
            return .command(useRegion + out)
        case .replicateSecretToRegions:
            if let bad = only() { return noForm(bad) }
            guard let id = str("SecretId"), let r = m["AddReplicaRegions"], let reps = replicas(r), !reps.isEmpty else {
                return noForm("this body")
            }
            var out = "replicate " + word(id) + " to " + reps
            if let f = m["ForceOverwriteReplicaSecret"] {
                guard case .bool(let b) = f else { return noForm("a ForceOverwriteReplicaSecret that is not a boolean") }
                out += b ? " force" : " noforce"
            }
            return .command(useRegion + out)
        case .removeRegionsFromReplication:
            if let bad = only() { return noForm(bad) }
            guard let id = str("SecretId"), let regions = m["RemoveReplicaRegions"]?.arrayValue, !regions.isEmpty else { return noForm("this body") }
            let names = regions.compactMap(\.stringValue)
            guard names.count == regions.count else { return noForm("RemoveReplicaRegions that are not strings") }
            return .command(useRegion + "remove " + word(id) + " from " + names.map(word).joined(separator: ", "))
        case .stopReplicationToReplica:
            if let bad = only() { return noForm(bad) }
            guard let id = str("SecretId") else { return noForm("this body") }
            return .command("promote " + word(id) + " in " + word(call.region))
        case .describeSecret, .restoreSecret:
            if let bad = only() { return noForm(bad) }
            guard let id = str("SecretId") else { return noForm("this body") }
            if call.operation == .restoreSecret { return .command(useRegion + "restore " + word(id)) }
            return .command("describe " + word(id) + inRegion)
        case .getSecretValue:
            if let bad = only() { return noForm(bad) }
            guard let id = str("SecretId") else { return noForm("this body") }
            var out = "get " + word(id) + inRegion
            if let v = str("VersionId") { out += " version " + word(v) }
            if let s = str("VersionStage") { out += " stage " + word(s) }
            return .command(out)
        case .putSecretValue:
            if let bad = only() { return noForm(bad) }
            guard let id = str("SecretId"), let v = str("SecretString") else { return noForm("no SecretString") }
            return .command(useRegion + "put " + word(id) + " value " + word(v))
        case .updateSecret:
            if let bad = only() { return noForm(bad) }
            guard let id = str("SecretId") else { return noForm("this body") }
            var out = "update " + word(id)
            if let d = str("Description") { out += " description " + word(d) }
            if let k = str("KmsKeyId") { out += " key " + word(k) }
            return .command(useRegion + out)
        case .deleteSecret:
            if let bad = only() { return noForm(bad) }
            guard let id = str("SecretId") else { return noForm("this body") }
            var out = "delete " + word(id)
            if case .number(let n)? = m["RecoveryWindowInDays"] { out += " recovery " + JSONValue.formatNumber(n) }
            if let f = m["ForceDeleteWithoutRecovery"] {
                guard case .bool(true) = f, m["RecoveryWindowInDays"] == nil else { return noForm("this ForceDeleteWithoutRecovery") }
                out += " now"
            }
            return .command(useRegion + out)
        case .listSecrets:
            if let bad = only() { return noForm(bad) }
            var out = "list"
            if let f = m["Filters"] {
                guard let items = f.arrayValue, items.count == 1, items[0]["Key"]?.stringValue == "name",
                      let values = items[0]["Values"]?.arrayValue, values.count == 1, let prefix = values[0].stringValue,
                      case .object(let fm) = items[0], fm.count == 2 else {
                    return noForm("Filters other than one name prefix")
                }
                out += " prefix " + word(prefix)
            }
            return .command(out + inRegion)
        case .rotateSecret:
            if let bad = only() { return noForm(bad) }
            guard let id = str("SecretId") else { return noForm("this body") }
            var out = "rotate " + word(id)
            if let l = str("RotationLambdaARN") { out += " using " + word(l) }
            if let rules = m["RotationRules"] {
                guard case .object(let f) = rules, f.count == 1 else { return noForm("these RotationRules") }
                if case .number(let n)? = rules["AutomaticallyAfterDays"] { out += " every " + JSONValue.formatNumber(n) + " days" }
                else if let s = rules["ScheduleExpression"]?.stringValue { out += " schedule " + word(s) }
                else { return noForm("RotationRules with \(f[0].0)") }
            }
            if case .bool(let b)? = m["RotateImmediately"] { out += b ? " now" : " later" }
            return .command(useRegion + out)
        case .batchGetSecretValue:
            if let bad = only() { return noForm(bad) }
            if let ids = m["SecretIdList"]?.arrayValue, m["Filters"] == nil, !ids.isEmpty {
                let names = ids.compactMap(\.stringValue)
                guard names.count == ids.count else { return noForm("a SecretIdList that is not strings") }
                return .command("batch get " + names.map(word).joined(separator: ", ") + inRegion)
            }
            guard m["SecretIdList"] == nil, let f = m["Filters"], let items = f.arrayValue, items.count == 1,
                  items[0]["Key"]?.stringValue == "name", let values = items[0]["Values"]?.arrayValue, values.count == 1,
                  let prefix = values[0].stringValue, case .object(let fm) = items[0], fm.count == 2 else {
                return noForm("Filters other than one name prefix")
            }
            return .command("batch get prefix " + word(prefix) + inRegion)
        case .getResourcePolicy, .deleteResourcePolicy:
            if let bad = only() { return noForm(bad) }
            guard let id = str("SecretId") else { return noForm("this body") }
            return .command(useRegion + "policy " + word(id) + (call.operation == .deleteResourcePolicy ? " delete" : ""))
        case .putResourcePolicy, .validateResourcePolicy:
            if let bad = only() { return noForm(bad) }
            guard let policy = str("ResourcePolicy") else { return noForm("no ResourcePolicy") }
            var out = "policy "
            if let id = str("SecretId") { out += word(id) + " " }
            out += (call.operation == .putResourcePolicy ? "put " : "validate ") + word(policy)
            if let b = m["BlockPublicPolicy"] {
                guard b == .bool(true) else { return noForm("BlockPublicPolicy false") }
                out += " block public"
            }
            return .command(useRegion + out)
        case .cancelRotateSecret:
            if let bad = only() { return noForm(bad) }
            guard let id = str("SecretId") else { return noForm("this body") }
            return .command(useRegion + "cancel rotation " + word(id))
        case .getRandomPassword:
            if let bad = only() { return noForm(bad) }
            var out = "password"
            if let v = m["PasswordLength"] {
                guard case .number(let n) = v else { return noForm("a PasswordLength that is not a number") }
                out += " length " + JSONValue.formatNumber(n)
            }
            if let x = m["ExcludeCharacters"] {
                guard let s = x.stringValue else { return noForm("an ExcludeCharacters that is not a string") }
                out += " exclude " + word(s)
            }
            // A false switch is the default: it reads back as nothing.
            func on(_ k: String) -> Bool { m[k] == .bool(true) }
            for c in PasswordClass.allCases where on(c.member) { out += " no " + c.rawValue }
            if on("IncludeSpace") { out += " space" }
            if on("RequireEachIncludedType") { out += " each type" }
            return .command(useRegion + out)
        case .listSecretVersionIds:
            if let bad = only() { return noForm(bad) }
            guard let id = str("SecretId") else { return noForm("this body") }
            return .command("versions " + word(id) + inRegion)
        case .updateSecretVersionStage:
            if let bad = only() { return noForm(bad) }
            guard let id = str("SecretId"), let label = str("VersionStage") else { return noForm("this body") }
            var out = "label " + word(id) + " " + word(label)
            if let to = str("MoveToVersionId") { out += " to " + word(to) }
            if let from = str("RemoveFromVersionId") { out += " from " + word(from) }
            return .command(useRegion + out)
        case .tagResource:
            if let bad = only() { return noForm(bad) }
            guard let id = str("SecretId"), let items = m["Tags"]?.arrayValue, !items.isEmpty else { return noForm("this body") }
            var tags: [String] = []
            for item in items {
                // A key with '=' would split there when read back.
                guard case .object(let f) = item, f.count == 2, let k = item["Key"]?.stringValue, let v = item["Value"]?.stringValue,
                      !k.isEmpty, !k.contains("=") else { return noForm("this Tags entry") }
                tags.append(word(k + "=" + v))
            }
            return .command(useRegion + "tag " + word(id) + " with " + tags.joined(separator: ", "))
        case .untagResource:
            if let bad = only() { return noForm(bad) }
            guard let id = str("SecretId"), let items = m["TagKeys"]?.arrayValue, !items.isEmpty else { return noForm("this body") }
            let keys = items.compactMap(\.stringValue)
            guard keys.count == items.count, !keys.contains(where: { $0.contains("=") }) else { return noForm("this TagKeys") }
            return .command(useRegion + "untag " + word(id) + " " + keys.map(word).joined(separator: ", "))
        default:
            return .none(reason: "smsh has no command for \(call.operation.rawValue)")
        }
    }

    /// `eu-west-3 key alias/x, us-east-1`; nil when an entry is not {Region[, KmsKeyId]}.
    static func replicas(_ v: JSONValue) -> String? {
        guard let items = v.arrayValue else { return nil }
        var out: [String] = []
        for item in items {
            guard case .object(let fields) = item, let region = item["Region"]?.stringValue,
                  fields.allSatisfy({ $0.0 == "Region" || $0.0 == "KmsKeyId" }) else { return nil }
            if let key = item["KmsKeyId"] {
                guard let k = key.stringValue else { return nil }
                out.append(word(region) + " key " + word(k))
            } else {
                out.append(word(region))
            }
        }
        return out.joined(separator: ", ")
    }

    /// Words that read back as the same text stay bare; anything else is quoted.
    static let keywords: Set<String> = Set(Keyword.options.values.joined())
        .union(["true", "false", "null", "and", "or", "not"])

    static func word(_ s: String) -> String {
        let bytes = Array(s.utf8)
        if let f = bytes.first, (f >= 0x41 && f <= 0x5A) || (f >= 0x61 && f <= 0x7A) || f == UInt8(ascii: "/"),
           bytes.allSatisfy(Lexer.isWordByte), bytes.last != UInt8(ascii: ":"), bytes.last != UInt8(ascii: "."),
           !keywords.contains(s), !Command.names.contains(s) {
            return s
        }
        if !s.contains("'"), !s.contains("\n") { return "'" + s + "'" }
        var out = "\""
        for ch in s {
            switch ch {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "$": out += "\\$"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(ch)
            }
        }
        return out + "\""
    }
}
