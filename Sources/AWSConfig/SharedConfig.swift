/// The two shared files read together, as botocore's session does: profiles from the config file
/// (`[default]`, `[profile x]`), `[services x]` sections, and the credentials file whose sections
/// are bare profile names and whose values win over the config file's for the same profile.
public struct SharedConfig: Sendable, Equatable {
    public let configPath: String?
    public let credentialsPath: String?
    public let configFile: ConfigFile?
    public let credentialsFile: ConfigFile?

    /// Where the files are: AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else under $HOME/.aws.
    /// With neither the variable nor HOME set there is no file to read.
    public static func paths(environment: [String: String]) -> (config: String?, credentials: String?) {
        func resolve(_ variable: String, _ fallback: String) -> String? {
            if let explicit = environment[variable], !explicit.isEmpty {
                return PathExpansion.expand(explicit, environment: environment)
            }
            guard let home = environment["HOME"], !home.isEmpty else { return nil }
            return home + "/.aws/" + fallback
        }
        return (resolve("AWS_CONFIG_FILE", "config"), resolve("AWS_SHARED_CREDENTIALS_FILE", "credentials"))
    }

    public static func load(environment: [String: String]) throws(AWSConfigError) -> SharedConfig {
        let (configPath, credentialsPath) = paths(environment: environment)
        let config = try configPath.flatMap { path throws(AWSConfigError) in try ConfigFile.load(path: path) }
        let credentials = try credentialsPath.flatMap { path throws(AWSConfigError) in try ConfigFile.load(path: path) }
        return SharedConfig(configPath: configPath, credentialsPath: credentialsPath, configFile: config, credentialsFile: credentials)
    }

    public init(configPath: String?, credentialsPath: String?, configFile: ConfigFile?, credentialsFile: ConfigFile?) {
        self.configPath = configPath
        self.credentialsPath = credentialsPath
        self.configFile = configFile
        self.credentialsFile = credentialsFile
    }

    /// The config file's sections that are `kind name` (`profile x`, `services x`), split as
    /// botocore does with shlex, so `[profile "my name"]` is the profile `my name`.
    private func namedSections(_ kind: String) -> [String: [String: ConfigValue]] {
        var out: [String: [String: ConfigValue]] = [:]
        for section in configFile?.sections ?? [] where section.name.hasPrefix(kind) {
            guard let parts = try? ShellWords.split(section.name), parts.count == 2, parts[0] == kind else { continue }
            out[parts[1]] = section.values
        }
        return out
    }

    /// The profile's settings from the config file alone (`[default]` or `[profile name]`).
    public func configProfile(_ name: String) -> [String: ConfigValue]? {
        var found: [String: ConfigValue]?
        // botocore builds its profile map in file order with dict updates, so when two sections
        // name the same profile (`[default]` and `[profile default]`) the later one replaces the
        // earlier one whole; their settings are not merged.
        for section in configFile?.sections ?? [] {
            if section.name == "default", name == "default" {
                found = section.values
            } else if section.name.hasPrefix("profile"), let parts = try? ShellWords.split(section.name),
                      parts.count == 2, parts[0] == "profile", parts[1] == name {
                found = section.values
            }
        }
        return found
    }

    /// The profile's settings from the credentials file alone (`[name]`).
    public func credentialsProfile(_ name: String) -> [String: ConfigValue]? {
        credentialsFile?.section(name)?.values
    }

    /// Both files merged, the credentials file winning (botocore `Session.full_config`).
    public func profile(_ name: String) -> [String: ConfigValue]? {
        let fromConfig = configProfile(name)
        let fromCredentials = credentialsProfile(name)
        if fromConfig == nil, fromCredentials == nil { return nil }
        return (fromConfig ?? [:]).merging(fromCredentials ?? [:]) { _, new in new }
    }

    public func services(_ name: String) -> [String: ConfigValue]? { namedSections("services")[name] }

    /// An `[sso-session name]` section of the config file (IAM Identity Center sign-in).
    public func ssoSession(_ name: String) -> [String: ConfigValue]? { namedSections("sso-session")[name] }

    /// The names of the config file's `[services x]` sections.
    public var servicesNames: [String] { namedSections("services").keys.sorted() }

    public var filesDescription: [String] { [configPath, credentialsPath].compactMap { $0 } }
}
