import Foundation
import Testing
@testable import AWSConfig
import SecretsCore

@Suite("Retry policy (botocore standard mode)")
struct RetryPolicyTests {
    static let half: @Sendable () -> Double = { 0.5 }

    @Test("retried outcomes", arguments: [
        AttemptOutcome.serviceError(status: 400, code: "ThrottlingException"),
        .serviceError(status: 400, code: "Throttling"),
        .serviceError(status: 429, code: "TooManyRequestsException"),
        .serviceError(status: 400, code: "RequestLimitExceeded"),
        .serviceError(status: 503, code: "SlowDown"),
        .serviceError(status: 400, code: "PriorRequestNotComplete"),
        .serviceError(status: 408, code: "RequestTimeout"),
        .serviceError(status: 400, code: "RequestTimeoutException"),
        .serviceError(status: 500, code: "InternalServiceError"),
        .serviceError(status: 500, code: "InternalFailure"),
        .serviceError(status: 502, code: "502"),
        .serviceError(status: 503, code: "ServiceUnavailable"),
        .serviceError(status: 504, code: "504"),
        .transport(.connectionFailed),
        .transport(.connectionReset),
        .transport(.connectTimeout),
        .transport(.readTimeout),
    ])
    func retried(_ outcome: AttemptOutcome) {
        let policy = RetryPolicy(random: Self.half)
        #expect(policy.shouldRetry(attempt: 1, outcome: outcome) == 0.5)
        #expect(policy.shouldRetry(attempt: 2, outcome: outcome) == 1.0)
        // Three attempts in all: the third failure is final.
        #expect(policy.shouldRetry(attempt: 3, outcome: outcome) == nil)
    }

    @Test("never retried", arguments: [
        AttemptOutcome.success,
        .serviceError(status: 400, code: "ValidationException"),
        .serviceError(status: 400, code: "InvalidParameterException"),
        .serviceError(status: 400, code: "InvalidRequestException"),
        .serviceError(status: 400, code: "ResourceNotFoundException"),
        .serviceError(status: 404, code: "ResourceNotFoundException"),
        .serviceError(status: 400, code: "ResourceExistsException"),
        .serviceError(status: 400, code: "AccessDeniedException"),
        .serviceError(status: 403, code: "InvalidClientTokenId"),
        .serviceError(status: 403, code: "SignatureDoesNotMatch"),
        .serviceError(status: 400, code: "UnrecognizedClientException"),
        .serviceError(status: 400, code: "ExpiredTokenException"),
        .serviceError(status: 400, code: "IncompleteSignature"),
        .serviceError(status: 400, code: "RequestExpired"),
        .serviceError(status: 400, code: "DecryptionFailure"),
        // A quota in Secrets Manager, not throttling: deliberately unlike botocore.
        .serviceError(status: 400, code: "LimitExceededException"),
        .serviceError(status: 501, code: "501"),
        .transport(.tls),
        .transport(.cancelled),
    ])
    func notRetried(_ outcome: AttemptOutcome) {
        let policy = RetryPolicy(maxAttempts: 10, random: Self.half)
        #expect(policy.shouldRetry(attempt: 1, outcome: outcome) == nil)
        #expect(RetryPolicy.classify(outcome) == nil)
    }

