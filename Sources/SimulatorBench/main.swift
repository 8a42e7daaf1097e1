import Foundation
import SecretsCore
import SecretsSimulator

// Requests per second through SecretsManagerClient and the simulator: a mix of CreateSecret,
// ReplicateSecretToRegions and DescribeSecret, one of each per secret.
// usage: smsh-bench-simulator [--state PATH|:memory:] [--secrets N]

var statePath = ":memory:"
var secrets = 5_000
var args = CommandLine.arguments.dropFirst()
while let arg = args.popFirst() {
    switch arg {
    case "--state": statePath = args.popFirst() ?? statePath
    case "--secrets": secrets = args.popFirst().flatMap(Int.init) ?? secrets
    default:
        FileHandle.standardError.write(Data("usage: smsh-bench-simulator [--state PATH|:memory:] [--secrets N]\n".utf8))
        exit(2)
    }
}

/// Runs off the main actor so that no call hops between executors: what is timed is the client and
/// the simulator, not task switches.
/// `raw`: the JSON call the language makes (`SecretsManagerClient.call`); otherwise the typed methods.
nonisolated func measure(statePath: String, secrets: Int, raw: Bool) async throws -> (perOperation: [String: Duration], total: Duration) {
    let transport = try SimulatorTransport(options: SimulatorOptions(statePath: statePath, replicationDelay: 0))
    let client = SecretsManagerClient(transport: transport, region: "us-west-2")
    let run = UUID().uuidString.prefix(8)
    let clock = ContinuousClock()
    var timings: [String: Duration] = [:]
    let total = clock.now
    for i in 0..<secrets {
        let name = "bench-\(run)-\(i)"
        var start = clock.now
        if raw {
            _ = try await client.call(.createSecret, body: .object([("Name", .string(name)), ("SecretString", .string("value-\(i)"))]))
        } else {
            _ = try await client.createSecret(CreateSecretRequest(Name: name, SecretString: "value-\(i)"))
        }
        timings["CreateSecret", default: .zero] += clock.now - start
        start = clock.now
        if raw {
            _ = try await client.call(.replicateSecretToRegions, body: .object([
                ("SecretId", .string(name)), ("AddReplicaRegions", .array([.object([("Region", .string("eu-west-3"))])]))]))
        } else {
            _ = try await client.replicateSecretToRegions(ReplicateSecretToRegionsRequest(SecretId: name, AddReplicaRegions: [ReplicaRegionType(Region: "eu-west-3")]))
        }
        timings["ReplicateSecretToRegions", default: .zero] += clock.now - start
        start = clock.now
        if raw {
            _ = try await client.call(.describeSecret, body: .object([("SecretId", .string(name))]))
        } else {
            _ = try await client.describeSecret(DescribeSecretRequest(SecretId: name))
        }
        timings["DescribeSecret", default: .zero] += clock.now - start
    }
    return (timings, clock.now - total)
}

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
func column(_ s: String) -> String { s.padding(toLength: 26, withPad: " ", startingAt: 0) }

print("state: \(statePath), \(secrets) secrets, one CreateSecret, ReplicateSecretToRegions and DescribeSecret each")
for raw in [true, false] {
    let result = try await measure(statePath: statePath, secrets: secrets, raw: raw)
    print(raw ? "  JSON calls (client.call, as smsh runs them):" : "  typed calls (client.createSecret(...), Codable shapes):")
    for name in ["CreateSecret", "ReplicateSecretToRegions", "DescribeSecret"] {
        let s = seconds(result.perOperation[name] ?? .zero)
        print("    \(column(name)) \(String(format: "%8.0f", Double(secrets) / s)) requests/s")
    }
    let totalSeconds = seconds(result.total)
    print("    \(column("mix")) \(String(format: "%8.0f", Double(secrets * 3) / totalSeconds)) requests/s (\(secrets * 3) requests in \(String(format: "%.2f", totalSeconds)) s)")
}
