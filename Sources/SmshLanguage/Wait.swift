import Foundation
import SecretsCore
import SourceText

extension Interpreter {
    /// The shortest pause between two polls: `every 0s` (or a computed 0) would poll without
    /// pause and keep a core busy. `smsh check` rejects a literal below it.
    static let minimumPollInterval = 0.05

    /// Polls DescribeSecret on the primary until every named replica (every replica when none is
    /// named) has `target`. A Failed replica while waiting for InSync ends the wait at once.
    func wait(_ call: ClientCall, regions named: [String], until target: String, timeout: Double, every requested: Double,
              range r: SourceRange) async throws -> Value {
        let name = call.body["SecretId"]?.stringValue ?? "secret"
        let primary = try await PrimaryDescriptions(self, call, range: r)
        var last: Value?
        return try await poll(name: name, target: target, timeout: timeout, every: requested, range: r, call: call, statuses: { last }) {
            let d = try await primary.next()
            let statuses = try replicaStatuses(d, named: named, name: name, range: r)
            last = .record(Record(statuses.map { ($0.region, .string($0.status)) }))
            if target == "InSync", let failed = statuses.first(where: { $0.status == "Failed" }) {
                let next = Interpreter.nextStep(secret: name, region: failed.region, message: failed.message)
                var e = RuntimeError(code: "ReplicationFailed",
                                     message: "replication of \(name) to \(failed.region) failed: \(failed.message ?? "no status message") (next: \(next))", range: r)
                e.statuses = last
                throw e.about(call)
            }
            let summary = statuses.map { "\($0.region) \($0.status)" }.joined(separator: ", ")
            guard statuses.allSatisfy({ $0.status == target }) else { return (nil, summary) }
            var result = Value(json: d)
            if !named.isEmpty, case .record(var rec) = result, case .list(let l)? = rec["ReplicationStatus"] {
                rec["ReplicationStatus"] = .list(l.filter { named.contains($0.recordField("Region")?.plainText ?? "") })
                result = .record(rec)
            }
            return (result, summary)
        }
    }

    /// `wait S until rotated`: polls until no rotation is pending on the primary (no AWSPENDING
    /// apart from AWSCURRENT) and every named replica (every replica when none is named) has the
    /// primary's AWSCURRENT version, asking each replica's Region. A failed rotation leaves its
    /// AWSPENDING behind, so the wait then times out, naming it.
    func waitRotated(_ call: ClientCall, regions named: [String], timeout: Double, every requested: Double,
                     range r: SourceRange) async throws -> Value {
        let name = call.body["SecretId"]?.stringValue ?? "secret"
        let primary = try await PrimaryDescriptions(self, call, range: r)
        let secretName = primary.first["Name"]?.stringValue ?? name
        var last: Value?
        return try await poll(name: name, target: "rotated", timeout: timeout, every: requested, range: r, call: call, statuses: { last }) {
            let d = try await primary.next()
            let stages = Interpreter.stageHolders(d)
            if let p = stages["AWSPENDING"], p != stages["AWSCURRENT"] {
                return (nil, "AWSPENDING on version \(p) (a rotation in progress, or a failed one)")
            }
            let regions = named.isEmpty
                ? try replicaStatuses(d, named: [], name: name, range: r).map(\.region) : named
            var behind: [String] = []
            for region in regions {
                let there = ClientCall(operation: .describeSecret, region: region, body: .object([("SecretId", .string(secretName))]))
                if Interpreter.stageHolders(try await send(there, range: r))["AWSCURRENT"] != stages["AWSCURRENT"] { behind.append(region) }
            }
            let summary = regions.map { "\($0) \(behind.contains($0) ? "previous AWSCURRENT" : "rotated")" }.joined(separator: ", ")
            last = .record(Record(regions.map { ($0, .string(behind.contains($0) ? "previous AWSCURRENT" : "rotated")) }))
            return (behind.isEmpty ? Value(json: d) : nil, summary.isEmpty ? "no replicas" : summary)
        }
    }

    /// `wait S until removed from R, ...`: polls the primary until none of the Regions is a
    /// replica any more (a secret that is gone has none).
    func waitRemoved(_ call: ClientCall, regions named: [String], timeout: Double, every requested: Double,
                     range r: SourceRange) async throws -> Value {
        let name = call.body["SecretId"]?.stringValue ?? "secret"
        var primary: PrimaryDescriptions?
        var last: Value?
        return try await poll(name: name, target: "removed", timeout: timeout, every: requested, range: r, call: call, statuses: { last }) {
            let d: JSONValue
            do {
                if let p = primary { d = try await p.next() } else {
                    let p = try await PrimaryDescriptions(self, call, range: r)
                    primary = p
                    d = try await p.next()
                }
            } catch let e as RuntimeError where e.code == "ResourceNotFoundException" {
                return (.null, "\(name) does not exist")
            }
            let entries = d["ReplicationStatus"]?.arrayValue ?? []
            let still = named.compactMap { region in
                entries.first(where: { $0["Region"]?.stringValue == region }).map { (region, $0["Status"]?.stringValue ?? "?") }
            }
            last = .record(Record(still.map { ($0.0, .string($0.1)) }))
            let summary = named.map { region in still.first(where: { $0.0 == region }).map { "\(region) \($0.1)" } ?? "\(region) removed" }
            return (still.isEmpty ? Value(json: d) : nil, summary.joined(separator: ", "))
        }
    }

