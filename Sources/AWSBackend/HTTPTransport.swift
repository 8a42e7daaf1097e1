import AWSConfig
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL
import SecretsCore
import SecretsModel
import SigV4

/// Settings of the HTTP side that are not AWS configuration.
public struct HTTPTransportOptions: Sendable {
    /// Seconds to open a TCP (and TLS) connection; `.infinity` waits for ever (the aws CLI's
    /// `--cli-connect-timeout 0`).
    public var connectTimeout: TimeInterval = 10
    /// Seconds for one attempt, from sending to the last byte of the response; `.infinity`
    /// waits for ever (`--cli-read-timeout 0`).
    public var requestTimeout: TimeInterval = 60
    /// `--no-verify-ssl`: certificates are not checked, and `warning` hears of each host once.
    public var verifyCertificates = true
    /// `--ca-bundle`: trusted certificates, ahead of AWS_CA_BUNDLE and the profile's ca_bundle.
    public var caBundle: String?
    /// Receives the aws CLI's warnings (an unverified HTTPS request); nil prints nothing.
    public var warning: (@Sendable (String) -> Void)?
    public var userAgent: String = JSONRequestBuilder.userAgent(version: HTTPTransport.version)
    /// Receives one redacted line per attempt (`--debug`); nil prints nothing.
    public var debug: (@Sendable (String) -> Void)?
    /// The signing clock.
    public var clock: @Sendable () -> Date = { Date() }
    /// Uniform in [0, 1): the backoff jitter. Tests pin it to 0 so retries do not slow them.
    public var jitter: @Sendable () -> Double = { Double.random(in: 0..<1) }
    /// A response larger than this is refused: no Secrets Manager response comes near it
    /// (a secret is at most 64 KB), so anything bigger is not the service.
    public var maxResponseBytes: Int = 8 * 1024 * 1024
    /// Asks for the MFA code of a role with `mfa_serial`; nil (a script, no terminal) makes
    /// such a role an error.
    public var mfaCode: (@Sendable (String) async throws -> String)?
    /// Where credential sources (STS, SSO, container, instance metadata) send their requests;
    /// nil is the backend's own HTTP client. Tests give fakes.
    public var credentialFetch: HTTPFetch?
    /// The adaptive retry mode's clock, in seconds; tests drive it.
    public var rateClock: @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    public init() {}
}

/// The aws backend: each call is a signed JSON 1.1 `POST` to its own Region's endpoint over one
/// pooled HTTP client, retried as botocore's standard mode does.
public final class HTTPTransport: Transport, @unchecked Sendable {
    public static let version = "0.1.0"

    public let configuration: AWSConfiguration
    public let options: HTTPTransportOptions
    private let signingKeys = SigningKeyCache()
    private let state = Locked(State())

    private struct State {
        var client: HTTPClient?
        var shutDown = false
        var credentials: CredentialCache?
        var endpoints: [String: ResolvedEndpoint] = [:]
        var policy: RetryPolicy?
        var quota = RetryQuota()
        var warnedHosts: Set<String> = []
        var limiter: ClientRateLimiter?
    }

    /// Nothing is read or connected here: the shared files are read by `configuration`, and
    /// credentials, endpoints and the HTTP client are made on the first call, so commands that
    /// never reach AWS start as fast as without it.
    public init(configuration: AWSConfiguration, options: HTTPTransportOptions = HTTPTransportOptions()) {
        self.configuration = configuration
        self.options = options
    }

    // MARK: Transport

