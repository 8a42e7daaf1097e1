import Foundation

/// botocore's `retries/bucket.py` TokenBucket, without its lock and condition variable: the
/// caller holds `ClientRateLimiter`'s lock and sleeps outside it.
public struct TokenBucket: Sendable, Equatable {
    public static let minRate = 0.5
    public private(set) var fillRate: Double = 0
    public private(set) var maxCapacity: Double = 0
    public private(set) var currentCapacity: Double = 0
    private var lastTimestamp: Double?

    public init(maxRate: Double, now: Double) {
        setMaxRate(maxRate, now: now)
    }

    /// Fills what accrued at the old rate first, so the new one counts only from now.
    public mutating func setMaxRate(_ value: Double, now: Double) {
        refill(now)
        fillRate = max(value, TokenBucket.minRate)
        maxCapacity = value >= 1 ? value : 1
        currentCapacity = min(currentCapacity, maxCapacity)
    }

    /// Takes `amount` tokens if they are there; else the seconds until they will be.
    public mutating func acquire(_ amount: Double = 1, now: Double) -> TimeInterval? {
        refill(now)
        if amount <= currentCapacity {
            currentCapacity -= amount
            return nil
        }
        return (amount - currentCapacity) / fillRate
    }

    mutating func refill(_ now: Double) {
        guard let last = lastTimestamp else {
            lastTimestamp = now
            return
        }
        currentCapacity = min(maxCapacity, currentCapacity + (now - last) * fillRate)
        lastTimestamp = now
    }
}

/// botocore's `retries/throttling.py`: the CUBIC congestion window applied to a send rate.
public struct CubicCalculator: Sendable, Equatable {
    public static let scaleConstant = 0.4
    public static let beta = 0.7
    public private(set) var wMax: Double
    public private(set) var k: Double
    public private(set) var lastFail: Double

    public init(startingMaxRate: Double, startTime: Double) {
        wMax = startingMaxRate
        k = CubicCalculator.zeroPoint(startingMaxRate)
        lastFail = startTime
    }

    static func zeroPoint(_ wMax: Double) -> Double { pow(wMax * (1 - beta) / scaleConstant, 1.0 / 3.0) }

    public func successReceived(_ timestamp: Double) -> Double {
        CubicCalculator.scaleConstant * pow(timestamp - lastFail - k, 3) + wMax
    }

    public mutating func errorReceived(currentRate: Double, timestamp: Double) -> Double {
        wMax = currentRate
        k = CubicCalculator.zeroPoint(currentRate)
        lastFail = timestamp
        return currentRate * CubicCalculator.beta
    }
}

/// botocore's `RateClocker`: the measured send rate, smoothed over half-second buckets.
public struct RateClocker: Sendable, Equatable {
    public static let smoothing = 0.8
    public static let bucketRange = 0.5
    public private(set) var measuredRate: Double = 0
    private var lastBucket: Double
    private var count: Double = 0

    public init(now: Double) { lastBucket = now.rounded(.down) }

    public mutating func record(now: Double, amount: Double = 1) -> Double {
        let scale = 1 / RateClocker.bucketRange
        let bucket = (now * scale).rounded(.down) / scale
        count += amount
        if bucket > lastBucket {
            let current = count / (bucket - lastBucket)
            measuredRate = current * RateClocker.smoothing + measuredRate * (1 - RateClocker.smoothing)
            count = 0
            lastBucket = bucket
        }
        return measuredRate
    }
}

/// botocore's adaptive retry mode (`retries/adaptive.py`): off until the first throttling
/// answer, then every request takes a token from a bucket whose rate follows CUBIC: cut to 70%
/// of the measured rate on throttling, grown back along the cubic curve on success, and never
/// above twice the measured rate. One per client, shared by all Regions and concurrent calls.
public final class ClientRateLimiter: @unchecked Sendable {
    public static let maxRateAdjustScale = 2.0

    public struct Snapshot: Sendable, Equatable {
        public let enabled: Bool
        public let fillRate: Double
        public let capacity: Double
        public let measuredRate: Double
    }

    private let lock = NSLock()
    private let clock: @Sendable () -> Double
    private var enabled = false
    private var bucket: TokenBucket
    private var cubic: CubicCalculator
    private var clocker: RateClocker

    /// `clock` is seconds on any monotonic scale; tests drive it by hand.
    public init(clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.clock = clock
        let now = clock()
        bucket = TokenBucket(maxRate: 1, now: now)
        cubic = CubicCalculator(startingMaxRate: 0, startTime: now)
        clocker = RateClocker(now: now)
    }

    /// Before a request is sent: nil to go now, else the seconds to wait before asking again.
    public func tryAcquire() -> TimeInterval? {
        lock.lock()
        defer { lock.unlock() }
        guard enabled else { return nil }
        return bucket.acquire(now: clock())
    }

    /// Waits for a token (no wait until throttling was seen); returns the seconds waited.
    @discardableResult
    public func acquire() async throws -> TimeInterval {
        var waited: TimeInterval = 0
        while let wait = tryAcquire() {
            let step = max(wait, 0.001)
            try await Task.sleep(nanoseconds: UInt64(step * 1e9))
            waited += step
        }
        return waited
    }

    /// After each response (botocore's `needs-retry` hook), throttled or not.
    public func responseReceived(throttled: Bool) {
        lock.lock()
        defer { lock.unlock() }
        let now = clock()
        let measured = clocker.record(now: now)
        let newRate: Double
        if throttled {
            let rateToUse = enabled ? min(measured, bucket.fillRate) : measured
            newRate = cubic.errorReceived(currentRate: rateToUse, timestamp: now)
            enabled = true
        } else {
            newRate = cubic.successReceived(now)
        }
        bucket.setMaxRate(min(newRate, ClientRateLimiter.maxRateAdjustScale * measured), now: now)
    }

    public var snapshot: Snapshot {
        lock.lock()
        defer { lock.unlock() }
        return Snapshot(enabled: enabled, fillRate: bucket.fillRate, capacity: bucket.currentCapacity, measuredRate: clocker.measuredRate)
    }
}
