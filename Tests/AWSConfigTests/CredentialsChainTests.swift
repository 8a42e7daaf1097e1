import Foundation
import Testing
@testable import AWSConfig
import SigV4

@Suite("Credentials chain")
struct CredentialsChainTests {
    static let credentialsFile = """
        [default]
        aws_access_key_id = FILE_DEFAULT
        aws_secret_access_key = file-default-secret

        [dev]
        aws_access_key_id = FILE_DEV
        aws_secret_access_key = file-dev-secret
        aws_session_token = file-dev-token

        [partial]
        aws_access_key_id = ONLY_ID
        """
    static let configFile = """
        [default]
        region = eu-west-1

        [profile dev]
        region = us-west-2

        [profile cfgonly]
        aws_access_key_id = CONFIG_KEYS
        aws_secret_access_key = config-secret

        [profile empty]
        region = ap-south-1
        """

    func setup() throws -> TempDir {
        let dir = try TempDir()
        try dir.write(".aws/credentials", Self.credentialsFile)
        try dir.write(".aws/config", Self.configFile)
        return dir
    }

    @Test func environmentComesFirst() async throws {
        let dir = try setup()
        defer { dir.remove() }
        let env = dir.environment(["AWS_ACCESS_KEY_ID": "ENVKEY", "AWS_SECRET_ACCESS_KEY": "env-secret", "AWS_SESSION_TOKEN": "env-token"])
        let c = try await AWSConfiguration(environment: env).resolveCredentials()
        #expect(c.credentials == Credentials(accessKeyId: "ENVKEY", secretAccessKey: "env-secret", sessionToken: "env-token"))
        #expect(c.source == "environment variables")
    }

    @Test func awsProfileDoesNotOverrideEnvironmentKeys() async throws {
        let dir = try setup()
        defer { dir.remove() }
        let env = dir.environment(["AWS_ACCESS_KEY_ID": "ENVKEY", "AWS_SECRET_ACCESS_KEY": "env-secret", "AWS_PROFILE": "dev"])
        #expect(try await AWSConfiguration(environment: env).resolveCredentials().credentials.accessKeyId == "ENVKEY")
    }

    @Test func explicitProfileSkipsEnvironmentKeys() async throws {
        let dir = try setup()
        defer { dir.remove() }
        let env = dir.environment(["AWS_ACCESS_KEY_ID": "ENVKEY", "AWS_SECRET_ACCESS_KEY": "env-secret"])
        let c = try await AWSConfiguration(environment: env, profile: "dev").resolveCredentials()
        #expect(c.credentials == Credentials(accessKeyId: "FILE_DEV", secretAccessKey: "file-dev-secret", sessionToken: "file-dev-token"))
        #expect(c.source.contains("shared credentials file \(dir.path)/.aws/credentials"))
    }

    @Test func awsProfileSelectsTheProfile() async throws {
        let dir = try setup()
        defer { dir.remove() }
        let config = try AWSConfiguration(environment: dir.environment(["AWS_PROFILE": "dev"]))
        #expect(config.profileName == "dev")
        #expect(try await config.resolveCredentials().credentials.accessKeyId == "FILE_DEV")
        #expect(try await AWSConfiguration(environment: dir.environment()).resolveCredentials().credentials.accessKeyId == "FILE_DEFAULT")
    }

    @Test func configFileKeysAreTheLastResort() async throws {
        let dir = try setup()
        defer { dir.remove() }
        let c = try await AWSConfiguration(environment: dir.environment(), profile: "cfgonly").resolveCredentials()
        #expect(c.credentials == Credentials(accessKeyId: "CONFIG_KEYS", secretAccessKey: "config-secret"))
        #expect(c.source.contains("config file"))
    }

