import Foundation
import SecretsCore
import SecretsModel
import AWSCLI
import JMESPath
import SourceText

extension Interpreter {
    // MARK: - Arguments

    func text(_ e: Expr, _ what: String, in scope: Scope) async throws -> String {
        let v = try await argument(e, in: scope)
        switch v {
        case .string(let s), .secret(let s, _): return s
        case .number, .duration: return v.plainText
        default:
            throw RuntimeError(code: "TypeError", message: "\(what) must be a string, not a \(v.typeName)", range: e.range)
        }
    }

    func optionalText(_ e: Expr?, _ what: String, in scope: Scope) async throws -> String? {
        guard let e else { return nil }
        return try await text(e, what, in: scope)
    }

    /// Region arguments: each may be a Region or a list of them.
    func regions(_ exprs: [Expr], in scope: Scope) async throws -> [String] {
        var out: [String] = []
        for e in exprs {
            let v = try await argument(e, in: scope)
            switch v {
            case .list(let items):
                for item in items {
                    guard let t = item.text ?? (item.isRecordWithRegion ? item.regionField : nil) else {
                        throw RuntimeError(code: "TypeError", message: "a Region list holds strings, not a \(item.typeName)", range: e.range)
                    }
                    out.append(t)
                }
            case .string(let s), .secret(let s, _): out.append(s)
            default:
                throw RuntimeError(code: "TypeError", message: "a Region must be a string, not a \(v.typeName)", range: e.range)
            }
        }
        return out
    }

    /// Text arguments: each may be a string or a list of them.
    func texts(_ exprs: [Expr], _ what: String, in scope: Scope) async throws -> [String] {
        var out: [String] = []
        for e in exprs {
            let v = try await argument(e, in: scope)
            let items: [Value]
            if case .list(let l) = v { items = l } else { items = [v] }
            for item in items {
                switch item {
                case .string(let s), .secret(let s, _): out.append(s)
                default:
                    throw RuntimeError(code: "TypeError", message: "\(what) must be a string, not a \(item.typeName)", range: e.range)
                }
            }
        }
        return out
    }

    func replicas(_ specs: [ReplicaSpec], in scope: Scope) async throws -> [Replica] {
        var out: [Replica] = []
        for spec in specs {
            let key = try await optionalText(spec.key, "a KMS key", in: scope)
            let v = try await argument(spec.region, in: scope)
            let items: [Value]
            if case .list(let l) = v { items = l } else { items = [v] }
            for item in items {
                switch item {
                case .string(let s), .secret(let s, _): out.append(Replica(region: s, kmsKeyId: key))
                case .record(let r):
                    guard let region = r["Region"]?.text else {
                        throw RuntimeError(code: "TypeError", message: "a replica record needs a Region field: {Region: eu-west-3, KmsKeyId: alias/x}", range: spec.region.range)
                    }
                    out.append(Replica(region: region, kmsKeyId: r["KmsKeyId"]?.text ?? key))
                default:
                    throw RuntimeError(code: "TypeError", message: "a replica is a Region or a {Region, KmsKeyId} record, not a \(item.typeName)", range: spec.region.range)
                }
            }
        }
        if out.isEmpty, let first = specs.first {
            throw RuntimeError(code: "ValueError", message: "no replica Regions given (the list is empty)", range: first.region.range)
        }
        return out
    }

    func payload(_ spec: SecretValueSpec, in scope: Scope) async throws -> String {
        switch spec {
        case .string(let e): return try await text(e, "a secret value", in: scope)
        case .json(let e):
            let v = try await argument(e, in: scope)
            if session.strict, let path = Interpreter.nullPath(v.json, path: "") {
                throw RuntimeError(code: "NullValue", message: "null in the secret value\(path.isEmpty ? "" : " at " + path) (use strict off to store it)", range: e.range)
            }
            return v.json.compactText()
        case .prompt(let r):
            if explaining { return Value.mask }
            guard let read = readSecret else {
                throw RuntimeError(code: "PromptUnavailable", message: "'value prompt' needs someone to ask: this session has no input", range: r)
            }
            guard let typed = try read("secret value (not shown): ") else {
                throw RuntimeError(code: "PromptUnavailable", message: "'value prompt': the input ended before a value was given", range: r)
            }
            secretTexts.note(.secret(typed))
            return typed
        }
    }

    // MARK: - Compiling

