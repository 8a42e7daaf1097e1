import AWSBackend
import AWSConfig
import Foundation
import SecretsCore
import Testing

/// Faults injected by a loopback proxy in front of moto: what botocore's standard mode retries
/// must be retried (and then succeed, with the same body on every attempt), and what it does
/// not retry must fail at once. Backoff jitter is pinned to 0 so these tests do not sleep.
@Suite struct RetryAndFaultTests {
    static let throttling = #"{"__type":"ThrottlingException","message":"Rate exceeded"}"#
    static let internalError = #"{"__type":"InternalServiceError","message":"An error occurred on the server side."}"#

    func withProxy(extra: [String: String] = [:], requestTimeout: TimeInterval = 30,
                   _ body: (FaultProxy, SecretsManagerClient) async throws -> Void) async throws {
        let env = try TestEnvironment(extra: extra)
        defer { env.remove() }
        let proxy = try FaultProxy(upstream: try await Moto.url())
        defer { proxy.stop() }
        let t = try env.transport(endpoint: proxy.url, requestTimeout: requestTimeout)
        try await body(proxy, SecretsManagerClient(transport: t, region: "us-west-2"))
        await t.shutdown()
    }

    @Test func legacyModeMakesFiveAttempts() async throws {
        try await withProxy(extra: ["AWS_RETRY_MODE": "legacy"]) { proxy, client in
            proxy.inject(Array(repeating: .respond(status: 500, body: Self.internalError), count: 4))
            let name = uniqueName("retry/legacy")
            _ = try await client.createSecret(CreateSecretRequest(Name: name, SecretString: "v"))
            #expect(proxy.requests.filter { $0.target == "secretsmanager.CreateSecret" }.count == 5)
        }
    }

    @Test func adaptiveModeSlowsDownAfterThrottling() async throws {
        let env = try TestEnvironment(extra: ["AWS_RETRY_MODE": "adaptive", "AWS_MAX_ATTEMPTS": "4"])
        defer { env.remove() }
        let proxy = try FaultProxy(upstream: try await Moto.url())
        defer { proxy.stop() }
        let lines = LineCollector()
        let t = try env.transport(endpoint: proxy.url, debug: { lines.append($0) })
        let client = SecretsManagerClient(transport: t, region: "us-west-2")
        // Nothing is paced before the first throttling answer.
        _ = try? await client.describeSecret(DescribeSecretRequest(SecretId: uniqueName("retry/none")))
        #expect(!lines.lines.contains { $0.contains("adaptive retry mode") })
        proxy.inject([.respond(status: 400, body: Self.throttling), .respond(status: 400, body: Self.throttling)])
        let name = uniqueName("retry/adaptive")
        _ = try await client.createSecret(CreateSecretRequest(Name: name, SecretString: "v"))
        await t.shutdown()
        #expect(proxy.requests.filter { $0.target == "secretsmanager.CreateSecret" }.count == 3)
        // After throttling the send rate is cut below one request a second, so a later attempt
        // waited for a token.
        #expect(lines.lines.contains { $0.hasPrefix("[debug] adaptive retry mode: waited ") })
    }

    @Test func serverErrorsAreRetriedWithTheSameBody() async throws {
        try await withProxy { proxy, client in
            proxy.inject([.respond(status: 500, body: Self.internalError), .respond(status: 503, body: "<html>Service Unavailable</html>")])
            let name = uniqueName("retry/500")
            let created = try await client.createSecret(CreateSecretRequest(Name: name, SecretString: "v"))
            #expect(created.Name == name)
            let attempts = proxy.requests.filter { $0.target == "secretsmanager.CreateSecret" }
            #expect(attempts.count == 3)
            // The idempotency token (and everything else) is identical on every attempt.
            #expect(Set(attempts.map(\.body)).count == 1)
            let token = try JSONValue.parse(attempts[0].body)["ClientRequestToken"]?.stringValue
            #expect(token != nil)
            // moto stores the token as the version id, so the secret exists exactly once with it.
            let d = try await client.describeSecret(DescribeSecretRequest(SecretId: name))
            #expect(d.VersionIdsToStages?.keys.contains(token ?? "") == true)
        }
    }

    @Test func throttlingIsRetried() async throws {
        try await withProxy { proxy, client in
            let name = uniqueName("retry/throttle")
            _ = try await client.createSecret(CreateSecretRequest(Name: name, SecretString: "v"))
            proxy.inject([.respond(status: 400, body: Self.throttling), .respond(status: 400, body: Self.throttling)])
            let d = try await client.describeSecret(DescribeSecretRequest(SecretId: name))
            #expect(d.Name == name)
            #expect(proxy.requests.filter { $0.target == "secretsmanager.DescribeSecret" }.count == 3)
        }
    }

    @Test func connectionResetsAreRetried() async throws {
        try await withProxy { proxy, client in
            let name = uniqueName("retry/reset")
            proxy.inject([.reset, .reset])
            let created = try await client.createSecret(CreateSecretRequest(Name: name, SecretString: "v"))
            #expect(created.Name == name)
            let attempts = proxy.requests.filter { $0.target == "secretsmanager.CreateSecret" }
            #expect(attempts.count == 3)
            #expect(Set(attempts.map(\.body)).count == 1)
        }
    }

