import SecretsCore

/// The one stderr line a bare command logs in a script: what ran and its outcome. Only stable
/// facts (names, Regions, statuses), never ARNs, dates or version ids, so logs diff cleanly.
enum LogLine {
    /// `note` is what an idempotent command skipped or did instead (`exists, unchanged`).
    static func line(for c: Command, result: Value, call: ClientCall?, note: String? = nil) -> String {
        let name = call?.body["SecretId"]?.stringValue ?? call?.body["Name"]?.stringValue ?? "?"
        let region = call?.region ?? "?"
        let aside = note.map { " (\($0))" } ?? ""
        switch c {
        case .create:
            let statuses = replicaStatuses(result)
            let outcome = [note, statuses.isEmpty ? nil : statuses].compactMap { $0 }.joined(separator: "; ")
            return "create \(name) in \(region)" + (outcome.isEmpty ? "" : " -> \(outcome)")
        case .replicate, .replicateJSON:
            return "replicate \(name) -> \(orNone(replicaStatuses(result)))" + aside
        case .remove:
            let removed = call?.body["RemoveReplicaRegions"]?.arrayValue?.compactMap(\.stringValue).joined(separator: ", ") ?? ""
            if let note, note.hasPrefix("nothing") { return "remove \(name) from \(removed) -> \(note)" }
            return "remove \(name) from \(removed) -> remaining: \(orNone(replicaStatuses(result)))" + aside
        case .promote:
            return "promote \(name) in \(region) -> standalone secret in \(region)"
        case .describe:
            return "describe \(name) in \(region) -> replicas: \(orNone(replicaStatuses(result)))"
        case .status:
            if let s = result.text { return "status \(name) -> \(s)" }
            if case .record(let r) = result {
                return "status \(name) -> \(orNone(r.fields.map { "\($0.0) \($0.1.plainText)" }.joined(separator: ", ")))"
            }
            return "status \(name)"
        case .wait(_, _, let status, _, _) where status.literalText == Checker.rotated:
            return "wait \(name) until rotated -> one AWSCURRENT in every Region"
        case .wait(_, _, let status, _, _) where status.literalText == Checker.removed:
            return "wait \(name) until removed -> " + (Value.equal(result, .null) ? "\(name) does not exist" : "no replica left in those Regions")
        case .wait(_, _, let status, _, _) where status.literalText == Checker.deleted:
            return "wait \(name) until deleted -> " + (Value.equal(result, .null) ? "gone" : "scheduled for deletion")
        case .wait(_, _, let status, _, _):
            return "wait \(name) until \(status.literalText ?? "status") -> \(orNone(replicaStatuses(result)))"
        case .get:
            let stages = result.recordField("VersionStages").map { v -> String in
                if case .list(let l) = v { return l.map(\.plainText).joined(separator: ", ") }
                return ""
            } ?? ""
            return "get \(name) in \(region) -> \(stages.isEmpty ? "a version" : "version \(stages)")"
        case .put:
            return "put \(name) -> new version AWSCURRENT"
        case .update:
            return "update \(name)"
        case .delete:
            let now = call?.body["ForceDeleteWithoutRecovery"] == .bool(true)
            let days = call?.body["RecoveryWindowInDays"].flatMap { v -> String? in
                if case .number(let n) = v { return JSONValue.formatNumber(n) }
                return nil
            } ?? "30"
            if let note { return "delete \(name) -> \(note)" }
            return now ? "delete \(name) -> deleted now" : "delete \(name) -> deletion scheduled in \(days) days"
        case .restore:
            return "restore \(name)"
        case .list:
            if case .list(let l) = result { return "list in \(region) -> \(l.count) secret\(l.count == 1 ? "" : "s")" }
            return "list"
        case .rotate:
            let later = call?.body["RotateImmediately"] == .bool(false)
            return "rotate \(name) -> " + (later ? "rotation on, next at its schedule" : "rotation started")
        case .batchGet:
            func count(_ k: String) -> Int { if case .list(let l)? = result.recordField(k) { return l.count }; return 0 }
            let n = count("SecretValues"), e = count("Errors")
            return "batch get in \(region) -> \(n) secret\(n == 1 ? "" : "s")" + (e == 0 ? "" : ", \(e) error\(e == 1 ? "" : "s")")
        case .policy(_, let action):
            switch action {
            case .get: return "policy \(name) -> " + (result.recordField("ResourcePolicy")?.text == nil ? "no policy" : "a policy")
            case .put: return "policy \(name) put"
            case .delete: return "policy \(name) delete"
            case .validate:
                var passed = false
                if case .bool(true)? = result.recordField("PolicyValidationPassed") { passed = true }
                let errors = result.recordField("ValidationErrors").map { v -> Int in if case .list(let l) = v { return l.count }; return 0 } ?? 0
                return "policy validate -> " + (passed ? "passed" : "\(errors) error\(errors == 1 ? "" : "s")")
            }
        case .cancelRotation:
            return "cancel rotation \(name)"
        case .password:
            return "password -> \(result.text?.count ?? 0) characters (a secret value)"
        case .versions:
            if case .list(let l) = result {
                let shown = l.map { v -> String in
                    let stages = v.recordField("VersionStages").map { s -> String in
                        if case .list(let x) = s { return x.map(\.plainText).joined(separator: "+") }
                        return ""
                    } ?? ""
                    return stages.isEmpty ? "(no label)" : stages
                }
                return "versions \(name) in \(region) -> \(l.count) version\(l.count == 1 ? "" : "s"): \(orNone(shown.joined(separator: ", ")))"
            }
            return "versions \(name)"
        case .label:
            let label = call?.body["VersionStage"]?.stringValue ?? "?"
            if call?.body["MoveToVersionId"] == nil { return "label \(name) \(label) -> removed" }
            let moved = call?.body["RemoveFromVersionId"] != nil ? "moved" : "attached"
            return "label \(name) \(label) -> \(moved) to a version"
        case .tag:
            let keys = call?.body["Tags"]?.arrayValue?.compactMap { $0["Key"]?.stringValue } ?? []
            return "tag \(name) with \(orNone(keys.joined(separator: ", ")))"
        case .untag:
            let keys = call?.body["TagKeys"]?.arrayValue?.compactMap(\.stringValue) ?? []
            return "untag \(name) \(orNone(keys.joined(separator: ", ")))"
        case .simulate, .snapshot, .watch:
            return result.text ?? c.name
        case .explain, .skeleton:
            return c.name
        case .aws(let a):
            // Logged as its smsh equivalent would be, under the aws name.
            let none = Expr.null(.unknown)
            let same: Command
            switch a.operation {
            case .createSecret: same = .create(secret: none, value: nil, description: nil, key: nil, replicas: [], force: nil)
            case .replicateSecretToRegions: same = .replicate(secret: none, replicas: [], force: nil)
            case .removeRegionsFromReplication: same = .remove(secret: none, regions: [])
            case .stopReplicationToReplica: same = .promote(secret: none, region: none)
            case .getSecretValue: same = .get(secret: none, region: nil, version: nil, stage: nil)
            case .putSecretValue: same = .put(secret: none, value: .string(none))
            case .updateSecret: same = .update(secret: none, description: nil, key: nil)
            case .deleteSecret: same = .delete(secret: none, recovery: nil, now: false)
            case .restoreSecret: same = .restore(secret: none)
            case .rotateSecret: same = .rotate(secret: none, lambda: nil, everyDays: nil, schedule: nil, immediately: nil)
            case .cancelRotateSecret: same = .cancelRotation(secret: none)
            case .batchGetSecretValue: same = .batchGet(secrets: [], prefix: nil, region: nil)
            case .getResourcePolicy: same = .policy(secret: none, .get)
            case .putResourcePolicy: same = .policy(secret: none, .put(none, blockPublic: false))
            case .deleteResourcePolicy: same = .policy(secret: none, .delete)
            case .validateResourcePolicy: same = .policy(secret: nil, .validate(none))
            case .getRandomPassword:
                let n = result.recordField("RandomPassword")?.text?.count ?? 0
                return "aws password -> \(n) characters (a secret value)"
            case .listSecretVersionIds: same = .versions(secret: none, region: nil)
            case .updateSecretVersionStage: same = .label(secret: none, label: none, to: none, from: nil)
            case .tagResource: same = .tag(secret: none, tags: [])
            case .untagResource: same = .untag(secret: none, keys: [])
            case .listSecrets:
                let n = result.recordField("SecretList").map { v -> Int in if case .list(let l) = v { return l.count }; return 0 } ?? 0
                return "aws list-secrets in \(region) -> \(n) secret\(n == 1 ? "" : "s")"
            default: same = .describe(secret: none, region: nil)
            }
            return "aws " + line(for: same, result: result, call: call)
        }
    }

    static func orNone(_ s: String) -> String { s.isEmpty ? "none" : s }

    /// `eu-west-3 InProgress, ap-south-1 Failed (message)` from a ReplicationStatus list.
    static func replicaStatuses(_ result: Value) -> String {
        guard case .list(let entries)? = result.recordField("ReplicationStatus") else { return "" }
        return entries.map { e -> String in
            let region = e.recordField("Region")?.plainText ?? "?"
            let status = e.recordField("Status")?.plainText ?? "?"
            if status == "Failed", let m = e.recordField("StatusMessage")?.plainText { return "\(region) \(status) (\(m))" }
            return "\(region) \(status)"
        }.joined(separator: ", ")
    }
}

extension Value {
    func recordField(_ name: String) -> Value? {
        if case .record(let r) = self { return r[name] }
        return nil
    }
}