    /// The call a command makes (the first one for wait/status/list, which may make more). A
    /// secret-derived argument may only go into a secret member: anywhere else the service would
    /// store or echo it in clear (a Description, a Name, a filter), so that is an error naming the
    /// member, unless `use reveal on`.
    func compile(_ c: Command, range r: SourceRange, in scope: Scope) async throws -> ClientCall {
        let outer = secretArguments
        secretArguments = []
        defer { secretArguments = outer }
        let call = try await build(c, range: r, in: scope)
        if !session.reveal, !secretArguments.isEmpty { try checkSecretMembers(call.body, path: []) }
        if session.strict, let path = Interpreter.nullPath(call.body, path: "") {
            throw RuntimeError(code: "NullValue", message: "null would be sent in \(path.isEmpty ? "the request" : path) (use strict off to send it)", range: r)
        }
        return call
    }

    /// `explain` runs nothing, so a `value prompt` is not asked: the body shows the mask.
    func compileForExplain(_ c: Command, range r: SourceRange, in scope: Scope) async throws -> ClientCall {
        explaining = true
        defer { explaining = false }
        return try await compile(c, range: r, in: scope)
    }

    func checkSecretMembers(_ body: JSONValue, path: [String]) throws {
        switch body {
        case .object(let members):
            for (key, v) in members where !Value.secretFields.contains(key) { try checkSecretMembers(v, path: path + [key]) }
        case .array(let items):
            for v in items { try checkSecretMembers(v, path: path) }
        case .string(let s):
            if let hit = secretArguments.first(where: { $0.text == s }) {
                throw RuntimeError(code: "SecretInClear", message: Interpreter.secretInClearMessage(member: path.joined(separator: ".")), range: hit.range)
            }
        default: break
        }
    }

    /// Where a null is inside a request body, or nil when there is none.
    static func nullPath(_ body: JSONValue, path: String) -> String? {
        switch body {
        case .null: return path
        case .object(let members):
            for (k, v) in members { if let p = nullPath(v, path: path.isEmpty ? k : path + "." + k) { return p } }
        case .array(let items):
            for (i, v) in items.enumerated() { if let p = nullPath(v, path: "\(path)[\(i)]") { return p } }
        default: break
        }
        return nil
    }

    static func secretInClearMessage(member: String) -> String {
        "a secret-derived value cannot be sent in \(member), which is not a secret member (use reveal on to allow it)"
    }

