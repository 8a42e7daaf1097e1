import Foundation
import SigV4

/// Credentials with where they came from, for `--debug` and error messages.
public struct ResolvedCredentials: Sendable, Equatable {
    public let credentials: Credentials
    public let source: String
    /// From credential_process output, so a long session can fetch new credentials before then.
    public let expiration: Date?

    public init(credentials: Credentials, source: String, expiration: Date? = nil) {
        self.credentials = credentials
        self.source = source
        self.expiration = expiration
    }
}

/// A resolved setting and the place it was found (`--region`, `AWS_REGION`, `profile x in
/// /home/u/.aws/config`).
public struct ResolvedSetting<Value: Sendable & Equatable>: Sendable, Equatable {
    public let value: Value
    public let source: String
    public init(_ value: Value, source: String) {
        self.value = value
        self.source = source
    }
}

/// Everything smsh takes from the command line, the environment and the shared files to talk to
/// AWS, resolved lazily and in botocore's precedence. The environment is a parameter so that
/// tests (and `smsh` itself) decide exactly what is visible; nothing here reads the process
/// environment or the real home directory on its own.
public struct AWSConfiguration: Sendable {
    public let environment: [String: String]
    /// `--profile`.
    public let explicitProfile: String?
    /// `--region`.
    public let explicitRegion: String?
    /// `--endpoint-url`.
    public let explicitEndpointURL: String?
    public let shared: SharedConfig
    public let processRunner: ProcessRunner

    /// Reads the shared files named by `environment` (or under its HOME).
    public init(
        environment: [String: String], profile: String? = nil, region: String? = nil, endpointURL: String? = nil,
        processRunner: @escaping ProcessRunner = systemProcessRunner
    ) throws(AWSConfigError) {
        let shared = try SharedConfig.load(environment: environment)
        self.init(environment: environment, shared: shared, profile: profile, region: region, endpointURL: endpointURL, processRunner: processRunner)
    }

    public init(
        environment: [String: String], shared: SharedConfig, profile: String? = nil, region: String? = nil,
        endpointURL: String? = nil, processRunner: @escaping ProcessRunner = systemProcessRunner
    ) {
        self.environment = environment
        self.shared = shared
        self.explicitProfile = profile.flatMap { $0.isEmpty ? nil : $0 }
        self.explicitRegion = region.flatMap { $0.isEmpty ? nil : $0 }
        self.explicitEndpointURL = endpointURL.flatMap { $0.isEmpty ? nil : $0 }
        self.processRunner = processRunner
    }

    private func env(_ name: String) -> String? {
        guard let v = environment[name], !v.isEmpty else { return nil }
        return v
    }

    // MARK: Profile

    /// `--profile`, then AWS_PROFILE, then `default`.
    public var profileName: String { explicitProfile ?? env("AWS_PROFILE") ?? "default" }

    var profileSourceDescription: String {
        "profile '\(profileName)' in \(shared.filesDescription.isEmpty ? "the shared files" : shared.filesDescription.joined(separator: " and "))"
    }

    /// The merged settings of the selected profile. A named profile that exists in neither file
    /// is an error (botocore's ProfileNotFound); a missing `default` just means no settings.
    public func profileSettings() throws(AWSConfigError) -> [String: ConfigValue] {
        if let p = shared.profile(profileName) { return p }
        if profileName == "default" { return [:] }
        throw .profileNotFound(profile: profileName, files: shared.filesDescription)
    }

    private func profileString(_ key: String) throws(AWSConfigError) -> String? {
        guard let v = try profileSettings()[key]?.stringValue, !v.isEmpty else { return nil }
        return v
    }

    // MARK: Credentials

    /// The credentials of the chain (`credentialSource`), fetched through `context`: with the
    /// default context nothing leaves the machine, and a source that needs the network fails
    /// (the instance metadata service at the chain's end then counts as not there).
    public func resolveCredentials(_ context: CredentialContext = .offline) async throws(AWSConfigError) -> ResolvedCredentials {
        try await CredentialFetcher(configuration: self, context: context).fetch(try credentialSource())
    }

    func fromEnvironment() throws(AWSConfigError) -> ResolvedCredentials? {
        // Present but empty counts as set (botocore checks `in environ`), so an empty
        // AWS_ACCESS_KEY_ID is reported rather than silently skipped.
        guard let keyId = environment["AWS_ACCESS_KEY_ID"] else { return nil }
        guard !keyId.isEmpty else { throw .partialCredentials(source: "the environment", missing: "AWS_ACCESS_KEY_ID (empty)") }
        guard let secret = env("AWS_SECRET_ACCESS_KEY") else {
            throw .partialCredentials(source: "the environment", missing: "AWS_SECRET_ACCESS_KEY")
        }
        let token = env("AWS_SESSION_TOKEN") ?? env("AWS_SECURITY_TOKEN")
        return ResolvedCredentials(credentials: Credentials(accessKeyId: keyId, secretAccessKey: secret, sessionToken: token),
                                   source: "environment variables")
    }

