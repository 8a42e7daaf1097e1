import Crypto
import Foundation
import SigV4

/// Where credentials come from, decided from the environment and the shared files alone (no
/// request is made): botocore's provider chain, each step named by botocore's `method`. A
/// source that needs the network is fetched later by `CredentialFetcher`.
public indirect enum CredentialSource: Sendable, Equatable {
    /// Keys found in the environment or a shared file.
    case keys(ResolvedCredentials, method: String)
    case process(command: String, profile: String)
    case assumeRole(AssumeRoleSpec)
    case webIdentity(WebIdentitySpec)
    case sso(SSOSpec)
    case container(ContainerSpec)
    case instanceMetadata(IMDSSpec)

    /// botocore's `Credentials.method`, which the cross-check compares.
    public var method: String {
        switch self {
        case .keys(_, let method): return method
        case .process: return "custom-process"
        case .assumeRole: return "assume-role"
        case .webIdentity: return "assume-role-with-web-identity"
        case .sso: return "sso"
        case .container: return "container-role"
        case .instanceMetadata: return "iam-role"
        }
    }
}

/// Where STS calls go: the Region's endpoint, the global one, or a configured override.
public struct STSEndpoint: Sendable, Equatable {
    public let endpoint: ResolvedEndpoint
    /// The Region the request is signed for.
    public let signingRegion: String
}

public struct AssumeRoleSpec: Sendable, Equatable {
    public let profile: String
    public let roleArn: String
    public let source: CredentialSource
    public let externalId: String?
    public let roleSessionName: String?
    public let durationSeconds: Int?
    public let mfaSerial: String?
    public let sts: STSEndpoint
}

public struct WebIdentitySpec: Sendable, Equatable {
    public let tokenFile: String
    public let roleArn: String
    public let roleSessionName: String?
    public let sts: STSEndpoint
}

public struct SSOSpec: Sendable, Equatable {
    public let profile: String
    public let startURL: String
    public let region: String
    public let accountId: String
    public let roleName: String
    /// The `sso_session` section's name; nil for the legacy `sso_*` profile keys, whose token
    /// is never refreshed (as in botocore).
    public let sessionName: String?
    /// `~/.aws/sso/cache`.
    public let cacheDirectory: String
    public let portal: ResolvedEndpoint
    public let oidc: ResolvedEndpoint

    /// The file `aws sso login` writes: the SHA-1 of the session's name (legacy: of the
    /// start URL), as botocore's SSOTokenLoader names it.
    public var tokenPath: String {
        let name = sessionName ?? startURL
        return cacheDirectory + "/" + Insecure.SHA1.hash(data: Array(name.utf8)).map { String(format: "%02x", $0) }.joined() + ".json"
    }
}

public struct ContainerSpec: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public let url: String
    public let authorizationToken: String?
    public let authorizationTokenFile: String?

    // The token is a credential: a printed source (a log, a failed test) must not show it.
    public var description: String {
        "ContainerSpec(url: \(url), authorizationToken: \(authorizationToken == nil ? "nil" : "<redacted>"), "
            + "authorizationTokenFile: \(authorizationTokenFile ?? "nil"))"
    }
    public var debugDescription: String { description }
}

public struct IMDSSpec: Sendable, Equatable {
    public static let defaultEndpoint = "http://169.254.169.254/"
    public static let ipv6Endpoint = "http://[fd00:ec2::254]/"
    public let endpoint: String
    /// Seconds for each request (botocore's default 1).
    public let timeout: TimeInterval
    public let attempts: Int
    public let v1Disabled: Bool
    /// What was tried before the chain fell through to the instance, for the final error.
    public let tried: [String]
    /// The profile whose `credential_source = Ec2InstanceMetadata` asked for it, if any.
    public let credentialSourceProfile: String?
}

/// botocore's STS Regions that `sts_regional_endpoints = legacy` sends to sts.amazonaws.com.
let legacyGlobalSTSRegions: Set<String> = [
    "ap-northeast-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "aws-global", "ca-central-1", "eu-central-1",
    "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
]

