import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SecretsCore
import SigV4

/// One HTTP exchange a credential source needs (STS, SSO, the container or instance endpoint).
public struct HTTPFetchRequest: Sendable, Equatable {
    public var method: String
    public var url: String
    public var headers: [HTTPField]
    public var body: [UInt8]
    /// Seconds for the whole exchange.
    public var timeout: TimeInterval

    public init(method: String, url: String, headers: [HTTPField] = [], body: [UInt8] = [], timeout: TimeInterval) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

public struct HTTPFetchResponse: Sendable, Equatable {
    public let status: Int
    public let body: [UInt8]
    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}

/// No response at all: refused, reset, timed out. Its text names the failure, never a body.
public struct HTTPFetchFailure: Error, Sendable, CustomStringConvertible {
    public let description: String
    public let timedOut: Bool
    public init(_ description: String, timedOut: Bool = false) {
        self.description = description
        self.timedOut = timedOut
    }
}

/// Sends one request; the aws backend gives its pooled HTTP client, tests a fake.
public typealias HTTPFetch = @Sendable (HTTPFetchRequest) async throws -> HTTPFetchResponse

/// What fetching credentials needs from outside: the network, the time, a terminal for MFA.
public struct CredentialContext: Sendable {
    public var fetch: HTTPFetch
    public var clock: @Sendable () -> Date
    /// Asks for an MFA code (the prompt is botocore's); nil when there is no terminal to ask on.
    public var mfaCode: (@Sendable (String) async throws -> String)?
    /// Between attempts at the container endpoint.
    public var sleep: @Sendable (TimeInterval) async throws -> Void
    public var userAgent: String
    /// One line per request made for credentials: method, URL, status, time. Never a header
    /// or a body, which hold tokens and keys.
    public var debug: (@Sendable (String) -> Void)?

    public init(fetch: @escaping HTTPFetch, clock: @escaping @Sendable () -> Date = { Date() },
                mfaCode: (@Sendable (String) async throws -> String)? = nil,
                sleep: @escaping @Sendable (TimeInterval) async throws -> Void = { try await Task.sleep(nanoseconds: UInt64($0 * 1e9)) },
                userAgent: String = JSONRequestBuilder.userAgent(version: "0"), debug: (@Sendable (String) -> Void)? = nil) {
        self.fetch = fetch
        self.clock = clock
        self.mfaCode = mfaCode
        self.sleep = sleep
        self.userAgent = userAgent
        self.debug = debug
    }

    /// No network: every request fails as a refused connection would.
    public static let offline = CredentialContext(fetch: { _ in throw HTTPFetchFailure("no network in this context") }, sleep: { _ in })
}

/// Fetches the credentials of a `CredentialSource`, following botocore's fetchers: STS
/// AssumeRole (query protocol, signed with the source's credentials) and
/// AssumeRoleWithWebIdentity (unsigned), IAM Identity Center, the container endpoint, IMDSv2.
struct CredentialFetcher {
    let configuration: AWSConfiguration
    let context: CredentialContext

    /// botocore's SSOTokenProvider refreshes a token this close to its expiry.
    static let ssoRefreshWindow: TimeInterval = 15 * 60

    func fetch(_ source: CredentialSource) async throws(AWSConfigError) -> ResolvedCredentials {
        switch source {
        case .keys(let c, _):
            return c
        case let .process(command, profile):
            return try CredentialProcess.run(command: command, profile: profile, environment: configuration.environment,
                                             runner: configuration.processRunner)
        case .assumeRole(let spec):
            return try await assumeRole(spec)
        case .webIdentity(let spec):
            return try await webIdentity(spec)
        case .sso(let spec):
            return try await sso(spec)
        case .container(let spec):
            return try await container(spec)
        case .instanceMetadata(let spec):
            return try await instanceMetadata(spec)
        }
    }

    // MARK: HTTP

    private func send(_ request: HTTPFetchRequest) async throws -> HTTPFetchResponse {
        let started = context.clock()
        do {
            let response = try await context.fetch(request)
            log(request, "\(response.status)", started)
            return response
        } catch {
            log(request, "- error=\(error)", started)
            throw error
        }
    }

