import Foundation
import SecretsCore

/// RotateSecret and CancelRotateSecret, with the simulator standing in for the rotation function.
/// A run makes its AWSPENDING version when it starts (createSecret) and moves AWSCURRENT to it
/// when it ends (setSecret, testSecret, finishSecret), `rotationTime` later. Runs, scheduled
/// rotations and the new version's arrival in the replicas are worked out from timestamps when a
/// secret is next read (`settle`), as replication status is: no background work.
extension SimulatorService {
    static let rotationIncomplete = AWSError.invalidRequest("A previous rotation isn't complete. That rotation will be reattempted.")

    func rotateSecret(_ db: StateTransaction, region: String, _ b: RequestBody) throws -> JSONValue {
        let id = try b.required("SecretId", b.string)
        let token = try b.string("ClientRequestToken")
        let lambda = try b.string("RotationLambdaARN")
        let rules = try b.structure("RotationRules")
        let immediately = try b.bool("RotateImmediately") ?? true
        let afterDays = try rules?.int("AutomaticallyAfterDays")
        let expression = try rules?.string("ScheduleExpression")
        let duration = try rules?.string("Duration")
        // Lengths, ranges and patterns were checked against the model on the way in.
        if let duration, let hours = Int(duration.dropLast()) {
            if !(1...24).contains(hours) { throw AWSError.invalidParameter("The rotation window Duration must be between 1h and 24h.") }
        }
        if afterDays != nil, expression != nil {
            throw AWSError.invalidParameter("You can't specify both AutomaticallyAfterDays and ScheduleExpression in RotationRules.")
        }
        var s = try resolveWritable(db, region: region, id: id)
        if let lambda { try checkLambda(lambda, region: s.region) }
        guard let function = lambda ?? s.rotation?.lambdaARN else {
            throw AWSError.invalidRequest("No Lambda rotation function ARN is associated with this secret.")
        }
        if s.rotation?.run != nil || hasLeftoverPending(s) { throw Self.rotationIncomplete }
        var state = s.rotation ?? RotationState(enabled: true, since: now)
        if rules != nil {
            state.afterDays = afterDays
            state.schedule = expression
            state.duration = duration
            _ = try RotationSchedule(afterDays: afterDays, expression: expression)
            state.since = state.lastRotated ?? now
        } else if !state.enabled {
            state.since = state.lastRotated ?? now
        }
        state.enabled = true
        state.lambdaARN = function
        s.rotation = state
        var versionId: String?
        if immediately {
            guard s.current != nil else {
                throw AWSError.invalidRequest("The secret has no version labelled AWSCURRENT to rotate.")
            }
            versionId = try startRun(db, &s, at: now, token: token)
        }
        s.lastChanged = now
        try finishDueRuns(db, &s)
        try db.saveSecret(s)
        try sendToReplicas(db, s, at: now.addingTimeInterval(replicationDelay))
        return response([("ARN", .string(s.arn(account: account))), ("Name", .string(s.name)), ("VersionId", versionId.map(JSONValue.string))])
    }

    func cancelRotateSecret(_ db: StateTransaction, region: String, _ b: RequestBody) throws -> JSONValue {
        var s = try resolveWritable(db, region: region, id: try b.required("SecretId", b.string))
        var versionId: String?
        if var state = s.rotation {
            // A run in progress stops where it is: its AWSPENDING version stays, as the documentation warns.
            versionId = state.run?.versionId
            state.run = nil
            state.enabled = false
            s.rotation = state
            s.lastChanged = now
            try db.saveSecret(s)
            try sendToReplicas(db, s, at: now.addingTimeInterval(replicationDelay))
        }
        return response([("ARN", .string(s.arn(account: account))), ("Name", .string(s.name)), ("VersionId", versionId.map(JSONValue.string))])
    }

    /// A Lambda function ARN of the secret's own Region.
    func checkLambda(_ arn: String, region: String) throws {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 7, parts[0] == "arn", parts[2] == "lambda", parts[5] == "function", !parts[6].isEmpty,
              parts[4].count == 12, parts[4].allSatisfy(\.isNumber) else {
            throw AWSError.invalidParameter("Invalid RotationLambdaARN: \(arn) is not the ARN of a Lambda function.")
        }
        if parts[3] != region {
            throw AWSError.invalidParameter("The rotation function \(arn) must be in the secret's Region, \(region).")
        }
    }

    /// AWSPENDING on a version other than AWSCURRENT's, left by a failed or cancelled run.
    func hasLeftoverPending(_ s: SecretRecord) -> Bool {
        s.versions.contains { $0.stages.contains("AWSPENDING") && !$0.stages.contains("AWSCURRENT") }
    }

