import Foundation

/// How `smsh serve` listens and behaves, apart from the simulator's own options.
public struct ServeOptions: Sendable {
    public var host = "127.0.0.1"
    /// 0: a port the kernel picks (printed at start).
    public var port = 7230
    /// nil: `--no-auth`.
    public var credentials: ServerCredentials? = .default
    /// The `--credentials` file the keys came from: the lines for clients name it instead of a secret.
    public var credentialsFile: String?
    /// No log line per request.
    public var quiet = false
    /// A connection with no request for this long is closed (seconds).
    public var idleTimeout: Double = 60
    /// A request whose head and body do not arrive within this long gets 408 and is closed.
    public var requestTimeout: Double = 30
    /// Event loop threads: each takes connections and answers their calls itself; the
    /// simulator's transactions take turns. One per core but one, left to the clients (the
    /// server listens on loopback by default): on 2 cores, two loops spent a third more CPU per
    /// request than one, waking each other for the database, for the same throughput.
    public var threads = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)
    /// The largest request body. A 64 KB secret, every character escaped as `\uXXXX` in JSON
    /// (6 bytes each), plus the other members, fits.
    public var maxBodyBytes = 512 * 1024
    /// Where log lines go (stderr in the smsh binary).
    public var log: @Sendable (String) -> Void = { _ in }
    /// The clock signatures are checked against.
    public var clock: @Sendable () -> Date = { Date() }

    public init() {}

    public static let defaultPort = 7230

    /// The lines a user pastes so that the aws CLI, boto3 and smsh use this server: printed at
    /// start and shown in the web view. A key from a credentials file is named, its secret not.
    public func clientEnvironment(endpoint: String) -> String {
        let key = credentials?.keys.values.sorted { $0.accessKeyId < $1.accessKeyId }.first
        var lines = "export AWS_ENDPOINT_URL_SECRETS_MANAGER=\(endpoint)\nexport AWS_ACCESS_KEY_ID=\(key?.accessKeyId ?? "test")\n"
        if let key, let file = credentialsFile {
            lines += "export AWS_SECRET_ACCESS_KEY=...   # the secret of \(key.accessKeyId) in \(file)\n"
        } else {
            lines += "export AWS_SECRET_ACCESS_KEY=\(key?.secretAccessKey ?? "test")\n"
        }
        return lines + "export AWS_DEFAULT_REGION=us-east-1\n"
    }

    /// True for addresses that only this machine can reach.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
