import Foundation
import SecretsCore
import Testing

/// The session's ceiling on calls, on an injected clock: every pause it asks for is recorded and
/// moves the clock, so the test sees the schedule without waiting for it.
final class FakeClock: @unchecked Sendable {
    private let lock = NSLock()
    private var t = 100.0
    private var log: [Double] = []
    /// Whether a pause moves the clock (off: every caller reserves its slot at the same moment).
    var advances = true
    var now: Double { lock.withLock { t } }
    var sleeps: [Double] { lock.withLock { log } }
    func sleep(_ s: Double) { lock.withLock { log.append(s); if advances { t += s } } }
    func advance(_ s: Double) { lock.withLock { t += s } }
}

struct RateLimitTests {
    func limiter(_ clock: FakeClock) -> RateLimiter {
        RateLimiter(clock: { clock.now }, sleep: { clock.sleep($0) })
    }

    @Test func callsAreSpacedOneIntervalApart() async throws {
        let clock = FakeClock()
        let l = limiter(clock)
        l.setRate(20)
        for _ in 0..<5 { try await l.acquire() }
        #expect(clock.sleeps.count == 4)
        #expect(clock.sleeps.allSatisfy { abs($0 - 0.05) < 1e-9 })
    }

    @Test func aQuietSpellDoesNotBuildUpABurst() async throws {
        let clock = FakeClock()
        let l = limiter(clock)
        l.setRate(10)
        try await l.acquire()
        clock.advance(5)
        try await l.acquire()
        try await l.acquire()
        #expect(clock.sleeps.count == 1)
        #expect(abs(clock.sleeps[0] - 0.1) < 1e-9)
    }

    @Test func noCeilingNeverWaitsAndOffLiftsOne() async throws {
        let clock = FakeClock()
        let l = limiter(clock)
        for _ in 0..<10 { try await l.acquire() }
        l.setRate(1)
        try await l.acquire()
        l.setRate(nil)
        for _ in 0..<10 { try await l.acquire() }
        #expect(clock.sleeps.isEmpty)
        #expect(l.rate == nil)
    }

    @Test func concurrentCallersShareTheSchedule() async throws {
        let clock = FakeClock()
        clock.advances = false
        let l = limiter(clock)
        l.setRate(100)
        await withTaskGroup(of: Void.self) { g in
            for _ in 0..<16 { g.addTask { try? await l.acquire() } }
        }
        // 16 slots 10 ms apart from the first: the waits are 0 (not recorded), 10 ms, ... 150 ms.
        let waits = clock.sleeps.sorted()
        #expect(waits.count == 15)
        for (k, w) in waits.enumerated() { #expect(abs(w - Double(k + 1) * 0.01) < 1e-9) }
    }

    @Test(arguments: [("50/s", 50.0), ("600/m", 10.0), ("0.5/s", 0.5)])
    func ratesParse(text: String, perSecond: Double) throws {
        #expect(try RateLimiter.parse(text).get() == perSecond)
    }

    @Test func offParsesAsNoCeiling() throws {
        #expect(try RateLimiter.parse("off").get() == nil)
    }

    @Test(arguments: ["0/s", "-1/s", "50", "50/h", "fast", "/s", "inf/s", "nan/s", "+5/s"])
    func otherTextIsNotARate(text: String) {
        guard case .failure(let e) = RateLimiter.parse(text) else {
            Issue.record("\(text) parsed")
            return
        }
        #expect(e.message.contains("'\(text)' is not a rate"))
    }
}
