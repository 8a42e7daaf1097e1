import Foundation
import Testing
@testable import AWSConfig
import SecretsCore

/// The settings of the network sources: where STS, the instance metadata service and the
/// container endpoint are, from the environment and the profile, in botocore's precedence.
@Suite("Credential source settings")
struct CredentialSettingsTests {
    private func source(_ env: [String: String], config: String = "", profile: String? = nil) throws -> CredentialSource {
        let dir = try TempDir()
        defer { dir.remove() }
        if !config.isEmpty { try dir.write(".aws/config", config) }
        return try AWSConfiguration(environment: dir.environment(env), profile: profile).credentialSource()
    }

    private func imds(_ env: [String: String], config: String = "") throws -> IMDSSpec {
        guard case .instanceMetadata(let spec) = try source(env, config: config) else { throw CancellationError() }
        return spec
    }

    @Test func instanceMetadataEndpoints() throws {
        #expect(try imds([:]).endpoint == "http://169.254.169.254/")
        #expect(try imds(["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": "IPv6"]).endpoint == "http://[fd00:ec2::254]/")
        #expect(try imds([:], config: "[default]\nec2_metadata_service_endpoint_mode = ipv6\n").endpoint == "http://[fd00:ec2::254]/")
        // An explicit endpoint wins over the mode, as in botocore.
        #expect(try imds(["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": "IPv6", "AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:1338/"]).endpoint
            == "http://127.0.0.1:1338/")
        #expect(throws: AWSConfigError.self) { try imds(["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": "IPv5"]) }
    }

    @Test func instanceMetadataTimeoutsAndAttempts() throws {
        let defaults = try imds([:])
        #expect(defaults.timeout == 1 && defaults.attempts == 1 && !defaults.v1Disabled)
        let env = try imds(["AWS_METADATA_SERVICE_TIMEOUT": "3", "AWS_METADATA_SERVICE_NUM_ATTEMPTS": "4", "AWS_EC2_METADATA_V1_DISABLED": "true"])
        #expect(env.timeout == 3 && env.attempts == 4 && env.v1Disabled)
        let profile = try imds([:], config: "[default]\nmetadata_service_timeout = 2\nmetadata_service_num_attempts = 5\n")
        #expect(profile.timeout == 2 && profile.attempts == 5)
        #expect(throws: AWSConfigError.invalidValue(name: "metadata_service_timeout", value: "soon", source: "AWS_METADATA_SERVICE_TIMEOUT",
                                                    expected: "a number above 0")) {
            try imds(["AWS_METADATA_SERVICE_TIMEOUT": "soon"])
        }
    }

    @Test func disabledMetadataEndsTheChain() throws {
        #expect {
            try source(["AWS_EC2_METADATA_DISABLED": "true"])
        } throws: { e in
            "\(e)".contains("instance metadata service: AWS_EC2_METADATA_DISABLED is true")
        }
    }

    private func sts(_ env: [String: String], config: String = "") throws -> STSEndpoint {
        let roleProfile = "[profile r]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = k\n[profile k]\naws_access_key_id = A\naws_secret_access_key = B\n"
        guard case .assumeRole(let spec) = try source(env, config: roleProfile + config, profile: "r") else { throw CancellationError() }
        return spec.sts
    }

    @Test func stsEndpoints() throws {
        #expect(try sts(["AWS_REGION": "eu-west-3"]).endpoint.host == "sts.eu-west-3.amazonaws.com")
        #expect(try sts(["AWS_REGION": "eu-west-3"]).signingRegion == "eu-west-3")
        #expect(try sts(["AWS_REGION": "cn-north-1"]).endpoint.host == "sts.cn-north-1.amazonaws.com.cn")
        // The session's Region (smsh passes its own, as --region) wins over the environment's.
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write(".aws/config", "[profile r]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = k\n[profile k]\naws_access_key_id = A\naws_secret_access_key = B\n")
        guard case .assumeRole(let spec) = try AWSConfiguration(environment: dir.environment(["AWS_REGION": "eu-west-1"]), profile: "r",
                                                                 region: "ap-south-1").credentialSource() else { throw CancellationError() }
        #expect(spec.sts.endpoint.host == "sts.ap-south-1.amazonaws.com")
        // No Region: the global endpoint, signed for us-east-1.
        let global = try sts([:])
        #expect(global.endpoint.host == "sts.amazonaws.com" && global.signingRegion == "us-east-1")
        // legacy keeps the global endpoint for the Regions that had it, and only for them.
        #expect(try sts(["AWS_REGION": "us-west-2", "AWS_STS_REGIONAL_ENDPOINTS": "legacy"]).endpoint.host == "sts.amazonaws.com")
        #expect(try sts(["AWS_REGION": "af-south-1", "AWS_STS_REGIONAL_ENDPOINTS": "legacy"]).endpoint.host == "sts.af-south-1.amazonaws.com")
        #expect(try sts(["AWS_REGION": "us-west-2"], config: "[profile r2]\n").endpoint.host == "sts.us-west-2.amazonaws.com")
        #expect(throws: AWSConfigError.invalidConfig("STS regional endpoints option sometimes is invalid. Valid options are: \"legacy\", \"regional\"")) {
            try sts(["AWS_STS_REGIONAL_ENDPOINTS": "sometimes"])
        }
        // Service-specific endpoint variables beat the general one; --endpoint-url is Secrets Manager's only.
        let configured = try sts(["AWS_ENDPOINT_URL": "http://127.0.0.1:1", "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:2", "AWS_REGION": "eu-west-1"])
        #expect(configured.endpoint.port == 2 && configured.signingRegion == "eu-west-1")
    }

    @Test func containerSources() throws {
        guard case .container(let relative) = try source(["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc"]) else {
            Issue.record("not a container source")
            return
        }
        #expect(relative.url == "http://169.254.170.2/v2/credentials/abc")
        // The relative URI wins when both are set.
        guard case .container(let both) = try source(["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/x",
                                                      "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:9/y"]) else { return }
        #expect(both.url == "http://169.254.170.2/x")
        for allowed in ["https://example.com/creds", "http://127.0.0.1:80/c", "http://[::1]:80/c", "http://169.254.170.23/v1/credentials",
                        "http://localhost/c"] {
            #expect(throws: Never.self) { try source(["AWS_CONTAINER_CREDENTIALS_FULL_URI": allowed]) }
        }
        // The printed form never shows the token.
        guard case .container(let withToken) = try source(["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1/c",
                                                           "AWS_CONTAINER_AUTHORIZATION_TOKEN": "TOKENVALUE"]) else { return }
        #expect(withToken.authorizationToken == "TOKENVALUE" && !"\(CredentialSource.container(withToken))".contains("TOKENVALUE"))
    }
}
