import Foundation
import Testing
import SecretsCore
@testable import SecretsSimulator

/// Every path that deletes or rewrites a secret in another Region (remove, force overwrite,
/// delete, promote, a new version) acts on a primary's own replica only, never on another secret
/// that happens to have the same name in that Region.
@Suite struct ReplicaOwnershipTests {
    /// A standalone secret with two versions in `region`, so that a lost history shows.
    @discardableResult
    func standalone(_ sim: Sim, _ name: String, in region: String) async throws -> String? {
        let c = sim.client(region)
        let created = try await c.createSecret(.init(Name: name, SecretString: "old-\(region)"))
        _ = try await c.putSecretValue(.init(SecretId: name, SecretString: "mine-\(region)"))
        return created.ARN
    }

    /// What a user of the standalone secret sees: both values, its own ARN, itself as primary.
    func expectIntact(_ sim: Sim, _ name: String, in region: String, arn: String?,
                      sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let c = sim.client(region)
        #expect(try await c.getSecretValue(.init(SecretId: name)).SecretString == "mine-\(region)", sourceLocation: sourceLocation)
        #expect(try await c.getSecretValue(.init(SecretId: name, VersionStage: "AWSPREVIOUS")).SecretString == "old-\(region)",
                sourceLocation: sourceLocation)
        let d = try await c.describeSecret(.init(SecretId: name))
        #expect(d.ARN == arn, sourceLocation: sourceLocation)
        // A standalone secret reports no PrimaryRegion.
        #expect(d.PrimaryRegion == nil, sourceLocation: sourceLocation)
        #expect(d.VersionIdsToStages?.count == 2, sourceLocation: sourceLocation)
    }

    func notFound(_ sim: Sim, _ name: String, in region: String) async -> Bool {
        await awsError { _ = try await sim.client(region).describeSecret(.init(SecretId: name)) }?.code == "ResourceNotFoundException"
    }

    func replicate(_ sim: Sim, _ name: String, to region: String, key: String? = nil, force: Bool = false) async throws {
        _ = try await sim.primary.replicateSecretToRegions(.init(SecretId: name, AddReplicaRegions: [.init(Region: region, KmsKeyId: key)],
                                                                 ForceOverwriteReplicaSecret: force))
    }

    func remove(_ sim: Sim, _ name: String, from region: String) async throws -> [ReplicationStatusType]? {
        try await sim.primary.removeRegionsFromReplication(.init(SecretId: name, RemoveReplicaRegions: [region])).ReplicationStatus
    }

    @Test func removingAReplicaThatFailedOnTheNameKeepsTheSecretOfThatName() async throws {
        // The issue's steps: P in eu-west-3, another P in us-east-1 replicated there without force.
        let sim = try Sim(region: "us-east-1")
        let arn = try await standalone(sim, "P", in: "eu-west-3")
        try await sim.create("P", value: "primary")
        try await replicate(sim, "P", to: "eu-west-3")
        sim.clock.advance(3)
        #expect(try await sim.statuses("P") == ["eu-west-3": .Failed])
        // A new version of the primary does not reach the other secret either.
        _ = try await sim.primary.putSecretValue(.init(SecretId: "P", SecretString: "primary-v2"))
        try await expectIntact(sim, "P", in: "eu-west-3", arn: arn)

        #expect(try await remove(sim, "P", from: "eu-west-3") == [])
        try await expectIntact(sim, "P", in: "eu-west-3", arn: arn)
        #expect(try await sim.primary.getSecretValue(.init(SecretId: "P")).SecretString == "primary-v2")
    }

    @Test func removingAReplicaThatFailedOnItsKeyKeepsASecretCreatedThereAfterwards() async throws {
        let sim = try Sim()
        try await sim.transport.inject(.missingKey(key: "alias/gone", region: "eu-west-3"))
        try await sim.create("K")
        try await replicate(sim, "K", to: "eu-west-3", key: "alias/gone")
        sim.clock.advance(3)
        #expect(try await sim.statuses("K") == ["eu-west-3": .Failed])
        // A Failed replica holds nothing, so the name is free in its Region.
        let arn = try await standalone(sim, "K", in: "eu-west-3")
        _ = try await remove(sim, "K", from: "eu-west-3")
        try await expectIntact(sim, "K", in: "eu-west-3", arn: arn)
    }

    @Test func aReplicaThatBecomesFailedLaterNeverDeletesASecretCreatedMeanwhile() async throws {
        // During an outage the replica is InProgress, and its failure is only revealed later.
        let sim = try Sim()
        try await sim.transport.inject(.outage(region: "eu-west-3"))
        try await sim.transport.inject(.outage(region: "eu-west-1"))
        try await sim.create("O")
        try await replicate(sim, "O", to: "eu-west-3")
        try await replicate(sim, "O", to: "eu-west-1", force: true)
        #expect(try await sim.statuses("O") == ["eu-west-3": .InProgress, "eu-west-1": .InProgress])
        // The Regions come back (an outage refuses every call sent there) before the replicas'
        // failure is revealed: it was decided when replication started.
        try await sim.transport.clearFaults()
        #expect(try await sim.statuses("O") == ["eu-west-3": .InProgress, "eu-west-1": .InProgress])
        let arn3 = try await standalone(sim, "O", in: "eu-west-3")
        let arn1 = try await standalone(sim, "O", in: "eu-west-1")

        // Removed while still InProgress...
        #expect(try await remove(sim, "O", from: "eu-west-3")?.map(\.Region) == ["eu-west-1"])
        try await expectIntact(sim, "O", in: "eu-west-3", arn: arn3)
        // ...or after it turned Failed: a forced replication overwrites only what was there when it started.
        sim.clock.advance(60)
        #expect(try await sim.statuses("O") == ["eu-west-1": .Failed])
        try await expectIntact(sim, "O", in: "eu-west-1", arn: arn1)
        _ = try await remove(sim, "O", from: "eu-west-1")
        try await expectIntact(sim, "O", in: "eu-west-1", arn: arn1)
    }

    @Test func removingAnInProgressReplicaDeletesItAndItNeverAppears() async throws {
        let sim = try Sim()
        try await sim.create("Early")
        try await replicate(sim, "Early", to: "eu-west-3")
        #expect(try await remove(sim, "Early", from: "eu-west-3") == [])
        sim.clock.advance(3)
        #expect(await notFound(sim, "Early", in: "eu-west-3"))
        // The name is free there again.
        let arn = try await standalone(sim, "Early", in: "eu-west-3")
        try await expectIntact(sim, "Early", in: "eu-west-3", arn: arn)
    }

    @Test func aForcedReplicaReplacesTheSecretOnceAndRemovingItLeavesTheRegionEmpty() async throws {
        let sim = try Sim(delay: 0)
        try await standalone(sim, "F", in: "eu-west-3")
        try await sim.create("F", value: "primary")
        try await replicate(sim, "F", to: "eu-west-3", force: true)
        let replica = try await sim.client("eu-west-3").describeSecret(.init(SecretId: "F"))
        #expect(replica.PrimaryRegion == "us-west-2")
        #expect(try await sim.client("eu-west-3").getSecretValue(.init(SecretId: "F")).SecretString == "primary")
        // The replaced secret's history went with it: the replica has the primary's one version.
        #expect(replica.VersionIdsToStages?.count == 1)

        _ = try await remove(sim, "F", from: "eu-west-3")
        #expect(await notFound(sim, "F", in: "eu-west-3"))
        // A secret created there afterwards is not the replica: the primary's new versions stay away from it.
        let arn = try await standalone(sim, "F", in: "eu-west-3")
        _ = try await sim.primary.putSecretValue(.init(SecretId: "F", SecretString: "primary-v2"))
        try await expectIntact(sim, "F", in: "eu-west-3", arn: arn)
        #expect(try await sim.primary.describeSecret(.init(SecretId: "F")).ReplicationStatus == nil)
    }

    @Test func overwritingAPrimaryLeavesItsReplicasAsStandaloneSecretsAndTouchesNothingElse() async throws {
        let sim = try Sim(delay: 0)
        // B, a primary in eu-west-3 with a replica in ap-south-1 and a Failed one in eu-west-1 (where C is).
        let arnC = try await standalone(sim, "S", in: "eu-west-1")
        let b = sim.client("eu-west-3")
        let arnB = try await b.createSecret(.init(Name: "S", SecretString: "b")).ARN
        _ = try await b.replicateSecretToRegions(.init(SecretId: "S", AddReplicaRegions: [.init(Region: "ap-south-1"), .init(Region: "eu-west-1")]))
        try await sim.create("S", value: "a")
        try await replicate(sim, "S", to: "eu-west-3", force: true)

        #expect(try await b.describeSecret(.init(SecretId: "S")).PrimaryRegion == "us-west-2")
        let orphan = try await sim.client("ap-south-1").describeSecret(.init(SecretId: "S"))
        #expect(orphan.PrimaryRegion == nil)
        #expect(orphan.ARN == arnB?.replacingOccurrences(of: ":eu-west-3:", with: ":ap-south-1:"))
        #expect(try await sim.client("ap-south-1").getSecretValue(.init(SecretId: "S")).SecretString == "b")
        // Now its own primary: writable, and no longer fed by anyone.
        _ = try await sim.client("ap-south-1").putSecretValue(.init(SecretId: "S", SecretString: "b2"))
        try await expectIntact(sim, "S", in: "eu-west-1", arn: arnC)
    }

    @Test func overwritingAnotherPrimarysReplicaDropsItFromThatPrimaryOnly() async throws {
        let sim = try Sim(delay: 0)
        let b = sim.client("eu-west-3")
        try await standalone(sim, "R", in: "eu-west-3")
        _ = try await b.replicateSecretToRegions(.init(SecretId: "R", AddReplicaRegions: [.init(Region: "ap-south-1"), .init(Region: "eu-west-1")]))
        try await sim.create("R", value: "a")
        try await replicate(sim, "R", to: "ap-south-1", force: true)
        #expect(try await sim.client("ap-south-1").getSecretValue(.init(SecretId: "R")).SecretString == "a")
        let statusesOfB = try await b.describeSecret(.init(SecretId: "R")).ReplicationStatus
        #expect(statusesOfB?.map(\.Region) == ["eu-west-1"])

        // B's new versions go to its remaining replica, not to A's.
        _ = try await b.putSecretValue(.init(SecretId: "R", SecretString: "b-v3"))
        #expect(try await sim.client("ap-south-1").getSecretValue(.init(SecretId: "R")).SecretString == "a")
        #expect(try await sim.client("eu-west-1").getSecretValue(.init(SecretId: "R")).SecretString == "b-v3")
        _ = try await remove(sim, "R", from: "ap-south-1")
        #expect(await notFound(sim, "R", in: "ap-south-1"))
        #expect(try await b.getSecretValue(.init(SecretId: "R")).SecretString == "b-v3")
    }

    @Test func deletingAPrimaryWithAFailedReplicaKeepsTheSecretOfThatNameThere() async throws {
        let sim = try Sim(delay: 0)
        let arn = try await standalone(sim, "D", in: "eu-west-3")
        try await sim.create("D")
        try await sim.create("D2")
        try await replicate(sim, "D", to: "eu-west-3")
        let arn2 = try await standalone(sim, "D2", in: "eu-west-3")
        try await replicate(sim, "D2", to: "eu-west-3")
        #expect(try await sim.statuses("D") == ["eu-west-3": .Failed])

        // Deleted at once...
        _ = try await sim.primary.deleteSecret(.init(SecretId: "D", ForceDeleteWithoutRecovery: true))
        #expect(await notFound(sim, "D", in: "us-west-2"))
        try await expectIntact(sim, "D", in: "eu-west-3", arn: arn)
        // ...or when the recovery window ends.
        _ = try await sim.primary.deleteSecret(.init(SecretId: "D2", RecoveryWindowInDays: 7))
        sim.clock.advance(7 * 86_400)
        #expect(await notFound(sim, "D2", in: "us-west-2"))
        try await expectIntact(sim, "D2", in: "eu-west-3", arn: arn2)
        // And deleting the other Region's secret leaves the primary's name alone.
        try await sim.create("D3")
        _ = try await sim.client("eu-west-3").createSecret(.init(Name: "D3", SecretString: "x"))
        _ = try await sim.client("eu-west-3").deleteSecret(.init(SecretId: "D3", ForceDeleteWithoutRecovery: true))
        #expect(try await sim.primary.getSecretValue(.init(SecretId: "D3")).SecretString == "s3cr3t")
    }

    @Test func promotingAFailedReplicaFindsNoReplicaToPromote() async throws {
        let sim = try Sim(delay: 0)
        try await sim.transport.inject(.missingKey(key: "alias/gone", region: "eu-west-1"))
        let arn = try await standalone(sim, "Pr", in: "eu-west-3")
        try await sim.create("Pr")
        try await replicate(sim, "Pr", to: "eu-west-3")
        try await replicate(sim, "Pr", to: "eu-west-1", key: "alias/gone")
        #expect(try await sim.statuses("Pr") == ["eu-west-3": .Failed, "eu-west-1": .Failed])

        // Where the name belongs to another secret, that secret is no replica...
        let other = await awsError { _ = try await sim.client("eu-west-3").stopReplicationToReplica(.init(SecretId: "Pr")) }
        #expect(other?.code == "InvalidRequestException")
        try await expectIntact(sim, "Pr", in: "eu-west-3", arn: arn)
        // ...and where nothing is, there is nothing to promote.
        let none = await awsError { _ = try await sim.client("eu-west-1").stopReplicationToReplica(.init(SecretId: "Pr")) }
        #expect(none?.code == "ResourceNotFoundException")
        // The Failed entries stay until removed.
        #expect(try await sim.statuses("Pr") == ["eu-west-3": .Failed, "eu-west-1": .Failed])
    }

    @Test func promotingAnotherPrimarysReplicaLeavesAFailedEntryForThatRegionAlone() async throws {
        let sim = try Sim(delay: 0)
        let b = sim.client("eu-west-3")
        _ = try await b.createSecret(.init(Name: "Q", SecretString: "b"))
        _ = try await b.replicateSecretToRegions(.init(SecretId: "Q", AddReplicaRegions: [.init(Region: "ap-south-1")]))
        try await sim.create("Q")
        try await replicate(sim, "Q", to: "ap-south-1")
        #expect(try await sim.statuses("Q") == ["ap-south-1": .Failed])
        _ = try await sim.client("ap-south-1").stopReplicationToReplica(.init(SecretId: "Q"))
        #expect(try await b.describeSecret(.init(SecretId: "Q")).ReplicationStatus == nil)
        #expect(try await sim.statuses("Q") == ["ap-south-1": .Failed])
        let promoted = try await sim.client("ap-south-1").describeSecret(.init(SecretId: "Q"))
        #expect(promoted.PrimaryRegion == nil)
        #expect(try await sim.client("ap-south-1").getSecretValue(.init(SecretId: "Q")).SecretString == "b")
    }

    @Test func retryingAFailedReplicaThenRemovingIt() async throws {
        let sim = try Sim(delay: 0)
        try await standalone(sim, "T", in: "eu-west-3")
        try await sim.create("T", value: "primary")
        try await replicate(sim, "T", to: "eu-west-3")
        // Retried while the other secret is still there: Failed again.
        try await replicate(sim, "T", to: "eu-west-3")
        #expect(try await sim.statuses("T") == ["eu-west-3": .Failed])
        // Once that secret is gone (its recovery window over), a retry succeeds...
        _ = try await sim.client("eu-west-3").deleteSecret(.init(SecretId: "T", RecoveryWindowInDays: 7))
        sim.clock.advance(7 * 86_400)
        try await replicate(sim, "T", to: "eu-west-3")
        #expect(try await sim.statuses("T") == ["eu-west-3": .InSync])
        #expect(try await sim.client("eu-west-3").getSecretValue(.init(SecretId: "T")).SecretString == "primary")
        // ...and removing deletes the replica it made.
        _ = try await remove(sim, "T", from: "eu-west-3")
        #expect(await notFound(sim, "T", in: "eu-west-3"))
    }

    @Test func retryingAFailedReplicaAndRemovingItKeepsTheSecretThatMadeItFail() async throws {
        let sim = try Sim(delay: 0)
        let arn = try await standalone(sim, "U", in: "eu-west-3")
        try await sim.create("U")
        try await replicate(sim, "U", to: "eu-west-3")
        try await replicate(sim, "U", to: "eu-west-3")
        _ = try await remove(sim, "U", from: "eu-west-3")
        try await expectIntact(sim, "U", in: "eu-west-3", arn: arn)
    }
}