    func build(_ c: Command, range r: SourceRange, in scope: Scope) async throws -> ClientCall {
        let region = session.region
        switch c {
        case .create(let secret, let value, let description, let key, let specs, let force, _):
            return Compiler.create(
                name: try await text(secret, "a secret name", in: scope),
                value: try await value.asyncMap { try await payload($0, in: scope) },
                description: try await optionalText(description, "a description", in: scope),
                kmsKeyId: try await optionalText(key, "a KMS key", in: scope),
                replicas: specs.isEmpty ? [] : try await replicas(specs, in: scope), force: force, region: region)
        case .replicate(let secret, let specs, let force):
            return Compiler.replicate(secret: try await text(secret, "a secret name", in: scope),
                                      replicas: try await replicas(specs, in: scope), force: force, region: region)
        case .replicateJSON(let e):
            var v = try await argument(e, in: scope)
            if let t = v.text {
                let parsed: Value
                do { parsed = Value(json: try JSONValue.parse(t)) } catch {
                    throw RuntimeError(code: "ValueError", message: "replicate json: the text is not JSON: \(error.description)", range: e.range)
                }
                // The members of a secret's text are secret-derived, each one.
                v = v.isSecret ? parsed.tainted : parsed
                noteArgument(v, at: e.range)
            }
            guard case .record = v else {
                throw RuntimeError(code: "TypeError", message: "replicate json needs a record such as {SecretId: X, AddReplicaRegions: [{Region: eu-west-3}]}", range: e.range)
            }
            return Compiler.replicateJSON(v.json, region: region)
        case .remove(let secret, let regionExprs):
            return Compiler.remove(secret: try await text(secret, "a secret name", in: scope),
                                   regions: try await regions(regionExprs, in: scope), region: region)
        case .promote(let secret, let replicaRegion):
            return Compiler.promote(secret: try await text(secret, "a secret name", in: scope),
                                    replicaRegion: try await text(replicaRegion, "a Region", in: scope))
        case .describe(let secret, let inRegion):
            return Compiler.describe(secret: try await text(secret, "a secret name", in: scope),
                                     region: try await optionalText(inRegion, "a Region", in: scope) ?? region)
        case .status(let secret, _), .wait(let secret, _, _, _, _):
            // Replication status lives on the primary: status and wait read it there (see describeAtPrimary).
            return Compiler.describe(secret: try await text(secret, "a secret name", in: scope), region: region)
        case .get(let secret, let inRegion, let version, let stage):
            return Compiler.get(secret: try await text(secret, "a secret name", in: scope),
                                versionId: try await optionalText(version, "a version id", in: scope),
                                stage: try await optionalText(stage, "a stage label", in: scope),
                                region: try await optionalText(inRegion, "a Region", in: scope) ?? region)
        case .put(let secret, let value):
            return Compiler.put(secret: try await text(secret, "a secret name", in: scope),
                                value: try await payload(value, in: scope), region: region)
        case .update(let secret, let description, let key):
            return Compiler.update(secret: try await text(secret, "a secret name", in: scope),
                                   description: try await optionalText(description, "a description", in: scope),
                                   kmsKeyId: try await optionalText(key, "a KMS key", in: scope), region: region)
        case .delete(let secret, let recovery, let now):
            var days: Int?
            if let recovery {
                let v = try await argument(recovery, in: scope)
                // Int(exactly:) also turns away 1e300 and infinity, which Int(_:) would trap on.
                guard case .number(let n) = v, let whole = Int(exactly: n) else {
                    throw RuntimeError(code: "TypeError", message: "the recovery window is a whole number of days", range: recovery.range)
                }
                days = whole
            }
            return Compiler.delete(secret: try await text(secret, "a secret name", in: scope), recoveryDays: days, now: now, region: region)
        case .restore(let secret):
            return Compiler.restore(secret: try await text(secret, "a secret name", in: scope), region: region)
        case .list(let prefix, let inRegion):
            return Compiler.list(prefix: try await optionalText(prefix, "a prefix", in: scope),
                                 region: try await optionalText(inRegion, "a Region", in: scope) ?? region)
        case .tag(let secret, let tagExprs):
            var tags: [(key: String, value: String)] = []
            for e in tagExprs { try tagPairs(try await argument(e, in: scope), range: e.range, into: &tags) }
            return Compiler.tag(secret: try await text(secret, "a secret name", in: scope), tags: tags, region: region)
        case .untag(let secret, let keyExprs):
            return Compiler.untag(secret: try await text(secret, "a secret name", in: scope),
                                  keys: try await texts(keyExprs, "a tag key", in: scope), region: region)
        case .rotate(let secret, let lambda, let daysExpr, let schedule, let immediately):
            var days: Int?
            if let e = daysExpr {
                guard case .number(let n) = try await argument(e, in: scope), let whole = Int(exactly: n) else {
                    throw RuntimeError(code: "TypeError", message: "rotation is every whole number of days", range: e.range)
                }
                days = whole
            }
            return Compiler.rotate(secret: try await text(secret, "a secret name", in: scope),
                                   lambda: try await optionalText(lambda, "a Lambda ARN", in: scope), everyDays: days,
                                   schedule: try await optionalText(schedule, "a schedule", in: scope), immediately: immediately, region: region)
        case .batchGet(let secrets, let prefix, let inRegion):
            let names = try await texts(secrets, "a secret name", in: scope)
            if !secrets.isEmpty, names.isEmpty {
                throw RuntimeError(code: "ValueError", message: "no secrets given (the list is empty)", range: secrets[0].range)
            }
            return Compiler.batchGet(secrets: names, prefix: try await optionalText(prefix, "a prefix", in: scope),
                                     region: try await optionalText(inRegion, "a Region", in: scope) ?? region)
        case .policy(let secretExpr, let action):
            let secret = try await secretExpr.asyncMap { try await text($0, "a secret name", in: scope) }
            switch action {
            case .get: return Compiler.getPolicy(secret: secret ?? "", region: region)
            case .delete: return Compiler.deletePolicy(secret: secret ?? "", region: region)
            case .put(let p, let block):
                return Compiler.putPolicy(secret: secret ?? "", policy: try await policyText(p, in: scope), blockPublic: block, region: region)
            case .validate(let p):
                return Compiler.validatePolicy(secret: secret, policy: try await policyText(p, in: scope), region: region)
            }
        case .cancelRotation(let secret):
            return Compiler.cancelRotation(secret: try await text(secret, "a secret name", in: scope), region: region)
        case .password(let spec):
            var length: Int?
            if let e = spec.length {
                guard case .number(let n) = try await argument(e, in: scope), let whole = Int(exactly: n) else {
                    throw RuntimeError(code: "TypeError", message: "a password length is a whole number", range: e.range)
                }
                length = whole
            }
            return Compiler.password(length: length, exclude: try await optionalText(spec.exclude, "the characters to exclude", in: scope),
                                     without: spec.without, space: spec.space, eachType: spec.eachType, region: region)
        case .versions(let secret, let inRegion):
            return Compiler.versions(secret: try await text(secret, "a secret name", in: scope),
                                     region: try await optionalText(inRegion, "a Region", in: scope) ?? region)
        case .label(let secret, let label, let to, let from):
            return Compiler.label(secret: try await text(secret, "a secret name", in: scope),
                                  label: try await text(label, "a staging label", in: scope),
                                  to: try await optionalText(to, "a version id", in: scope),
                                  from: try await optionalText(from, "a version id", in: scope), region: region)
        case .aws(let line):
            // The files a line names are read now, as it runs.
            let a: AWSCLICommand
            do { a = try line.resolved() } catch { throw RuntimeError(code: "UsageError", message: error.message, range: error.range) }
            return ClientCall(operation: a.operation, region: a.region ?? region, body: a.body)
        case .watch(let secret):
            // What watch sends every second: DescribeSecret of one secret, or the listing first.
            if let secret { return Compiler.describe(secret: try await text(secret, "a secret name", in: scope), region: region) }
            return Compiler.list(prefix: nil, region: region)
        case .explain, .skeleton, .simulate, .snapshot:
            throw RuntimeError(code: "ValueError", message: "'\(c.name)' does not call the service, so it has nothing to explain", range: r)
        }
    }

