import Foundation
import Testing
import SecretsCore
@testable import SecretsSimulator

@Suite struct WorldControlTests {
    /// A simulator whose outage waits `connectTimeout` per attempt.
    func transport(connectTimeout: Double, attempts: Int = 3) throws -> SimulatorTransport {
        var options = SimulatorOptions(statePath: ":memory:", replicationDelay: 0)
        options.connectTimeout = connectTimeout
        options.outageAttempts = attempts
        return try SimulatorTransport(options: options)
    }

    @Test func everyCallToARegionInOutageFailsAfterTheConnectTimeoutOfEachAttempt() async throws {
        let t = try transport(connectTimeout: 0.1)
        let west = SecretsManagerClient(transport: t, region: "us-west-2")
        let paris = west.inRegion("eu-west-3")
        _ = try await paris.createSecret(.init(Name: "InParis", SecretString: "v"))
        try await t.inject(.outage(region: "eu-west-3"))
        let start = ContinuousClock.now
        let e = await awsError { _ = try await paris.describeSecret(.init(SecretId: "InParis")) }
        // Three attempts, each ending at the 0.1 s connect timeout: never sooner.
        #expect(ContinuousClock.now - start >= .milliseconds(300))
        #expect(e == AWSError(code: "ConnectTimeoutError",
                              message: "Connect timeout on endpoint URL: \"https://secretsmanager.eu-west-3.amazonaws.com/\" (after 3 attempts)",
                              httpStatus: 0))
        // Writes too, and nothing changes there.
        #expect(await awsError { _ = try await paris.createSecret(.init(Name: "Other", SecretString: "v")) }?.code == "ConnectTimeoutError")
        // Other Regions answer as before; clearing the fault brings the Region back with its secrets.
        #expect(try await west.listSecrets().isEmpty)
        try await t.clearFaults()
        #expect(try await paris.listSecrets().map(\.Name) == ["InParis"])
    }

    @Test func oneAttemptHasNoAttemptCount() async throws {
        let t = try transport(connectTimeout: 0, attempts: 1)
        try await t.inject(.outage(region: "eu-west-3"))
        let e = await awsError { _ = try await SecretsManagerClient(transport: t, region: "eu-west-3").listSecrets() }
        #expect(e?.message == "Connect timeout on endpoint URL: \"https://secretsmanager.eu-west-3.amazonaws.com/\"")
    }

    @Test func advancingTheClockMovesReplicationAndDeletionWindows() async throws {
        let sim = try Sim(delay: 60)
        try await sim.create("Slow", replicas: ["eu-west-3"])
        #expect(try await sim.statuses("Slow") == ["eu-west-3": .InProgress])
        let ready = try await sim.transport.replicaReadyAt(secret: "Slow", primaryRegion: "us-west-2", replicaRegion: "eu-west-3")
        #expect(ready == sim.clock.now.addingTimeInterval(60))
        #expect(try await sim.transport.advanceClock(by: 59) == 59)
        #expect(try await sim.statuses("Slow") == ["eu-west-3": .InProgress])
        #expect(try await sim.transport.advanceClock(by: 1) == 60)
        #expect(try await sim.statuses("Slow") == ["eu-west-3": .InSync])
        #expect(try await sim.transport.replicaReadyAt(secret: "Slow", primaryRegion: "us-west-2", replicaRegion: "eu-west-3") == nil)
        #expect(try await sim.transport.simulatedNow() == sim.clock.now.addingTimeInterval(60))

        try await sim.create("Gone")
        _ = try await sim.primary.deleteSecret(.init(SecretId: "Gone", RecoveryWindowInDays: 7))
        _ = try await sim.transport.advanceClock(by: 7 * 86_400)
        #expect(await awsError { _ = try await sim.primary.describeSecret(.init(SecretId: "Gone")) }?.code == "ResourceNotFoundException")
        #expect(await awsError { _ = try await sim.transport.advanceClock(by: -1) }?.code == "InvalidParameterException")
    }

    @Test func theClockOffsetIsInTheStateFile() async throws {
        let path = temporaryPath("state.sqlite")
        let a = try Sim(delay: 30, path: path)
        try await a.create("Shared", replicas: ["eu-west-3"])
        _ = try await a.transport.advanceClock(by: 30)
        // Another process on the same file (the same hand-moved start) sees the moved clock.
        let b = try Sim(delay: 30, path: path)
        #expect(try await b.statuses("Shared") == ["eu-west-3": .InSync])
    }

    @Test func replicationDelayChangesForLaterReplications() async throws {
        let sim = try Sim(delay: 3)
        try await sim.transport.setReplicationDelay(100)
        try await sim.create("Later", replicas: ["eu-west-3"])
        sim.clock.advance(99)
        #expect(try await sim.statuses("Later") == ["eu-west-3": .InProgress])
        sim.clock.advance(1)
        #expect(try await sim.statuses("Later") == ["eu-west-3": .InSync])
        #expect(await awsError { try await sim.transport.setReplicationDelay(-1) }?.code == "InvalidParameterException")
    }

    @Test func resetEmptiesSecretsFaultsAndTheClock() async throws {
        let sim = try Sim(delay: 0)
        try await sim.create("X", replicas: ["eu-west-3"])
        try await sim.transport.inject(.throttle(fraction: 0))
        _ = try await sim.transport.advanceClock(by: 10)
        try await sim.transport.resetWorld()
        #expect(try await sim.primary.listSecrets().isEmpty)
        #expect(try await sim.client("eu-west-3").listSecrets().isEmpty)
        #expect(try await sim.transport.activeFaults().isEmpty)
        #expect(try await sim.transport.simulatedNow() == sim.clock.now)
        try await sim.create("X")
    }

    @Test(arguments: [false, true])
    func aSnapshotBringsBackTheWholeWorld(onFile: Bool) async throws {
        let path = onFile ? temporaryPath("state.sqlite") : ":memory:"
        let sim = try Sim(delay: 0, path: path)
        try await sim.create("Kept", value: "one", replicas: ["eu-west-3"])
        try await sim.transport.inject(.outage(region: "ap-south-1"))
        let saved = try await sim.transport.saveSnapshot("lesson-1")
        if onFile {
            #expect(saved == path + ".snapshots/lesson-1.sqlite")
            let mode = try FileManager.default.attributesOfItem(atPath: saved)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
        _ = try await sim.primary.putSecretValue(.init(SecretId: "Kept", SecretString: "two"))
        try await sim.create("Extra")
        try await sim.transport.clearFaults()
        try await sim.transport.restoreSnapshot("lesson-1")
        #expect(try await sim.primary.listSecrets().map(\.Name) == ["Kept"])
        #expect(try await sim.primary.getSecretValue(.init(SecretId: "Kept")).SecretString == "one")
        #expect(try await sim.client("eu-west-3").getSecretValue(.init(SecretId: "Kept")).SecretString == "one")
        #expect(try await sim.transport.activeFaults() == [.outage(region: "ap-south-1")])
        #expect(try await sim.transport.snapshotNames() == ["lesson-1"])
        #expect(await awsError { try await sim.transport.restoreSnapshot("none") }?.code == "SnapshotNotFound")
        #expect(await awsError { _ = try await sim.transport.saveSnapshot("../out") }?.code == "InvalidSnapshotName")
        if onFile {
            // Another process on the file sees the restored world.
            let other = try Sim(delay: 0, path: path)
            #expect(try await other.primary.listSecrets().map(\.Name) == ["Kept"])
        }
    }
}
