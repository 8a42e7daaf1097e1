import AWSBackend
import AWSConfig
import Foundation
import SecretsCore
import Testing

/// 2030-01-01T00:00:00Z: the fakes' expiries count from here, and so does the injected clock.
private let base = 1_893_456_000

/// The access key id a request was signed with, from its Authorization header.
private func accessKey(_ authorization: String) -> String {
    guard let start = authorization.range(of: "Credential=") else { return "" }
    return String(authorization[start.upperBound...].prefix { $0 != "/" })
}

private func transport(_ env: TestEnvironment, endpoint: URL, profile: String? = nil, clock: HandClock? = nil,
                       lines: LineCollector, mfa: (@Sendable (String) async throws -> String)? = nil) throws -> HTTPTransport {
    let config = try AWSConfiguration(environment: env.environment, profile: profile, endpointURL: endpoint.absoluteString)
    var options = HTTPTransportOptions()
    options.jitter = { 0 }
    options.connectTimeout = 5
    options.requestTimeout = 30
    options.debug = { lines.append($0) }
    options.mfaCode = mfa
    if let clock { options.clock = { clock.read() } }
    return HTTPTransport(configuration: config, options: options)
}

/// What must never be printed: secrets and tokens the fakes and moto hand out.
private func expectNoSecrets(_ lines: [String], _ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    for line in lines {
        for f in fragments { #expect(!line.contains(f), "\(line)", sourceLocation: sourceLocation) }
    }
}

private extension HTTPTransport {
    /// One create and two describes of a fresh secret, so the calls that follow see it.
    func createAndDescribe(_ prefix: String) async throws -> String {
        let client = SecretsManagerClient(transport: self, region: "us-west-2")
        let name = uniqueName(prefix)
        _ = try await client.createSecret(CreateSecretRequest(Name: name, SecretString: "value-\(name)"))
        _ = try await client.describeSecret(DescribeSecretRequest(SecretId: name))
        return name
    }
}

@Suite("Credential sources end to end (moto's STS, local fakes)")
struct CredentialSourcesTests {
    // MARK: STS through moto

    @Test func assumeRoleSignsSecretsManagerCallsWithTheRolesKeys() async throws {
        let proxy = try FaultProxy(upstream: try await Moto.url())
        defer { proxy.stop() }
        let env = try TestEnvironment(
            extra: ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_ENDPOINT_URL": proxy.url.absoluteString, "AWS_REGION": "us-west-2"],
            config: """
                [profile admin]
                role_arn = arn:aws:iam::123456789012:role/smsh-admin
                source_profile = base
                role_session_name = smsh-test
                external_id = ext-42
                duration_seconds = 900
                [profile base]
                aws_access_key_id = AKIDBASEKEY
                aws_secret_access_key = base-secret-must-not-print
                """)
        defer { env.remove() }
        let lines = LineCollector()
        let t = try transport(env, endpoint: proxy.url, profile: "admin", lines: lines)
        _ = try await t.createAndDescribe("it/assume")
        _ = try await t.createAndDescribe("it/assume")
        await t.shutdown()

        let seen = proxy.requests
        let sts = seen.filter { $0.target.isEmpty }
        // One AssumeRole for the whole session: the credentials are cached.
        try #require(sts.count == 1)
        let form = String(decoding: sts[0].body, as: UTF8.self)
        for part in ["Action=AssumeRole", "RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fsmsh-admin", "RoleSessionName=smsh-test",
                     "ExternalId=ext-42", "DurationSeconds=900", "Version=2011-06-15"] {
            #expect(form.contains(part), "\(form)")
        }
        #expect(accessKey(sts[0].authorization) == "AKIDBASEKEY")
        #expect(sts[0].authorization.contains("/us-west-2/sts/aws4_request"))
        let answer = String(decoding: sts[0].response, as: UTF8.self)
        let assumed = try #require(answer.range(of: "<AccessKeyId>").map { answer[$0.upperBound...].prefix { $0 != "<" } })
        #expect(!assumed.isEmpty && assumed != "AKIDBASEKEY")
        let calls = seen.filter { !$0.target.isEmpty }
        #expect(calls.count == 4)
        #expect(calls.allSatisfy { accessKey($0.authorization) == String(assumed) })

        let secret = try #require(answer.range(of: "<SecretAccessKey>").map { String(answer[$0.upperBound...].prefix { $0 != "<" }) })
        let token = try #require(answer.range(of: "<SessionToken>").map { String(answer[$0.upperBound...].prefix { $0 != "<" }) })
        #expect(lines.lines.contains { $0.contains("[debug] credentials: POST \(proxy.url.absoluteString)/ -> 200") })
        expectNoSecrets(lines.lines, [secret, token, "base-secret-must-not-print"])
    }

    @Test func webIdentityFromTheEnvironment() async throws {
        let proxy = try FaultProxy(upstream: try await Moto.url())
        defer { proxy.stop() }
        let tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("smsh-wi-\(UUID().uuidString)")
        try "eyJ.fake-oidc-token.sig".write(to: tokenFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: tokenFile) }
        let env = try TestEnvironment(extra: [
            "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_ENDPOINT_URL": proxy.url.absoluteString, "AWS_REGION": "us-west-2",
            "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile.path, "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/ci",
            "AWS_ROLE_SESSION_NAME": "ci-run-7",
        ])
        defer { env.remove() }
        let lines = LineCollector()
        let t = try transport(env, endpoint: proxy.url, lines: lines)
        _ = try await t.createAndDescribe("it/webid")
        await t.shutdown()

        let seen = proxy.requests
        let sts = try #require(seen.first)
        let form = String(decoding: sts.body, as: UTF8.self)
        #expect(form.contains("Action=AssumeRoleWithWebIdentity") && form.contains("RoleSessionName=ci-run-7"))
        #expect(form.contains("WebIdentityToken=eyJ.fake-oidc-token.sig"))
        // AssumeRoleWithWebIdentity is not signed: the token is the proof.
        #expect(sts.authorization.isEmpty)
        let answer = String(decoding: sts.response, as: UTF8.self)
        let assumed = try #require(answer.range(of: "<AccessKeyId>").map { String(answer[$0.upperBound...].prefix { $0 != "<" }) })
        #expect(seen.dropFirst().count == 2)
        #expect(seen.dropFirst().allSatisfy { accessKey($0.authorization) == assumed })
        expectNoSecrets(lines.lines, ["fake-oidc-token"])
    }

    @Test func mfaCodeIsAskedForOnceAndSent() async throws {
        let proxy = try FaultProxy(upstream: try await Moto.url())
        defer { proxy.stop() }
        let env = try TestEnvironment(
            extra: ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_ENDPOINT_URL": proxy.url.absoluteString, "AWS_REGION": "us-west-2"],
            config: "[profile mfa]\nrole_arn = arn:aws:iam::123456789012:role/guarded\nsource_profile = base\nmfa_serial = arn:aws:iam::123456789012:mfa/me\n"
                + "[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n")
        defer { env.remove() }
        let prompts = LineCollector()
        let t = try transport(env, endpoint: proxy.url, profile: "mfa", lines: LineCollector(), mfa: { prompt in
            prompts.append(prompt)
            return "123456"
        })
        // Concurrent first calls share one AssumeRole, and so one prompt.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<4 {
                group.addTask {
                    _ = try? await SecretsManagerClient(transport: t, region: "us-west-2")
                        .describeSecret(DescribeSecretRequest(SecretId: "missing-\(i)"))
                }
            }
            try await group.waitForAll()
        }
        await t.shutdown()
        #expect(prompts.lines == ["Enter MFA code for arn:aws:iam::123456789012:mfa/me: "])
        let sts = proxy.requests.filter { $0.target.isEmpty }
        #expect(sts.count == 1)
        let form = String(decoding: sts.first?.body ?? [], as: UTF8.self)
        #expect(form.contains("SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Fme") && form.contains("TokenCode=123456"))
    }

    @Test func mfaWithoutATerminalIsAnError() async throws {
        let env = try TestEnvironment(
            extra: ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_REGION": "us-west-2"],
            config: "[profile mfa]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\nmfa_serial = arn:aws:iam::1:mfa/me\n"
                + "[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n")
        defer { env.remove() }
        let t = try transport(env, endpoint: URL(string: "http://127.0.0.1:9")!, profile: "mfa", lines: LineCollector())
        await #expect { try await SecretsManagerClient(transport: t, region: "us-west-2").describeSecret(DescribeSecretRequest(SecretId: "x")) }
            throws: { e in
                guard let e = e as? AWSError else { return false }
                return e.code == "CredentialRetrievalError" && e.message.contains("needs an MFA code for arn:aws:iam::1:mfa/me")
            }
        await t.shutdown()
    }

    @Test func roleSourcedFromTheInstanceAndRetriedSTS() async throws {
        let fakes = try CredentialFakes(base: base)
        defer { fakes.stop() }
        let proxy = try FaultProxy(upstream: try await Moto.url())
        defer { proxy.stop() }
        let env = try TestEnvironment(
            extra: ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_ENDPOINT_URL": proxy.url.absoluteString, "AWS_REGION": "us-west-2",
                    "AWS_EC2_METADATA_SERVICE_ENDPOINT": fakes.url, "AWS_MAX_ATTEMPTS": "2"],
            config: "[profile ops]\nrole_arn = arn:aws:iam::123456789012:role/ops\ncredential_source = Ec2InstanceMetadata\n")
        defer { env.remove() }
        // STS fails once with a 503: retried, as botocore's STS client would.
        proxy.inject([.respond(status: 503, body: "<ErrorResponse><Error><Code>ServiceUnavailable</Code></Error></ErrorResponse>")])
        let t = try transport(env, endpoint: proxy.url, profile: "ops", lines: LineCollector())
        _ = try await t.createAndDescribe("it/ec2role")
        await t.shutdown()
        let seen = proxy.requests
        let sts = seen.filter { $0.target.isEmpty }
        #expect(sts.count == 2)
        #expect(sts.allSatisfy { accessKey($0.authorization) == "IMDSKEY1" })
        let answer = String(decoding: sts.last?.response ?? [], as: UTF8.self)
        let assumed = try #require(answer.range(of: "<AccessKeyId>").map { String(answer[$0.upperBound...].prefix { $0 != "<" }) })
        #expect(seen.filter { !$0.target.isEmpty }.allSatisfy { accessKey($0.authorization) == assumed })
    }

    @Test func stsRefusalIsReportedWithoutSecrets() async throws {
        let proxy = try FaultProxy(upstream: try await Moto.url())
        defer { proxy.stop() }
        let env = try TestEnvironment(
            extra: ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_ENDPOINT_URL": proxy.url.absoluteString, "AWS_REGION": "us-west-2"],
            config: "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/nope\nsource_profile = base\n"
                + "[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret-value\n")
        defer { env.remove() }
        proxy.inject([.respond(status: 403, body: """
            <ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: sts:AssumeRole</Message></Error></ErrorResponse>
            """)])
        let lines = LineCollector()
        let t = try transport(env, endpoint: proxy.url, profile: "admin", lines: lines)
        await #expect { try await SecretsManagerClient(transport: t, region: "us-west-2").describeSecret(DescribeSecretRequest(SecretId: "x")) }
            throws: { e in
                guard let e = e as? AWSError else { return false }
                return e.code == "CredentialRetrievalError"
                    && e.message == "Error when retrieving credentials from assume-role: AccessDenied: User is not authorized to perform: sts:AssumeRole"
            }
        await t.shutdown()
        // Not retried (a 4xx), and no Secrets Manager call was made without credentials.
        #expect(proxy.requests.count == 1)
        expectNoSecrets(lines.lines, ["base-secret-value"])
    }

    // MARK: Instance metadata and containers (local fakes)

    @Test func instanceMetadataV2WithRefreshBeforeExpiry() async throws {
        let fakes = try CredentialFakes(base: base)
        defer { fakes.stop() }
        let proxy = try FaultProxy(upstream: try await Moto.url())
        defer { proxy.stop() }
        let env = try TestEnvironment(extra: ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "",
                                              "AWS_EC2_METADATA_SERVICE_ENDPOINT": fakes.url + "/", "AWS_METADATA_SERVICE_TIMEOUT": "5"])
        defer { env.remove() }
        let clock = HandClock(Date(timeIntervalSince1970: Double(base)))
        let lines = LineCollector()
        let t = try transport(env, endpoint: proxy.url, clock: clock, lines: lines)
        let name = try await t.createAndDescribe("it/imds")
        // Five minutes before IMDSKEY1 expires: inside the refresh margin.
        clock.set(Date(timeIntervalSince1970: Double(base + 55 * 60)))
        _ = try await SecretsManagerClient(transport: t, region: "us-west-2").describeSecret(DescribeSecretRequest(SecretId: name))
        await t.shutdown()

        #expect(proxy.requests.map { accessKey($0.authorization) } == ["IMDSKEY1", "IMDSKEY1", "IMDSKEY2"])
        let log = try await fakes.log()
        let puts = log.filter { $0["method"]?.stringValue == "PUT" }
        #expect(puts.count == 2)
        #expect(puts.allSatisfy { $0["headers"]?["x-aws-ec2-metadata-token-ttl-seconds"]?.stringValue == "21600" })
        let gets = log.filter { $0["method"]?.stringValue == "GET" && $0["path"]?.stringValue != "/_log" }
        #expect(gets.count == 4)
        #expect(gets.allSatisfy { $0["headers"]?["x-aws-ec2-metadata-token"]?.stringValue == "imds-session-token" })
        #expect(lines.lines.contains { $0.contains("[debug] credentials: PUT \(fakes.url)/latest/api/token -> 200") })
        expectNoSecrets(lines.lines, ["imds-secret", "imds-token", "imds-session-token"])
    }

    @Test func instanceMetadataFallsBackToV1UnlessDisabled() async throws {
        let fakes = try CredentialFakes(base: base)
        defer { fakes.stop() }
        let proxy = try FaultProxy(upstream: try await Moto.url())
        defer { proxy.stop() }
        let env = try TestEnvironment(extra: ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "",
                                              "AWS_EC2_METADATA_SERVICE_ENDPOINT": fakes.url + "/v1only/"])
        defer { env.remove() }
        let t = try transport(env, endpoint: proxy.url, clock: HandClock(Date(timeIntervalSince1970: Double(base))), lines: LineCollector())
        _ = try await t.createAndDescribe("it/imdsv1")
        await t.shutdown()
        #expect(proxy.requests.map { accessKey($0.authorization) } == ["IMDSKEY1", "IMDSKEY1"])
        let gets = try await fakes.log().filter { $0["path"]?.stringValue?.hasPrefix("/v1only/latest/meta-data") == true }
        #expect(gets.count == 2 && gets.allSatisfy { $0["headers"]?["x-aws-ec2-metadata-token"] == nil })

        let strict = try TestEnvironment(extra: ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "",
                                                 "AWS_EC2_METADATA_SERVICE_ENDPOINT": fakes.url + "/v1only/", "AWS_EC2_METADATA_V1_DISABLED": "true"])
        defer { strict.remove() }
        let s = try transport(strict, endpoint: proxy.url, lines: LineCollector())
        await #expect { try await SecretsManagerClient(transport: s, region: "us-west-2").describeSecret(DescribeSecretRequest(SecretId: "x")) }
            throws: { ($0 as? AWSError)?.code == "NoCredentialsError" }
        await s.shutdown()
    }

    @Test func instanceMetadataThatDoesNotAnswerEndsTheChain() async throws {
        let refusing = try RefusingPort()
        defer { withExtendedLifetime(refusing) {} }
        let env = try TestEnvironment(extra: ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "",
                                              "AWS_EC2_METADATA_SERVICE_ENDPOINT": refusing.url + "/"])
        defer { env.remove() }
        let t = try transport(env, endpoint: URL(string: "http://127.0.0.1:9")!, lines: LineCollector())
        await #expect { try await SecretsManagerClient(transport: t, region: "us-west-2").describeSecret(DescribeSecretRequest(SecretId: "x")) }
            throws: { e in
                guard let e = e as? AWSError else { return false }
                return e.code == "NoCredentialsError" && e.message.contains("instance metadata service at http://127.0.0.1:")
            }
        await t.shutdown()
    }

    @Test func containerEndpointWithATokenFile() async throws {
        let fakes = try CredentialFakes(base: base)
        defer { fakes.stop() }
        let proxy = try FaultProxy(upstream: try await Moto.url())
        defer { proxy.stop() }
        let tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("smsh-ct-\(UUID().uuidString)")
        try CredentialFakes.containerToken.write(to: tokenFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: tokenFile) }
        let env = try TestEnvironment(extra: [
            "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": fakes.url + "/container/creds", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile.path,
            // The file wins over the variable, as in botocore.
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "not-this-one",
        ])
        defer { env.remove() }
        let lines = LineCollector()
        let t = try transport(env, endpoint: proxy.url, clock: HandClock(Date(timeIntervalSince1970: Double(base))), lines: lines)
        _ = try await t.createAndDescribe("it/container")
        await t.shutdown()
        #expect(proxy.requests.map { accessKey($0.authorization) } == ["CONTAINERKEY1", "CONTAINERKEY1"])
        expectNoSecrets(lines.lines, ["container-secret", "container-token", CredentialFakes.containerToken])
    }

    @Test func containerEndpointRefusingTheToken() async throws {
        let fakes = try CredentialFakes(base: base)
        defer { fakes.stop() }
        let env = try TestEnvironment(extra: [
            "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_CONTAINER_CREDENTIALS_FULL_URI": fakes.url + "/container/creds",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "wrong-token",
        ])
        defer { env.remove() }
        let t = try transport(env, endpoint: URL(string: "http://127.0.0.1:9")!, lines: LineCollector())
        await #expect { try await SecretsManagerClient(transport: t, region: "us-west-2").describeSecret(DescribeSecretRequest(SecretId: "x")) }
            throws: { e in
                guard let e = e as? AWSError else { return false }
                return e.code == "CredentialRetrievalError"
                    && e.message == "Error when retrieving credentials from container-role: Received non 200 response 401 from container metadata"
            }
        await t.shutdown()
        // botocore's three attempts.
        #expect(try await fakes.log().filter { $0["path"]?.stringValue == "/container/creds" }.count == 3)
    }

    @Test func containerHostsAreRestricted() throws {
        let env = try TestEnvironment(extra: ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "",
                                              "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://example.com/creds"])
        defer { env.remove() }
        #expect(throws: AWSConfigError.credentialRetrieval(provider: "container-role", message:
            "Unsupported host 'example.com'.  Can only retrieve metadata from a loopback address or one of these hosts: 169.254.170.2, 169.254.170.23, fd00:ec2::23, localhost")) {
            try AWSConfiguration(environment: env.environment).credentialSource()
        }
    }

    // MARK: IAM Identity Center (local fakes)

    private func ssoEnvironment(_ fakes: CredentialFakes, legacy: Bool = false) throws -> TestEnvironment {
        let profile = legacy
            ? "[profile dev]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = Dev\n"
            : "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Dev\n"
                + "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n"
        return try TestEnvironment(extra: ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "",
                                           "AWS_ENDPOINT_URL_SSO": fakes.url, "AWS_ENDPOINT_URL_SSO_OIDC": fakes.url], config: profile)
    }

    private func writeToken(_ env: TestEnvironment, expiresAt: String, registrationExpiresAt: String = "2030-03-01T00:00:00Z") throws -> String {
        guard case .sso(let spec) = try AWSConfiguration(environment: env.environment, profile: "dev").credentialSource() else {
            throw FakesError(description: "not an SSO profile")
        }
        try FileManager.default.createDirectory(atPath: spec.cacheDirectory, withIntermediateDirectories: true)
        let token = """
            {"startUrl": "https://corp.awsapps.com/start", "region": "us-east-1", "accessToken": "sso-access-1", "expiresAt": "\(expiresAt)",
             "clientId": "client-1", "clientSecret": "client-secret-1", "registrationExpiresAt": "\(registrationExpiresAt)", "refreshToken": "refresh-1"}
            """
        try token.write(toFile: spec.tokenPath, atomically: true, encoding: .utf8)
        return spec.tokenPath
    }

    @Test func ssoRoleCredentialsWithTokenRefresh() async throws {
        let fakes = try CredentialFakes(base: base)
        defer { fakes.stop() }
        let proxy = try FaultProxy(upstream: try await Moto.url())
        defer { proxy.stop() }
        let env = try ssoEnvironment(fakes)
        defer { env.remove() }
        let tokenPath = try writeToken(env, expiresAt: "2030-01-01T00:30:00Z")
        let clock = HandClock(Date(timeIntervalSince1970: Double(base)))
        let lines = LineCollector()
        let t = try transport(env, endpoint: proxy.url, profile: "dev", clock: clock, lines: lines)
        let name = try await t.createAndDescribe("it/sso")
        // SSOKEY1 has five minutes left and the access token expired: refreshed through OIDC.
        clock.set(Date(timeIntervalSince1970: Double(base + 55 * 60)))
        _ = try await SecretsManagerClient(transport: t, region: "us-west-2").describeSecret(DescribeSecretRequest(SecretId: name))
        await t.shutdown()

        #expect(proxy.requests.map { accessKey($0.authorization) } == ["SSOKEY1", "SSOKEY1", "SSOKEY2"])
        let log = try await fakes.log()
        let tokenCalls = log.filter { $0["path"]?.stringValue == "/token" }
        #expect(tokenCalls.count == 1)
        let portal = log.filter { $0["path"]?.stringValue?.hasPrefix("/federation/credentials") == true }
        #expect(portal.map { $0["headers"]?["x-amz-sso_bearer_token"]?.stringValue ?? "" } == ["sso-access-1", "sso-access-2"])
        // The refreshed token is written back for the next process, as the aws CLI does.
        let saved = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: tokenPath))))
        #expect(saved["accessToken"]?.stringValue == "sso-access-2" && saved["refreshToken"]?.stringValue == "refresh-2")
        #expect(saved["expiresAt"]?.stringValue == "2030-01-01T08:55:00Z")
        let mode = try FileManager.default.attributesOfItem(atPath: tokenPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        expectNoSecrets(lines.lines, ["sso-access", "refresh-1", "refresh-2", "client-secret", "sso-secret", "sso-token"])
    }

    @Test func ssoWithoutATokenSaysHowToSignIn() async throws {
        let fakes = try CredentialFakes(base: base)
        defer { fakes.stop() }
        let env = try ssoEnvironment(fakes)
        defer { env.remove() }
        await #expect(throws: AWSConfigError.ssoTokenLoad(profile: "dev", message: "Token for corp does not exist")) {
            try await AWSConfiguration(environment: env.environment, profile: "dev").resolveCredentials()
        }
        #expect("\(AWSConfigError.ssoTokenLoad(profile: "dev", message: "Token for corp does not exist"))"
            == "Error loading SSO Token: Token for corp does not exist\nTo sign in: aws sso login --profile dev")
    }

    @Test func expiredSSOTokensThatCannotBeRefreshed() async throws {
        let fakes = try CredentialFakes(base: base)
        defer { fakes.stop() }
        // The registration expired too: no refresh, botocore's TokenRetrievalError.
        let env = try ssoEnvironment(fakes)
        defer { env.remove() }
        _ = try writeToken(env, expiresAt: "2020-01-01T00:00:00Z", registrationExpiresAt: "2020-01-01T00:00:00Z")
        await #expect(throws: AWSConfigError.ssoTokenExpired(profile: "dev")) {
            try await AWSConfiguration(environment: env.environment, profile: "dev").resolveCredentials()
        }
        // Legacy keys are never refreshed: botocore's UnauthorizedSSOTokenError.
        let legacy = try ssoEnvironment(fakes, legacy: true)
        defer { legacy.remove() }
        _ = try writeToken(legacy, expiresAt: "2020-01-01T00:00:00Z")
        await #expect(throws: AWSConfigError.ssoUnauthorized(profile: "dev")) {
            try await AWSConfiguration(environment: legacy.environment, profile: "dev").resolveCredentials()
        }
        #expect(try await fakes.log().filter { $0["path"]?.stringValue == "/token" }.isEmpty)
    }
}