    /// `wait S until deleted`: polls until DescribeSecret no longer finds the secret, or finds it
    /// scheduled for deletion (DeletedDate set).
    func waitDeleted(_ call: ClientCall, timeout: Double, every requested: Double, range r: SourceRange) async throws -> Value {
        let name = call.body["SecretId"]?.stringValue ?? "secret"
        return try await poll(name: name, target: "deleted", timeout: timeout, every: requested, range: r, call: call, statuses: { nil }) {
            let d: JSONValue
            do { d = try await send(call, range: r) } catch let e as RuntimeError where e.code == "ResourceNotFoundException" {
                return (.null, "gone")
            }
            if Interpreter.scheduledForDeletion(d) { return (Value(json: d), "scheduled for deletion") }
            return (nil, "still there")
        }
    }

    /// The version each staging label is on, from DescribeSecret's VersionIdsToStages.
    static func stageHolders(_ d: JSONValue) -> [String: String] {
        guard case .object(let versions)? = d["VersionIdsToStages"] else { return [:] }
        var out: [String: String] = [:]
        for (id, labels) in versions {
            for case .string(let l) in labels.arrayValue ?? [] { out[l] = id }
        }
        return out
    }

    func replicaStatuses(_ d: JSONValue, named: [String], name: String,
                         range r: SourceRange) throws -> [(region: String, status: String, message: String?)] {
        let entries = d["ReplicationStatus"]?.arrayValue ?? []
        if named.isEmpty {
            return entries.map { e in (e["Region"]?.stringValue ?? "?", e["Status"]?.stringValue ?? "?", e["StatusMessage"]?.stringValue) }
        }
        return try named.map { region in
            guard let e = entries.first(where: { $0["Region"]?.stringValue == region }) else {
                throw RuntimeError(code: "NotAReplica", message: "\(region) is not a replica Region of \(name)", range: r)
            }
            return (region, e["Status"]?.stringValue ?? "?", e["StatusMessage"]?.stringValue)
        }
    }

    /// Runs `check` until it returns a result. The interval starts at `every` and grows by half
    /// each poll, up to 8× `every` (30 s at most unless `every` is larger), never sleeping past the
    /// timeout. `every` below 50 ms counts as 50 ms. `check` returns its result when done, and a
    /// one-line summary for progress and the timeout's message.
    func poll(name: String, target: String, timeout: Double, every requested: Double, range r: SourceRange,
              call: ClientCall, statuses: () -> Value?, _ check: () async throws -> (Value?, String)) async throws -> Value {
        let every = max(requested, Interpreter.minimumPollInterval)
        let clock = ContinuousClock()
        let start = clock.now
        var interval = every
        let maxInterval = max(every, min(every * 8, 30))
        var lastHeartbeat = start
        var drewProgress = false
        defer { if drewProgress { output.err("\r\u{1B}[K") } }
        while true {
            let (done, summary) = try await check()
            if let done { return done }
            let elapsed = clock.now - start
            let elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            if elapsedSeconds >= timeout {
                var e = RuntimeError(code: "WaitTimeout",
                                     message: "\(name) did not reach \(target) within \(Value.formatDuration(timeout)) (\(summary))",
                                     range: r, exitCode: 3)
                e.statuses = statuses()
                throw e.about(call)
            }
            if !session.quiet {
                if session.interactiveProgress {
                    let line = Interpreter.progressLine(name: name, target: target, summary: summary, seconds: Int(elapsedSeconds),
                                                        width: terminalWidth?() ?? 80)
                    output.err("\r\u{1B}[K" + line)
                    drewProgress = true
                } else if clock.now - lastHeartbeat >= .milliseconds(Int(session.heartbeat * 1000)) {
                    output.err("wait \(name): still waiting after \(Int(elapsedSeconds))s: \(summary)\n")
                    lastHeartbeat = clock.now
                }
            }
            let pause = min(interval, max(0.001, timeout - elapsedSeconds))
            try await Task.sleep(nanoseconds: UInt64(pause * 1_000_000_000))
            interval = min(interval * 1.5, maxInterval)
        }
    }
}

extension Interpreter {
    /// The one-line progress of a `wait`, cut to fit `width` columns: a line that wraps can no
    /// longer be redrawn with a carriage return, and its copies pile up. The summary gives way
    /// first (cut with "…"), then the rest; the elapsed time stays.
    static func progressLine(name: String, target: String, summary: String, seconds: Int, width: Int) -> String {
        // One column short of the width: a line that fills the last column wraps on some terminals.
        let room = max(10, width - 1)
        let head = "waiting for \(name) until \(target): ", tail = " (\(seconds)s)"
        let full = head + summary + tail
        if full.count <= room { return full }
        let left = room - head.count - tail.count
        if left >= 2 { return head + summary.prefix(left - 1) + "…" + tail }
        return String(full.prefix(room - 1)) + "…"
    }
}

/// DescribeSecret of a secret at its primary, for a wait's polls: the answer that found the
/// primary serves as the first poll, every later poll asks again.
final class PrimaryDescriptions {
    let first: JSONValue
    private var unused: JSONValue?
    private let interpreter: Interpreter
    private let call: ClientCall
    private let range: SourceRange

    init(_ interpreter: Interpreter, _ call: ClientCall, range: SourceRange) async throws {
        (self.call, first) = try await interpreter.describeAtPrimary(call, range: range)
        unused = first
        self.interpreter = interpreter
        self.range = range
    }

    func next() async throws -> JSONValue {
        if let d = unused {
            unused = nil
            return d
        }
        return try await interpreter.send(call, range: range)
    }
}
