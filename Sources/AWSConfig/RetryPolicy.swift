import Foundation
import SecretsCore

/// Why a request never produced an HTTP response.
public enum TransportFailure: Sendable, Equatable {
    case connectionFailed
    case connectionReset
    case connectTimeout
    case readTimeout
    /// Certificate or handshake failure.
    case tls
    /// The user cancelled (Ctrl-C in the REPL).
    case cancelled
}

/// The result of one attempt, as far as the retry decision cares.
public enum AttemptOutcome: Sendable, Equatable {
    case success
    case serviceError(status: Int, code: String)
    case transport(TransportFailure)

    public static func error(_ error: AWSError) -> AttemptOutcome { .serviceError(status: error.httpStatus, code: error.code) }
}

public enum RetryReason: Sendable, Equatable {
    case throttling
    case transient
}

/// botocore's retry modes (`retry_mode`, AWS_RETRY_MODE).
public enum RetryMode: String, Sendable, CaseIterable {
    /// `_retry.json`: 5 attempts, `rand * 2^(n-1)` seconds with no cap, no retry quota.
    case legacy
    /// `retries/standard.py`: 3 attempts, capped backoff, the client-wide retry quota.
    case standard
    /// standard plus the client-side rate limiter of `retries/adaptive.py`.
    case adaptive

    public var defaultMaxAttempts: Int { self == .legacy ? 5 : 3 }
}

/// botocore's retry decision (`botocore/retries/standard.py`, and `retryhandler.py` for legacy
/// mode), as a pure function of the attempt number and its outcome.
public struct RetryPolicy: Sendable {
    public static let defaultMaxAttempts = 3
    /// Seconds; the cap of the exponential part.
    public static let maxBackoff: Double = 20

    /// botocore's throttling codes less LimitExceededException. In Secrets Manager that code is a
    /// quota that waiting does not lift (too many versions of a secret, too many secrets):
    /// retrying it three times only delays the real error, so smsh reports it at once.
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "RequestThrottled", "SlowDown",
        "PriorRequestNotComplete", "EC2ThrottledException",
    ]
    public static let transientCodes: Set<String> = ["RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"]
    public static let transientStatuses: Set<Int> = [500, 502, 503, 504]

    /// Attempts in all, the first included.
    public let maxAttempts: Int
    public let mode: RetryMode
    /// Uniform in [0, 1); injected so tests can pin the jitter.
    public let random: @Sendable () -> Double

    public init(maxAttempts: Int = RetryPolicy.defaultMaxAttempts, mode: RetryMode = .standard,
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.maxAttempts = max(1, maxAttempts)
        self.mode = mode
        self.random = random
    }

    /// Legacy mode has no retry quota; standard and adaptive share one per client.
    public var usesQuota: Bool { mode != .legacy }

    /// Whether the outcome is worth another attempt at all, regardless of the count. Validation,
    /// authentication and other 4xx errors are not: the same request would fail the same way.
    public static func classify(_ outcome: AttemptOutcome) -> RetryReason? {
        switch outcome {
        case .success:
            return nil
        case let .serviceError(status, code):
            if throttlingCodes.contains(code) { return .throttling }
            if transientCodes.contains(code) || transientStatuses.contains(status) { return .transient }
            return nil
        case .transport(let failure):
            switch failure {
            case .connectionFailed, .connectionReset, .connectTimeout, .readTimeout:
                return .transient
            // botocore retries SSL errors as connection errors; a certificate that failed
            // verification fails again, so smsh reports it without waiting.
            case .tls, .cancelled:
                return nil
            }
        }
    }

    /// `rand(0,1) * min(2^(attempt-1), 20)` seconds after the attempt numbered `attempt`
    /// (1-based); legacy mode has no cap.
    public func backoff(afterAttempt attempt: Int) -> TimeInterval {
        let exponent = min(max(attempt - 1, 0), 62)
        let growth = pow(2.0, Double(exponent))
        let cap = mode == .legacy ? growth : min(growth, RetryPolicy.maxBackoff)
        let r = min(max(random(), 0), 1)
        return r * cap
    }

    /// The delay before the next attempt, or nil to stop: on success, on an error that is not
    /// retryable, or when `attempt` (1-based, the one that just finished) used the last one.
    public func shouldRetry(attempt: Int, outcome: AttemptOutcome) -> TimeInterval? {
        guard attempt < maxAttempts, RetryPolicy.classify(outcome) != nil else { return nil }
        return backoff(afterAttempt: attempt)
    }
}

/// The client-wide retry token bucket of standard mode (`botocore/retries/quota.py` with the
/// costs of `standard.py`): when a service is failing for everyone, retries stop rather than
/// multiply the load. One per process, shared by all Regions; callers serialise access.
public struct RetryQuota: Sendable, Equatable {
    public static let initialCapacity = 500
    public static let retryCost = 5
    public static let timeoutRetryCost = 10
    public static let noRetryIncrement = 1

    public private(set) var available: Int = RetryQuota.initialCapacity

    public init() {}

    /// Takes what a retry after `outcome` costs; false (and nothing taken) when the bucket is
    /// too low, in which case the error is returned instead of retried.
    public mutating func acquire(after outcome: AttemptOutcome) -> Int? {
        let cost: Int
        switch outcome {
        case .transport(.connectTimeout), .transport(.readTimeout): cost = RetryQuota.timeoutRetryCost
        default: cost = RetryQuota.retryCost
        }
        guard cost <= available else { return nil }
        available -= cost
        return cost
    }

    /// After a successful response: give back what its last retry took, or a small increment
    /// when it needed none, never above the initial capacity.
    public mutating func release(lastAcquired: Int?) {
        available = min(RetryQuota.initialCapacity, available + (lastAcquired ?? RetryQuota.noRetryIncrement))
    }
}