    private func log(_ request: HTTPFetchRequest, _ outcome: String, _ started: Date) {
        guard let debug = context.debug else { return }
        let ms = Int((context.clock().timeIntervalSince(started) * 1000).rounded())
        debug("[debug] credentials: \(request.method) \(request.url) -> \(outcome) in \(ms) ms\n")
    }

    // MARK: STS

    private func assumeRole(_ spec: AssumeRoleSpec) async throws(AWSConfigError) -> ResolvedCredentials {
        let source = try await fetch(spec.source)
        var params = [("Action", "AssumeRole"), ("Version", "2011-06-15"), ("RoleArn", spec.roleArn),
                      ("RoleSessionName", spec.roleSessionName ?? defaultSessionName())]
        if let d = spec.durationSeconds { params.append(("DurationSeconds", String(d))) }
        if let e = spec.externalId { params.append(("ExternalId", e)) }
        if let serial = spec.mfaSerial {
            // A background call (the REPL's listing for Tab) fails instead; the next command asks.
            if BackgroundCalls.active {
                throw .credentialRetrieval(provider: "assume-role", message: "an MFA code is needed and this call was made in the background")
            }
            guard let ask = context.mfaCode else { throw .mfaNeedsTerminal(profile: spec.profile, serial: serial) }
            let code: String
            do { code = try await ask("Enter MFA code for \(serial): ") } catch {
                throw .credentialRetrieval(provider: "assume-role", message: "no MFA code was given")
            }
            params.append(("SerialNumber", serial))
            params.append(("TokenCode", code.trimmingCharacters(in: .whitespaces)))
        }
        let c = try await callSTS(params, sts: spec.sts, signWith: source.credentials, provider: "assume-role")
        return ResolvedCredentials(credentials: c.credentials,
                                   source: "assume role \(spec.roleArn) (profile '\(spec.profile)', from \(source.source))", expiration: c.expiration)
    }

    private func webIdentity(_ spec: WebIdentitySpec) async throws(AWSConfigError) -> ResolvedCredentials {
        // Read on every fetch: the file is rotated by whoever wrote it (EKS, a CI runner).
        guard let data = FileManager.default.contents(atPath: spec.tokenFile) else {
            throw .credentialRetrieval(provider: "assume-role-with-web-identity", message: "cannot read the web identity token file \(spec.tokenFile)")
        }
        let token = String(decoding: data, as: UTF8.self)
        let params = [("Action", "AssumeRoleWithWebIdentity"), ("Version", "2011-06-15"), ("RoleArn", spec.roleArn),
                      ("RoleSessionName", spec.roleSessionName ?? defaultSessionName()), ("WebIdentityToken", token)]
        let c = try await callSTS(params, sts: spec.sts, signWith: nil, provider: "assume-role-with-web-identity")
        return ResolvedCredentials(credentials: c.credentials, source: "web identity, role \(spec.roleArn)", expiration: c.expiration)
    }

    /// botocore's name when none is configured.
    private func defaultSessionName() -> String { "botocore-session-\(Int(context.clock().timeIntervalSince1970))" }

