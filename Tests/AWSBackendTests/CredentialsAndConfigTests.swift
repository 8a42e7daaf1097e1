import AWSBackend
import AWSConfig
import Foundation
import SecretsCore
import Testing

/// Credentials as the transport uses them over a session: fetched on the first call, kept while
/// valid, fetched again when they are about to expire; configuration problems reported as
/// AWSError so a script's `catch` sees them.
struct CredentialsAndConfigTests {
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        func increment() { lock.withLock { n += 1 } }
        var value: Int { lock.withLock { n } }
    }

    func transport(expiresIn seconds: TimeInterval, counter: Counter) async throws -> (HTTPTransport, TestEnvironment) {
        let env = try TestEnvironment(extra: ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""],
                                      config: "[default]\ncredential_process = fake-credentials --print\n")
        let runner: ProcessRunner = { argv, _ in
            counter.increment()
            let expiry = ISO8601DateFormatter().string(from: Date().addingTimeInterval(seconds))
            let json = #"{"Version": 1, "AccessKeyId": "ASIAFAKE", "SecretAccessKey": "fake", "SessionToken": "tok", "Expiration": "\#(expiry)"}"#
            #expect(argv == ["fake-credentials", "--print"])
            return ProcessOutput(status: 0, stdout: Array(json.utf8), stderr: [])
        }
        let config = try AWSConfiguration(environment: env.environment, endpointURL: try await Moto.url().absoluteString, processRunner: runner)
        var options = HTTPTransportOptions()
        options.jitter = { 0 }
        return (HTTPTransport(configuration: config, options: options), env)
    }

    @Test func longLivedCredentialsAreFetchedOnce() async throws {
        let counter = Counter()
        let (t, env) = try await transport(expiresIn: 3600, counter: counter)
        defer { env.remove() }
        #expect(counter.value == 0, "nothing is resolved before the first call")
        let client = SecretsManagerClient(transport: t, region: "us-east-1")
        for _ in 0..<3 { _ = try await client.listSecretsPage(ListSecretsRequest()) }
        #expect(counter.value == 1)
        await t.shutdown()
    }

    @Test func credentialsAboutToExpireAreFetchedAgain() async throws {
        let counter = Counter()
        // Inside the 10-minute refresh margin: every call must fetch new ones.
        let (t, env) = try await transport(expiresIn: 300, counter: counter)
        defer { env.remove() }
        let client = SecretsManagerClient(transport: t, region: "us-east-1")
        for _ in 0..<3 { _ = try await client.listSecretsPage(ListSecretsRequest()) }
        #expect(counter.value == 3)
        await t.shutdown()
    }

    @Test func noCredentialsSaysWhatWasTried() async throws {
        let env = try TestEnvironment(extra: ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""])
        defer { env.remove() }
        let t = try env.transport(endpoint: try await Moto.url())
        await #expect { try await t.send(operation: .listSecrets, region: "us-east-1", body: Data("{}".utf8)) } throws: { e in
            guard let e = e as? AWSError else { return false }
            return e.code == "NoCredentialsError" && e.message.contains("AWS_ACCESS_KEY_ID") && e.message.contains("credential_process")
        }
        await t.shutdown()
    }

    @Test func theDefaultEndpointIsTheRegionsOwnHTTPSEndpoint() throws {
        let env = try TestEnvironment()
        defer { env.remove() }
        let config = try AWSConfiguration(environment: env.environment)
        #expect(try config.resolveEndpoint(region: "eu-west-3").requestURL == "https://secretsmanager.eu-west-3.amazonaws.com/")
        #expect(try config.resolveEndpoint(region: "cn-north-1").requestURL == "https://secretsmanager.cn-north-1.amazonaws.com.cn/")
    }

    @Test func shutdownTwiceAndWithoutCallsIsFine() async throws {
        let env = try TestEnvironment()
        defer { env.remove() }
        let t = try env.transport(endpoint: try await Moto.url())
        await t.shutdown()
        await t.shutdown()
        // After shutdown a call fails cleanly instead of crashing.
        await #expect(throws: AWSError.self) { try await t.send(operation: .listSecrets, region: "us-east-1", body: Data("{}".utf8)) }
    }
}