    @Test func givesUpAfterMaxAttemptsWithTheLastError() async throws {
        try await withProxy { proxy, client in
            proxy.inject(Array(repeating: .respond(status: 500, body: Self.internalError), count: 5))
            await #expect { try await client.describeSecret(DescribeSecretRequest(SecretId: "whatever")) } throws: { e in
                guard let e = e as? AWSError else { return false }
                return e.code == "InternalServiceError" && e.httpStatus == 500 && e.message.contains("after 3 attempts")
            }
            #expect(proxy.requests.count == 3)
        }
    }

    @Test func maxAttemptsComesFromTheEnvironment() async throws {
        try await withProxy(extra: ["AWS_MAX_ATTEMPTS": "5"]) { proxy, client in
            let name = uniqueName("retry/max")
            _ = try await client.createSecret(CreateSecretRequest(Name: name, SecretString: "v"))
            proxy.inject(Array(repeating: .respond(status: 502, body: "bad gateway"), count: 4))
            #expect(try await client.describeSecret(DescribeSecretRequest(SecretId: name)).Name == name)
            #expect(proxy.requests.filter { $0.target == "secretsmanager.DescribeSecret" }.count == 5)
        }
    }

    @Test(arguments: [
        (403, #"{"__type":"UnrecognizedClientException","message":"The security token included in the request is invalid."}"#, "UnrecognizedClientException"),
        (400, #"{"__type":"com.amazon.coral.service#AccessDeniedException","message":"denied"}"#, "AccessDeniedException"),
        (400, #"{"__type":"LimitExceededException","message":"too many versions"}"#, "LimitExceededException"),
        (400, #"{"__type":"ValidationException","Message":"bad input"}"#, "ValidationException"),
    ])
    func authQuotaAndValidationErrorsAreNotRetried(status: Int, body: String, code: String) async throws {
        try await withProxy { proxy, client in
            proxy.inject([.respond(status: status, body: body)])
            await #expect { try await client.describeSecret(DescribeSecretRequest(SecretId: "x")) } throws: { e in
                guard let e = e as? AWSError else { return false }
                return e.code == code && e.httpStatus == status && !e.message.contains("attempts")
            }
            #expect(proxy.requests.count == 1)
        }
    }

    @Test func aNonJSONErrorBodyBecomesItsStatusAndText() async throws {
        try await withProxy(extra: ["AWS_MAX_ATTEMPTS": "1"]) { proxy, client in
            proxy.inject([.respond(status: 502, body: "<html>Bad Gateway</html>")])
            await #expect { try await client.describeSecret(DescribeSecretRequest(SecretId: "x")) } throws: { e in
                guard let e = e as? AWSError else { return false }
                return e.code == "502" && e.message == "<html>Bad Gateway</html>"
            }
        }
    }

    @Test func aRefusedConnectionNamesTheEndpointAfterRetrying() async throws {
        let env = try TestEnvironment()
        defer { env.remove() }
        let refusing = try RefusingPort()
        defer { withExtendedLifetime(refusing) {} }
        let port = refusing.port
        let endpoint = try #require(URL(string: refusing.url))
        let t = try env.transport(endpoint: endpoint)
        let client = SecretsManagerClient(transport: t, region: "us-east-1")
        await #expect { try await client.describeSecret(DescribeSecretRequest(SecretId: "x")) } throws: { e in
            guard let e = e as? AWSError else { return false }
            return e.code == "EndpointConnectionError" && e.message.contains("http://127.0.0.1:\(port)/")
                && e.message.contains("after 3 attempts")
        }
        await t.shutdown()
    }

    // The request hangs and times out only after an hour: the call can end only by being
    // cancelled, so the test waits for events (the request reaching the proxy, the task ending),
    // not for a clock; the time limit only catches a hang.
    @Test(.timeLimit(.minutes(5))) func cancellingTheTaskCancelsTheRequestInFlight() async throws {
        try await withProxy(requestTimeout: 3600) { proxy, client in
            proxy.inject([.hang])
            let task = Task { try await client.describeSecret(DescribeSecretRequest(SecretId: "x")) }
            while proxy.requests.isEmpty { try await Task.sleep(nanoseconds: 10_000_000) }
            task.cancel()
            let result = await task.result
            #expect(throws: CancellationError.self) { try result.get() }
            #expect(proxy.requests.count == 1, "a cancelled call is not retried")
        }
    }

    @Test func aRequestTimeoutIsRetriedThenReported() async throws {
        let env = try TestEnvironment(extra: ["AWS_MAX_ATTEMPTS": "2"])
        defer { env.remove() }
        let proxy = try FaultProxy(upstream: try await Moto.url())
        defer { proxy.stop() }
        proxy.inject([.hang, .hang])
        let t = try env.transport(endpoint: proxy.url, requestTimeout: 0.5)
        let client = SecretsManagerClient(transport: t, region: "us-east-1")
        await #expect { try await client.describeSecret(DescribeSecretRequest(SecretId: "x")) } throws: { e in
            guard let e = e as? AWSError else { return false }
            return e.code == "ReadTimeoutError" && e.message.contains(proxy.url.absoluteString)
        }
        #expect(proxy.requests.count == 2)
        await t.shutdown()
    }
}