extension AWSConfiguration {
    func setting(_ envName: String, _ key: String) throws(AWSConfigError) -> ResolvedSetting<String>? {
        if let v = environment[envName], !v.isEmpty { return .init(v, source: envName) }
        if let v = try profileSettings()[key]?.stringValue, !v.isEmpty { return .init(v, source: "\(key) in profile '\(profileName)'") }
        return nil
    }

    // MARK: The chain

    /// botocore's `create_credential_resolver` order: environment, assume role, web identity,
    /// IAM Identity Center, the shared credentials file, credential_process, the config file,
    /// the container endpoint, the instance metadata service. An explicit `--profile` drops the
    /// environment keys (and the web identity variables), as in botocore.
    public func credentialSource() throws(AWSConfigError) -> CredentialSource {
        let profile = profileName
        _ = try profileSettings()
        var tried: [String] = []
        if explicitProfile == nil {
            if let c = try fromEnvironment() { return .keys(c, method: "env") }
            tried.append("environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: not set")
        } else {
            tried.append("environment variables: skipped because --profile was given")
        }
        let settings = shared.profile(profile) ?? [:]
        if settings["role_arn"] != nil, settings["web_identity_token_file"] == nil {
            var visited = [profile]
            return try assumeRole(profile: profile, visited: &visited)
        }
        tried.append("role_arn in profile '\(profile)': not set")
        if let source = try profileProviders(profile: profile, disableEnvVars: explicitProfile != nil, tried: &tried) {
            return source
        }
        if let container = try containerSource() { return container }
        tried.append("container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, AWS_CONTAINER_CREDENTIALS_FULL_URI): not set")
        if environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true" {
            tried.append("instance metadata service: AWS_EC2_METADATA_DISABLED is true")
            throw .noCredentials(profile: profile, tried: tried)
        }
        return .instanceMetadata(try imdsSpec(tried: tried))
    }

    /// botocore's `ProfileProviderBuilder.providers`: what one profile holds by itself (the
    /// chain for a `source_profile` too). `tried` collects what was not there.
    func profileProviders(profile: String, disableEnvVars: Bool, tried: inout [String]) throws(AWSConfigError) -> CredentialSource? {
        if let w = try webIdentity(profile: profile, disableEnvVars: disableEnvVars) { return .webIdentity(w) }
        tried.append("web identity (AWS_WEB_IDENTITY_TOKEN_FILE, web_identity_token_file): not set")
        if let s = try ssoSpec(profile: profile) { return .sso(s) }
        tried.append("IAM Identity Center (sso_account_id, sso_role_name) in profile '\(profile)': not set")

        func keys(in label: String, fileExists: Bool, section: [String: ConfigValue]?, method: String) throws(AWSConfigError) -> CredentialSource? {
            guard fileExists else {
                tried.append("\(label): no such file")
                return nil
            }
            guard let section else {
                tried.append("\(label): no profile '\(profile)'")
                return nil
            }
            if let c = try fromKeys(section, source: "\(label), profile '\(profile)'") { return .keys(c, method: method) }
            tried.append("\(label): profile '\(profile)' has no aws_access_key_id")
            return nil
        }
        if let c = try keys(in: "shared credentials file \(shared.credentialsPath ?? "(no HOME, no AWS_SHARED_CREDENTIALS_FILE)")",
                            fileExists: shared.credentialsFile != nil, section: shared.credentialsProfile(profile),
                            method: "shared-credentials-file") {
            return c
        }
        if let command = shared.profile(profile)?["credential_process"]?.stringValue, !command.isEmpty {
            return .process(command: command, profile: profile)
        }
        tried.append("credential_process in profile '\(profile)': not set")
        return try keys(in: "config file \(shared.configPath ?? "(no HOME, no AWS_CONFIG_FILE)")",
                        fileExists: shared.configFile != nil, section: shared.configProfile(profile), method: "config-file")
    }

    // MARK: Assume role

    private func assumeRole(profile: String, visited: inout [String]) throws(AWSConfigError) -> CredentialSource {
        let all = shared
        guard let settings = all.profile(profile), let roleArn = settings["role_arn"]?.stringValue else {
            throw .profileNotFound(profile: profile, files: shared.filesDescription)
        }
        func value(_ key: String) -> String? { settings[key]?.stringValue }
        let sourceProfile = value("source_profile")
        let credentialSource = value("credential_source")
        let source: CredentialSource
        switch (sourceProfile, credentialSource) {
        case (.some, .some):
            throw .invalidConfig("The profile \"\(profile)\" contains both source_profile and credential_source.")
        case (nil, nil):
            throw .partialCredentials(source: "assume-role", missing: "source_profile or credential_source")
        case (nil, .some(let named)):
            source = try namedSource(named, profile: profile)
        case (.some(let name), nil):
            guard let sourceSettings = all.profile(name) else {
                throw .invalidConfig("The source_profile \"\(name)\" referenced in the profile \"\(profile)\" does not exist.")
            }
            let hasStatic = sourceSettings["aws_secret_access_key"] != nil || sourceSettings["aws_access_key_id"] != nil
            // A profile may name itself to take its own keys; any other return is a loop.
            if visited.contains(name), name != profile || !hasStatic {
                throw .invalidConfig("Infinite loop in credential configuration detected. Attempting to load from profile \(name) "
                    + "which has already been visited. Visited profiles: [\(visited.map { "'\($0)'" }.joined(separator: ", "))]")
            }
            visited.append(name)
            if hasStatic || sourceSettings["role_arn"] == nil || sourceSettings["web_identity_token_file"] != nil {
                var ignored: [String] = []
                guard let found = try profileProviders(profile: name, disableEnvVars: true, tried: &ignored) else {
                    throw .invalidConfig("The source profile \"\(name)\" must have credentials.")
                }
                source = found
            } else {
                source = try assumeRole(profile: name, visited: &visited)
            }
        }
        return .assumeRole(AssumeRoleSpec(
            profile: profile, roleArn: roleArn, source: source, externalId: value("external_id"),
            roleSessionName: value("role_session_name"),
            // botocore ignores a duration that is not a whole number.
            durationSeconds: value("duration_seconds").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) },
            mfaSerial: value("mfa_serial"), sts: try stsEndpoint()))
    }

    /// `credential_source`: botocore's canonical provider names, compared exactly.
    private func namedSource(_ name: String, profile: String) throws(AWSConfigError) -> CredentialSource {
        func none() -> AWSConfigError {
            .credentialRetrieval(provider: name, message: "No credentials found in credential_source referenced in profile \(profile)")
        }
        switch name {
        case "Environment":
            guard let c = try fromEnvironment() else { throw none() }
            return .keys(c, method: "env")
        case "EcsContainer":
            guard let c = try containerSource() else { throw none() }
            return c
        case "Ec2InstanceMetadata":
            if environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true" { throw none() }
            return .instanceMetadata(try imdsSpec(tried: [], credentialSourceProfile: profile))
        default:
            throw .invalidConfig("The credential source \"\(name)\" referenced in profile \"\(profile)\" is not valid.")
        }
    }

    /// The Region STS is called in is the session's (botocore passes its own); without one, the
    /// global endpoint. `sts_regional_endpoints = legacy` keeps the old global endpoint for
    /// the Regions that had it.
    func stsEndpoint() throws(AWSConfigError) -> STSEndpoint {
        let region = try? resolveRegion().value
        let mode = try setting("AWS_STS_REGIONAL_ENDPOINTS", "sts_regional_endpoints")?.value ?? "regional"
        guard mode == "regional" || mode == "legacy" else {
            throw .invalidConfig("STS regional endpoints option \(mode) is invalid. Valid options are: \"legacy\", \"regional\"")
        }
        if let configured = try serviceEndpoint(envSuffix: "STS", servicesKey: "sts") {
            return STSEndpoint(endpoint: try EndpointResolver.parse(configured.value, source: configured.source),
                               signingRegion: region ?? "us-east-1")
        }
        guard let region, !(mode == "legacy" && legacyGlobalSTSRegions.contains(region)) else {
            return STSEndpoint(endpoint: ResolvedEndpoint(scheme: "https", host: "sts.amazonaws.com", source: "the global STS endpoint"),
                               signingRegion: "us-east-1")
        }
        guard EndpointResolver.isValidHostLabel(region) else { throw .invalidRegion(region, source: "the session") }
        let suffix = EndpointResolver.partition(of: region).dnsSuffix
        return STSEndpoint(endpoint: ResolvedEndpoint(scheme: "https", host: "sts.\(region).\(suffix)", source: "STS endpoint of \(region)"),
                           signingRegion: region)
    }

    // MARK: Web identity

    private func webIdentity(profile: String, disableEnvVars: Bool) throws(AWSConfigError) -> WebIdentitySpec? {
        let settings = shared.profile(profile) ?? [:]
        func get(_ key: String, env: String) -> String? {
            if !disableEnvVars, let v = environment[env] { return v }
            return settings[key]?.stringValue
        }
        guard let file = get("web_identity_token_file", env: "AWS_WEB_IDENTITY_TOKEN_FILE"), !file.isEmpty else { return nil }
        guard let roleArn = get("role_arn", env: "AWS_ROLE_ARN"), !roleArn.isEmpty else {
            // botocore's text, its missing space included.
            throw .invalidConfig("The provided profile or the current environment is configured to assume role with web identity "
                + "but has no role ARN configured. Ensure that the profile has the role_arnconfiguration set or the AWS_ROLE_ARN env var is set.")
        }
        return WebIdentitySpec(tokenFile: PathExpansion.expand(file, environment: environment), roleArn: roleArn,
                               roleSessionName: get("role_session_name", env: "AWS_ROLE_SESSION_NAME"), sts: try stsEndpoint())
    }

    // MARK: IAM Identity Center

    private func ssoSpec(profile: String) throws(AWSConfigError) -> SSOSpec? {
        var config = shared.profile(profile) ?? [:]
        guard config["sso_role_name"] != nil || config["sso_account_id"] != nil else { return nil }
        var required = ["sso_role_name", "sso_account_id", "sso_start_url", "sso_region"]
        let sessionName = config["sso_session"]?.stringValue
        if let sessionName {
            guard let session = shared.ssoSession(sessionName) else {
                throw .invalidConfig("The specified sso-session does not exist: \"\(sessionName)\"")
            }
            for (key, value) in session.sorted(by: { $0.key < $1.key }) {
                if let mine = config[key], mine != value {
                    throw .invalidConfig("The value for \(key) is inconsistent between profile (\(mine.stringValue ?? "")) "
                        + "and sso-session (\(value.stringValue ?? "")).")
                }
                config[key] = value
            }
            required.append("sso_session")
        }
        let missing = required.filter { config[$0] == nil }
        guard missing.isEmpty else {
            throw .invalidConfig("The profile \"\(profile)\" is configured to use SSO but is missing required configuration: "
                + missing.joined(separator: ", "))
        }
        func v(_ k: String) -> String { config[k]?.stringValue ?? "" }
        let region = v("sso_region")
        guard EndpointResolver.isValidHostLabel(region) else { throw .invalidRegion(region, source: "sso_region of profile '\(profile)'") }
        let suffix = EndpointResolver.partition(of: region).dnsSuffix
        func endpoint(_ envSuffix: String, _ key: String, _ host: String) throws(AWSConfigError) -> ResolvedEndpoint {
            if let c = try serviceEndpoint(envSuffix: envSuffix, servicesKey: key) { return try EndpointResolver.parse(c.value, source: c.source) }
            return ResolvedEndpoint(scheme: "https", host: host, source: "\(host)")
        }
        return SSOSpec(
            profile: profile, startURL: v("sso_start_url"), region: region, accountId: v("sso_account_id"), roleName: v("sso_role_name"),
            sessionName: sessionName, cacheDirectory: (environment["HOME"] ?? "") + "/.aws/sso/cache",
            portal: try endpoint("SSO", "sso", "portal.sso.\(region).\(suffix)"),
            oidc: try endpoint("SSO_OIDC", "sso_oidc", "oidc.\(region).\(suffix)"))
    }

    // MARK: Container and instance

    private func containerSource() throws(AWSConfigError) -> CredentialSource? {
        let url: String
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] {
            url = "http://169.254.170.2" + relative
        } else if let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] {
            url = full
            try Self.checkContainerHost(full)
        } else {
            return nil
        }
        return .container(ContainerSpec(url: url, authorizationToken: environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"],
                                        authorizationTokenFile: environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"]))
    }

    static let containerHosts = ["169.254.170.2", "169.254.170.23", "fd00:ec2::23", "localhost"]

    /// botocore's ContainerMetadataFetcher rule: https anywhere, http only to a loopback
    /// address or the ECS and EKS agents' addresses.
    static func checkContainerHost(_ url: String) throws(AWSConfigError) {
        guard let parsed = URLComponents(string: url), let scheme = parsed.scheme?.lowercased() else {
            throw .credentialRetrieval(provider: "container-role", message: "AWS_CONTAINER_CREDENTIALS_FULL_URI is not a URL")
        }
        if scheme == "https" { return }
        let host = (parsed.host ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let loopback = host.hasPrefix("127.") || host == "::1"
        guard loopback || containerHosts.contains(host) else {
            throw .credentialRetrieval(provider: "container-role", message: "Unsupported host '\(host)'.  Can only retrieve metadata "
                + "from a loopback address or one of these hosts: \(containerHosts.joined(separator: ", "))")
        }
    }

    func imdsSpec(tried: [String], credentialSourceProfile: String? = nil) throws(AWSConfigError) -> IMDSSpec {
        func number(_ env: String, _ key: String, default value: Double) throws(AWSConfigError) -> Double {
            guard let s = try setting(env, key) else { return value }
            guard let n = Double(s.value.trimmingCharacters(in: .whitespaces)), n > 0, n.isFinite else {
                throw .invalidValue(name: key, value: s.value, source: s.source, expected: "a number above 0")
            }
            return n
        }
        let mode = try setting("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ec2_metadata_service_endpoint_mode")
        if let mode, !["ipv4", "ipv6"].contains(mode.value.lowercased()) {
            throw .invalidValue(name: "ec2_metadata_service_endpoint_mode", value: mode.value, source: mode.source, expected: "IPv4 or IPv6")
        }
        let endpoint = try setting("AWS_EC2_METADATA_SERVICE_ENDPOINT", "ec2_metadata_service_endpoint")?.value
            ?? (mode?.value.lowercased() == "ipv6" ? IMDSSpec.ipv6Endpoint : IMDSSpec.defaultEndpoint)
        _ = try EndpointResolver.parse(endpoint, source: "the instance metadata endpoint")
        return IMDSSpec(
            endpoint: endpoint, timeout: try number("AWS_METADATA_SERVICE_TIMEOUT", "metadata_service_timeout", default: 1),
            attempts: Int(try number("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "metadata_service_num_attempts", default: 1)),
            v1Disabled: try setting("AWS_EC2_METADATA_V1_DISABLED", "ec2_metadata_v1_disabled")?.value.lowercased() == "true",
            tried: tried, credentialSourceProfile: credentialSourceProfile)
    }

    /// A service's own endpoint override, in botocore's order: AWS_ENDPOINT_URL_<SERVICE>,
    /// AWS_ENDPOINT_URL, `[services x]`, the profile's `endpoint_url`. `--endpoint-url` is
    /// Secrets Manager's alone, as in the aws CLI.
    func serviceEndpoint(envSuffix: String, servicesKey: String) throws(AWSConfigError) -> ResolvedSetting<String>? {
        let ignore: Bool
        if let v = environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] {
            ignore = v.lowercased() == "true"
        } else {
            ignore = (try profileSettings())["ignore_configured_endpoint_urls"]?.stringValue?.lowercased() == "true"
        }
        if ignore { return nil }
        let specific = "AWS_ENDPOINT_URL_" + envSuffix
        if let url = environment[specific], !url.isEmpty { return .init(url, source: specific) }
        if let url = environment["AWS_ENDPOINT_URL"], !url.isEmpty { return .init(url, source: "AWS_ENDPOINT_URL") }
        if let servicesName = try profileSettings()["services"]?.stringValue, !servicesName.isEmpty {
            guard let section = shared.services(servicesName) else {
                throw .servicesSectionMissing(profile: profileName, section: servicesName)
            }
            if case .nested(let values)? = section[servicesKey], let url = values["endpoint_url"], !url.isEmpty {
                return .init(url, source: "\(servicesKey).endpoint_url in [services \(servicesName)]")
            }
        }
        if let url = try profileSettings()["endpoint_url"]?.stringValue, !url.isEmpty {
            return .init(url, source: "endpoint_url in \(profileSourceDescription)")
        }
        return nil
    }
}
