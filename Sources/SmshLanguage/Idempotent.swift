import SecretsCore
import SecretsModel
import SourceText

/// The commands a runbook can run twice: each looks at what is there only when it has to (after
/// the service refused, or for `create ... if absent` first) and says in its log line what it did
/// or skipped (`commandNote`).
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
        let call = ClientCall(operation: .describeSecret, region: region, body: .object([("SecretId", .string(name))]))
        do {
            return .bool(try await send(call, range: r)["DeletedDate"] == nil)
        } catch let e as RuntimeError where e.code == "ResourceNotFoundException" {
            return .bool(false)
        }
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
              let d = try await describeIfPresent(secret, region: call.region, range: r), d["DeletedDate"] == nil else {
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

    /// ReplicateSecretToRegions that skips the Regions already replicated with the same key: sent
    /// as it is; when the service refuses it, the Regions that hold such a replica are left out
    /// and the rest sent again (nothing, when none is left). A Region replicated with another key
    /// is still the service's error.
    func replicateSkipping(_ call: ClientCall, range r: SourceRange) async throws -> (result: JSONValue, skipped: [String]) {
        let refused: RuntimeError
        do {
            return (try await send(call, range: r), [])
        } catch let e as RuntimeError where e.code == "InvalidParameterException" || e.code == "InvalidRequestException" {
            refused = e
        }
        guard let secret = call.body["SecretId"], case .array(let wanted)? = call.body["AddReplicaRegions"],
              let d = try await describeIfPresent(secret, region: call.region, range: r) else { throw refused }
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
        guard !skipped.isEmpty else { throw refused }
        var result: JSONValue
        if rest.isEmpty {
            result = .object([("ARN", d["ARN"] ?? .null), ("ReplicationStatus", .array(entries.filter { skipped.contains($0["Region"]?.stringValue ?? "") }))])
        } else {
            var again = call
            if case .object(let members) = call.body {
                again.body = .object(members.map { $0.0 == "AddReplicaRegions" ? ($0.0, .array(rest)) : $0 })
            }
            result = try await send(again, range: r)
            // The skipped replicas' statuses too, where the answer leaves them out.
            let added = result["ReplicationStatus"]?.arrayValue ?? []
            let answered = Set(added.compactMap { $0["Region"]?.stringValue })
            let kept = entries.filter { skipped.contains($0["Region"]?.stringValue ?? "") && !answered.contains($0["Region"]?.stringValue ?? "") }
            if case .object(let members) = result {
                result = .object(members.map { $0.0 == "ReplicationStatus" ? ($0.0, .array(kept + added)) : $0 })
            }
        }
        return (result, skipped)
    }

    /// RemoveRegionsFromReplication that leaves out the Regions that are not replicas (nothing to
    /// remove there), and does nothing when the secret does not exist.
    func removeIfPresent(_ call: ClientCall, range r: SourceRange) async throws -> Value {
        let refused: RuntimeError
        do {
            return Value(json: try await send(call, range: r))
        } catch let e as RuntimeError where e.code == "InvalidParameterException" || e.code == "ResourceNotFoundException" {
            refused = e
        }
        guard let secret = call.body["SecretId"], case .array(let wanted)? = call.body["RemoveReplicaRegions"] else { throw refused }
        guard let d = try await describeIfPresent(secret, region: call.region, range: r) else {
            commandNote = "nothing to remove: \(secret.stringValue ?? "the secret") does not exist"
            return Value(json: .object([("ReplicationStatus", .array([]))]))
        }
        // A replica's Region answers for itself only: the primary knows every replica.
        if let primary = d["PrimaryRegion"]?.stringValue, primary != call.region { throw refused }
        let replicas = Set((d["ReplicationStatus"]?.arrayValue ?? []).compactMap { $0["Region"]?.stringValue })
        let rest = wanted.filter { replicas.contains($0.stringValue ?? "") }
        let skipped = wanted.compactMap(\.stringValue).filter { !replicas.contains($0) }
        guard !skipped.isEmpty else { throw refused }
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
                  let date = d["DeletedDate"] else { throw e }
            commandNote = "already scheduled for deletion"
            return Value(json: .object([("ARN", d["ARN"] ?? .null), ("Name", d["Name"] ?? secret), ("DeletionDate", date)]))
        }
    }
}
