import Foundation
import Testing
@testable import AWSConfig

@Suite("Region and endpoint resolution")
struct RegionEndpointTests {
    func configuration(_ dir: TempDir, config: String = "", env: [String: String] = [:], profile: String? = nil,
                       region: String? = nil, endpointURL: String? = nil) throws -> AWSConfiguration {
        try dir.write(".aws/config", config)
        return try AWSConfiguration(environment: dir.environment(env), profile: profile, region: region, endpointURL: endpointURL)
    }

    static let regionConfig = "[default]\nregion = eu-west-1\n[profile other]\nregion = ap-northeast-1\n"

    @Test func regionPrecedence() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let all = ["AWS_REGION": "us-east-2", "AWS_DEFAULT_REGION": "us-west-1"]
        #expect(try configuration(dir, config: Self.regionConfig, env: all, region: "sa-east-1").resolveRegion() == .init("sa-east-1", source: "--region"))
        #expect(try configuration(dir, config: Self.regionConfig, env: all).resolveRegion() == .init("us-east-2", source: "AWS_REGION"))
        #expect(try configuration(dir, config: Self.regionConfig, env: ["AWS_DEFAULT_REGION": "us-west-1"]).resolveRegion()
            == .init("us-west-1", source: "AWS_DEFAULT_REGION"))
        let fromProfile = try configuration(dir, config: Self.regionConfig).resolveRegion()
        #expect(fromProfile.value == "eu-west-1")
        #expect(fromProfile.source.contains("profile 'default' in \(dir.path)/.aws/config"))
        #expect(try configuration(dir, config: Self.regionConfig, profile: "other").resolveRegion().value == "ap-northeast-1")
        #expect(try configuration(dir, config: Self.regionConfig, env: ["AWS_PROFILE": "other"]).resolveRegion().value == "ap-northeast-1")
        // Empty variables count as unset.
        #expect(try configuration(dir, config: Self.regionConfig, env: ["AWS_REGION": "", "AWS_DEFAULT_REGION": ""]).resolveRegion().value == "eu-west-1")
    }

    @Test func regionFromTheCredentialsFileCountsToo() throws {
        // botocore merges the credentials file into the profile, so its `region` is honoured.
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write(".aws/credentials", "[default]\nregion = me-south-1\n")
        #expect(try configuration(dir).resolveRegion().value == "me-south-1")
    }

    @Test func missingAndInvalidRegions() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let error = #expect(throws: AWSConfigError.self) { try configuration(dir).resolveRegion() }
        #expect(error.map { "\($0)" }?.contains("Tried: --region, AWS_REGION, AWS_DEFAULT_REGION, region in profile 'default'") == true)
        #expect(throws: AWSConfigError.invalidRegion("us-east-1.evil.com/", source: "--region")) {
            try configuration(dir, region: "us-east-1.evil.com/").resolveRegion()
        }
        #expect(throws: AWSConfigError.invalidRegion("-us", source: "AWS_REGION")) {
            try configuration(dir, env: ["AWS_REGION": "-us"]).resolveRegion()
        }
    }

    @Test("default endpoints by partition", arguments: [
        ("us-east-1", false, "https://secretsmanager.us-east-1.amazonaws.com"),
        ("eu-west-3", false, "https://secretsmanager.eu-west-3.amazonaws.com"),
        ("us-west-2", true, "https://secretsmanager-fips.us-west-2.amazonaws.com"),
        ("cn-north-1", false, "https://secretsmanager.cn-north-1.amazonaws.com.cn"),
        ("cn-northwest-1", true, "https://secretsmanager-fips.cn-northwest-1.amazonaws.com.cn"),
        ("us-gov-west-1", true, "https://secretsmanager-fips.us-gov-west-1.amazonaws.com"),
        ("us-iso-east-1", false, "https://secretsmanager.us-iso-east-1.c2s.ic.gov"),
        ("xx-foo-9", false, "https://secretsmanager.xx-foo-9.amazonaws.com"),
    ])
    func defaultEndpoint(region: String, fips: Bool, url: String) throws {
        let e = try EndpointResolver.resolve(region: region, useFIPS: fips, configured: nil)
        #expect(e.url == url)
        #expect(e.requestURL == url + "/")
        #expect(e.hostHeader == String(url.dropFirst("https://".count)))
    }

    @Test func endpointPrecedenceFollowsBotocore() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let config = """
            [default]
            services = local
            endpoint_url = http://profile-endpoint:1
            [services local]
            secrets_manager =
              endpoint_url = http://services-endpoint:2
            """
        let env = ["AWS_ENDPOINT_URL_SECRETS_MANAGER": "http://service-env:3", "AWS_ENDPOINT_URL": "http://global-env:4"]
        func endpoint(_ env: [String: String], flag: String? = nil, config: String = config) throws -> ResolvedEndpoint {
            try configuration(dir, config: config, env: env, endpointURL: flag).resolveEndpoint(region: "us-east-1")
        }
        #expect(try endpoint(env, flag: "http://flag:5").url == "http://flag:5")
        #expect(try endpoint(env, flag: "http://flag:5").source == "--endpoint-url")
        #expect(try endpoint(env).url == "http://service-env:3")
        #expect(try endpoint(["AWS_ENDPOINT_URL": "http://global-env:4"]).url == "http://global-env:4")
        #expect(try endpoint([:]).url == "http://services-endpoint:2")
        #expect(try endpoint([:]).source == "secrets_manager.endpoint_url in [services local]")
        #expect(try endpoint([:], config: "[default]\nendpoint_url = http://profile-endpoint:1\n").url == "http://profile-endpoint:1")
        #expect(try endpoint([:], config: "").url == "https://secretsmanager.us-east-1.amazonaws.com")
        // Ignoring configured endpoints leaves only the flag.
        #expect(try endpoint(env.merging(["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"]) { $1 }).url == "https://secretsmanager.us-east-1.amazonaws.com")
        #expect(try endpoint([:], config: config + "\n[profile x]\n").url == "http://services-endpoint:2")
        #expect(try endpoint([:], config: "[default]\nignore_configured_endpoint_urls = TRUE\nendpoint_url = http://p:1\n").source.contains("endpoint of us-east-1"))
        #expect(try endpoint(env.merging(["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"]) { $1 }, flag: "http://flag:5").url == "http://flag:5")
        #expect(throws: AWSConfigError.servicesSectionMissing(profile: "default", section: "missing")) {
            try endpoint([:], config: "[default]\nservices = missing\n")
        }
    }

    @Test func customEndpointServesEveryRegion() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let c = try configuration(dir, endpointURL: "http://127.0.0.1:5000")
        #expect(try c.resolveEndpoint(region: "eu-west-3") == c.resolveEndpoint(region: "us-east-1"))
    }

    @Test func fips() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        #expect(try configuration(dir, env: ["AWS_USE_FIPS_ENDPOINT": "true"]).resolveEndpoint(region: "us-east-2").url
            == "https://secretsmanager-fips.us-east-2.amazonaws.com")
        #expect(try configuration(dir, config: "[default]\nuse_fips_endpoint = True\n").resolveEndpoint(region: "us-east-2").url
            == "https://secretsmanager-fips.us-east-2.amazonaws.com")
        // The environment wins over the profile, and only "true" means true.
        #expect(try configuration(dir, config: "[default]\nuse_fips_endpoint = true\n", env: ["AWS_USE_FIPS_ENDPOINT": "false"]).useFIPS() == false)
        #expect(try configuration(dir, env: ["AWS_USE_FIPS_ENDPOINT": "1"]).useFIPS() == false)
        // The rule set refuses FIPS with a custom endpoint rather than ignoring one of them.
        #expect(throws: AWSConfigError.fipsWithCustomEndpoint(endpoint: "http://x:1", source: "--endpoint-url")) {
            try configuration(dir, env: ["AWS_USE_FIPS_ENDPOINT": "true"], endpointURL: "http://x:1").resolveEndpoint(region: "us-east-1")
        }
    }

    @Test("custom endpoint URLs", arguments: [
        ("http://127.0.0.1:5000", "http", "127.0.0.1", 5000, "", "127.0.0.1:5000", "http://127.0.0.1:5000/"),
        ("https://Example.COM:443", "https", "example.com", 443, "", "example.com", "https://example.com:443/"),
        ("http://localhost:80/", "http", "localhost", 80, "", "localhost", "http://localhost:80/"),
        ("HTTP://[::1]:4566", "http", "[::1]", 4566, "", "[::1]:4566", "http://[::1]:4566/"),
        ("http://localhost:4566/proxy", "http", "localhost", 4566, "/proxy", "localhost:4566", "http://localhost:4566/proxy"),
        ("https://sm.internal", "https", "sm.internal", nil, "", "sm.internal", "https://sm.internal/"),
    ])
    func customEndpoint(url: String, scheme: String, host: String, port: Int?, basePath: String, hostHeader: String, requestURL: String) throws {
        let e = try EndpointResolver.parse(url, source: "test")
        #expect(e.scheme == scheme)
        #expect(e.host == host)
        #expect(e.port == port)
        #expect(e.basePath == basePath)
        #expect(e.hostHeader == hostHeader)
        #expect(e.requestURL == requestURL)
    }

    @Test("bad endpoint URLs", arguments: [
        ("localhost:5000", "expected http:// or https://"),
        ("ftp://host", "the scheme must be http or https"),
        ("http://", "no host"),
        ("http://user:pw@host", "user information is not allowed"),
        ("http://host:port", "bad port"),
        ("http://host:70000", "port out of range"),
        ("http://host/?a=b", "a query or fragment is not allowed"),
        ("http://[::1", "unclosed IPv6 address"),
    ])
    func badEndpoint(url: String, reason: String) {
        #expect(throws: AWSConfigError.invalidEndpoint(url, source: "AWS_ENDPOINT_URL", reason: reason)) {
            try EndpointResolver.parse(url, source: "AWS_ENDPOINT_URL")
        }
    }

    @Test func partitions() {
        #expect(EndpointResolver.partition(of: "us-gov-east-1").name == "aws-us-gov")
        #expect(EndpointResolver.partition(of: "us-isob-east-1").name == "aws-iso-b")
        #expect(EndpointResolver.partition(of: "eu-isoe-west-1").name == "aws-iso-e")
        #expect(EndpointResolver.partition(of: "cn-north-1").name == "aws-cn")
        #expect(EndpointResolver.partition(of: "eu-west-1").name == "aws")
        #expect(EndpointResolver.partition(of: "cn-north-x").name == "aws")
    }
}
