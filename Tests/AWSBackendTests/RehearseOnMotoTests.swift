import AWSBackend
import Foundation
import SecretsCore
import Testing
import TestSupport

/// `smsh rehearse --from-backend aws` against moto, through a proxy that records every request:
/// only the four read operations reach the account, and the account is as it was.
@Suite struct RehearseOnMotoTests {
    /// The read-only list (Rehearsal's ReadOnlyTransport.allowed), as X-Amz-Target values.
    static let readTargets: Set<String> = ["secretsmanager.DescribeSecret", "secretsmanager.ListSecrets",
                                           "secretsmanager.GetResourcePolicy", "secretsmanager.ListSecretVersionIds"]

    @Test func onlyReadsReachTheAccountAndNothingChanges() async throws {
        let env = try TestEnvironment()
        defer { env.remove() }
        let moto = try await Moto.url()
        let transport = try env.transport(endpoint: moto)
        // Shut down on every path: a client that is not shut down stops the test process.
        do {
            try await check(env: env, moto: moto, primary: SecretsManagerClient(transport: transport, region: "us-west-2"))
        } catch {
            await transport.shutdown()
            throw error
        }
        await transport.shutdown()
    }

    func check(env: TestEnvironment, moto: URL, primary: SecretsManagerClient) async throws {
        let db = uniqueName("rh/db"), cache = uniqueName("rh/cache"), fresh = uniqueName("rh/new")
        _ = try await primary.createSecret(CreateSecretRequest(Name: db, SecretString: #"{"user":"admin","password":"moto-secret-value"}"#,
                                                               Tags: [Tag(Key: "env", Value: "prod")]))
        _ = try await primary.replicateSecretToRegions(ReplicateSecretToRegionsRequest(SecretId: db, AddReplicaRegions: [ReplicaRegionType(Region: "eu-west-3")]))
        _ = try await primary.createSecret(CreateSecretRequest(Name: cache, SecretString: "cache-secret-value"))
        let before = try await primary.describeSecret(DescribeSecretRequest(SecretId: db))

        let script = env.directory.appendingPathComponent("runbook.smsh")
        try """
            use region us-west-2
            use reveal on
            print (get \(db)).SecretString
            put \(db) value "rotated-by-hand"
            remove \(db) from eu-west-3
            tag \(db) with team=platform
            delete \(cache) now
            create \(fresh) value "brand-new" replicate to ap-southeast-2
            """.write(to: script, atomically: true, encoding: .utf8)
        let proxy = try FaultProxy(upstream: moto)
        defer { proxy.stop() }
        let r = try await offThePool {
            try runProcess(smshBinary, ["rehearse", script.path, "--from-backend", "aws", "--endpoint-url", proxy.url.absoluteString,
                                        "--region", "us-west-2", "--json"], environment: env.environment)
        }
        #expect(r.status == 0, "\(r.stderr)")

        let targets = proxy.requests.map(\.target)
        #expect(targets.contains("secretsmanager.DescribeSecret"))
        #expect(targets.contains("secretsmanager.ListSecretVersionIds"))
        #expect(Set(targets).isSubset(of: Self.readTargets), "\(targets)")

        // The plan: every call of the runbook, in order, and what it changed on the copy.
        let plan = try JSONValue.parse(r.stdout)
        let operations = plan["calls"]?.arrayValue?.compactMap { $0["operation"]?.stringValue }
        #expect(operations == ["GetSecretValue", "PutSecretValue", "DescribeSecret", "RemoveRegionsFromReplication", "TagResource", "DeleteSecret", "CreateSecret"])
        let changes = plan["changes"]?.arrayValue?.compactMap { c in c["change"]?.stringValue.map { "\($0) \(c["secret"]?.stringValue ?? "")" } } ?? []
        #expect(changes.contains("replica-removed \(db)"))
        #expect(changes.contains("deleted \(cache)"))
        #expect(changes.contains("created \(fresh)"))
        #expect(changes.contains("replica-added \(fresh)"))
        #expect(plan["exitCode"] == .number(0))
        // Values never leave the account: the copy held a placeholder, the plan masks what the runbook sent.
        #expect(r.stderr.contains("rehearsal-placeholder"))
        #expect(!r.stdout.contains("moto-secret-value") && !r.stderr.contains("moto-secret-value"))
        #expect(!r.stdout.contains("rotated-by-hand") && !r.stdout.contains("brand-new"))

        // moto is as it was.
        let after = try await primary.describeSecret(DescribeSecretRequest(SecretId: db))
        #expect(after.VersionIdsToStages == before.VersionIdsToStages)
        #expect(after.ReplicationStatus?.map(\.Region) == ["eu-west-3"])
        #expect(after.Tags?.map(\.Key) == ["env"])
        #expect(try await primary.getSecretValue(GetSecretValueRequest(SecretId: cache)).SecretString == "cache-secret-value")
        await #expect(throws: AWSError.self) { try await primary.describeSecret(DescribeSecretRequest(SecretId: fresh)) }
    }

    /// `--filter`: the secrets come from ListSecrets (with its filters), then each is described.
    @Test func aFilterReadsWhatListSecretsFinds() async throws {
        let env = try TestEnvironment()
        defer { env.remove() }
        let moto = try await Moto.url()
        let transport = try env.transport(endpoint: moto)
        let prefix = uniqueName("rhf") + "/"
        do {
            let client = SecretsManagerClient(transport: transport, region: "us-west-2")
            for name in ["a", "b"] { _ = try await client.createSecret(CreateSecretRequest(Name: prefix + name, SecretString: "v")) }
            let script = env.directory.appendingPathComponent("list.smsh")
            try "for s in (list prefix \"\(prefix)\") { print $s.Name }\n".write(to: script, atomically: true, encoding: .utf8)
            let proxy = try FaultProxy(upstream: moto)
            defer { proxy.stop() }
            let r = try await offThePool {
                try runProcess(smshBinary, ["rehearse", script.path, "--from-backend", "aws", "--endpoint-url", proxy.url.absoluteString,
                                            "--region", "us-west-2", "--filter", "name=\(prefix)", "--json"], environment: env.environment)
            }
            #expect(r.status == 0, "\(r.stderr)")
            let targets = proxy.requests.map(\.target)
            #expect(targets.contains("secretsmanager.ListSecrets"))
            #expect(Set(targets).isSubset(of: Self.readTargets), "\(targets)")
            let plan = try JSONValue.parse(r.stdout)
            #expect(plan["copied"] == .array([.string("\(prefix)a in us-west-2"), .string("\(prefix)b in us-west-2")]))
            #expect(r.stderr == "\(prefix)a\n\(prefix)b\n")
        } catch {
            await transport.shutdown()
            throw error
        }
        await transport.shutdown()
    }
}
