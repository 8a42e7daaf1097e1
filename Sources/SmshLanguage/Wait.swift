import Foundation
import SecretsCore
import SourceText

extension Interpreter {
    /// The shortest pause between two polls: `every 0s` (or a computed 0) would poll without
    /// pause and keep a core busy. `smsh check` rejects a literal below it.
    static let minimumPollInterval = 0.05

    /// Polls DescribeSecret on the primary until every named replica (every replica when none is
    /// named) has `target`. A Failed replica while waiting for InSync ends the wait at once.
    /// The interval starts at `every` and grows by half each poll, up to 8× `every` (30 s at most
    /// unless `every` is larger), never sleeping past the timeout. `every` below 50 ms counts as 50 ms.
    func wait(_ call: ClientCall, regions named: [String], until target: String, timeout: Double, every requested: Double,
              range r: SourceRange) async throws -> Value {
        let every = max(requested, Interpreter.minimumPollInterval)
        let clock = ContinuousClock()
        let start = clock.now
        var interval = every
        let maxInterval = max(every, min(every * 8, 30))
        var lastHeartbeat = start
        var drewProgress = false
        let name = call.body["SecretId"]?.stringValue ?? "secret"
        defer { if drewProgress { output.err("\r\u{1B}[K") } }
        let (primaryCall, firstResponse) = try await describeAtPrimary(call, range: r)
        var pending: JSONValue? = firstResponse
        while true {
            let d: JSONValue
            if let first = pending {
                d = first
                pending = nil
            } else {
                d = try await send(primaryCall, range: r)
            }
            let entries = d["ReplicationStatus"]?.arrayValue ?? []
            var statuses: [(region: String, status: String, message: String?)] = []
            if named.isEmpty {
                for e in entries {
                    statuses.append((e["Region"]?.stringValue ?? "?", e["Status"]?.stringValue ?? "?", e["StatusMessage"]?.stringValue))
                }
            } else {
                for region in named {
                    guard let e = entries.first(where: { $0["Region"]?.stringValue == region }) else {
                        throw RuntimeError(code: "NotAReplica", message: "\(region) is not a replica Region of \(name)", range: r)
                    }
                    statuses.append((region, e["Status"]?.stringValue ?? "?", e["StatusMessage"]?.stringValue))
                }
            }
            if target == "InSync", let failed = statuses.first(where: { $0.status == "Failed" }) {
                throw RuntimeError(code: "ReplicationFailed",
                                   message: "replication of \(name) to \(failed.region) failed: \(failed.message ?? "no status message")", range: r)
            }
            if statuses.allSatisfy({ $0.status == target }) {
                var result = Value(json: d)
                if !named.isEmpty, case .record(var rec) = result, case .list(let l)? = rec["ReplicationStatus"] {
                    rec["ReplicationStatus"] = .list(l.filter { named.contains($0.recordField("Region")?.plainText ?? "") })
                    result = .record(rec)
                }
                return result
            }
            let elapsed = clock.now - start
            let elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let summary = statuses.map { "\($0.region) \($0.status)" }.joined(separator: ", ")
            if elapsedSeconds >= timeout {
                throw RuntimeError(code: "WaitTimeout",
                                   message: "\(name) did not reach \(target) within \(Value.formatDuration(timeout)) (\(summary))",
                                   range: r, exitCode: 3)
            }
            if !session.quiet {
                if session.interactiveProgress {
                    output.err("\r\u{1B}[Kwaiting for \(name) until \(target): \(summary) (\(Int(elapsedSeconds))s)")
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
