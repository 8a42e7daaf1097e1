import SecretsCore
import SecretsModel
import SourceText

/// The commands a runbook can run twice: each looks at what is there (DescribeSecret) before it
/// changes anything, or after the service refused (`delete`), and says in its log line what it
/// did or skipped (`commandNote`).
extension Interpreter {
    static let defaultReplicaKey = "alias/aws/secretsmanager"

    /// `exists(NAME [in REGION])`: DescribeSecret finds the secret, not scheduled for deletion.
    func exists(_ args: [Value], range r: SourceRange) async throws -> Value {
        guard let name = args[0].text else {
            throw RuntimeError(code: "TypeError", message: "exists() needs a secret name, not a \(args[0].typeName)", range: r)
        }
        var region = session.region
        if args.count > 1 {
            guard let given = args[1].text else {
                throw RuntimeError(code: "TypeError", message: "a Region must be a string, not a \(args[1].typeName)", range: r)
            }
            region = given
        }
        for a in args { noteArgument(a, at: r) }
        if !session.reveal, args[0].isSecret || args.count > 1 && args[1].isSecret {
            throw RuntimeError(code: "SecretInClear", message: Interpreter.secretInClearMessage(member: "SecretId"), range: r)
        }
        guard let d = try await describeIfPresent(.string(name), region: region, range: r) else { return .bool(false) }
        return .bool(!Interpreter.scheduledForDeletion(d))
    }

    /// A DescribeSecret answer with a DeletedDate (moto sends the member as null when there is none).
    static func scheduledForDeletion(_ d: JSONValue) -> Bool {
        guard let date = d["DeletedDate"] else { return false }
        return date != .null
    }

    /// DescribeSecret, or nil when there is no such secret.
    func describeIfPresent(_ secret: JSONValue, region: String, range r: SourceRange) async throws -> JSONValue? {
        do {
            return try await send(ClientCall(operation: .describeSecret, region: region, body: .object([("SecretId", secret)])), range: r)
        } catch let e as RuntimeError where e.code == "ResourceNotFoundException" {
            return nil
        }
    }

    /// `create ... if absent [else update]`: no CreateSecret when the secret exists. Its value
    /// must then be the one given (else `ValueDiffers`, or with `else update` a new version and
    /// the description); replicas it lacks are added as `replicate` adds them.
    func createIfAbsent(_ call: ClientCall, _ mode: IfAbsent, range r: SourceRange) async throws -> Value {
        guard let secret = call.body["Name"], let name = secret.stringValue,
              let d = try await describeIfPresent(secret, region: call.region, range: r), !Interpreter.scheduledForDeletion(d) else {
            // Absent, or scheduled for deletion: CreateSecret then answers as the service does.
            commandNote = "created"
            return Value(json: try await send(call, range: r))
        }
        var done: [String] = []
        let id = JSONValue.string(name)
        if let want = call.body["SecretString"]?.stringValue {
            var have: String?
            do {
                have = try await send(ClientCall(operation: .getSecretValue, region: call.region, body: .object([("SecretId", id)])), range: r)["SecretString"]?.stringValue
            } catch let e as RuntimeError where e.code == "ResourceNotFoundException" {}
            if !Interpreter.sameSecretText(have, want) {
                guard mode == .update else {
                    throw RuntimeError(code: "ValueDiffers",
                                       message: "\(name) exists with a different value (write 'if absent else update' to put the new one)", range: r).about(call)
                }
                _ = try await send(ClientCall(operation: .putSecretValue, region: call.region,
                                              body: .object([("SecretId", id), ("SecretString", .string(want))])), range: r)
                done.append("value updated")
            }
        }
        if mode == .update, let description = call.body["Description"], description != d["Description"] {
            _ = try await send(ClientCall(operation: .updateSecret, region: call.region,
                                          body: .object([("SecretId", id), ("Description", description)])), range: r)
            done.append("description updated")
        }
        var statuses = d["ReplicationStatus"] ?? .array([])
        var skipped: [String] = []
        if let add = call.body["AddReplicaRegions"] {
            var body: [(String, JSONValue)] = [("SecretId", id), ("AddReplicaRegions", add)]
            if let force = call.body["ForceOverwriteReplicaSecret"] { body.append(("ForceOverwriteReplicaSecret", force)) }
            let replicated = try await replicateSkipping(ClientCall(operation: .replicateSecretToRegions, region: call.region, body: .object(body)), range: r)
            statuses = replicated.result["ReplicationStatus"] ?? statuses
            skipped = replicated.skipped
        }
        var note = "exists, " + (done.isEmpty ? "unchanged" : done.joined(separator: ", "))
        if !skipped.isEmpty { note += "; already replicated to \(skipped.joined(separator: ", ")), skipped" }
        commandNote = note
        let current = Interpreter.stageHolders(d)["AWSCURRENT"]
        return Value(json: .object([("ARN", d["ARN"] ?? .null), ("Name", id), ("VersionId", current.map { .string($0) } ?? .null),
                                    ("ReplicationStatus", statuses)]))
    }

    /// Two secret texts hold the same value: equal, or the same JSON (members in any order).
    static func sameSecretText(_ have: String?, _ want: String) -> Bool {
        guard let have else { return false }
        if have == want { return true }
        guard let a = try? JSONValue.parse(have), let b = try? JSONValue.parse(want) else { return false }
        return Value.equal(Value(json: a), Value(json: b))
    }

