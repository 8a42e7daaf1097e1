import Foundation

/// The session's credentials: fetched on first use, kept until they come within `margin` of
/// their expiry (botocore's mandatory refresh, 10 minutes), then fetched again. Concurrent
/// callers share one fetch, so a parallel runbook makes one AssumeRole call, not one per
/// request, and asks for an MFA code once.
public final class CredentialCache: @unchecked Sendable {
    public static let defaultMargin: TimeInterval = 10 * 60

    private let lock = NSLock()
    private let margin: TimeInterval
    private let clock: @Sendable () -> Date
    private let resolve: @Sendable () async throws -> ResolvedCredentials
    private var cached: ResolvedCredentials?
    private var inFlight: Task<ResolvedCredentials, Error>?

    public init(margin: TimeInterval = CredentialCache.defaultMargin, clock: @escaping @Sendable () -> Date = { Date() },
                resolve: @escaping @Sendable () async throws -> ResolvedCredentials) {
        self.margin = margin
        self.clock = clock
        self.resolve = resolve
    }

    public static func needsRefresh(_ c: ResolvedCredentials, now: Date, margin: TimeInterval = defaultMargin) -> Bool {
        guard let expiry = c.expiration else { return false }
        return expiry.timeIntervalSince(now) < margin
    }

    public func credentials() async throws -> ResolvedCredentials {
        let (ready, pending): (ResolvedCredentials?, Task<ResolvedCredentials, Error>?) = lock.withLock {
            if let c = cached, !Self.needsRefresh(c, now: clock(), margin: margin) { return (c, nil) }
            if let t = inFlight { return (nil, t) }
            let resolve = self.resolve
            let t = Task { try await resolve() }
            inFlight = t
            return (nil, t)
        }
        if let ready { return ready }
        guard let task = pending else { throw CancellationError() }
        do {
            // Ctrl-C while the fetch waits (an MFA prompt, a slow endpoint) stops the fetch.
            let c = try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
            lock.withLock {
                cached = c
                if inFlight == task { inFlight = nil }
            }
            return c
        } catch {
            // A failed fetch is not kept: the next call tries again.
            lock.withLock { if inFlight == task { inFlight = nil } }
            throw error
        }
    }
}