    @Test func classification() {
        #expect(RetryPolicy.classify(.serviceError(status: 400, code: "ThrottlingException")) == .throttling)
        #expect(RetryPolicy.classify(.serviceError(status: 500, code: "InternalServiceError")) == .transient)
        #expect(RetryPolicy.classify(.transport(.connectionReset)) == .transient)
        let parsed = AWSError.fromResponse(status: 400, body: Array(#"{"__type":"com.amazonaws.secretsmanager#ThrottlingException","message":"Rate exceeded"}"#.utf8))
        #expect(AttemptOutcome.error(parsed) == .serviceError(status: 400, code: "ThrottlingException"))
        #expect(RetryPolicy.classify(.error(parsed)) == .throttling)
        // A non-JSON 503 from a load balancer: the status is the code, and it is retried.
        let html = AWSError.fromResponse(status: 503, body: Array("<html>Service Unavailable</html>".utf8))
        #expect(RetryPolicy.classify(.error(html)) == .transient)
    }

    @Test func backoffIsJitteredExponentialCappedAtTwenty() {
        let top = RetryPolicy(maxAttempts: 100, random: { 0.999_999 })
        let expectedCaps: [Double] = [1, 2, 4, 8, 16, 20, 20, 20]
        for (i, cap) in expectedCaps.enumerated() {
            let d = top.backoff(afterAttempt: i + 1)
            #expect(d < cap && d > cap * 0.999, "attempt \(i + 1)")
        }
        #expect(top.backoff(afterAttempt: 1_000) < 20)
        #expect(RetryPolicy(random: { 0 }).backoff(afterAttempt: 2) == 0)
        // Out-of-range randomness cannot push the delay past the cap.
        #expect(RetryPolicy(random: { 7 }).backoff(afterAttempt: 3) == 4)
        #expect(RetryPolicy(random: { -1 }).backoff(afterAttempt: 3) == 0)
    }

    @Test func backoffBoundsWithRealRandomness() {
        let policy = RetryPolicy(maxAttempts: 10)
        for attempt in 1...9 {
            let cap = min(pow(2.0, Double(attempt - 1)), 20)
            for _ in 0..<200 {
                let d = policy.shouldRetry(attempt: attempt, outcome: .transport(.connectionReset)) ?? -1
                #expect(d >= 0 && d < cap)
            }
        }
    }

    @Test func maxAttemptsConfiguration() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write(".aws/config", "[default]\nmax_attempts = 5\n[profile bad]\nmax_attempts = many\n")
        #expect(try AWSConfiguration(environment: dir.environment()).maxAttempts() == 5)
        #expect(try AWSConfiguration(environment: dir.environment(["AWS_MAX_ATTEMPTS": "2"])).maxAttempts() == 2)
        #expect(try AWSConfiguration(environment: ["HOME": "/nonexistent"]).maxAttempts() == 3)
        #expect(try AWSConfiguration(environment: dir.environment(["AWS_MAX_ATTEMPTS": "1"])).retryPolicy(random: Self.half)
            .shouldRetry(attempt: 1, outcome: .transport(.readTimeout)) == nil)
        #expect(throws: AWSConfigError.invalidValue(name: "max_attempts", value: "0", source: "AWS_MAX_ATTEMPTS", expected: "a whole number of attempts, at least 1")) {
            try AWSConfiguration(environment: dir.environment(["AWS_MAX_ATTEMPTS": "0"])).maxAttempts()
        }
        let error = #expect(throws: AWSConfigError.self) { try AWSConfiguration(environment: dir.environment(), profile: "bad").maxAttempts() }
        #expect(error.map { "\($0)" }?.contains("Invalid value 'many' for max_attempts") == true)
    }

    @Test func retryQuotaDrainsAndRefills() {
        var quota = RetryQuota()
        #expect(quota.acquire(after: .serviceError(status: 500, code: "InternalServiceError")) == 5)
        #expect(quota.acquire(after: .transport(.readTimeout)) == 10)
        #expect(quota.available == 485)
        quota.release(lastAcquired: 10)
        #expect(quota.available == 495)
        quota.release(lastAcquired: nil)
        quota.release(lastAcquired: nil)
        quota.release(lastAcquired: nil)
        #expect(quota.available == 498)
        quota.release(lastAcquired: 10)
        #expect(quota.available == RetryQuota.initialCapacity)
        var taken = 0
        while quota.acquire(after: .transport(.connectionReset)) != nil { taken += 1 }
        #expect(taken == 100)
        #expect(quota.available == 0)
        #expect(quota.acquire(after: .transport(.connectionReset)) == nil)
    }
}
