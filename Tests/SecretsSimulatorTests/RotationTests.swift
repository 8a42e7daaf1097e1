import Foundation
import Testing
import SecretsCore
import SecretsModel
@testable import SecretsSimulator

@Suite struct RotationTests {
    static let lambda = "arn:aws:lambda:us-west-2:123456789012:function:rotate-db"

    static func labels(_ sim: Sim, _ name: String, region: String? = nil) async throws -> [String: [String]] {
        try await VersionStageTests.labels(sim, name, region: region, deprecated: true)
    }

    static func describe(_ sim: Sim, _ name: String, region: String? = nil) async throws -> JSONValue {
        try await sim.call(.describeSecret, #"{"SecretId": "\#(name)"}"#, region: region)
    }

    @Test func aRunGoesThroughPendingToCurrentAndTheOldVersionBecomesPrevious() async throws {
        let sim = try Sim(delay: 0, rotationTime: 5)
        let v1 = try await sim.create("Db", value: #"{"username":"app","password":"old"}"#).VersionId ?? ""
        let r = try await sim.call(.rotateSecret, #"{"SecretId": "Db", "RotationLambdaARN": "\#(Self.lambda)", "RotationRules": {"AutomaticallyAfterDays": 30}}"#)
        let v2 = try #require(r["VersionId"]?.stringValue)
        // createSecret has run: the new version is AWSPENDING, AWSCURRENT has not moved.
        #expect(try await Self.labels(sim, "Db") == [v1: ["AWSCURRENT"], v2: ["AWSPENDING"]])
        let pending = try await sim.primary.getSecretValue(.init(SecretId: "Db", VersionStage: "AWSPENDING")).SecretString ?? ""
        let json = try JSONValue.parse(pending)
        #expect(json["username"]?.stringValue == "app")
        #expect(json["password"]?.stringValue?.count == 32)
        #expect(await awsError { try await sim.call(.rotateSecret, #"{"SecretId": "Db"}"#) }?.message
                == "A previous rotation isn't complete. That rotation will be reattempted.")
        sim.clock.advance(5)
        #expect(try await Self.labels(sim, "Db") == [v1: ["AWSPREVIOUS"], v2: ["AWSCURRENT"]])
        #expect(try await sim.primary.getSecretValue(.init(SecretId: "Db")).SecretString == pending)
        let d = try await Self.describe(sim, "Db")
        #expect(d["RotationEnabled"] == .bool(true))
        #expect(d["RotationLambdaARN"]?.stringValue == Self.lambda)
        #expect(d["RotationRules"]?["AutomaticallyAfterDays"] == .number(30))
        let rotated = sim.clock.now.timeIntervalSince1970
        #expect(d["LastRotatedDate"] == .number(rotated))
        #expect(d["NextRotationDate"] == .number(rotated + 30 * 86_400))
    }

    @Test func aPlainStringIsReplacedWhole() async throws {
        let sim = try Sim(delay: 0, rotationTime: 0)
        try await sim.create("Plain", value: "old")
        try await sim.call(.rotateSecret, #"{"SecretId": "Plain", "RotationLambdaARN": "\#(Self.lambda)"}"#)
        let now = try await sim.primary.getSecretValue(.init(SecretId: "Plain")).SecretString ?? ""
        #expect(now != "old" && now.count == 32)
        #expect(try await sim.primary.getSecretValue(.init(SecretId: "Plain", VersionStage: "AWSPREVIOUS")).SecretString == "old")
    }

    @Test func scheduledRotationsHappenWhenDueWithoutImmediateRotation() async throws {
        let sim = try Sim(delay: 0, rotationTime: 2)
        try await sim.create("Sched", value: "v0")
        let r = try await sim.call(.rotateSecret, #"{"SecretId": "Sched", "RotationLambdaARN": "\#(Self.lambda)", "RotateImmediately": false, "RotationRules": {"ScheduleExpression": "rate(10 days)"}}"#)
        #expect(r["VersionId"] == nil)
        let start = sim.clock.now.timeIntervalSince1970
        #expect(try await Self.describe(sim, "Sched")["NextRotationDate"] == .number(start + 10 * 86_400))
        sim.clock.advance(10 * 86_400 - 1)
        #expect(try await sim.primary.getSecretValue(.init(SecretId: "Sched")).SecretString == "v0")
        sim.clock.advance(3)
        #expect(try await sim.primary.getSecretValue(.init(SecretId: "Sched")).SecretString != "v0")
        let d = try await Self.describe(sim, "Sched")
        #expect(d["LastRotatedDate"] == .number(start + 10 * 86_400 + 2))
        // Turned off, nothing more happens.
        try await sim.call(.cancelRotateSecret, #"{"SecretId": "Sched"}"#)
        let value = try await sim.primary.getSecretValue(.init(SecretId: "Sched")).SecretString
        sim.clock.advance(30 * 86_400)
        #expect(try await sim.primary.getSecretValue(.init(SecretId: "Sched")).SecretString == value)
        let off = try await Self.describe(sim, "Sched")
        #expect(off["RotationEnabled"] == .bool(false))
        #expect(off["NextRotationDate"] == nil)
    }

    @Test func cronSchedules() throws {
        let cron = try #require(Cron("0 16 1,15 * ? *"))
        let start = Date(timeIntervalSince1970: 1_795_000_000) // 2026-11-18T11:06:40Z, a Wednesday
        let next = try #require(cron.next(after: start))
        #expect(ISO8601DateFormatter().string(from: next) == "2026-12-01T16:00:00Z")
        let weekly = try #require(Cron("30 2 ? * MON *"))
        #expect(ISO8601DateFormatter().string(from: try #require(weekly.next(after: start))) == "2026-11-23T02:30:00Z")
        // Missed times collapse into the last one due.
        let schedule = RotationSchedule.cron(cron)
        let due = schedule.latestDue(since: start, now: start.addingTimeInterval(40 * 86_400))
        #expect(due.map { ISO8601DateFormatter().string(from: $0) } == "2026-12-15T16:00:00Z")
        #expect(schedule.latestDue(since: start, now: start.addingTimeInterval(86_400)) == nil)
        #expect(Cron("0 16 1 * MON *") == nil)
        #expect(Cron("0 25 ? * * *") == nil)
        #expect(throws: AWSError.self) { _ = try RotationSchedule(afterDays: nil, expression: "rate(2 hours)") }
        #expect(throws: AWSError.self) { _ = try RotationSchedule(afterDays: nil, expression: "every day") }
    }

    @Test func aFailingRotationFunctionLeavesAWSPENDINGBehind() async throws {
        let sim = try Sim(delay: 0, rotationTime: 1)
        let v1 = try await sim.create("Broken", value: "v0").VersionId ?? ""
        try await sim.transport.inject(.rotationFailure(secret: "Broken"))
        let r = try await sim.call(.rotateSecret, #"{"SecretId": "Broken", "RotationLambdaARN": "\#(Self.lambda)"}"#)
        let v2 = try #require(r["VersionId"]?.stringValue)
        sim.clock.advance(1)
        #expect(try await Self.labels(sim, "Broken") == [v1: ["AWSCURRENT"], v2: ["AWSPENDING"]])
        #expect(try await Self.describe(sim, "Broken")["LastRotatedDate"] == nil)
        // The fault was for one run; the leftover label must be cleared before the next.
        #expect(try await sim.transport.activeFaults().isEmpty)
        let e = await awsError { try await sim.call(.rotateSecret, #"{"SecretId": "Broken"}"#) }
        #expect(e?.code == "InvalidRequestException")
        try await sim.call(.updateSecretVersionStage, #"{"SecretId": "Broken", "VersionStage": "AWSPENDING", "RemoveFromVersionId": "\#(v2)"}"#)
        try await sim.call(.rotateSecret, #"{"SecretId": "Broken"}"#)
        sim.clock.advance(1)
        #expect(try await sim.primary.getSecretValue(.init(SecretId: "Broken")).SecretString != "v0")
    }

    @Test func theNewVersionReachesReplicasAfterTheDelayAndReplicasRefuseRotation() async throws {
        let sim = try Sim(delay: 3, rotationTime: 2)
        try await sim.create("Global", value: "v0", replicas: ["eu-west-1"])
        sim.clock.advance(3)
        try await sim.call(.rotateSecret, #"{"SecretId": "Global", "RotationLambdaARN": "\#(Self.lambda)", "RotationRules": {"AutomaticallyAfterDays": 7}}"#)
        sim.clock.advance(2)
        let rotated = try await sim.primary.getSecretValue(.init(SecretId: "Global")).SecretString
        #expect(rotated != "v0")
        // Read first from the replica: it still has the old value until the delay has passed.
        #expect(try await sim.client("eu-west-1").getSecretValue(.init(SecretId: "Global")).SecretString == "v0")
        sim.clock.advance(3)
        #expect(try await sim.client("eu-west-1").getSecretValue(.init(SecretId: "Global")).SecretString == rotated)
        #expect(try await Self.labels(sim, "Global", region: "eu-west-1") == (try await Self.labels(sim, "Global")))
        let replicaView = try await Self.describe(sim, "Global", region: "eu-west-1")
        #expect(replicaView["RotationEnabled"] == .bool(true))
        let message = "Operation not permitted on a replica secret. Call must be made in primary secret's region."
        let replicaLambda = "arn:aws:lambda:eu-west-1:123456789012:function:rotate-db"
        #expect(await awsError { try await sim.call(.rotateSecret, #"{"SecretId": "Global", "RotationLambdaARN": "\#(replicaLambda)"}"#, region: "eu-west-1") }?.message == message)
        #expect(await awsError { try await sim.call(.cancelRotateSecret, #"{"SecretId": "Global"}"#, region: "eu-west-1") }?.message == message)
    }

    @Test func theFunctionMustBeALambdaOfTheSecretsRegion() async throws {
        let sim = try Sim(delay: 0)
        try await sim.create("Where")
        let e1 = await awsError { try await sim.call(.rotateSecret, #"{"SecretId": "Where", "RotationLambdaARN": "arn:aws:lambda:eu-west-1:123456789012:function:f"}"#) }
        #expect(e1?.code == "InvalidParameterException")
        let e2 = await awsError { try await sim.call(.rotateSecret, #"{"SecretId": "Where", "RotationLambdaARN": "not-an-arn"}"#) }
        #expect(e2?.code == "InvalidParameterException")
        let e3 = await awsError { try await sim.call(.rotateSecret, #"{"SecretId": "Where", "RotationLambdaARN": "\#(Self.lambda)", "RotationRules": {"AutomaticallyAfterDays": 1001}}"#) }
        #expect(e3?.code == "ValidationException")
        let e4 = await awsError { try await sim.call(.rotateSecret, #"{"SecretId": "Where", "RotationLambdaARN": "\#(Self.lambda)", "RotationRules": {"ScheduleExpression": "rate(0 days)"}}"#) }
        #expect(e4?.code == "InvalidParameterException")
        #expect(try await Self.describe(sim, "Where")["RotationEnabled"] == nil)
    }
}