    /// One STS call, retried as the session's retry mode retries Secrets Manager calls (botocore
    /// gives its STS client the same retry configuration), and signed again on every attempt.
    private func callSTS(_ params: [(String, String)], sts: STSEndpoint, signWith credentials: Credentials?,
                         provider: String) async throws(AWSConfigError) -> (credentials: Credentials, expiration: Date?) {
        let body = Array(params.map { "\(SigV4.uriEncode($0.0))=\(SigV4.uriEncode($0.1))" }.joined(separator: "&").utf8)
        let policy = try configuration.retryPolicy()
        var attempt = 1
        while true {
            var headers = [HTTPField("Host", sts.endpoint.hostHeader), HTTPField("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")]
            if let credentials {
                let signer = SigV4Signer(service: "sts", clock: context.clock)
                headers = signer.sign(SigV4Request(method: "POST", path: sts.endpoint.requestPath, headers: headers, body: body),
                                      credentials: credentials, region: sts.signingRegion).request.headers
            }
            headers.append(HTTPField("User-Agent", context.userAgent))
            let outcome: AttemptOutcome
            let failure: AWSConfigError
            do {
                let response = try await send(HTTPFetchRequest(method: "POST", url: sts.endpoint.requestURL, headers: headers, body: body, timeout: 60))
                let fields = STSXML.leaves(response.body)
                if response.status == 200 {
                    guard let key = fields["AccessKeyId"], let secret = fields["SecretAccessKey"], let token = fields["SessionToken"] else {
                        throw AWSConfigError.credentialRetrieval(provider: provider, message: "STS answered without credentials")
                    }
                    return (Credentials(accessKeyId: key, secretAccessKey: secret, sessionToken: token),
                            fields["Expiration"].flatMap(CredentialProcess.parseISO8601))
                }
                let code = fields["Code"] ?? "HTTP \(response.status)"
                outcome = .serviceError(status: response.status, code: code)
                failure = .credentialRetrieval(provider: provider, message: "\(code): \(fields["Message"] ?? "STS refused the request")")
            } catch let error as AWSConfigError {
                throw error
            } catch {
                outcome = .transport((error as? HTTPFetchFailure)?.timedOut == true ? .readTimeout : .connectionFailed)
                failure = .credentialRetrieval(provider: provider, message: "could not reach STS at \(sts.endpoint.url): \(error)")
            }
            guard let delay = policy.shouldRetry(attempt: attempt, outcome: outcome) else { throw failure }
            try? await context.sleep(delay)
            attempt += 1
        }
    }

    // MARK: IAM Identity Center

    private func sso(_ spec: SSOSpec) async throws(AWSConfigError) -> ResolvedCredentials {
        let name = spec.sessionName ?? spec.startURL
        let path = spec.tokenPath
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .ssoTokenLoad(profile: spec.profile, message: "Token for \(name) does not exist")
        }
        guard var token = try? JSONValue.parse(Array(data)), let access = token["accessToken"]?.stringValue,
              let expiresText = token["expiresAt"]?.stringValue else {
            throw .ssoTokenLoad(profile: spec.profile, message: "Token for \(spec.startURL) is invalid")
        }
        var accessToken = access
        var expires = CredentialProcess.parseISO8601(expiresText) ?? .distantPast
        if spec.sessionName != nil {
            if expires.timeIntervalSince(context.clock()) < Self.ssoRefreshWindow,
               let refreshed = await refreshSSOToken(token, spec: spec) {
                token = refreshed.token
                accessToken = refreshed.accessToken
                expires = refreshed.expires
                // Written back as `aws sso login` does, so the next process starts from it.
                Self.writePrivately(Data(token.compactText().utf8), to: path)
            }
            if expires <= context.clock() { throw .ssoTokenExpired(profile: spec.profile) }
        } else if expires <= context.clock() {
            throw .ssoUnauthorized(profile: spec.profile)
        }
        var url = URLComponents()
        url.queryItems = [URLQueryItem(name: "role_name", value: spec.roleName), URLQueryItem(name: "account_id", value: spec.accountId)]
        let request = HTTPFetchRequest(method: "GET", url: spec.portal.url + "/federation/credentials?" + (url.percentEncodedQuery ?? ""),
                                       headers: [HTTPField("x-amz-sso_bearer_token", accessToken), HTTPField("User-Agent", context.userAgent)],
                                       timeout: 60)
        let response: HTTPFetchResponse
        do { response = try await send(request) } catch {
            throw .credentialRetrieval(provider: "sso", message: "could not reach the IAM Identity Center portal at \(spec.portal.url): \(error)")
        }
        if response.status == 401 || response.status == 403 { throw .ssoUnauthorized(profile: spec.profile) }
        guard response.status == 200, let json = try? JSONValue.parse(response.body), let rc = json["roleCredentials"],
              let key = rc["accessKeyId"]?.stringValue, let secret = rc["secretAccessKey"]?.stringValue,
              let session = rc["sessionToken"]?.stringValue else {
            throw .credentialRetrieval(provider: "sso", message: "GetRoleCredentials answered HTTP \(response.status) without credentials")
        }
        var expiration: Date?
        if case .number(let ms)? = rc["expiration"] { expiration = Date(timeIntervalSince1970: ms / 1000) }
        return ResolvedCredentials(credentials: Credentials(accessKeyId: key, secretAccessKey: secret, sessionToken: session),
                                   source: "IAM Identity Center, role \(spec.roleName) in account \(spec.accountId) (profile '\(spec.profile)')",
                                   expiration: expiration)
    }

