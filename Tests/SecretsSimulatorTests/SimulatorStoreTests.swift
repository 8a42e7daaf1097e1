import Foundation
import SecretsCore
@testable import SecretsSimulator
import Testing

@Suite struct SimulatorStoreTests {
    static func key(_ name: String) -> SecretKey { SecretKey(region: "us-west-2", name: name) }
    static func record(_ name: String) -> SecretRecord {
        SecretRecord(name: name, region: "us-west-2", suffix: "abcdef", description: nil, kmsKeyId: nil, tags: [], type: nil,
                     versions: [], created: Date(timeIntervalSince1970: 0), lastChanged: Date(timeIntervalSince1970: 0),
                     lastAccessed: nil, deletionDate: nil, deletedDate: nil, primaryRegion: nil, replicas: [], availableAt: nil)
    }

    @Test func theRecordCacheKeepsWhatWasUsedLast() {
        var cache = RecordCache(generation: 2)
        for name in ["a", "b", "c"] { cache.set(Self.key(name), Self.record(name)) }
        #expect(cache.count == 3)
        #expect(cache.get(Self.key("a"))?.name == "a")
        cache.set(Self.key("d"), Self.record("d"))
        // b was neither written nor read since c filled the young generation: it is dropped.
        #expect(cache.get(Self.key("b")) == nil)
        #expect(cache.get(Self.key("a"))?.name == "a")
        #expect(cache.get(Self.key("c"))?.name == "c")
        #expect(cache.count <= 4)
        cache.set(Self.key("a"), nil)
        #expect(cache.get(Self.key("a")) == nil)
        for i in 0..<100 { cache.set(Self.key("n\(i)"), Self.record("n\(i)")) }
        #expect(cache.count <= 4)
    }

    @Test func aLongSessionKeepsABoundedNumberOfRecordsDecoded() async throws {
        let sim = try Sim(delay: 0)
        let count = 2 * RecordCache.defaultGeneration + 300
        for i in 0..<count { try await sim.create("many/\(i)") }
        for i in 0..<count { _ = try await sim.primary.describeSecret(.init(SecretId: "many/\(i)")) }
        let cached = sim.transport.store.statistics.cachedRecords
        #expect(cached > 0)
        #expect(cached <= 2 * RecordCache.defaultGeneration)
        // Evicted records are read again from the state.
        #expect(try await sim.primary.getSecretValue(.init(SecretId: "many/0")).SecretString == "s3cr3t")
        #expect(try await sim.primary.listSecrets().count == count)
    }
}
