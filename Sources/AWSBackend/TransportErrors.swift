import AWSConfig
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import SecretsCore
import SecretsModel

extension HTTPTransport {
    /// What kind of failure an error from async-http-client or SwiftNIO is, for the retry
    /// decision: the pool reports connection trouble through several unrelated types.
    static func classify(_ error: Error) -> TransportFailure {
        if error is CancellationError { return .cancelled }
        if let e = error as? HTTPClientError {
            switch e {
            case .cancelled: return .cancelled
            case .connectTimeout, .tlsHandshakeTimeout, .getConnectionFromPoolTimeout: return .connectTimeout
            case .readTimeout, .writeTimeout, .deadlineExceeded: return .readTimeout
            case .remoteConnectionClosed, .uncleanShutdown: return .connectionReset
            default: return .connectionFailed
            }
        }
        if error is NIOConnectionError { return .connectionFailed }
        if let e = error as? ChannelError {
            switch e {
            case .connectTimeout: return .connectTimeout
            case .eof, .ioOnClosedChannel, .alreadyClosed, .outputClosed, .inputClosed: return .connectionReset
            default: return .connectionFailed
            }
        }
        if let e = error as? IOError {
            switch e.errnoCode {
            case ECONNRESET, EPIPE, ECONNABORTED: return .connectionReset
            case ETIMEDOUT: return .connectTimeout
            default: return .connectionFailed
            }
        }
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError { return .tls }
        return .connectionFailed
    }

    /// The error code smsh reports for a request that never got an answer; named like botocore's
    /// exceptions so that a script's `catch` can tell them apart.
    static func code(for kind: TransportFailure) -> String {
        switch kind {
        case .connectionFailed: return "EndpointConnectionError"
        case .connectionReset: return "ConnectionClosedError"
        case .connectTimeout: return "ConnectTimeoutError"
        case .readTimeout: return "ReadTimeoutError"
        case .tls: return "SSLError"
        case .cancelled: return "Cancelled"
        }
    }

    /// A message naming the endpoint, never the request: the body may hold a secret value.
    static func describe(_ kind: TransportFailure, error: Error, endpoint: ResolvedEndpoint) -> String {
        let url = "\"\(endpoint.requestURL)\""
        switch kind {
        case .connectionFailed: return "Could not connect to the endpoint URL: \(url) (\(reason(error)))"
        case .connectionReset: return "Connection was closed before we received a valid response from endpoint URL: \(url)"
        case .connectTimeout: return "Connect timeout on endpoint URL: \(url)"
        case .readTimeout: return "Read timeout on endpoint URL: \(url)"
        case .tls: return "SSL validation failed for \(url): \(tlsReason(error, host: endpoint.host))"
        case .cancelled: return "Request to \(url) cancelled"
        }
    }

    /// A short cause; NIO's own descriptions name the address, which is already in the message.
    private static func reason(_ error: Error) -> String {
        if let e = error as? NIOConnectionError {
            if let first = e.connectionErrors.first { return reason(first.error) }
            if e.dnsAError != nil || e.dnsAAAAError != nil { return "the host name did not resolve" }
            return "no address to connect to"
        }
        if let e = error as? IOError {
            if e.errnoCode == ECONNREFUSED { return "connection refused" }
            return String(cString: strerror(e.errnoCode)).lowercased()
        }
        return String(describing: error)
    }

    /// BoringSSL's reason in the words Python's ssl module gives it (`[SSL: CERTIFICATE_VERIFY_FAILED]
    /// certificate verify failed`), without its error number and source file.
    private static func tlsReason(_ error: Error, host: String) -> String {
        if let e = error as? NIOSSLExtraError, e == .failedToValidateHostname {
            return "hostname '\(host)' doesn't match the certificate's names"
        }
        let text = String(describing: error)
        guard let r = text.range(of: "OPENSSL_internal:") else { return text }
        let code = text[r.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        guard !code.isEmpty else { return text }
        return "[SSL: \(code)] " + code.lowercased().replacingOccurrences(of: "_", with: " ")
    }

    /// The error the caller sees once retries are over; after a retried failure it says how
    /// many attempts were made, as botocore's "(reached max retries: N)".
    static func final(_ error: Error, attempts: Int) -> Error {
        guard attempts > 1, let e = error as? AWSError else { return error }
        return AWSError(code: e.code, message: "\(e.message) (after \(attempts) attempts)", httpStatus: e.httpStatus)
    }

    /// Configuration problems surface as AWSError so that a script's `try`/`catch` sees them
    /// like any other failed call; the code names the kind of problem.
    public static func error(_ e: Error) -> Error {
        guard let c = e as? AWSConfigError else { return e }
        let code: String
        switch c {
        case .noCredentials, .partialCredentials: code = "NoCredentialsError"
        case .credentialProcess: code = "CredentialRetrievalError"
        case .profileNotFound: code = "ProfileNotFound"
        case .noRegion, .invalidRegion: code = "NoRegionError"
        case .invalidEndpoint, .fipsWithCustomEndpoint: code = "InvalidEndpointError"
        case .configParse, .invalidValue, .servicesSectionMissing: code = "ConfigError"
        case .credentialRetrieval, .mfaNeedsTerminal: code = "CredentialRetrievalError"
        case .invalidConfig: code = "InvalidConfigError"
        case .ssoTokenLoad: code = "SSOTokenLoadError"
        case .ssoUnauthorized: code = "UnauthorizedSSOTokenError"
        case .ssoTokenExpired: code = "TokenRetrievalError"
        }
        return AWSError(code: code, message: c.description, httpStatus: 0)
    }

}

/// A value behind a lock, for the few fields the transport shares between concurrent calls.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }

    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