    /// Replaces the file whole (a reader never sees half a token), readable by its owner only:
    /// it holds a bearer token and a refresh token. A failure leaves the old file, as botocore's
    /// cache does when it cannot write.
    static func writePrivately(_ data: Data, to path: String) {
        let temporary = path + ".smsh-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else { return }
        if rename(temporary, path) != 0 { unlink(temporary) }
    }

    /// SSO-OIDC CreateToken with the cached refresh token, when the cached client registration
    /// is still valid; nil when it cannot (botocore then keeps the old token).
    private func refreshSSOToken(_ token: JSONValue, spec: SSOSpec) async -> (token: JSONValue, accessToken: String, expires: Date)? {
        guard let refresh = token["refreshToken"]?.stringValue, let clientId = token["clientId"]?.stringValue,
              let clientSecret = token["clientSecret"]?.stringValue,
              let registration = token["registrationExpiresAt"]?.stringValue.flatMap(CredentialProcess.parseISO8601),
              registration > context.clock() else { return nil }
        let body = JSONValue.object([("grantType", .string("refresh_token")), ("clientId", .string(clientId)),
                                     ("clientSecret", .string(clientSecret)), ("refreshToken", .string(refresh))])
        let request = HTTPFetchRequest(method: "POST", url: spec.oidc.url + "/token",
                                       headers: [HTTPField("Content-Type", "application/json"), HTTPField("User-Agent", context.userAgent)],
                                       body: Array(body.compactText().utf8), timeout: 60)
        guard let response = try? await send(request), response.status == 200, let json = try? JSONValue.parse(response.body),
              let access = json["accessToken"]?.stringValue, case .number(let expiresIn)? = json["expiresIn"] else { return nil }
        let expires = context.clock().addingTimeInterval(expiresIn)
        var members: [(String, JSONValue)] = [
            ("startUrl", .string(spec.startURL)), ("region", .string(spec.region)), ("accessToken", .string(access)),
            ("expiresAt", .string(ISO8601DateFormatter().string(from: expires))), ("clientId", .string(clientId)),
            ("clientSecret", .string(clientSecret)), ("registrationExpiresAt", token["registrationExpiresAt"] ?? .null),
        ]
        members.append(("refreshToken", .string(json["refreshToken"]?.stringValue ?? refresh)))
        return (.object(members), access, expires)
    }

    // MARK: Container