    public func send(operation: SecretsModel.Operation, region: String, body: Data) async throws -> Data {
        let endpoint = try self.endpoint(for: region)
        let policy = try retryPolicy()
        let client = try httpClient()
        warnIfUnverified(endpoint)
        // The client core filled any idempotency token before this, so every retry sends the same one.
        let bytes = [UInt8](body)
        var attempt = 1
        var lastAcquired: Int?
        let limiter = policy.mode == .adaptive ? rateLimiter() : nil
        while true {
            try Task.checkCancellation()
            let credentials = try await currentCredentials()
            if let limiter, case let waited = try await limiter.acquire(), waited > 0 {
                options.debug?(String(format: "[debug] adaptive retry mode: waited %.2f s for a send token (rate %.2f/s)\n",
                                      waited, limiter.snapshot.fillRate))
            }
            // Signed again on every attempt (the date moves on), over the same bytes, so an
            // idempotency token in the body stays the same across retries.
            let request = JSONRequestBuilder.build(
                operation: operation, region: region, endpoint: endpoint, body: bytes,
                credentials: credentials.credentials, date: options.clock(), userAgent: options.userAgent, cache: signingKeys)
            let result = await attemptOnce(request, client: client, endpoint: endpoint, attempt: attempt, maxAttempts: policy.maxAttempts)
            let outcome: AttemptOutcome
            let failure: Error
            switch result {
            case .success(let data):
                limiter?.responseReceived(throttled: false)
                if policy.usesQuota { state.withLock { $0.quota.release(lastAcquired: lastAcquired) } }
                return data
            case .service(let error):
                outcome = .error(error)
                failure = error
            case .transport(let kind, let error):
                if kind == .cancelled { throw CancellationError() }
                outcome = .transport(kind)
                failure = error
            }
            limiter?.responseReceived(throttled: RetryPolicy.classify(outcome) == .throttling)
            guard let delay = policy.shouldRetry(attempt: attempt, outcome: outcome),
                  let cost = policy.usesQuota ? state.withLock({ $0.quota.acquire(after: outcome) }) : 0
            else {
                throw HTTPTransport.final(failure, attempts: attempt)
            }
            lastAcquired = cost
            if delay > 0 { try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000)) }
            attempt += 1
        }
    }

    /// Closes pooled connections. Safe to call more than once, and when no call was made.
    public func shutdown() async {
        let client = state.withLock { s -> HTTPClient? in
            s.shutDown = true
            defer { s.client = nil }
            return s.client
        }
        try? await client?.shutdown()
    }

    // MARK: One attempt

    enum AttemptResult {
        case success(Data)
        case service(AWSError)
        case transport(TransportFailure, AWSError)
    }

    private func attemptOnce(_ prepared: PreparedRequest, client: HTTPClient, endpoint: ResolvedEndpoint, attempt: Int,
                             maxAttempts: Int) async -> AttemptResult {
        let started = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> TimeInterval { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }
        var request = HTTPClientRequest(url: prepared.url)
        request.method = .POST
        // The signed Host header is sent as it is; async-http-client adds its own only when absent.
        for field in prepared.headers { request.headers.add(name: field.name, value: field.value) }
        request.headers.add(name: "amz-sdk-request", value: "attempt=\(attempt); max=\(maxAttempts)")
        request.body = .bytes(ByteBuffer(bytes: prepared.body))

        do {
            let response = try await client.execute(request, deadline: Self.deadline(options.requestTimeout))
            let buffer = try await response.body.collect(upTo: options.maxResponseBytes)
            let body = Array(buffer.readableBytesView)
            let status = Int(response.status.code)
            let requestId = response.headers.first(name: "x-amzn-RequestId") ?? response.headers.first(name: "x-amz-request-id")
            debugLine(prepared, status: "\(status)", elapsed: elapsed(), requestId: requestId, body: body, attempt: attempt)
            if (200..<300).contains(status) { return .success(Data(body)) }
            var error = AWSError.fromResponse(status: status, body: body)
            // Query-compatible services name the real code here; botocore prefers it.
            if let queryError = response.headers.first(name: "x-amzn-query-error"),
               let code = queryError.split(separator: ";").first, !code.isEmpty {
                error = AWSError(code: String(code), message: error.message, httpStatus: status)
            }
            return .service(error)
        } catch {
            let kind = HTTPTransport.classify(error)
            let message = HTTPTransport.describe(kind, error: error, endpoint: endpoint)
            debugLine(prepared, status: "-", elapsed: elapsed(), requestId: nil, body: [], attempt: attempt, note: message)
            return .transport(kind, AWSError(code: HTTPTransport.code(for: kind), message: message, httpStatus: 0))
        }
    }

    private func debugLine(_ request: PreparedRequest, status: String, elapsed: TimeInterval, requestId: String?, body: [UInt8],
                           attempt: Int, note: String? = nil) {
        guard let debug = options.debug else { return }
        let ms = Int((elapsed * 1000).rounded())
        var line = "[debug] \(request.method) \(request.url) \(request.operation.target) \(request.region) attempt \(attempt)"
            + " -> \(status) in \(ms) ms id=\(requestId ?? "-")"
            + " request=\(Redaction.redactBody(request.body))"
        if let note { line += " error=\(note)" } else { line += " response=\(Redaction.redactBody(body))" }
        debug(line + "\n")
    }

    // MARK: Lazily made parts

    private func httpClient() throws -> HTTPClient {
        try state.withLock { s in
            if let c = s.client { return c }
            guard !s.shutDown else {
                throw AWSError(code: "ClientShutDown", message: "the aws backend was already shut down", httpStatus: 0)
            }
            var config = HTTPClient.Configuration()
            config.timeout = .init(connect: Self.amount(options.connectTimeout), read: Self.amount(options.requestTimeout))
            // smsh retries by itself, with backoff and a quota; the pool's own reconnect loop
            // would hide a refused connection until the connect timeout.
            config.connectionPool.retryConnectionEstablishment = false
            config.connectionPool.idleTimeout = .seconds(60)
            // A parallel loop sends that many calls at once; the default of 8 connections per
            // host would queue the rest.
            config.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 128
            // The service never redirects; following one would send signed requests elsewhere.
            config.redirectConfiguration = .disallow
            config.decompression = .disabled
            config.tlsConfiguration = try tlsConfiguration()
            let c = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
            s.client = c
            return c
        }
    }

    /// A time limit as async-http-client takes it: none for `.infinity`.
    static func amount(_ seconds: TimeInterval) -> TimeAmount? {
        seconds.isFinite ? .nanoseconds(Int64(seconds * 1e9)) : nil
    }

    static func deadline(_ seconds: TimeInterval) -> NIODeadline {
        seconds.isFinite ? .now() + .nanoseconds(Int64(seconds * 1e9)) : .distantFuture
    }

    /// The system's trust store unless a CA bundle is configured; nothing checked with
    /// `--no-verify-ssl` (botocore's verify=False wins over any bundle).
    func tlsConfiguration() throws -> TLSConfiguration? {
        var tls = TLSConfiguration.makeClientConfiguration()
        if !options.verifyCertificates {
            tls.certificateVerification = .none
            return tls
        }
        guard let bundle = try caBundle() else { return nil }
        tls.trustRoots = .file(bundle.value)
        return tls
    }

    /// urllib3's InsecureRequestWarning, which the aws CLI prints under `--no-verify-ssl`: once a host.
    func warnIfUnverified(_ endpoint: ResolvedEndpoint) {
        guard !options.verifyCertificates, let warning = options.warning, endpoint.scheme == "https" else { return }
        let host = endpoint.host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        guard state.withLock({ $0.warnedHosts.insert(host).inserted }) else { return }
        warning("InsecureRequestWarning: Unverified HTTPS request is being made to host '\(host)'. Adding certificate verification "
                + "is strongly advised. See: https://urllib3.readthedocs.io/en/latest/advanced-usage.html#tls-warnings\n")
    }

    /// Configuration errors come out as AWSError (see `error(_:)`).
    /// `--ca-bundle`, AWS_CA_BUNDLE, then the profile's `ca_bundle` (botocore's order): certificates to trust
    /// instead of the system's, for a proxy or a private endpoint. A path that does not exist
    /// is reported here rather than as a handshake failure later.
    func caBundle() throws -> ResolvedSetting<String>? {
        var found: ResolvedSetting<String>?
        if let v = options.caBundle, !v.isEmpty {
            found = ResolvedSetting(v, source: "--ca-bundle")
        } else if let v = configuration.environment["AWS_CA_BUNDLE"], !v.isEmpty {
            found = ResolvedSetting(v, source: "AWS_CA_BUNDLE")
        } else if let v = (try? configuration.profileSettings())?["ca_bundle"]?.stringValue, !v.isEmpty {
            found = ResolvedSetting(v, source: "ca_bundle in profile '\(configuration.profileName)'")
        }
        guard let bundle = found else { return nil }
        guard FileManager.default.fileExists(atPath: bundle.value) else {
            throw AWSError(code: "ConfigError", message: "the CA bundle \(bundle.value) (from \(bundle.source)) does not exist", httpStatus: 0)
        }
        return bundle
    }

    private func retryPolicy() throws -> RetryPolicy {
        if let p = state.withLock({ $0.policy }) { return p }
        let p: RetryPolicy
        do { p = try configuration.retryPolicy(random: options.jitter) } catch { throw HTTPTransport.error(error) }
        state.withLock { $0.policy = p }
        return p
    }

    private func endpoint(for region: String) throws -> ResolvedEndpoint {
        if let e = state.withLock({ $0.endpoints[region] }) { return e }
        let e: ResolvedEndpoint
        do { e = try configuration.resolveEndpoint(region: region) } catch { throw HTTPTransport.error(error) }
        state.withLock { $0.endpoints[region] = e }
        return e
    }

    private func rateLimiter() -> ClientRateLimiter {
        state.withLock { s in
            if let l = s.limiter { return l }
            let l = ClientRateLimiter(clock: options.rateClock)
            s.limiter = l
            return l
        }
    }

    /// Minutes before expiry at which temporary credentials are fetched again, as botocore's
    /// mandatory refresh: a request signed with them must still be valid when it arrives.
    static let refreshMargin: TimeInterval = CredentialCache.defaultMargin

    private func currentCredentials() async throws -> ResolvedCredentials {
        let cache = state.withLock { s in
            if let c = s.credentials { return c }
            let configuration = self.configuration
            let context = credentialContext()
            let c = CredentialCache(clock: options.clock) {
                do { return try await configuration.resolveCredentials(context) } catch { throw HTTPTransport.error(error) }
            }
            s.credentials = c
            return c
        }
        return try await cache.credentials()
    }

    private func credentialContext() -> CredentialContext {
        let fetch: HTTPFetch = options.credentialFetch ?? { [weak self] request in
            guard let self else { throw HTTPFetchFailure("the aws backend was shut down") }
            return try await self.fetchForCredentials(request)
        }
        return CredentialContext(fetch: fetch, clock: options.clock, mfaCode: options.mfaCode, userAgent: options.userAgent,
                                 debug: options.debug)
    }

    /// A request of a credential source over the pooled client; no response is a failure
    /// whose text names the kind (refused, timed out), never a body.
    private func fetchForCredentials(_ fetch: HTTPFetchRequest) async throws -> HTTPFetchResponse {
        let client = try httpClient()
        var request = HTTPClientRequest(url: fetch.url)
        request.method = .init(rawValue: fetch.method)
        for field in fetch.headers { request.headers.add(name: field.name, value: field.value) }
        if !fetch.body.isEmpty { request.body = .bytes(ByteBuffer(bytes: fetch.body)) }
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(Int64(fetch.timeout * 1e9)))
            let buffer = try await response.body.collect(upTo: 1024 * 1024)
            return HTTPFetchResponse(status: Int(response.status.code), body: Array(buffer.readableBytesView))
        } catch {
            let kind = HTTPTransport.classify(error)
            if kind == .cancelled { throw CancellationError() }
            throw HTTPFetchFailure(HTTPTransport.code(for: kind), timedOut: kind == .readTimeout || kind == .connectTimeout)
        }
    }

    static func needsRefresh(_ c: ResolvedCredentials, now: Date) -> Bool {
        CredentialCache.needsRefresh(c, now: now, margin: refreshMargin)
    }
}
