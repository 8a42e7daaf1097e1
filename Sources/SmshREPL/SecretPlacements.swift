import Foundation
import SecretsCore

/// Where a secret is: the Region of its primary and those of its replicas.
public struct SecretPlacement: Sendable, Equatable {
    public var primary: String
    public var replicas: [String]

    public init(primary: String, replicas: [String]) {
        self.primary = primary
        self.replicas = replicas
    }
}

/// Where each secret the user Tabs after is, for the Regions completion offers. Asked from the
/// line editor's thread: the first time a secret is asked for, its DescribeSecret (two when it
/// is a replica: its primary's lists the replicas) may take up to `patience`; after that the
/// answer is kept until `forget` (a command that may change secrets, or another process writing
/// the state file).
public final class SecretPlacementCache: @unchecked Sendable {
    private let lock = NSLock()
    private var known: [String: SecretPlacement] = [:]
    private var generation = 0
    let patience: Double

    public init(patience: Double = 0.5) { self.patience = patience }

    public func forget() {
        lock.withLock {
            known = [:]
            generation += 1
        }
    }

    /// nil when the secret does not exist, the backend failed, or it did not answer in time.
    public func placement(of name: String, transport: any Transport, region: String) -> SecretPlacement? {
        let key = region + "\n" + name
        let ticket: Int = lock.withLock { generation }
        if let p = lock.withLock({ known[key] }) { return p }
        let done = DispatchSemaphore(value: 0)
        let box = PlacementBox()
        Task.detached(priority: .userInitiated) {
            box.value = await SecretPlacementCache.fetch(name, transport: transport, region: region)
            done.signal()
        }
        guard done.wait(timeout: .now() + patience) == .success, let p = box.value else { return nil }
        lock.withLock { if generation == ticket { known[key] = p } }
        return p
    }

    static func fetch(_ name: String, transport: any Transport, region: String) async -> SecretPlacement? {
        let body = JSONValue.object([("SecretId", .string(name))])
        guard let here = try? await SecretsManagerClient(transport: transport, region: region).call(.describeSecret, body: body) else { return nil }
        var d = here
        let primary = here["PrimaryRegion"]?.stringValue ?? region
        if primary != region {
            // A replica's Region lists only its own status; the primary's lists every replica.
            guard let there = try? await SecretsManagerClient(transport: transport, region: primary).call(.describeSecret, body: body) else { return nil }
            d = there
        }
        let replicas = (d["ReplicationStatus"]?.arrayValue ?? []).compactMap { $0["Region"]?.stringValue }
        return SecretPlacement(primary: primary, replicas: replicas)
    }
}

private final class PlacementBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: SecretPlacement?
    var value: SecretPlacement? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// When the simulator's state file (or its write-ahead log) last changed, and its size: when
/// it differs, another smsh on the same file may have written.
struct StateFileStamp: Equatable {
    var parts: [Double]

    init(path: String) {
        parts = [path, path + "-wal"].flatMap { p -> [Double] in
            let attributes = try? FileManager.default.attributesOfItem(atPath: p)
            let changed = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            let size = (attributes?[.size] as? NSNumber)?.doubleValue ?? 0
            return [changed, size]
        }
    }
}