    /// A policy record as compact JSON text; text is sent as it is.
    func policyText(_ e: Expr, in scope: Scope) async throws -> String {
        let v = try await argument(e, in: scope)
        switch v {
        case .record: return v.json.compactText()
        case .string(let s), .secret(let s, _): return s
        default:
            throw RuntimeError(code: "TypeError", message: "a resource policy is a record or JSON text, not a \(v.typeName)", range: e.range)
        }
    }

    /// `KEY=VALUE` text (split at its first '='), a record of tags, or a list of either.
    func tagPairs(_ v: Value, range r: SourceRange, into tags: inout [(key: String, value: String)]) throws {
        switch v {
        case .string(let s), .secret(let s, _):
            guard let eq = s.firstIndex(of: "=") else {
                throw RuntimeError(code: "ValueError", message: "'\(v.isSecret ? Value.mask : s)' is not a tag: write KEY=VALUE", range: r)
            }
            tags.append((String(s[..<eq]), String(s[s.index(after: eq)...])))
        case .record(let rec):
            for (k, field) in rec.fields {
                let t: String
                switch field {
                case .string(let s), .secret(let s, _): t = s
                case .number: t = field.plainText
                default:
                    throw RuntimeError(code: "TypeError", message: "the tag \(k) must be a string, not a \(field.typeName)", range: r)
                }
                tags.append((k, t))
            }
        case .list(let items):
            for item in items { try tagPairs(item, range: r, into: &tags) }
        default:
            throw RuntimeError(code: "TypeError", message: "a tag is KEY=VALUE text or a record, not a \(v.typeName)", range: r)
        }
    }

    /// UpdateSecretVersionStage must name the version the label leaves (RemoveFromVersionId):
    /// read from DescribeSecret's VersionIdsToStages. A label on no version, or already on the
    /// target, needs none.
    func withHolder(_ call: ClientCall, range r: SourceRange) async throws -> ClientCall {
        guard case .object(let members) = call.body, let id = call.body["SecretId"], let label = call.body["VersionStage"]?.stringValue,
              let to = call.body["MoveToVersionId"]?.stringValue else { return call }
        let d = try await send(ClientCall(operation: .describeSecret, region: call.region, body: .object([("SecretId", id)])), range: r)
        guard case .object(let stages)? = d["VersionIdsToStages"],
              let holder = stages.first(where: { $0.1.arrayValue?.contains(.string(label)) == true })?.0, holder != to else { return call }
        var out = call
        out.body = .object(members.prefix(2) + [("RemoveFromVersionId", .string(holder))] + members.dropFirst(2))
        return out
    }

    /// Sends one call; AWS errors become runtime errors at the command's position.
    func send(_ call: ClientCall, range r: SourceRange) async throws -> JSONValue {
        try await calling(call, range: r) { try await $0.call(call.operation, body: call.body) }
    }

    /// Runs `body` with a client in the call's Region; AWS errors become runtime errors at the
    /// command's position.
    func calling<T>(_ call: ClientCall, range r: SourceRange, via lineTransport: (any Transport)? = nil,
                    _ body: (SecretsManagerClient) async throws -> T) async throws -> T {
        if session.trace { lastCall = call }
        do {
            return try await body(SecretsManagerClient(transport: lineTransport ?? transport, region: call.region))
        } catch let e as AWSError {
            throw RuntimeError(code: e.code, message: e.message + nameSuggestion(for: e, in: call), range: r).about(call)
        }
    }

