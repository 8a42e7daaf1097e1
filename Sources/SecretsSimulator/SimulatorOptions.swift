import Foundation

/// How the embedded simulator behaves for this process.
public struct SimulatorOptions: Sendable {
    /// A SQLite file, or ":memory:" for state that ends with the process.
    public var statePath: String
    /// Seconds a new replica stays InProgress before it turns InSync (or Failed). 0 = at once.
    public var replicationDelay: Double
    public var accountId: String
    /// Seconds a rotation run takes, from createSecret to finishSecret. 0 = at once.
    public var rotationTime: Double = 2
    /// Seconds a call sent to a Region in outage waits before each attempt fails, as a connect
    /// timeout would. Short by default (AWS's own is 60 s) so that a class does not wait
    /// minutes; SMSH_CONNECT_TIMEOUT sets it, as it sets the aws backend's. 0 = at once.
    public var connectTimeout: Double = 1
    /// Attempts a call makes to a Region in outage before it fails, as botocore's standard retry
    /// mode (and smsh's aws backend) makes.
    public var outageAttempts: Int = 3
    /// The simulator's notion of now, before `simulate advance`'s offset; tests inject a clock
    /// they move by hand.
    public var clock: @Sendable () -> Date
    /// A number in 0..<1 per call; drives throttling faults and ARN suffixes.
    public var random: @Sendable () -> Double

    public static let defaultAccountId = "123456789012"

    public init(statePath: String = ":memory:", replicationDelay: Double = 3, accountId: String = defaultAccountId,
                clock: @escaping @Sendable () -> Date = { Date() },
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.statePath = statePath
        self.replicationDelay = replicationDelay
        self.accountId = accountId
        self.clock = clock
        self.random = random
    }

    /// `$XDG_DATA_HOME/smsh/state.sqlite`, or `~/.local/share/smsh/state.sqlite`.
    public static func defaultStatePath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return xdg + "/smsh/state.sqlite"
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/share/smsh/state.sqlite"
    }
}
