import Foundation
import Testing
import SecretsCore
@testable import SecretsSimulator

@Suite struct FaultTests {
    @Test func outageKeepsReplicationInProgressThenFails() async throws {
        let sim = try Sim()
        try await sim.transport.inject(.outage(region: "eu-west-3"))
        try await sim.create("Out", replicas: ["eu-west-3", "eu-west-1"])
        sim.clock.advance(3)
        #expect(try await sim.statuses("Out") == ["eu-west-3": .InProgress, "eu-west-1": .InSync])
        sim.clock.advance(10)
        let s = try await sim.primary.describeSecret(.init(SecretId: "Out")).ReplicationStatus?.first { $0.Region == "eu-west-3" }
        #expect(s?.Status == .Failed)
        #expect(s?.StatusMessage == "Secret replication failed due to a network error")
        // Faults live in the state; clearing them lets a retry succeed.
        #expect(try await sim.transport.activeFaults() == [.outage(region: "eu-west-3")])
        try await sim.transport.clearFaults()
        _ = try await sim.primary.replicateSecretToRegions(.init(SecretId: "Out", AddReplicaRegions: [.init(Region: "eu-west-3")]))
        sim.clock.advance(3)
        #expect(try await sim.statuses("Out")["eu-west-3"] == .InSync)
    }

    @Test func missingKeyFailsThatReplicaAndRefusesItForAPrimary() async throws {
        let sim = try Sim(delay: 0)
        try await sim.transport.inject(.missingKey(key: "alias/x", region: "eu-west-3"))
        try await sim.create("K")
        let r = try await sim.primary.replicateSecretToRegions(.init(SecretId: "K", AddReplicaRegions: [
            .init(Region: "eu-west-3", KmsKeyId: "alias/x"), .init(Region: "eu-west-1", KmsKeyId: "alias/x")]))
        let byRegion = Dictionary(uniqueKeysWithValues: (r.ReplicationStatus ?? []).map { ($0.Region ?? "", $0.Status) })
        #expect(byRegion == ["eu-west-3": .Failed, "eu-west-1": .InSync])
        let primaryKey = await awsError { _ = try await sim.client("eu-west-3").createSecret(.init(Name: "P", KmsKeyId: "alias/x", SecretString: "v")) }
        #expect(primaryKey?.code == "EncryptionFailure")
    }

    @Test func throttleRefusesThatShareOfRequests() async throws {
        let sim = try Sim(random: { 0.5 })
        try await sim.transport.inject(.throttle(fraction: 0.6))
        let e = await awsError { _ = try await sim.primary.listSecrets() }
        #expect(e == AWSError(code: "ThrottlingException", message: "Rate exceeded"))
        try await sim.transport.inject(.throttle(fraction: 0.4))
        #expect(try await sim.primary.listSecrets().isEmpty)
        #expect(await awsError { try await sim.transport.inject(.throttle(fraction: 1.5)) }?.code == "InvalidParameterException")
    }

    @Test func latencyDelaysEveryRequest() async throws {
        let sim = try Sim()
        try await sim.transport.inject(.latency(seconds: 0.2))
        let start = ContinuousClock.now
        _ = try await sim.primary.listSecrets()
        #expect(ContinuousClock.now - start >= .milliseconds(200))
    }
}

@Suite struct ProtocolTests {
    func raw(_ sim: Sim, _ target: String, _ body: String) async -> AWSError? {
        await awsError { _ = try await sim.transport.handle(target: target, region: "us-west-2", body: Data(body.utf8)) }
    }

    @Test func malformedRequestsGetAWSCodesAndNothingCrashes() async throws {
        let sim = try Sim()
        #expect(await raw(sim, "secretsmanager.DescribeSecret", "{not json")?.code == "SerializationException")
        #expect(await raw(sim, "secretsmanager.DescribeSecret", "[]")?.code == "SerializationException")
        #expect(await raw(sim, "secretsmanager.DescribeSecret", "{\"SecretId\": 5}")?.code == "SerializationException")
        let missing = await raw(sim, "secretsmanager.DescribeSecret", "{}")
        #expect(missing?.code == "ValidationException")
        #expect(missing?.message.contains("'secretId'") == true)
        #expect(await raw(sim, "secretsmanager.ReplicateSecretToRegions", "{\"SecretId\":\"x\",\"AddReplicaRegions\":\"eu-west-3\"}")?.code == "SerializationException")
        #expect(await raw(sim, "secretsmanager.CreateSecret", "{\"Name\":\"b\",\"SecretBinary\":\"%%%\"}")?.code == "SerializationException")
        #expect(await raw(sim, "secretsmanager.Nope", "{}")?.code == "UnknownOperationException")
        #expect(await raw(sim, "other.DescribeSecret", "{}")?.code == "UnknownOperationException")
        #expect(await raw(sim, "secretsmanager.DescribeSecret", "{\"SecretId\":\"\(String(repeating: "x", count: 2049))\"}")?.code == "ValidationException")
    }