    /// DescribeSecret for status and wait, answered in the secret's PrimaryRegion: in a replica's
    /// Region the response lists only that replica, so one more call asks the primary. Returns
    /// the call that reaches the primary (to repeat) and its response.
    func describeAtPrimary(_ call: ClientCall, range r: SourceRange) async throws -> (ClientCall, JSONValue) {
        let d = try await send(call, range: r)
        guard let primary = d["PrimaryRegion"]?.stringValue, primary != call.region,
              let name = d["Name"]?.stringValue, case .object(let members) = call.body else { return (call, d) }
        // By name: an ARN given in the replica's Region names that Region, not the primary's.
        let there = ClientCall(operation: call.operation, region: primary,
                               body: .object(members.map { $0.0 == "SecretId" ? ($0.0, .string(name)) : $0 }))
        return (there, try await send(there, range: r))
    }

    // MARK: - Running

    /// A command as an expression: its result.
    func runCommand(_ c: Command, range r: SourceRange, in scope: Scope) async throws -> Value {
        try await perform(c, range: r, in: scope).0
    }

    /// Runs a command; also returns the call it is about, for the log line. With `use trace on`,
    /// that call is shown as an aws CLI line and a boto3 call (a command that reads first, such as
    /// replicate's DescribeSecret, shows the call that does its work).
    func perform(_ c: Command, range r: SourceRange, in scope: Scope) async throws -> (Value, ClientCall?) {
        guard session.trace else { return try await performCommand(c, range: r, in: scope) }
        // A command inside another's arguments traces its own call.
        let outer = lastCall
        lastCall = nil
        defer { lastCall = outer }
        do {
            let (value, call) = try await performCommand(c, range: r, in: scope)
            if let shown = call ?? lastCall { output.err(traceText(shown)) }
            return (value, call)
        } catch {
            // The call that failed (the last one sent) is the one a learner wants to see.
            if let shown = lastCall { output.err(traceText(shown)) }
            throw error
        }
    }

    func performCommand(_ c: Command, range r: SourceRange, in scope: Scope) async throws -> (Value, ClientCall?) {
        switch c {
        case .explain(let inner):
            let call = try await compileForExplain(inner, range: r, in: scope)
            var smsh: Value = .null
            if case .command(let line) = SmshLine.render(shownCall(call), sessionRegion: session.region) { smsh = .string(line) }
            return (.record(Record([
                ("operation", .string(call.operation.rawValue)), ("region", .string(call.region)),
                ("endpoint", .string(endpoint(for: call))), ("body", Value(json: call.body)),
                ("cli", .string(CLILine.render(call, reveal: session.reveal))), ("smsh", smsh),
                ("boto3", .string(Boto3Call.render(operation: call.operation, body: call.body, reveal: session.reveal))),
            ])), nil)
        case .skeleton(let opExpr, let kind):
            return (.string(Skeletons.text(try await skeletonOperation(opExpr, in: scope), kind)), nil)
        case .simulate(let s):
            return (.string(try await simulate(s, range: r, in: scope)), nil)
        case .snapshot(let action):
            return (try await snapshot(action, range: r, in: scope), nil)
        case .watch(let secret):
            try await watch(secret, range: r, in: scope)
            return (.null, nil)
        case .aws(let a):
            if let topic = a.help { return (.string(AWSCLIHelp.text(topic)), nil) }
            if let kind = a.skeleton { return (.string(Skeletons.text(a.operation, kind)), nil) }
            let call = try await compile(c, range: r, in: scope)
            return (Value(json: try await awsLineResult(a, call, range: r)), call)
        case .status(_, let inRegion):
            let call = try await compile(c, range: r, in: scope)
            let (_, d) = try await describeAtPrimary(call, range: r)
            let region = try await optionalText(inRegion, "a Region", in: scope)
            let value = try statusValue(d, of: region, range: r)
            nextSteps = Interpreter.nextSteps(d).filter { region == nil || $0.hasPrefix("next for \(region ?? ""):") }
            return (value, call)
        case .wait(_, let regionExprs, let statusExpr, let timeoutExpr, let everyExpr):
            let call = try await compile(c, range: r, in: scope)
            let target = try await text(statusExpr, "a status", in: scope)
            let timeout = try await timeoutExpr.asyncMap { try await durationSeconds($0, in: scope, what: "timeout") } ?? 300
            let every = try await everyExpr.asyncMap { try await durationSeconds($0, in: scope, what: "every") } ?? 2
            let named = try await regions(regionExprs, in: scope)
            let v: Value
            switch target {
            case Checker.rotated: v = try await waitRotated(call, regions: named, timeout: timeout, every: every, range: r)
            case Checker.removed: v = try await waitRemoved(call, regions: named, timeout: timeout, every: every, range: r)
            case Checker.deleted: v = try await waitDeleted(call, timeout: timeout, every: every, range: r)
            default: v = try await wait(call, regions: named, until: target, timeout: timeout, every: every, range: r)
            }
            return (v, call)
        case .list:
            let call = try await compile(c, range: r, in: scope)
            let all = try await calling(call, range: r) { try await $0.paginateAll(call.operation, body: call.body) }
            return (Value(json: all["SecretList"] ?? .array([])), call)
        case .password:
            // The password itself, a secret value: masked when shown, allowed only in secret members.
            let call = try await compile(c, range: r, in: scope)
            let d = try await send(call, range: r)
            guard let pw = d["RandomPassword"]?.stringValue else {
                throw RuntimeError(code: "InternalServiceError", message: "GetRandomPassword returned no RandomPassword", range: r)
            }
            let v = Value.secret(pw)
            secretTexts.note(v)
            return (v, call)
        case .batchGet:
            // Every page: the values and the errors of each joined.
            let call = try await compile(c, range: r, in: scope)
            var values: [JSONValue] = [], errors: [JSONValue] = []
            try await calling(call, range: r) { client in
                try await client.paginate(call.operation, body: call.body) { page in
                    values += page["SecretValues"]?.arrayValue ?? []
                    errors += page["Errors"]?.arrayValue ?? []
                    return true
                }
            }
            let v = Value(json: .object([("SecretValues", .array(values)), ("Errors", .array(errors))]))
            secretTexts.note(v)
            return (v, call)
        case .versions:
            let call = try await compile(c, range: r, in: scope)
            let all = try await calling(call, range: r) { try await $0.paginateAll(call.operation, body: call.body) }
            return (Value(json: all["Versions"] ?? .array([])), call)
        case .create(_, _, _, _, _, _, let ifAbsent?):
            let call = try await compile(c, range: r, in: scope)
            return (try await createIfAbsent(call, ifAbsent, range: r), call)
        case .replicate, .replicateJSON:
            let call = try await compile(c, range: r, in: scope)
            let (result, skipped) = try await replicateSkipping(call, range: r)
            if !skipped.isEmpty { commandNote = "already replicated to \(skipped.joined(separator: ", ")), skipped" }
            return (Value(json: result), call)
        case .remove:
            let call = try await compile(c, range: r, in: scope)
            return (try await removeIfPresent(call, range: r), call)
        case .delete:
            let call = try await compile(c, range: r, in: scope)
            return (try await deleteIfPresent(call, range: r), call)
        case .label(_, _, _, let from):
            var call = try await compile(c, range: r, in: scope)
            if from == nil { call = try await withHolder(call, range: r) }
            return (Value(json: try await send(call, range: r)), call)
        default:
            let call = try await compile(c, range: r, in: scope)
            return (Value(json: try await send(call, range: r)), call)
        }
    }