    /// createSecret: a new version labelled AWSPENDING holding a new password.
    private func startRun(_ db: StateTransaction, _ s: inout SecretRecord, at start: Date, token: String?) throws -> String {
        let current = s.current
        let password = try RandomPassword().generate()
        var string: String?
        var binary: Data?
        if let text = current?.string {
            // The `password` key of a JSON secret, or the whole string.
            if case .object(var members)? = try? JSONValue.parse(text), let i = members.firstIndex(where: { $0.0 == "password" }) {
                members[i].1 = .string(password)
                string = JSONValue.object(members).compactText()
            } else {
                string = password
            }
        } else {
            binary = Data(password.utf8)
        }
        let id = token ?? randomVersionId()
        if s.versions.contains(where: { $0.id == id }) {
            throw AWSError.resourceExists("You can't use ClientRequestToken \(id) because that value is already in use for a version of secret \(s.arn(account: account)).")
        }
        for i in s.versions.indices { s.versions[i].stages.removeAll { $0 == "AWSPENDING" } }
        s.versions.append(StoredVersion(id: id, string: string, binary: binary, stages: ["AWSPENDING"], created: start))
        let active = try db.faults()
        let fails = active.contains(.rotationFailure(secret: s.name))
        if fails {
            // The fault is for the next run only.
            try db.saveFaults(active.filter { $0 != .rotationFailure(secret: s.name) })
        }
        s.rotation?.run = RotationRun(versionId: id, started: start, endsAt: start.addingTimeInterval(rotationTime), fails: fails)
        return id
    }

    /// Ends the runs whose time has come and starts the scheduled ones that are due, in order.
    /// Replicas receive a finished rotation's versions after the replication delay.
    private func finishDueRuns(_ db: StateTransaction, _ s: inout SecretRecord) throws {
        while var state = s.rotation {
            if let run = state.run {
                guard now >= run.endsAt else { return }
                state.run = nil
                if !run.fails, let i = s.versions.firstIndex(where: { $0.id == run.versionId }) {
                    // finishSecret: AWSCURRENT moves, the old version becomes AWSPREVIOUS.
                    let old = s.current?.id
                    for j in s.versions.indices {
                        s.versions[j].stages.removeAll { ["AWSPENDING", "AWSCURRENT", "AWSPREVIOUS"].contains($0) }
                    }
                    s.versions[i].stages.append("AWSCURRENT")
                    if let old, let j = s.versions.firstIndex(where: { $0.id == old }), old != run.versionId {
                        s.versions[j].stages.append("AWSPREVIOUS")
                    }
                    state.lastRotated = run.endsAt
                    state.since = run.endsAt
                    s.lastChanged = run.endsAt
                }
                s.rotation = state
                try sendToReplicas(db, s, at: run.endsAt.addingTimeInterval(replicationDelay))
                continue
            }
            guard state.enabled, !hasLeftoverPending(s), s.current != nil,
                  let schedule = try? RotationSchedule(afterDays: state.afterDays, expression: state.schedule),
                  let due = schedule.latestDue(since: state.since, now: now) else { return }
            _ = try startRun(db, &s, at: due, token: nil)
            state = s.rotation ?? state
            state.since = due
            s.rotation = state
        }
    }

    /// The primary's versions reach each replica at `at`; its rotation settings at once.
    func sendToReplicas(_ db: StateTransaction, _ primary: SecretRecord, at: Date) throws {
        for link in primary.replicas {
            guard var replica = try self.replica(db, of: primary, in: link.region) else { continue }
            _ = replica.receiveIncoming(at: now)
            replica.incoming = primary.versions
            replica.incomingAt = at
            replica.rotation = primary.rotation.map { var r = $0; r.run = nil; return r }
            _ = replica.receiveIncoming(at: now)
            try db.saveSecret(replica)
        }
    }

    /// `record` with its rotations and incoming versions worked out up to now, saved if they
    /// changed it. A replica asks its primary first.
    func settle(_ db: StateTransaction, _ record: SecretRecord) throws -> SecretRecord {
        var s = record
        if let primaryRegion = s.primaryRegion {
            guard s.rotation != nil || s.incoming != nil else { return s }
            if let primary = try db.loadSecret(region: primaryRegion, name: s.name), primary.rotation != nil,
               try replica(db, of: primary, in: s.region) != nil {
                _ = try settle(db, primary)
                s = try db.loadSecret(region: s.region, name: s.name) ?? s
            }
            if s.receiveIncoming(at: now) { try db.saveSecret(s) }
            return s
        }
        guard s.rotation != nil else { return s }
        let before = s
        try finishDueRuns(db, &s)
        if s != before { try db.saveSecret(s) }
        return s
    }

    /// The members DescribeSecret and ListSecrets show for rotation.
    func rotationMembers(_ s: SecretRecord) -> [(String, JSONValue?)] {
        guard let r = s.rotation else { return [] }
        var rules: JSONValue?
        if r.afterDays != nil || r.schedule != nil || r.duration != nil {
            rules = response([("AutomaticallyAfterDays", r.afterDays.map { .number(Double($0)) }),
                              ("Duration", r.duration.map(JSONValue.string)), ("ScheduleExpression", r.schedule.map(JSONValue.string))])
        }
        var next: Date?
        if r.enabled, let schedule = try? RotationSchedule(afterDays: r.afterDays, expression: r.schedule) {
            next = schedule.next(after: r.since)
        }
        return [("RotationEnabled", .bool(r.enabled)), ("RotationLambdaARN", r.lambdaARN.map(JSONValue.string)),
                ("RotationRules", rules), ("LastRotatedDate", r.lastRotated.map(JSONValue.timestamp)),
                ("NextRotationDate", next.map(JSONValue.timestamp))]
    }
}

extension JSONValue {
    /// An object with `members` added (replacing any of the same name).
    func adding(_ members: [(String, JSONValue?)]) -> JSONValue {
        guard case .object(var existing) = self else { return self }
        for (name, value) in members {
            guard let value else { continue }
            existing.removeAll { $0.0 == name }
            existing.append((name, value))
        }
        return .object(existing)
    }
}
