/// Faults a backend can be told to inject, for teaching and tests (`simulate ...` in smsh).
public enum Fault: Sendable, Equatable, Codable {
    /// The Region is unreachable: replication to it stays InProgress, then Fails.
    case outage(region: String)
    /// The KMS key does not exist in the Region: a replica that uses it Fails.
    case missingKey(key: String, region: String)
    /// This share of requests (0...1) is refused with ThrottlingException.
    case throttle(fraction: Double)
    /// Every request takes this much longer (seconds).
    case latency(seconds: Double)
    /// The next rotation run of this secret fails at setSecret and leaves its AWSPENDING version
    /// behind, as a broken rotation function does (`simulate rotation failure NAME`).
    case rotationFailure(secret: String)
}

/// A backend that supports fault injection (the simulator). Other backends refuse `simulate`.
public protocol FaultInjecting: Sendable {
    func inject(_ fault: Fault) async throws
    func clearFaults() async throws
    func activeFaults() async throws -> [Fault]
}