    func endpoint(for call: ClientCall) -> String {
        if let e = session.endpoint { return e }
        return call.endpoint
    }

    /// A command as a statement: runs it and logs one line (script) or shows the result (REPL).
    func runBare(_ c: Command, range r: SourceRange, in scope: Scope) async throws {
        switch c {
        case .explain(let inner):
            let call = try await compileForExplain(inner, range: r, in: scope)
            output.out(explainText(call, command: inner))
            return
        case .skeleton(let opExpr, let kind):
            output.out(Skeletons.printed(try await skeletonOperation(opExpr, in: scope), kind))
            return
        case .aws(let a) where a.help != nil:
            output.out(AWSCLIHelp.text(a.help ?? .service))
            return
        case .aws(let a) where a.skeleton != nil:
            output.out(Skeletons.printed(a.operation, a.skeleton ?? .input))
            return
        case .aws(let a) where session.showResults && a.output != nil:
            // The line asked for the aws CLI's own output format: printed as the CLI prints it
            // (text page by page), secret values masked before --query sees them unless `use reveal on`.
            let call = try await compile(c, range: r, in: scope)
            var result = try await awsLineCall(a, call, range: r)
            result.pages = result.pages.map { Value(json: $0).displayJSON(reveal: session.reveal) }
            output.out(try queried(a, range: r) { q throws(JMESPathError) in
                try result.printed(format: a.output ?? "json", query: q, operation: a.operation)
            })
            return
        default: break
        }
        commandNote = nil
        nextSteps = []
        let (result, call) = try await perform(c, range: r, in: scope)
        let note = commandNote
        commandNote = nil
        if session.showResults {
            if let note, !session.quiet { output.err("\(c.name): \(note)\n") }
            if case .null = result { return }
            // A secret's versions read best as a table: one row a version, its labels beside it.
            var format = session.output
            if case .versions = c { format = .table }
            output.out(ResultFormatter.format(result, as: format, reveal: session.reveal))
        } else if !session.quiet {
            output.err(shown(LogLine.line(for: c, result: result, call: call, note: note)) + "\n")
        }
        // A bare `status` that found a Failed replica says what to do about it.
        for step in nextSteps { output.err(shown(step) + "\n") }
        nextSteps = []
    }

