@testable import AWSBackend
import AWSConfig
import AsyncHTTPClient
import Foundation
import NIOCore
import SecretsCore
import SigV4
import Testing
import SecretsModel

/// The transport's pure parts: how low-level errors are classified for the retry decision, the
/// idempotency token, the credential refresh rule, and how configuration errors are reported.
struct TransportUnitTests {
    @Test func lowLevelErrorsAreClassifiedForRetries() {
        #expect(HTTPTransport.classify(IOError(errnoCode: ECONNRESET, reason: "read")) == .connectionReset)
        #expect(HTTPTransport.classify(IOError(errnoCode: EPIPE, reason: "write")) == .connectionReset)
        #expect(HTTPTransport.classify(IOError(errnoCode: ECONNREFUSED, reason: "connect")) == .connectionFailed)
        #expect(HTTPTransport.classify(HTTPClientError.remoteConnectionClosed) == .connectionReset)
        #expect(HTTPTransport.classify(HTTPClientError.connectTimeout) == .connectTimeout)
        #expect(HTTPTransport.classify(HTTPClientError.deadlineExceeded) == .readTimeout)
        #expect(HTTPTransport.classify(HTTPClientError.readTimeout) == .readTimeout)
        #expect(HTTPTransport.classify(HTTPClientError.cancelled) == .cancelled)
        #expect(HTTPTransport.classify(CancellationError()) == .cancelled)
        #expect(HTTPTransport.classify(ChannelError.connectTimeout(.seconds(1))) == .connectTimeout)
        #expect(HTTPTransport.classify(ChannelError.eof) == .connectionReset)
    }

    @Test func theClassesMapOntoTheRetryPolicy() {
        // The policy retries these (AWSConfig's tests cover the policy itself)...
        for kind: TransportFailure in [.connectionFailed, .connectionReset, .connectTimeout, .readTimeout] {
            #expect(RetryPolicy.classify(.transport(kind)) != nil, "\(kind)")
        }
        // ...and a cancelled call or a certificate that failed verification is final.
        #expect(RetryPolicy.classify(.transport(.cancelled)) == nil)
        #expect(RetryPolicy.classify(.transport(.tls)) == nil)
    }

    @Test func credentialsAreRefreshedInsideTheMandatoryWindow() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let c = Credentials(accessKeyId: "AKID", secretAccessKey: "s")
        #expect(!HTTPTransport.needsRefresh(ResolvedCredentials(credentials: c, source: "env"), now: now))
        #expect(!HTTPTransport.needsRefresh(ResolvedCredentials(credentials: c, source: "p", expiration: now.addingTimeInterval(11 * 60)), now: now))
        #expect(HTTPTransport.needsRefresh(ResolvedCredentials(credentials: c, source: "p", expiration: now.addingTimeInterval(9 * 60)), now: now))
        #expect(HTTPTransport.needsRefresh(ResolvedCredentials(credentials: c, source: "p", expiration: now.addingTimeInterval(-1)), now: now))
    }

    @Test func configurationErrorsBecomeAWSErrorsWithoutSecrets() {
        let e = HTTPTransport.error(AWSConfigError.noCredentials(profile: "default", tried: ["environment variables: not set"])) as? AWSError
        #expect(e?.code == "NoCredentialsError")
        #expect(e?.message.contains("environment variables: not set") == true)
        #expect((HTTPTransport.error(AWSConfigError.profileNotFound(profile: "x", files: [])) as? AWSError)?.code == "ProfileNotFound")
        let endpoint = HTTPTransport.error(AWSConfigError.invalidEndpoint("ftp://x", source: "--endpoint-url", reason: "bad")) as? AWSError
        #expect(endpoint?.code == "InvalidEndpointError")
    }

    @Test func aFailureAfterRetriesSaysHowManyAttempts() {
        let e = AWSError(code: "InternalServiceError", message: "boom", httpStatus: 500)
        #expect((HTTPTransport.final(e, attempts: 1) as? AWSError) == e)
        #expect((HTTPTransport.final(e, attempts: 3) as? AWSError)?.message == "boom (after 3 attempts)")
    }
}