    private func container(_ spec: ContainerSpec) async throws(AWSConfigError) -> ResolvedCredentials {
        func fail(_ message: String) -> AWSConfigError { .credentialRetrieval(provider: "container-role", message: message) }
        var headers = [HTTPField("Accept", "application/json"), HTTPField("User-Agent", context.userAgent)]
        var auth: String?
        if let file = spec.authorizationTokenFile {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw fail("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(file)")
            }
            auth = String(decoding: data, as: UTF8.self)
        } else {
            auth = spec.authorizationToken
        }
        if let auth {
            guard !auth.contains("\r"), !auth.contains("\n") else { throw fail("Auth token value is not a legal header value") }
            headers.append(HTTPField("Authorization", auth))
        }
        // botocore: 3 attempts of 2 seconds, 1 second apart.
        var lastError = ""
        for attempt in 1...3 {
            if attempt > 1 { try? await context.sleep(1) }
            do {
                let response = try await send(HTTPFetchRequest(method: "GET", url: spec.url, headers: headers, timeout: 2))
                guard response.status == 200 else {
                    lastError = "Received non 200 response \(response.status) from container metadata"
                    continue
                }
                guard let json = try? JSONValue.parse(response.body), let key = json["AccessKeyId"]?.stringValue,
                      let secret = json["SecretAccessKey"]?.stringValue, let token = json["Token"]?.stringValue else {
                    lastError = "Unable to parse JSON returned from container metadata services"
                    continue
                }
                return ResolvedCredentials(credentials: Credentials(accessKeyId: key, secretAccessKey: secret, sessionToken: token),
                                           source: "container credentials endpoint",
                                           expiration: json["Expiration"]?.stringValue.flatMap(CredentialProcess.parseISO8601))
            } catch {
                lastError = "Received error when attempting to retrieve container metadata: \(error)"
            }
        }
        throw fail(lastError)
    }

    // MARK: Instance metadata

    private func instanceMetadata(_ spec: IMDSSpec) async throws(AWSConfigError) -> ResolvedCredentials {
        if let c = await imdsCredentials(spec) { return c }
        let place = "instance metadata service at \(spec.endpoint): no credentials"
        if let profile = spec.credentialSourceProfile {
            throw .credentialRetrieval(provider: "Ec2InstanceMetadata",
                                       message: "No credentials found in credential_source referenced in profile \(profile)")
        }
        throw .noCredentials(profile: configuration.profileName, tried: spec.tried + [place])
    }

    private func imdsURL(_ spec: IMDSSpec, _ path: String) -> String {
        spec.endpoint + (spec.endpoint.hasSuffix("/") ? "" : "/") + path
    }

    /// botocore's InstanceMetadataFetcher: a session token (PUT, 6 hours), then the role's
    /// name and its credentials. Anything unexpected means "no credentials here".
    private func imdsCredentials(_ spec: IMDSSpec) async -> ResolvedCredentials? {
        var token: String?
        tokenAttempts: for _ in 0..<max(1, spec.attempts) {
            do {
                let r = try await send(HTTPFetchRequest(method: "PUT", url: imdsURL(spec, "latest/api/token"),
                                                        headers: [HTTPField("x-aws-ec2-metadata-token-ttl-seconds", "21600"),
                                                                  HTTPField("User-Agent", context.userAgent)], timeout: spec.timeout))
                switch r.status {
                case 200: token = String(decoding: r.body, as: UTF8.self)
                case 400: return nil
                default: break
                }
                break tokenAttempts
            } catch let failure as HTTPFetchFailure where failure.timedOut {
                break tokenAttempts
            } catch {
                continue
            }
        }
        // Without a token, IMDSv1 (no header) unless it is switched off.
        if token == nil, spec.v1Disabled { return nil }
        func get(_ path: String, valid: ([UInt8]) -> Bool) async -> [UInt8]? {
            var headers = [HTTPField("User-Agent", context.userAgent)]
            if let token { headers.append(HTTPField("x-aws-ec2-metadata-token", token)) }
            for _ in 0..<max(1, spec.attempts) {
                guard let r = try? await send(HTTPFetchRequest(method: "GET", url: imdsURL(spec, path), headers: headers, timeout: spec.timeout))
                else { continue }
                if r.status == 200, !r.body.isEmpty, valid(r.body) { return r.body }
            }
            return nil
        }
        let base = "latest/meta-data/iam/security-credentials/"
        guard let roleBytes = await get(base, valid: { _ in true }) else { return nil }
        let role = String(decoding: roleBytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let body = await get(base + role, valid: { (try? JSONValue.parse($0)) != nil }),
              let json = try? JSONValue.parse(body), let key = json["AccessKeyId"]?.stringValue,
              let secret = json["SecretAccessKey"]?.stringValue, let session = json["Token"]?.stringValue,
              let expiration = json["Expiration"]?.stringValue.flatMap(CredentialProcess.parseISO8601) else { return nil }
        return ResolvedCredentials(credentials: Credentials(accessKeyId: key, secretAccessKey: secret, sessionToken: session),
                                   source: "instance metadata service, role \(role)", expiration: expiration)
    }
}

/// The text of each leaf element of an STS (query protocol) answer, by name; enough for
/// `AssumeRoleResult/Credentials/*` and `ErrorResponse/Error/{Code,Message}`.
enum STSXML {
    static func leaves(_ body: [UInt8]) -> [String: String] {
        let delegate = Collector()
        let parser = XMLParser(data: Data(body))
        parser.delegate = delegate
        guard parser.parse() else { return [:] }
        return delegate.values
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var values: [String: String] = [:]
        private var text = ""
        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
                    attributes attributeDict: [String: String] = [:]) {
            text = ""
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty, values[elementName] == nil { values[elementName] = trimmed }
            text = ""
        }
    }
}