    func explainText(_ call: ClientCall, command: Command) -> String {
        var body = Value(json: call.body)
        if !session.reveal { body = Value(json: call.body).maskingSecretFields }
        var out = "operation: \(call.operation.rawValue)\n"
        out += "region:    \(call.region)\n"
        var shownEndpoint = endpoint(for: call)
        if case .aws(let a) = command, let e = a.connection.endpointURL { shownEndpoint = e }
        out += "endpoint:  \(shownEndpoint)\n"
        switch command {
        case .wait: out += "note:      wait sends this call repeatedly until the replicas reach the status\n"
        case .list, .versions, .batchGet: out += "note:      \(command.keyword == .batch ? "batch get" : command.name) follows NextToken until every page is read\n"
        case .label(_, _, _, nil): out += "note:      label first reads which version holds the label (DescribeSecret) and sends it as RemoveFromVersionId\n"
        case .status: out += "note:      status reads ReplicationStatus from this response\n"
        case .create(_, _, _, _, _, _, _?):
            out += "note:      if absent first reads the secret (DescribeSecret, GetSecretValue) and sends this only when there is none\n"
        case .replicate, .replicateJSON:
            out += "note:      replicate first reads the primary (DescribeSecret) and leaves out the Regions already replicated with the same key\n"
        case .remove:
            out += "note:      remove first reads the primary (DescribeSecret) and leaves out the Regions that are not replicas\n"
        case .watch(nil): out += "note:      watch sends this every second, then DescribeSecret of each secret listed (at its primary)\n"
        case .watch: out += "note:      watch sends this every second (to the secret's primary, when this Region holds a replica)\n"
        default: break
        }
        out += "body:\n" + body.displayJSON(reveal: session.reveal).prettyText(indent: 2) + "\n"
        if case .aws = command {
            // Explaining an aws line teaches the smsh form (and the other way round).
            switch SmshLine.render(shownCall(call), sessionRegion: session.region) {
            case .command(let line): out += line + "\n"
            case .none(let reason): out += "# no smsh form: \(reason)\n"
            }
            out += Boto3Call.render(operation: call.operation, body: call.body, reveal: session.reveal) + "\n"
            return out
        }
        out += CLILine.render(call, reveal: session.reveal) + "\n"
        out += Boto3Call.render(operation: call.operation, body: call.body, reveal: session.reveal) + "\n"
        return out
    }

    /// The call as `explain` may show it: secret values masked unless `use reveal on`.
    func shownCall(_ call: ClientCall) -> ClientCall {
        guard !session.reveal, case .object(let members) = call.body else { return call }
        var shown = call
        shown.body = .object(members.map { k, v in (k, Value.secretFields.contains(k) ? .string(Value.mask) : v) })
        return shown
    }

    /// `smsh aws ...`: the one call of an aws line, outside any script, as the CLI would print it.
    public func printAWSLine(_ a: AWSCLICommand, terminalWidth: Int) async throws -> String {
        let call = ClientCall(operation: a.operation, region: a.region ?? session.region, body: a.body)
        let result = try await awsLineCall(a, call, range: a.range)
        return try queried(a, range: a.range) { q throws(JMESPathError) in
            try result.printed(format: a.output ?? "json", query: q, operation: a.operation, terminalWidth: terminalWidth)
        }
    }

    /// An aws line's result as a script sees it: --query applied to the merged pages.
    func awsLineResult(_ a: AWSCLICommand, _ call: ClientCall, range r: SourceRange) async throws -> JSONValue {
        let result = try await awsLineCall(a, call, range: r)
        return try queried(a, range: r) { q throws(JMESPathError) in try result.value(query: q) }
    }

    /// The response shaped as botocore parses it; a paginated operation's pages as the CLI's
    /// paginator reads them (with --page-size, --max-items, --starting-token).
    func awsLineCall(_ a: AWSCLICommand, _ call: ClientCall, range r: SourceRange) async throws -> AWSCLIResult {
        let op = call.operation
        let via = try transport(for: a, range: r)
        guard a.paginate else {
            let response = try await calling(call, range: r, via: via) { try await $0.call(op, body: call.body) }
            return AWSCLIResult(pages: [AWSCLIOutput.shaped(response, operation: op)], pagination: nil)
        }
        return try await calling(call, range: r, via: via) { client in
            do {
                return try await CLIPaginator.run(op, body: call.body, paging: a.paging) { body in
                    AWSCLIOutput.shaped(try await client.call(op, body: body), operation: op)
                }
            } catch let e as CLIPaginator.BadToken {
                throw RuntimeError(code: "UsageError", message: "Bad starting token: \(e.token)", range: r)
            }
        }
    }