    @Test func responsesAreAWSJSONWithAbsentMembersLeftOut() async throws {
        let sim = try Sim()
        let body = try await sim.transport.handle(target: "secretsmanager.CreateSecret", region: "us-west-2",
                                                  body: Data(#"{"Name":"J","SecretBinary":"AAFiaW5hcnk="}"#.utf8))
        let created = try JSONValue.parse(body)
        guard case .object(let members) = created else { Issue.record("not an object"); return }
        #expect(members.map(\.0) == ["ARN", "Name", "VersionId"])
        let got = try JSONValue.parse(try await sim.transport.handle(target: "secretsmanager.GetSecretValue", region: "us-west-2", body: Data(#"{"SecretId":"J"}"#.utf8)))
        #expect(got["SecretBinary"] == .string("AAFiaW5hcnk="))
        guard case .number(let created2)? = got["CreatedDate"] else { Issue.record("CreatedDate is not epoch seconds"); return }
        #expect(created2 == sim.clock.now.timeIntervalSince1970)
        #expect(got["SecretString"] == nil)
    }
}

@Suite struct StateFileTests {
    @Test func stateFileIsPrivateAndPersists() async throws {
        let path = temporaryPath("state.sqlite")
        do {
            let sim = try Sim(path: path)
            try await sim.create("Kept", replicas: ["eu-west-3"])
        }
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let sim2 = try Sim(path: path)
        #expect(try await sim2.primary.getSecretValue(.init(SecretId: "Kept")).SecretString == "s3cr3t")
    }

    @Test func twoWritersOnOneFileLoseNothing() async throws {
        let path = temporaryPath("shared.sqlite")
        let a = try Sim(delay: 0, path: path)
        let b = try Sim(delay: 0, path: path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (tag, sim) in [("a", a), ("b", b)] {
                group.addTask {
                    for i in 0..<200 { try await sim.create("\(tag)-\(i)") }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await a.primary.listSecrets().count == 400)
    }

    @Test func aChangeByAnotherConnectionIsSeenAtOnce() async throws {
        let path = temporaryPath("stale.sqlite")
        let a = try Sim(delay: 0, path: path)
        let b = try Sim(delay: 0, path: path)
        try await a.create("Seen", value: "one")
        #expect(try await a.primary.getSecretValue(.init(SecretId: "Seen")).SecretString == "one")
        _ = try await b.primary.putSecretValue(.init(SecretId: "Seen", SecretString: "two"))
        #expect(try await a.primary.getSecretValue(.init(SecretId: "Seen")).SecretString == "two")
        try await b.transport.inject(.throttle(fraction: 1))
        #expect(await awsError { _ = try await a.primary.listSecrets() }?.code == "ThrottlingException")
        try await a.transport.clearFaults()
        _ = try await b.primary.deleteSecret(.init(SecretId: "Seen", ForceDeleteWithoutRecovery: true))
        #expect(await awsError { _ = try await a.primary.describeSecret(.init(SecretId: "Seen")) }?.code == "ResourceNotFoundException")
    }
}

@Suite struct MultiProcessTests {
    /// Two processes write one state file at once (SimulatorBench, built with the tests, as the writer).
    @Test func twoProcessesWritingOneStateFileLoseNothing() async throws {
        let binDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let writer = binDir.appendingPathComponent("SimulatorBench")
        try #require(FileManager.default.isExecutableFile(atPath: writer.path), "build SimulatorBench first (swift build --build-tests)")
        let path = temporaryPath("processes.sqlite")
        let processes = try (0..<2).map { _ -> Process in
            let p = Process()
            p.executableURL = writer
            p.arguments = ["--state", path, "--secrets", "150"]
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            return p
        }
        for p in processes {
            p.waitUntilExit()
            #expect(p.terminationStatus == 0)
        }
        // Each writer ran its secrets twice (JSON calls, then typed calls), each with a replica.
        let sim = try Sim(delay: 0, path: path)
        // The writers ran on the real clock: catch up with them.
        sim.clock.advance(Date().timeIntervalSince(sim.clock.now) + 1)
        #expect(try await sim.primary.listSecrets().count == 600)
        #expect(try await sim.client("eu-west-3").listSecrets().count == 600)
    }
}
