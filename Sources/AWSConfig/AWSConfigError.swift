/// Everything that can go wrong before a request is sent. Each message names the setting and
/// where it came from, and never includes a secret value.
public enum AWSConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    case configParse(path: String, line: Int, message: String)
    case profileNotFound(profile: String, files: [String])
    case partialCredentials(source: String, missing: String)
    case noCredentials(profile: String, tried: [String])
    case credentialProcess(profile: String, message: String)
    case noRegion(tried: [String])
    case invalidRegion(String, source: String)
    case invalidEndpoint(String, source: String, reason: String)
    case fipsWithCustomEndpoint(endpoint: String, source: String)
    case invalidValue(name: String, value: String, source: String, expected: String)
    case servicesSectionMissing(profile: String, section: String)
    /// botocore's InvalidConfigError (and InfiniteLoopConfigError): its text, verbatim.
    case invalidConfig(String)
    /// botocore's CredentialRetrievalError: a source was configured but gave no credentials.
    case credentialRetrieval(provider: String, message: String)
    /// botocore's SSOTokenLoadError, UnauthorizedSSOTokenError and TokenRetrievalError texts,
    /// each followed by the command that signs in again.
    case ssoTokenLoad(profile: String, message: String)
    case ssoUnauthorized(profile: String)
    case ssoTokenExpired(profile: String)
    /// A profile with mfa_serial when there is no terminal to ask for the code on.
    case mfaNeedsTerminal(profile: String, serial: String)

    static func ssoLoginHint(_ profile: String) -> String { "To sign in: aws sso login --profile \(profile)" }

    public var description: String {
        switch self {
        case let .configParse(path, line, message):
            return "\(path):\(line): \(message)"
        case let .profileNotFound(profile, files):
            return "The config profile (\(profile)) could not be found in \(files.isEmpty ? "any file" : files.joined(separator: " or "))."
        case let .partialCredentials(source, missing):
            return "Partial credentials found in \(source), missing: \(missing)."
        case let .noCredentials(profile, tried):
            return "Unable to locate credentials for profile '\(profile)'. Tried, in order:\n" + tried.map { "  - \($0)" }.joined(separator: "\n")
        case let .credentialProcess(profile, message):
            return "credential_process of profile '\(profile)' failed: \(message)"
        case let .noRegion(tried):
            return "You must specify a Region (--region). Tried: " + tried.joined(separator: ", ") + "."
        case let .invalidRegion(region, source):
            return "Invalid Region '\(region)' from \(source): a Region is letters, digits and hyphens, as in us-east-1."
        case let .invalidEndpoint(url, source, reason):
            return "Invalid endpoint URL '\(url)' from \(source): \(reason)."
        case let .fipsWithCustomEndpoint(endpoint, source):
            return "Invalid configuration: FIPS and a custom endpoint (\(endpoint), from \(source)) cannot be combined."
        case let .invalidValue(name, value, source, expected):
            return "Invalid value '\(value)' for \(name) from \(source): expected \(expected)."
        case let .servicesSectionMissing(profile, section):
            return "Profile '\(profile)' refers to services section '\(section)', which does not exist."
        case let .invalidConfig(message):
            return message
        case let .credentialRetrieval(provider, message):
            return "Error when retrieving credentials from \(provider): \(message)"
        case let .ssoTokenLoad(profile, message):
            return "Error loading SSO Token: \(message)\n" + AWSConfigError.ssoLoginHint(profile)
        case let .ssoUnauthorized(profile):
            return "The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO "
                + "session run aws sso login with the corresponding profile.\n" + AWSConfigError.ssoLoginHint(profile)
        case let .ssoTokenExpired(profile):
            return "Error when retrieving token from sso: Token has expired and refresh failed\n" + AWSConfigError.ssoLoginHint(profile)
        case let .mfaNeedsTerminal(profile, serial):
            return "Profile '\(profile)' needs an MFA code for \(serial), which is asked for on a terminal only: "
                + "run smsh on a terminal, or use credentials that need no MFA in a script."
        }
    }
}
