import Foundation
import Testing
@testable import AWSConfig
import SigV4

private final class Clock: @unchecked Sendable {
    private let lock = NSLock()
    private var now: Date
    init(_ now: Date) { self.now = now }
    func read() -> Date { lock.withLock { now } }
    func advance(_ seconds: TimeInterval) { lock.withLock { now = now.addingTimeInterval(seconds) } }
}

/// Counts fetches and hands out numbered credentials that expire an hour after they are made.
private final class Source: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var fetches = 0
    var failNext = false
    let clock: Clock
    init(clock: Clock) { self.clock = clock }

    func fetch() async throws -> ResolvedCredentials {
        let (n, fail) = lock.withLock { () -> (Int, Bool) in
            fetches += 1
            defer { failNext = false }
            return (fetches, failNext)
        }
        if fail { throw AWSConfigError.credentialRetrieval(provider: "test", message: "down") }
        // Callers that come while this fetch runs wait on it; later ones find its credentials
        // cached, so the count holds however slowly the callers start.
        try await Task.sleep(nanoseconds: 50_000_000)
        return ResolvedCredentials(credentials: Credentials(accessKeyId: "KEY\(n)", secretAccessKey: "s"), source: "test",
                                   expiration: clock.read().addingTimeInterval(3600))
    }
}

@Suite("Credential cache: one fetch for concurrent calls, refresh before expiry")
struct CredentialCacheTests {
    @Test func concurrentCallersShareOneFetch() async throws {
        let clock = Clock(Date(timeIntervalSince1970: 1_893_456_000))
        let source = Source(clock: clock)
        let cache = CredentialCache(clock: { clock.read() }, resolve: { try await source.fetch() })
        let keys = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<32 { group.addTask { try await cache.credentials().credentials.accessKeyId } }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(Set(keys) == ["KEY1"] && keys.count == 32)
        #expect(source.fetches == 1)
    }

    @Test func refreshedTenMinutesBeforeExpiry() async throws {
        let clock = Clock(Date(timeIntervalSince1970: 1_893_456_000))
        let source = Source(clock: clock)
        let cache = CredentialCache(clock: { clock.read() }, resolve: { try await source.fetch() })
        #expect(try await cache.credentials().credentials.accessKeyId == "KEY1")
        clock.advance(49 * 60)
        #expect(try await cache.credentials().credentials.accessKeyId == "KEY1")
        clock.advance(2 * 60)
        #expect(try await cache.credentials().credentials.accessKeyId == "KEY2")
        #expect(source.fetches == 2)
    }

    @Test func aFailedFetchIsNotKept() async throws {
        let clock = Clock(Date(timeIntervalSince1970: 1_893_456_000))
        let source = Source(clock: clock)
        source.failNext = true
        let cache = CredentialCache(clock: { clock.read() }, resolve: { try await source.fetch() })
        await #expect(throws: AWSConfigError.self) { try await cache.credentials() }
        #expect(try await cache.credentials().credentials.accessKeyId == "KEY2")
    }

    @Test func credentialsWithoutExpiryAreKept() {
        let now = Date(timeIntervalSince1970: 0)
        let c = ResolvedCredentials(credentials: Credentials(accessKeyId: "A", secretAccessKey: "s"), source: "env")
        #expect(!CredentialCache.needsRefresh(c, now: now.addingTimeInterval(1e9)))
    }
}
