import Foundation

/// The simulator's world as a teacher drives it (`simulate advance`, `simulate reset`,
/// `snapshot`, `use replication-delay`): separate from `FaultInjecting`, which other fault
/// sources share, so that a backend may offer faults without a clock of its own.
public protocol WorldControlling: Sendable {
    /// Moves the simulator's clock forward by `seconds` (kept in the state, so every process on
    /// the file sees it); returns the whole offset from the real clock.
    func advanceClock(by seconds: Double) async throws -> Double
    /// The simulator's now: the real clock plus the offset.
    func simulatedNow() async throws -> Date
    /// The delay later replications take, for this process (as `--replication-delay` sets it).
    func setReplicationDelay(_ seconds: Double) async throws
    /// Every secret, fault and clock offset gone.
    func resetWorld() async throws
    /// Copies the whole state under `name`; returns where it went.
    func saveSnapshot(_ name: String) async throws -> String
    /// Replaces the whole state with the snapshot `name`.
    func restoreSnapshot(_ name: String) async throws
    /// The names of the snapshots kept, sorted.
    func snapshotNames() async throws -> [String]
    /// When an InProgress replica of `secret` (a primary in `primaryRegion`) turns InSync or
    /// Failed, in the simulator's clock; nil when it is not InProgress.
    func replicaReadyAt(secret: String, primaryRegion: String, replicaRegion: String) async throws -> Date?
}
