import Foundation
import AWSCLI
import SecretsCore
import SourceText

/// The simulator's world as a class drives it: its clock, a reset, snapshots, the replication
/// delay; and what a learner is told about each call (`use trace on`) and each failed replica.
extension Interpreter {
    /// The world controls of the simulator this session talks to, or a located error.
    func worldControls(_ what: String, range r: SourceRange) throws -> any WorldControlling {
        guard session.backend == "local", let world = faults as? any WorldControlling else {
            throw RuntimeError(code: "SimulateUnavailable",
                               message: "'\(what)' works only on the local simulator backend (this session uses '\(session.backend)')", range: r)
        }
        return world
    }

    /// Runs a world control; AWS-style errors from the simulator land at the statement.
    func worldCall<T>(_ what: String, range r: SourceRange, _ body: (any WorldControlling) async throws -> T) async throws -> T {
        let world = try worldControls(what, range: r)
        do {
            return try await body(world)
        } catch let e as AWSError {
            throw RuntimeError(code: e.code, message: e.message, range: r)
        }
    }

    func useReplicationDelay(_ v: Value, range r: SourceRange) async throws {
        guard let seconds = Interpreter.seconds(of: v), seconds.isFinite, seconds >= 0 else {
            throw RuntimeError(code: "TypeError", message: "'use replication-delay' needs a duration such as 10s, not \(v.display(reveal: false))", range: r)
        }
        try await worldCall("use replication-delay", range: r) { try await $0.setReplicationDelay(seconds) }
    }

    func simulateAdvance(_ e: Expr, range r: SourceRange, in scope: Scope) async throws -> String {
        let seconds = try await durationSeconds(e, in: scope, what: "simulate advance")
        let offset = try await worldCall("simulate advance", range: r) { try await $0.advanceClock(by: seconds) }
        return "simulate advance \(Value.formatDuration(seconds)) -> the simulator's clock runs \(Value.formatDuration(offset)) ahead"
    }

    func simulateReset(range r: SourceRange) async throws -> String {
        let world = try worldControls("simulate reset", range: r)
        if let confirm, try !confirm("simulate reset: delete every secret, fault and clock offset of this state (snapshots stay)? [y/N] ") {
            return "simulate reset -> cancelled, nothing changed"
        }
        do { try await world.resetWorld() } catch let e as AWSError {
            throw RuntimeError(code: e.code, message: e.message, range: r)
        }
        return "simulate reset -> no secrets, no faults, the real clock"
    }

    func snapshot(_ action: SnapshotAction, range r: SourceRange, in scope: Scope) async throws -> Value {
        switch action {
        case .save(let e):
            let name = try await text(e, "a snapshot name", in: scope)
            _ = try await worldCall("snapshot save", range: r) { try await $0.saveSnapshot(name) }
            return .string("snapshot save \(name)")
        case .restore(let e):
            let name = try await text(e, "a snapshot name", in: scope)
            try await worldCall("snapshot restore", range: r) { try await $0.restoreSnapshot(name) }
            return .string("snapshot restore \(name)")
        case .list:
            let names = try await worldCall("snapshot list", range: r) { try await $0.snapshotNames() }
            return .list(names.map { .string($0) })
        }
    }

    // MARK: - What to do about a Failed replica

    /// One line on what to do next about a replica that turned Failed, from its StatusMessage
    /// (the simulator's texts, and AWS's where they say the same thing).
    static func nextStep(secret: String, region: String, message: String?) -> String {
        let m = (message ?? "").lowercased()
        if m.contains("already exists") {
            return "retry with force, or remove the other secret in \(region)"
        }
        if m.contains("kms") || m.contains("key") {
            if m.contains("not in the replica region") { return "choose a key of \(region) (its ARN names \(region)) or an alias" }
            return "create the key in that Region or choose another"
        }
        if m.contains("network") {
            return "replicate again when \(region) is reachable, or remove it"
        }
        return "remove \(secret) from \(region), then replicate again"
    }

    /// The next steps for every Failed replica in a DescribeSecret response.
    static func nextSteps(_ d: JSONValue) -> [String] {
        let name = d["Name"]?.stringValue ?? "the secret"
        return (d["ReplicationStatus"]?.arrayValue ?? []).compactMap { e in
            guard e["Status"]?.stringValue == "Failed", let region = e["Region"]?.stringValue else { return nil }
            return "next for \(region): " + nextStep(secret: name, region: region, message: e["StatusMessage"]?.stringValue)
        }
    }

    // MARK: - Trace

    /// `use trace on`: the call a command made, as an aws CLI line and as a boto3 call; secret
    /// values masked unless `use reveal on`.
    func traceText(_ call: ClientCall) -> String {
        let cli = CLILine.render(call, reveal: session.reveal)
        var boto3 = Boto3Call.render(operation: call.operation, body: call.body, reveal: session.reveal)
        // The aws line names its Region; a boto3 client is made for one, said when it is not the session's.
        if call.region != session.region { boto3 += "  # a client of \(call.region)" }
        return shown("trace: \(cli)\ntrace: \(boto3)\n")
    }
}

extension Fault {
    /// The fault in the words of the `simulate` statement that sets it, without `simulate`
    /// (`outage us-east-1`, `latency 50ms`): the log line, `watch` and a lesson's `$faults`.
    public var simulateWords: String {
        switch self {
        case .outage(let region): return "outage \(region)"
        case .missingKey(let key, let region): return "missing key \(key) in \(region)"
        case .throttle(let fraction): return "throttle \(JSONValue.formatNumber((fraction * 100).rounded()))%"
        case .latency(let seconds): return "latency \(Value.formatDuration(seconds))"
        case .rotationFailure(let secret): return "rotation failure \(secret)"
        }
    }
}