    /// The transport of a line that says how to connect, when it is not the session's.
    func transport(for a: AWSCLICommand, range r: SourceRange) throws -> (any Transport)? {
        guard !a.connection.isEmpty, let lineTransport else { return nil }
        do {
            return try lineTransport(a.connection, session)
        } catch let e as AWSError {
            throw RuntimeError(code: e.code, message: e.message, range: r)
        }
    }

    /// A --query that fails on the result (a function given the wrong type) is a runtime error.
    func queried<T>(_ a: AWSCLICommand, range r: SourceRange, _ body: (JMESPathExpression?) throws(JMESPathError) -> T) throws -> T {
        do {
            return try body(a.query)
        } catch {
            throw RuntimeError(code: "QueryError", message: "--query \(a.query?.text ?? ""): \(error.message)", range: r)
        }
    }

    func skeletonOperation(_ opExpr: Expr, in scope: Scope) async throws -> SecretsModel.Operation {
        let name = try await text(opExpr, "an operation", in: scope)
        guard let op = Skeletons.operation(named: name) else {
            throw RuntimeError(code: "ValueError", message: "'\(name)' is not an operation", range: opExpr.range)
        }
        return op
    }

    func statusValue(_ d: JSONValue, of region: String?, range r: SourceRange) throws -> Value {
        let entries = d["ReplicationStatus"]?.arrayValue ?? []
        if let region {
            if let e = entries.first(where: { $0["Region"]?.stringValue == region }) {
                return .string(e["Status"]?.stringValue ?? "")
            }
            if region == (d["PrimaryRegion"]?.stringValue ?? session.region) { return .string("Primary") }
            throw RuntimeError(code: "NotAReplica", message: "\(region) is not a replica Region of \(d["Name"]?.stringValue ?? "the secret")", range: r)
        }
        var rec = Record()
        for e in entries {
            if let reg = e["Region"]?.stringValue { rec[reg] = .string(e["Status"]?.stringValue ?? "") }
        }
        return .record(rec)
    }

    /// Injects a fault; returns what was done, for the log line.
    func simulate(_ s: Simulation, range r: SourceRange, in scope: Scope) async throws -> String {
        guard let faults else {
            throw RuntimeError(code: "SimulateUnavailable", message: "'simulate' works only on the local simulator backend (this session uses '\(session.backend)')", range: r)
        }
        func inject(_ fault: Fault) async throws -> String {
            try await faults.inject(fault)
            return "simulate " + fault.simulateWords
        }
        do {
            switch s {
            case .outage(let e):
                let region = try await text(e, "a Region", in: scope)
                return try await inject(.outage(region: region))
            case .missingKey(let k, let e):
                let key = try await text(k, "a KMS key", in: scope), region = try await text(e, "a Region", in: scope)
                return try await inject(.missingKey(key: key, region: region))

            case .throttle(let e):
                let v = try await evaluate(e, in: scope)
                guard case .number(let f) = v, f >= 0, f <= 1 else {
                    throw RuntimeError(code: "ValueError", message: "throttle takes a share from 0% to 100%", range: e.range)
                }
                return try await inject(.throttle(fraction: f))
            case .latency(let e):
                let seconds = try await durationSeconds(e, in: scope, what: "latency")
                return try await inject(.latency(seconds: seconds))
            case .rotationFailure(let e):
                let secret = try await text(e, "a secret name", in: scope)
                return try await inject(.rotationFailure(secret: secret))
            case .clear:
                try await faults.clearFaults()
                return "simulate clear"
            case .advance(let e):
                return try await simulateAdvance(e, range: r, in: scope)
            case .reset:
                return try await simulateReset(range: r)
            }
        } catch let e as AWSError {
            throw RuntimeError(code: e.code, message: e.message, range: r)
        }
    }
}

extension RuntimeError {
    /// The error with the call it concerns, for `$e.operation`, `$e.region` and `$e.secret`.
    func about(_ call: ClientCall) -> RuntimeError {
        var e = self
        e.operation = e.operation ?? call.operation.rawValue
        e.region = e.region ?? call.region
        e.secret = e.secret ?? (call.body["SecretId"] ?? call.body["Name"])?.stringValue
        return e
    }
}

extension Value {
    var isRecordWithRegion: Bool { regionField != nil }
    var regionField: String? {
        if case .record(let r) = self { return r["Region"]?.text }
        return nil
    }

    /// SecretString / SecretBinary in a request body become secret values so they are masked.
    var maskingSecretFields: Value {
        guard case .record(let r) = self else { return self }
        return .record(Record(r.fields.map { k, v in (k, Value.secretFields.contains(k) ? v.tainted : v) }))
    }
}
