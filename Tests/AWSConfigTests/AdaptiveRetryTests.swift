import Foundation
import Testing
import TestSupport
@testable import AWSConfig
import SecretsCore

/// botocore's own ClientRateLimiter (retries/adaptive.py with bucket.py and throttling.py) run
/// on a hand-driven clock over the same events; after each one it reports the limiter's state.
/// A request that finds the bucket empty is refused rather than blocked (botocore would sleep
/// for the time it reports), which is what `tryAcquire` does.
private let adaptiveScript = #"""
import json, sys
from botocore.retries import adaptive, bucket, throttling
from botocore.exceptions import CapacityNotAvailableError

class Clock:
    def __init__(self, t): self.t = t
    def current_time(self): return self.t
    def sleep(self, amount): raise AssertionError("no sleeping here")

class Detector:
    throttled = False
    def is_throttling_error(self, **kwargs): return self.throttled

events = json.load(open(sys.argv[1]))
clock = Clock(events["start"])
token_bucket = bucket.TokenBucket(max_rate=1, clock=clock)
detector = Detector()
limiter = adaptive.ClientRateLimiter(
    rate_adjustor=throttling.CubicCalculator(starting_max_rate=0, start_time=clock.current_time()),
    rate_clocker=adaptive.RateClocker(clock), token_bucket=token_bucket, throttling_detector=detector, clock=clock)
out = []
for e in events["events"]:
    clock.t = e["t"]
    wait = None
    if e["kind"] == "send":
        if limiter._enabled:
            try:
                token_bucket.acquire(block=False)
            except CapacityNotAvailableError:
                wait = token_bucket._sleep_amount(1)
    else:
        detector.throttled = e["kind"] == "throttle"
        limiter.on_receiving_response()
    out.append({"enabled": limiter._enabled, "rate": token_bucket.max_rate, "capacity": token_bucket.available_capacity,
                "measured": limiter._rate_clocker.measured_rate, "wait": wait})
print(json.dumps(out))
"""#

private final class HandClock: @unchecked Sendable {
    private let lock = NSLock()
    private var t: Double
    init(_ t: Double) { self.t = t }
    var now: Double { lock.withLock { t } }
    func set(_ v: Double) { lock.withLock { t = v } }
}

private func number(_ v: JSONValue?) -> Double? {
    if case .number(let n)? = v { return n }
    return nil
}

@Suite("Adaptive retry mode (botocore's client-side rate limiter)")
struct AdaptiveRetryTests {
    /// A burst of sends and answers with throttling spells, at irregular times.
    static func events(seed: UInt64, count: Int) -> [(t: Double, kind: String)] {
        var g = SeededGenerator(seed: seed)
        var t = 1_700_000_000.25
        var out: [(Double, String)] = []
        var throttling = false
        for _ in 0..<count {
            t += Double(g.next() % 300) / 1000
            if g.next() % 40 == 0 { throttling.toggle() }
            let roll = g.next() % 10
            let kind = roll < 5 ? "send" : (throttling && roll < 8 ? "throttle" : "success")
            out.append((t, kind))
        }
        return out
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func sameRatesAsBotocore(seed: UInt64) throws {
        let events = Self.events(seed: seed, count: 600)
        let start = 1_700_000_000.0
        let input = JSONValue.object([
            ("start", .number(start)),
            ("events", .array(events.map { .object([("t", .number($0.t)), ("kind", .string($0.kind))]) })),
        ])
        let theirs = try #require(try runPython(adaptiveScript, input: input).arrayValue)
        try #require(theirs.count == events.count)
        let clock = HandClock(start)
        let limiter = ClientRateLimiter(clock: { clock.now })
        var throttledSeen = 0, waited = 0
        func close(_ a: Double, _ b: Double?) -> Bool {
            guard let b else { return false }
            return abs(a - b) <= 1e-9 * max(1, abs(b))
        }
        for (i, e) in events.enumerated() {
            clock.set(e.t)
            var wait: Double?
            if e.kind == "send" {
                wait = limiter.tryAcquire()
                if wait != nil { waited += 1 }
            } else {
                if e.kind == "throttle" { throttledSeen += 1 }
                limiter.responseReceived(throttled: e.kind == "throttle")
            }
            let s = limiter.snapshot
            let b = theirs[i]
            let label = "event \(i) (\(e.kind) at \(e.t)): botocore \(b.compactText())"
            #expect(s.enabled == (b["enabled"] == .bool(true)), "\(label)")
            #expect(close(s.fillRate, number(b["rate"])), "\(label): rate \(s.fillRate)")
            #expect(close(s.capacity, number(b["capacity"])), "\(label): capacity \(s.capacity)")
            #expect(close(s.measuredRate, number(b["measured"])), "\(label): measured \(s.measuredRate)")
            if let wait { #expect(close(wait, number(b["wait"])), "\(label): wait \(wait)") } else { #expect(b["wait"] == .null, "\(label)") }
        }
        // The sequence must exercise what it is about.
        #expect(throttledSeen > 10)
        #expect(waited > 10)
    }

    @Test func offUntilTheFirstThrottleThenSlowsDown() {
        let clock = HandClock(100)
        let limiter = ClientRateLimiter(clock: { clock.now })
        // Twenty sends a second for five seconds: nothing waits while nothing was throttled.
        for i in 0..<100 {
            clock.set(100 + Double(i) * 0.05)
            #expect(limiter.tryAcquire() == nil)
            limiter.responseReceived(throttled: false)
        }
        #expect(!limiter.snapshot.enabled)
        limiter.responseReceived(throttled: true)
        let s = limiter.snapshot
        #expect(s.enabled)
        // Cut to 70% of the measured rate.
        #expect(abs(s.fillRate - s.measuredRate * CubicCalculator.beta) < 1e-9)
        #expect(s.fillRate < 20)
    }

    @Test func legacyModeBacksOffWithoutACap() {
        let legacy = RetryPolicy(maxAttempts: 10, mode: .legacy, random: { 1 })
        let standard = RetryPolicy(maxAttempts: 10, mode: .standard, random: { 1 })
        #expect(legacy.backoff(afterAttempt: 6) == 32)
        #expect(standard.backoff(afterAttempt: 6) == 20)
        #expect(!legacy.usesQuota && standard.usesQuota)
        #expect(RetryMode.legacy.defaultMaxAttempts == 5 && RetryMode.adaptive.defaultMaxAttempts == 3)
    }

    @Test func modeAndAttemptsFromEnvironmentAndProfile() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write(".aws/config", "[default]\nretry_mode = legacy\n[profile fast]\nretry_mode = adaptive\nmax_attempts = 7\n[profile bad]\nretry_mode = turbo\n")
        let plain = try AWSConfiguration(environment: dir.environment())
        #expect(try plain.retryMode() == .legacy)
        #expect(try plain.maxAttempts() == 5)
        let fast = try AWSConfiguration(environment: dir.environment(), profile: "fast")
        #expect(try fast.retryPolicy().mode == .adaptive)
        #expect(try fast.maxAttempts() == 7)
        let env = try AWSConfiguration(environment: dir.environment(["AWS_RETRY_MODE": "standard", "AWS_MAX_ATTEMPTS": "2"]), profile: "fast")
        #expect(try env.retryMode() == .standard)
        #expect(try env.maxAttempts() == 2)
        #expect(throws: AWSConfigError.invalidValue(name: "retry_mode", value: "turbo", source: "retry_mode in profile 'bad'",
                                                    expected: "one of legacy, standard, adaptive")) {
            try AWSConfiguration(environment: dir.environment(), profile: "bad").retryMode()
        }
    }
}
