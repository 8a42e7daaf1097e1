import SecretsCore
import SecretsSimulator
import Testing
@testable import SmshREPL

@Suite struct SecretNameCacheTests {
    func simulator(secrets count: Int) async throws -> SimulatorTransport {
        let sim = try SimulatorTransport(options: SimulatorOptions(statePath: ":memory:", replicationDelay: 0))
        let client = SecretsManagerClient(transport: sim, region: "us-east-1")
        for i in 1...count {
            _ = try await client.createSecret(CreateSecretRequest(Name: "s-\(i)", SecretString: "v"))
        }
        return sim
    }

    @Test func listsEveryPageAndFollowsDeletions() async throws {
        let sim = try await simulator(secrets: 250)
        let cache = SecretNameCache()
        await cache.refresh(transport: sim, region: "us-east-1").value
        #expect(Set(cache.current) == Set((1...250).map { "s-\($0)" }))
        let client = SecretsManagerClient(transport: sim, region: "us-east-1")
        _ = try await client.deleteSecret(DeleteSecretRequest(SecretId: "s-7", ForceDeleteWithoutRecovery: true))
        await cache.refresh(transport: sim, region: "us-east-1").value
        #expect(cache.current.count == 249)
        #expect(!cache.current.contains("s-7"))
    }

    @Test func anotherRegionHasOtherNames() async throws {
        let sim = try await simulator(secrets: 3)
        let cache = SecretNameCache()
        await cache.refresh(transport: sim, region: "us-east-1").value
        #expect(cache.current.count == 3)
        await cache.refresh(transport: sim, region: "eu-west-3").value
        #expect(cache.current.isEmpty)
    }
}
