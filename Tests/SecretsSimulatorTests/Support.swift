import Foundation
import SecretsCore
import SecretsModel
@testable import SecretsSimulator

/// A clock the test moves by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date = Date(timeIntervalSince1970: 1_795_000_000)) { current = start }
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: Double) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}

/// A fresh simulator with a hand-moved clock and the default 3 s replication delay.
struct Sim {
    let clock = TestClock()
    let transport: SimulatorTransport
    let primary: SecretsManagerClient

    init(region: String = "us-west-2", delay: Double = 3, path: String = ":memory:", random: (@Sendable () -> Double)? = nil,
         rotationTime: Double = 2) throws {
        let clock = self.clock
        var options = SimulatorOptions(statePath: path, replicationDelay: delay, clock: { clock.now })
        if let random { options.random = random }
        options.rotationTime = rotationTime
        transport = try SimulatorTransport(options: options)
        // The service's own answers to malformed requests are under test: no client-side validation.
        primary = SecretsManagerClient(transport: transport, region: region, validatesParameters: false)
    }

    func client(_ region: String) -> SecretsManagerClient { primary.inRegion(region) }

    @discardableResult
    func create(_ name: String, value: String = "s3cr3t", replicas: [String] = []) async throws -> CreateSecretResponse {
        try await primary.createSecret(CreateSecretRequest(
            Name: name, SecretString: value,
            AddReplicaRegions: replicas.isEmpty ? nil : replicas.map { ReplicaRegionType(Region: $0) }))
    }

    func statuses(_ name: String) async throws -> [String: StatusType] {
        let d = try await primary.describeSecret(DescribeSecretRequest(SecretId: name))
        var out: [String: StatusType] = [:]
        for s in d.ReplicationStatus ?? [] { out[s.Region ?? ""] = s.Status }
        return out
    }
}

/// The AWSError a call throws, or nil when it succeeds.
func awsError(_ body: () async throws -> Void) async -> AWSError? {
    do {
        try await body()
        return nil
    } catch let e as AWSError {
        return e
    } catch {
        return AWSError(code: "NotAnAWSError", message: "\(error)")
    }
}

func temporaryPath(_ name: String) -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smsh-tests-\(UUID().uuidString)")
    return dir.appendingPathComponent(name).path
}

extension Sim {
    /// One call of any operation with a JSON body, in `region` (the primary's by default).
    @discardableResult
    func call(_ operation: SecretsModel.Operation, _ body: String, region: String? = nil) async throws -> JSONValue {
        try await (region.map(client) ?? primary).call(operation, body: try JSONValue.parse(body))
    }

    /// The tags DescribeSecret shows in `region`, as key=value.
    func tags(_ name: String, region: String? = nil) async throws -> [String] {
        let d = try await (region.map(client) ?? primary).describeSecret(.init(SecretId: name))
        return (d.Tags ?? []).map { "\($0.Key ?? "")=\($0.Value ?? "")" }
    }
}
