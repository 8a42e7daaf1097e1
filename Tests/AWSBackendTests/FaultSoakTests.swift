import AWSBackend
import Foundation
import SecretsCore
import Testing
import TestSupport

/// A 300-command runbook (create, put, put, describe, get per secret) run by the smsh executable
/// against moto through the fault proxy, with one request in five answered by a fault: a 500,
/// a throttle, a reset before moto saw it, or a reset after moto applied it (the response lost).
///
/// The runbook is run as four smsh processes of 75 commands at once. smsh's backoff is
/// botocore's (uniform jitter up to 1 s, 2 s, ...), about 0.17 s per call on average at this
/// fault rate: one process would sleep ~50 s over 300 calls; four keep the test to ~15 s.
@Suite struct FaultSoakTests {
    static let processes = 4
    static let secretsPerProcess = 15
    static let faultRate = 0.2
    static let internalError = #"{"__type":"InternalServiceError","message":"An error occurred on the server side."}"#
    static let throttling = #"{"__type":"ThrottlingException","message":"Rate exceeded"}"#

    static func runbook(prefix: String) -> String {
        var lines = ["use region us-west-2"]
        for i in 1...secretsPerProcess {
            let name = "\(prefix)/s\(i)"
            lines += [
                "create \(name) value \"v0-\(i)\"",
                "put \(name) value \"v1-\(i)\"",
                "put \(name) value \"v2-\(i)\"",
                "describe \(name)",
                "get \(name)",
            ]
        }
        return lines.joined(separator: "\n")
    }

    @Test func runbookCompletesThroughTwentyPercentFaultsWithoutDuplicateVersions() async throws {
        let moto = try await Moto.url()
        // Three attempts (the default) lose 0.8% of calls at a 20% fault rate, two or three of
        // these 300: the soak checks that retries recover, so it gives them room to.
        let env = try TestEnvironment(extra: ["AWS_MAX_ATTEMPTS": "10"])
        defer { env.remove() }
        let proxy = try FaultProxy(upstream: moto)
        defer { proxy.stop() }
        proxy.injectRandomly(fraction: Self.faultRate, faults: [
            .respond(status: 500, body: Self.internalError),
            .respond(status: 400, body: Self.throttling),
            .reset,
            .forwardThenReset,
        ], seed: 0x50a4_2026)

        let prefixes = (0..<Self.processes).map { uniqueName("soak/p\($0)") }
        let started = Date()
        let runs = try await withThrowingTaskGroup(of: (String, ProcessResult).self) { group in
            for prefix in prefixes {
                group.addTask {
                    let run = try await AWSExampleRunbookTests.smsh(
                        ["--backend", "aws", "--endpoint-url", proxy.url.absoluteString, "--quiet", "-c", Self.runbook(prefix: prefix)], env: env)
                    return (prefix, run)
                }
            }
            var all: [(String, ProcessResult)] = []
            for try await r in group { all.append(r) }
            return all
        }
        let elapsed = Date().timeIntervalSince(started)
        let requests = proxy.requests.count
        print("fault soak: \(Self.processes * Self.secretsPerProcess * 5) commands, \(requests) requests, \(proxy.randomFaults) faults injected, \(String(format: "%.1f", elapsed)) s")

        for (prefix, run) in runs {
            #expect(run.status == 0, "\(prefix): \(run.stderr)")
        }
        // The proxy really did fault about one request in five (more requests than commands: the retries).
        #expect(requests > Self.processes * Self.secretsPerProcess * 5)
        #expect(Double(proxy.randomFaults) >= 0.1 * Double(requests), "\(proxy.randomFaults) of \(requests)")
        // How long the soak took is printed above, not asserted: it took 84 s next to two CPU
        // hogs (scripts/test --busy) against ~15 s idle, and a test must not fail on a busy machine.

        // Straight to moto, not through the proxy: three versions per secret, the last one current.
        let t = try env.transport(endpoint: moto)
        let client = SecretsManagerClient(transport: t, region: "us-west-2")
        for prefix in prefixes {
            for i in 1...Self.secretsPerProcess {
                let name = "\(prefix)/s\(i)"
                let d = try await client.describeSecret(DescribeSecretRequest(SecretId: name))
                let versions = d.VersionIdsToStages ?? [:]
                #expect(versions.count == 3, "\(name): \(versions)")
                #expect(versions.values.filter { $0.contains("AWSCURRENT") }.count == 1, "\(name): \(versions)")
                let value = try await client.getSecretValue(GetSecretValueRequest(SecretId: name)).SecretString
                #expect(value == "v2-\(i)")
            }
        }
        await t.shutdown()
    }
}