    @Test func explicitFilePathsOverrideHome() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let creds = try dir.write("elsewhere/creds", "[default]\naws_access_key_id = ELSEWHERE\naws_secret_access_key = s\n")
        let env = ["AWS_SHARED_CREDENTIALS_FILE": creds, "AWS_CONFIG_FILE": dir.path + "/missing"]
        #expect(try await AWSConfiguration(environment: env).resolveCredentials().credentials.accessKeyId == "ELSEWHERE")
    }

    @Test func aDirectoryIsNotAConfigFile() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.path + "/.aws/credentials", withIntermediateDirectories: true)
        let shared = try SharedConfig.load(environment: dir.environment())
        #expect(shared.credentialsFile == nil)
        #expect(shared.credentialsPath == dir.path + "/.aws/credentials")
    }

    @Test func partialCredentialsAreErrors() async throws {
        let dir = try setup()
        defer { dir.remove() }
        await #expect(throws: AWSConfigError.partialCredentials(source: "the environment", missing: "AWS_SECRET_ACCESS_KEY")) {
            try await AWSConfiguration(environment: dir.environment(["AWS_ACCESS_KEY_ID": "X"])).resolveCredentials()
        }
        await #expect(throws: AWSConfigError.partialCredentials(source: "the environment", missing: "AWS_ACCESS_KEY_ID (empty)")) {
            try await AWSConfiguration(environment: dir.environment(["AWS_ACCESS_KEY_ID": ""])).resolveCredentials()
        }
        await #expect {
            try await AWSConfiguration(environment: dir.environment(), profile: "partial").resolveCredentials()
        } throws: { error in
            guard case let .partialCredentials(source, missing) = error as? AWSConfigError else { return false }
            return missing == "aws_secret_access_key" && source.contains("profile 'partial'")
        }
    }

    @Test func unknownProfileIsAnError() async throws {
        let dir = try setup()
        defer { dir.remove() }
        await #expect(throws: AWSConfigError.profileNotFound(profile: "nope", files: ["\(dir.path)/.aws/config", "\(dir.path)/.aws/credentials"])) {
            try await AWSConfiguration(environment: dir.environment(["AWS_PROFILE": "nope"])).resolveCredentials()
        }
    }

    @Test func nothingFoundSaysWhatWasTried() async throws {
        let dir = try setup()
        defer { dir.remove() }
        let error = await #expect(throws: AWSConfigError.self) {
            try await AWSConfiguration(environment: dir.environment(), profile: "empty").resolveCredentials()
        }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("Unable to locate credentials for profile 'empty'"))
        #expect(text.contains("environment variables: skipped because --profile was given"))
        #expect(text.contains("shared credentials file \(dir.path)/.aws/credentials: no profile 'empty'"))
        #expect(text.contains("credential_process in profile 'empty': not set"))
        #expect(text.contains("config file \(dir.path)/.aws/config: profile 'empty' has no aws_access_key_id"))

        // With no HOME and no files at all, the message still names each place.
        let bare = await #expect(throws: AWSConfigError.self) { try await AWSConfiguration(environment: [:]).resolveCredentials() }
        let bareText = bare.map { "\($0)" } ?? ""
        #expect(bareText.contains("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: not set"))
        #expect(bareText.contains("(no HOME, no AWS_SHARED_CREDENTIALS_FILE): no such file"))
    }

    // MARK: credential_process

    func processProfile(_ dir: TempDir, command: String) throws -> [String: String] {
        try dir.write(".aws/config", "[profile proc]\ncredential_process = \(command)\nregion = eu-central-1\n")
        return dir.environment(["AWS_PROFILE": "proc"])
    }

    @Test func credentialProcessRunsWithTheInjectedEnvironment() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let script = try dir.write("bin/creds helper.sh", """
            #!/bin/sh
            printf '{"Version": 1, "AccessKeyId": "%s", "SecretAccessKey": "proc-secret", "SessionToken": "proc-token", "Expiration": "2030-01-02T03:04:05Z", "Extra": [1]}' "$FAKE_KEY_ID-$1"
            """, executable: true)
        var env = try processProfile(dir, command: "'\(script)' arg1")
        env["FAKE_KEY_ID"] = "PROCKEY"
        let c = try await AWSConfiguration(environment: env).resolveCredentials()
        #expect(c.credentials == Credentials(accessKeyId: "PROCKEY-arg1", secretAccessKey: "proc-secret", sessionToken: "proc-token"))
        #expect(c.source == "credential_process of profile 'proc'")
        #expect(c.expiration == Date(timeIntervalSince1970: 1_893_553_445))
    }

    @Test func credentialProcessIsFoundOnPath() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("bin/my-creds", "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"ONPATH\", \"SecretAccessKey\": \"s\"}'\n", executable: true)
        var env = try processProfile(dir, command: "my-creds")
        env["PATH"] = dir.path + "/bin:/usr/bin:/bin"
        let c = try await AWSConfiguration(environment: env).resolveCredentials()
        #expect(c.credentials == Credentials(accessKeyId: "ONPATH", secretAccessKey: "s"))
        #expect(c.expiration == nil)
    }

    @Test("credential_process failures", arguments: [
        ("echo oops >&2; exit 3", "exited with status 3: oops"),
        ("echo '{\"Version\": 2, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"B\"}'", "unsupported Version '2'"),
        ("echo '{\"AccessKeyId\": \"A\", \"SecretAccessKey\": \"B\"}'", "unsupported Version '<Version key not provided>'"),
        ("echo '{\"Version\": 1, \"SecretAccessKey\": \"B\"}'", "missing required key AccessKeyId"),
        ("echo '{\"Version\": 1, \"AccessKeyId\": \"A\"}'", "missing required key SecretAccessKey"),
        ("echo 'not json at all, and SECRETVALUE'", "its output is not a JSON object"),
        ("echo '{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"B\", \"Expiration\": \"tomorrow\"}'", "Expiration 'tomorrow'"),
    ])
    func credentialProcessFailure(body: String, fragment: String) async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let script = try dir.write("p.sh", "#!/bin/sh\n\(body)\n", executable: true)
        let env = try processProfile(dir, command: script)
        let error = await #expect(throws: AWSConfigError.self) { try await AWSConfiguration(environment: env).resolveCredentials() }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("credential_process of profile 'proc' failed"))
        #expect(text.contains(fragment), "\(text)")
        // stdout is never echoed into an error.
        #expect(!text.contains("SECRETVALUE"))
    }

    @Test func credentialProcessThatCannotStart() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let env = try processProfile(dir, command: "no-such-credential-helper --x")
        let error = await #expect(throws: AWSConfigError.self) { try await AWSConfiguration(environment: env).resolveCredentials() }
        #expect(error.map { "\($0)" }?.contains("no-such-credential-helper: command not found on PATH") == true)
        let quoted = try processProfile(dir, command: "'unclosed")
        await #expect(throws: AWSConfigError.credentialProcess(profile: "proc", message: "the command has an unclosed quote")) {
            try await AWSConfiguration(environment: quoted).resolveCredentials()
        }
    }

    @Test func credentialsFileKeysWinOverCredentialProcess() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write(".aws/config", "[default]\ncredential_process = /bin/false\n")
        try dir.write(".aws/credentials", "[default]\naws_access_key_id = STATIC\naws_secret_access_key = s\n")
        let calls = CallCounter()
        let runner: ProcessRunner = { _, _ in
            calls.increment()
            return ProcessOutput(status: 1, stdout: [], stderr: [])
        }
        let c = try await AWSConfiguration(environment: dir.environment(), processRunner: runner).resolveCredentials()
        #expect(c.credentials.accessKeyId == "STATIC")
        #expect(calls.value == 0)
    }

    @Test func injectedRunnerReceivesSplitArguments() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write(".aws/config", "[default]\ncredential_process = helper --role \"my role\" 'x y'\n")
        let seen = ArgvBox()
        let runner: ProcessRunner = { argv, env in
            seen.set(argv, env["HOME"])
            return ProcessOutput(status: 0, stdout: Array(#"{"Version":1,"AccessKeyId":"R","SecretAccessKey":"S"}"#.utf8), stderr: [])
        }
        let c = try await AWSConfiguration(environment: dir.environment(), processRunner: runner).resolveCredentials()
        #expect(c.credentials.accessKeyId == "R")
        #expect(seen.argv == ["helper", "--role", "my role", "x y"])
        #expect(seen.home == dir.path)
    }
}

final class CallCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}

final class ArgvBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storedArgv: [String] = []
    private var storedHome: String?
    func set(_ a: [String], _ h: String?) { lock.lock(); storedArgv = a; storedHome = h; lock.unlock() }
    var argv: [String] { lock.lock(); defer { lock.unlock() }; return storedArgv }
    var home: String? { lock.lock(); defer { lock.unlock() }; return storedHome }
}