    /// ReplicateSecretToRegions that skips the Regions already replicated with the same key: the
    /// primary is described first (moto, for one, accepts a Region twice and lists it twice), the
    /// Regions that hold such a replica are left out and the rest sent (nothing, when none is
    /// left). A Region replicated with another key is sent as asked: the service's error.
    func replicateSkipping(_ call: ClientCall, range r: SourceRange) async throws -> (result: JSONValue, skipped: [String]) {
        guard let secret = call.body["SecretId"], case .array(let wanted)? = call.body["AddReplicaRegions"],
              let d = try await describeIfPresent(secret, region: call.region, range: r) else {
            return (try await send(call, range: r), [])
        }
        let entries = d["ReplicationStatus"]?.arrayValue ?? []
        var skipped: [String] = [], rest: [JSONValue] = []
        for replica in wanted {
            let region = replica["Region"]?.stringValue
            let key = replica["KmsKeyId"]?.stringValue ?? Interpreter.defaultReplicaKey
            if let e = entries.first(where: { $0["Region"]?.stringValue == region }), e["Status"]?.stringValue != "Failed",
               (e["KmsKeyId"]?.stringValue ?? Interpreter.defaultReplicaKey) == key, let region {
                skipped.append(region)
            } else {
                rest.append(replica)
            }
        }
        guard !skipped.isEmpty else { return (try await send(call, range: r), []) }
        let kept = entries.filter { skipped.contains($0["Region"]?.stringValue ?? "") }
        guard !rest.isEmpty else {
            return (.object([("ARN", d["ARN"] ?? .null), ("ReplicationStatus", .array(kept))]), skipped)
        }
        var again = call
        if case .object(let members) = call.body {
            again.body = .object(members.map { $0.0 == "AddReplicaRegions" ? ($0.0, .array(rest)) : $0 })
        }
        var result = try await send(again, range: r)
        // The skipped replicas' statuses too, where the answer leaves them out.
        let added = result["ReplicationStatus"]?.arrayValue ?? []
        let answered = Set(added.compactMap { $0["Region"]?.stringValue })
        let missing = kept.filter { !answered.contains($0["Region"]?.stringValue ?? "") }
        if case .object(let members) = result {
            result = .object(members.map { $0.0 == "ReplicationStatus" ? ($0.0, .array(missing + added)) : $0 })
        }
        return (result, skipped)
    }

    /// RemoveRegionsFromReplication that leaves out the Regions that are not replicas (nothing to
    /// remove there), and does nothing when the secret does not exist. The primary is described
    /// first; asked in a replica's Region, the call goes as it is (the service's answer).
    func removeIfPresent(_ call: ClientCall, range r: SourceRange) async throws -> Value {
        guard let secret = call.body["SecretId"], case .array(let wanted)? = call.body["RemoveReplicaRegions"] else {
            return Value(json: try await send(call, range: r))
        }
        guard let d = try await describeIfPresent(secret, region: call.region, range: r) else {
            commandNote = "nothing to remove: \(secret.stringValue ?? "the secret") does not exist"
            return Value(json: .object([("ReplicationStatus", .array([]))]))
        }
        if let primary = d["PrimaryRegion"]?.stringValue, primary != call.region { return Value(json: try await send(call, range: r)) }
        let replicas = Set((d["ReplicationStatus"]?.arrayValue ?? []).compactMap { $0["Region"]?.stringValue })
        let rest = wanted.filter { replicas.contains($0.stringValue ?? "") }
        let skipped = wanted.compactMap(\.stringValue).filter { !replicas.contains($0) }
        guard !skipped.isEmpty else { return Value(json: try await send(call, range: r)) }
        commandNote = "not a replica Region, skipped: \(skipped.joined(separator: ", "))"
        guard !rest.isEmpty else {
            return Value(json: .object([("ARN", d["ARN"] ?? .null), ("ReplicationStatus", d["ReplicationStatus"] ?? .array([]))]))
        }
        var again = call
        if case .object(let members) = call.body {
            again.body = .object(members.map { $0.0 == "RemoveReplicaRegions" ? ($0.0, .array(rest)) : $0 })
        }
        return Value(json: try await send(again, range: r))
    }

    /// DeleteSecret that does nothing when the secret does not exist or is already scheduled for
    /// deletion (and `now` was not said: deleting now still goes through).
    func deleteIfPresent(_ call: ClientCall, range r: SourceRange) async throws -> Value {
        do {
            return Value(json: try await send(call, range: r))
        } catch let e as RuntimeError where e.code == "ResourceNotFoundException" {
            commandNote = "nothing to delete: \(call.body["SecretId"]?.stringValue ?? "the secret") does not exist"
            return Value(json: .object([("Name", call.body["SecretId"] ?? .null)]))
        } catch let e as RuntimeError where e.code == "InvalidRequestException" {
            guard let secret = call.body["SecretId"], let d = try await describeIfPresent(secret, region: call.region, range: r),
                  Interpreter.scheduledForDeletion(d), let date = d["DeletedDate"] else { throw e }
            commandNote = "already scheduled for deletion"
            return Value(json: .object([("ARN", d["ARN"] ?? .null), ("Name", d["Name"] ?? secret), ("DeletionDate", date)]))
        }
    }
}
