import Foundation
import SecretsModel

/// A session-wide ceiling on calls (`use max-rate 50/s`, `--max-rate`): each call takes the
/// next free slot, slots `1/rate` seconds apart, so no second ever sees more than `rate` calls
/// started, whatever the parallelism. A bucket of one token: the ceiling is meant to keep a
/// runbook under a service quota, not to allow bursts above it.
public final class RateLimiter: @unchecked Sendable {
    private let lock = NSLock()
    private var interval: Double?
    private var nextSlot = 0.0
    private let clock: @Sendable () -> Double
    private let sleep: @Sendable (Double) async throws -> Void

    /// `clock` is monotonic seconds; `sleep` waits that long (and throws when cancelled).
    public init(clock: @escaping @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 },
                sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(nanoseconds: UInt64($0 * 1e9)) }) {
        self.clock = clock
        self.sleep = sleep
    }

    /// Calls per second, or nil for no ceiling.
    public var rate: Double? {
        lock.lock()
        defer { lock.unlock() }
        return interval.map { 1 / $0 }
    }

    public func setRate(_ perSecond: Double?) {
        lock.lock()
        defer { lock.unlock() }
        interval = perSecond.map { 1 / $0 }
        nextSlot = 0
    }

    /// Waits for this call's slot.
    public func acquire() async throws {
        let wait: Double = {
            lock.lock()
            defer { lock.unlock() }
            guard let interval else { return 0 }
            let now = clock()
            let slot = max(now, nextSlot)
            nextSlot = slot + interval
            return slot - now
        }()
        if wait > 0 { try await sleep(wait) }
    }

    /// `50/s`, `600/m` or `off`: calls per second (nil for off). The text of `use max-rate` and
    /// `--max-rate`; nil with a reason when it is not one of those.
    public static func parse(_ text: String) -> Result<Double?, RateLimitSyntaxError> {
        if text == "off" { return .success(nil) }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let n = Double(parts[0]), n.isFinite, n > 0, !parts[0].hasPrefix("+") else {
            return .failure(RateLimitSyntaxError(text: text))
        }
        switch parts[1] {
        case "s": return .success(n)
        case "m": return .success(n / 60)
        default: return .failure(RateLimitSyntaxError(text: text))
        }
    }
}

public struct RateLimitSyntaxError: Error, Sendable {
    public let text: String
    public var message: String { "'\(text)' is not a rate: write calls per second or per minute, such as 50/s or 600/m (or off)" }
}

/// Every call of a session through one `RateLimiter`, whichever backend is behind it.
public struct RateLimitedTransport: Transport {
    public let inner: any Transport
    public let limiter: RateLimiter

    public init(_ inner: any Transport, limiter: RateLimiter) {
        self.inner = inner
        self.limiter = limiter
    }

    public func send(operation: SecretsModel.Operation, region: String, body: Data) async throws -> Data {
        try await limiter.acquire()
        return try await inner.send(operation: operation, region: region, body: body)
    }
}