    func fromKeys(_ values: [String: ConfigValue], source: String) throws(AWSConfigError) -> ResolvedCredentials? {
        guard let keyId = values["aws_access_key_id"]?.stringValue, !keyId.isEmpty else { return nil }
        guard let secret = values["aws_secret_access_key"]?.stringValue, !secret.isEmpty else {
            throw .partialCredentials(source: source, missing: "aws_secret_access_key")
        }
        // botocore looks for the legacy name first.
        let token = values["aws_security_token"]?.stringValue ?? values["aws_session_token"]?.stringValue
        return ResolvedCredentials(credentials: Credentials(accessKeyId: keyId, secretAccessKey: secret, sessionToken: token?.isEmpty == true ? nil : token),
                                   source: source)
    }

    // MARK: Region

    /// `--region`, AWS_REGION, AWS_DEFAULT_REGION, the profile's `region`. botocore itself reads
    /// only AWS_DEFAULT_REGION; AWS_REGION first is what the AWS CLI v2 and the other SDKs do.
    public func resolveRegion() throws(AWSConfigError) -> ResolvedSetting<String> {
        var candidate: ResolvedSetting<String>?
        if let r = explicitRegion {
            candidate = .init(r, source: "--region")
        } else if let r = env("AWS_REGION") {
            candidate = .init(r, source: "AWS_REGION")
        } else if let r = env("AWS_DEFAULT_REGION") {
            candidate = .init(r, source: "AWS_DEFAULT_REGION")
        } else if let r = try profileString("region") {
            candidate = .init(r, source: profileSourceDescription)
        }
        guard let found = candidate else {
            throw .noRegion(tried: ["--region", "AWS_REGION", "AWS_DEFAULT_REGION", "region in \(profileSourceDescription)"])
        }
        guard EndpointResolver.isValidHostLabel(found.value) else { throw .invalidRegion(found.value, source: found.source) }
        return found
    }

    // MARK: Endpoint

    /// AWS_USE_FIPS_ENDPOINT, then the profile's `use_fips_endpoint`; only `true` (any case)
    /// turns it on, as botocore's `ensure_boolean`.
    public func useFIPS() throws(AWSConfigError) -> Bool {
        if let v = environment["AWS_USE_FIPS_ENDPOINT"] { return v.lowercased() == "true" }
        return try profileString("use_fips_endpoint")?.lowercased() == "true"
    }

    /// The configured endpoint override, in botocore's order: `--endpoint-url`;
    /// AWS_ENDPOINT_URL_SECRETS_MANAGER; AWS_ENDPOINT_URL; `endpoint_url` under
    /// `secrets_manager` in the profile's `[services x]` section; the profile's `endpoint_url`.
    /// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (or the profile's ignore_configured_endpoint_urls)
    /// switches off all but the command-line flag.
    public func configuredEndpoint() throws(AWSConfigError) -> ResolvedSetting<String>? {
        if let url = explicitEndpointURL { return .init(url, source: "--endpoint-url") }
        return try serviceEndpoint(envSuffix: "SECRETS_MANAGER", servicesKey: "secrets_manager")
    }

    /// Where a call for `region` goes: the configured override if any (one endpoint for every
    /// Region, as with moto or LocalStack), else the Region's own Secrets Manager endpoint.
    public func resolveEndpoint(region: String) throws(AWSConfigError) -> ResolvedEndpoint {
        try EndpointResolver.resolve(region: region, useFIPS: useFIPS(), configured: configuredEndpoint())
    }

    // MARK: Retries

    /// AWS_RETRY_MODE, then the profile's `retry_mode`, then standard: smsh's default is the
    /// aws CLI v2's, not botocore's legacy.
    public func retryMode() throws(AWSConfigError) -> RetryMode {
        guard let s = try setting("AWS_RETRY_MODE", "retry_mode") else { return .standard }
        guard let mode = RetryMode(rawValue: s.value) else {
            throw .invalidValue(name: "retry_mode", value: s.value, source: s.source, expected: "one of legacy, standard, adaptive")
        }
        return mode
    }

    /// AWS_MAX_ATTEMPTS, then the profile's `max_attempts`, then the mode's default (3, or 5
    /// in legacy mode). Attempts in all, the first included, as botocore counts them.
    public func maxAttempts() throws(AWSConfigError) -> Int {
        let setting: ResolvedSetting<String>?
        if let v = env("AWS_MAX_ATTEMPTS") {
            setting = .init(v, source: "AWS_MAX_ATTEMPTS")
        } else if let v = try profileString("max_attempts") {
            setting = .init(v, source: "max_attempts in \(profileSourceDescription)")
        } else {
            setting = nil
        }
        guard let s = setting else { return try retryMode().defaultMaxAttempts }
        guard let n = Int(s.value.trimmingCharacters(in: .whitespaces)), n >= 1 else {
            throw .invalidValue(name: "max_attempts", value: s.value, source: s.source, expected: "a whole number of attempts, at least 1")
        }
        return n
    }

    public func retryPolicy(random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) throws(AWSConfigError) -> RetryPolicy {
        RetryPolicy(maxAttempts: try maxAttempts(), mode: try retryMode(), random: random)
    }
}
