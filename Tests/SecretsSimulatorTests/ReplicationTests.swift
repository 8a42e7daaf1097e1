import Foundation
import Testing
import SecretsCore
@testable import SecretsSimulator
import SecretsModel

@Suite struct ReplicationTests {
    @Test func newReplicaIsInProgressThenInSyncAfterTheDelay() async throws {
        let sim = try Sim()
        try await sim.create("MyTestSecret")
        let r = try await sim.primary.replicateSecretToRegions(.init(SecretId: "MyTestSecret", AddReplicaRegions: [.init(Region: "eu-west-3")]))
        #expect(r.ARN?.hasPrefix("arn:aws:secretsmanager:us-west-2:123456789012:secret:MyTestSecret-") == true)
        #expect(r.ReplicationStatus == [ReplicationStatusType(Region: "eu-west-3", KmsKeyId: "alias/aws/secretsmanager", Status: .InProgress)])
        sim.clock.advance(2.9)
        #expect(try await sim.statuses("MyTestSecret") == ["eu-west-3": .InProgress])
        // The replica cannot be read in its Region before it exists.
        #expect(await awsError { _ = try await sim.client("eu-west-3").describeSecret(.init(SecretId: "MyTestSecret")) }?.code == "ResourceNotFoundException")
        sim.clock.advance(0.2)
        let d = try await sim.primary.describeSecret(.init(SecretId: "MyTestSecret"))
        #expect(d.ReplicationStatus?.first?.Status == .InSync)
        #expect(d.ReplicationStatus?.first?.StatusMessage == "Replication succeeded")
    }

    @Test func zeroDelayIsInstant() async throws {
        let sim = try Sim(delay: 0)
        let c = try await sim.create("Now", replicas: ["eu-west-1"])
        #expect(c.ReplicationStatus?.first?.Status == .InSync)
    }

    @Test func replicaKeepsTheSuffixWithItsRegionAndIsReadOnly() async throws {
        let sim = try Sim(delay: 0)
        let created = try await sim.create("Shared", replicas: ["ap-south-1"])
        let replica = sim.client("ap-south-1")
        let d = try await replica.describeSecret(.init(SecretId: "Shared"))
        #expect(d.ARN == created.ARN?.replacingOccurrences(of: ":us-west-2:", with: ":ap-south-1:"))
        #expect(d.PrimaryRegion == "us-west-2")
        let v = try await replica.getSecretValue(.init(SecretId: "Shared"))
        #expect(v.SecretString == "s3cr3t")

        let message = "Operation not permitted on a replica secret. Call must be made in primary secret's region."
        let writes: [() async throws -> Void] = [
            { _ = try await replica.putSecretValue(.init(SecretId: "Shared", SecretString: "x")) },
            { _ = try await replica.updateSecret(.init(SecretId: "Shared", Description: "x")) },
            { _ = try await replica.deleteSecret(.init(SecretId: "Shared")) },
            { _ = try await replica.restoreSecret(.init(SecretId: "Shared")) },
            { _ = try await replica.replicateSecretToRegions(.init(SecretId: "Shared", AddReplicaRegions: [.init(Region: "eu-west-1")])) },
            { _ = try await replica.removeRegionsFromReplication(.init(SecretId: "Shared", RemoveReplicaRegions: ["eu-west-1"])) },
        ]
        let version = try await replica.getSecretValue(.init(SecretId: "Shared")).VersionId ?? ""
        let policy = #"{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\"}}"#
        let bodies: [(SecretsModel.Operation, String)] = [
            (.tagResource, #"{"SecretId": "Shared", "Tags": [{"Key": "k", "Value": "v"}]}"#),
            (.untagResource, #"{"SecretId": "Shared", "TagKeys": ["k"]}"#),
            (.updateSecretVersionStage, #"{"SecretId": "Shared", "VersionStage": "blue", "MoveToVersionId": "\#(version)"}"#),
            (.putResourcePolicy, #"{"SecretId": "Shared", "ResourcePolicy": "\#(policy)"}"#),
            (.deleteResourcePolicy, #"{"SecretId": "Shared"}"#),
            (.rotateSecret, #"{"SecretId": "Shared", "RotationLambdaARN": "arn:aws:lambda:ap-south-1:123456789012:function:f"}"#),
            (.cancelRotateSecret, #"{"SecretId": "Shared"}"#),
        ]
        for (operation, body) in bodies {
            let e = await awsError { _ = try await replica.call(operation, body: try JSONValue.parse(body)) }
            #expect(e?.message == message, "\(operation)")
        }
        for write in writes {
            let e = await awsError(write)
            #expect(e?.code == "InvalidParameterException")
            #expect(e?.message == message)
        }
    }

    @Test func kmsKeyDefaultsAndCustomKeysAndAKeyOfAnotherRegionFails() async throws {
        let sim = try Sim(delay: 0)
        try await sim.create("Keys")
        let r = try await sim.primary.replicateSecretToRegions(.init(SecretId: "Keys", AddReplicaRegions: [
            .init(Region: "eu-west-3", KmsKeyId: "alias/x"),
            .init(Region: "us-east-1"),
            .init(Region: "eu-west-1", KmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
            .init(Region: "eu-central-1", KmsKeyId: "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
        ]))
        let byRegion = Dictionary(uniqueKeysWithValues: (r.ReplicationStatus ?? []).map { ($0.Region ?? "", $0) })
        #expect(byRegion["eu-west-3"]?.KmsKeyId == "alias/x")
        #expect(byRegion["eu-west-3"]?.Status == .InSync)
        #expect(byRegion["us-east-1"]?.KmsKeyId == "alias/aws/secretsmanager")
        #expect(byRegion["eu-west-1"]?.Status == .Failed)
        #expect(byRegion["eu-west-1"]?.StatusMessage?.contains("not in the replica Region eu-west-1") == true)
        #expect(byRegion["eu-central-1"]?.Status == .InSync)
        // A Failed replica holds nothing in its Region.
        #expect(await awsError { _ = try await sim.client("eu-west-1").getSecretValue(.init(SecretId: "Keys")) }?.code == "ResourceNotFoundException")
        let replica = try await sim.client("eu-west-3").describeSecret(.init(SecretId: "Keys"))
        #expect(replica.KmsKeyId == "alias/x")
    }

    @Test func nameConflictFailsWithoutForceAndForceOverwrites() async throws {
        let sim = try Sim()
        try await sim.create("Collide", value: "primary")
        _ = try await sim.client("eu-west-3").createSecret(.init(Name: "Collide", SecretString: "squatter"))
        let first = try await sim.primary.replicateSecretToRegions(.init(SecretId: "Collide", AddReplicaRegions: [.init(Region: "eu-west-3")]))
        #expect(first.ReplicationStatus?.first?.Status == .InProgress)
        sim.clock.advance(3)
        let failed = try await sim.primary.describeSecret(.init(SecretId: "Collide")).ReplicationStatus?.first
        #expect(failed?.Status == .Failed)
        #expect(failed?.StatusMessage == "Secret with this name already exists in this region")
        #expect(try await sim.client("eu-west-3").getSecretValue(.init(SecretId: "Collide")).SecretString == "squatter")

        // A Failed replica may be retried; with force it replaces the other secret.
        _ = try await sim.primary.replicateSecretToRegions(.init(SecretId: "Collide", AddReplicaRegions: [.init(Region: "eu-west-3")], ForceOverwriteReplicaSecret: true))
        sim.clock.advance(3)
        #expect(try await sim.statuses("Collide") == ["eu-west-3": .InSync])
        #expect(try await sim.client("eu-west-3").getSecretValue(.init(SecretId: "Collide")).SecretString == "primary")
        #expect(try await sim.client("eu-west-3").describeSecret(.init(SecretId: "Collide")).PrimaryRegion == "us-west-2")
    }

    @Test func ownRegionUnknownRegionAndExistingReplicaAreInvalid() async throws {
        let sim = try Sim()
        try await sim.create("Bad", replicas: ["eu-west-3"])
        for region in ["us-west-2", "eu-west-33", "eu-west-3"] {
            let e = await awsError {
                _ = try await sim.primary.replicateSecretToRegions(.init(SecretId: "Bad", AddReplicaRegions: [.init(Region: region)]))
            }
            #expect(e?.code == "InvalidParameterException", "\(region)")
            #expect(e?.message.hasPrefix("Invalid replica region.") == true)
        }
        // A name that is not of the model's form is refused before it is looked up.
        for region in ["not_a_region", ""] {
            let e = await awsError {
                _ = try await sim.primary.replicateSecretToRegions(.init(SecretId: "Bad", AddReplicaRegions: [.init(Region: region)]))
            }
            #expect(e?.code == "ValidationException", "\(region)")
        }
        // Nothing half-done: a bad entry stops the good ones before them too.
        let e = await awsError {
            _ = try await sim.primary.replicateSecretToRegions(.init(SecretId: "Bad", AddReplicaRegions: [.init(Region: "eu-west-1"), .init(Region: "xx-nope-1")]))
        }
        #expect(e?.code == "InvalidParameterException")
        #expect(try await sim.statuses("Bad") == ["eu-west-3": .InProgress])
        let empty = await awsError { _ = try await sim.primary.replicateSecretToRegions(.init(SecretId: "Bad", AddReplicaRegions: [])) }
        #expect(empty?.code == "ValidationException")
    }

    @Test func removeReturnsTheRemainingStatusesAndDeletesTheReplica() async throws {
        let sim = try Sim(delay: 0)
        try await sim.create("Rm", replicas: ["eu-west-2", "eu-west-3"])
        let r = try await sim.primary.removeRegionsFromReplication(.init(SecretId: "Rm", RemoveReplicaRegions: ["eu-west-3"]))
        #expect(r.ReplicationStatus?.map(\.Region) == ["eu-west-2"])
        #expect(await awsError { _ = try await sim.client("eu-west-3").describeSecret(.init(SecretId: "Rm")) }?.code == "ResourceNotFoundException")
        let last = try await sim.primary.removeRegionsFromReplication(.init(SecretId: "Rm", RemoveReplicaRegions: ["eu-west-2"]))
        #expect(last.ReplicationStatus == [])
        let notReplica = await awsError { _ = try await sim.primary.removeRegionsFromReplication(.init(SecretId: "Rm", RemoveReplicaRegions: ["eu-west-2"])) }
        #expect(notReplica?.code == "InvalidParameterException")
    }

    @Test func promoteInTheReplicaRegionMakesAStandaloneSecret() async throws {
        let sim = try Sim(delay: 0)
        let created = try await sim.create("Failover", replicas: ["ap-southeast-2", "eu-west-3"])
        let wrong = await awsError { _ = try await sim.primary.stopReplicationToReplica(.init(SecretId: "Failover")) }
        #expect(wrong?.code == "InvalidRequestException")
        let replica = sim.client("ap-southeast-2")
        // The API reference sends the primary's ARN to the replica's Region.
        let r = try await replica.stopReplicationToReplica(.init(SecretId: created.ARN ?? ""))
        #expect(r.ARN == created.ARN?.replacingOccurrences(of: ":us-west-2:", with: ":ap-southeast-2:"))
        #expect(try await sim.statuses("Failover") == ["eu-west-3": .InSync])
        let promoted = try await replica.describeSecret(.init(SecretId: "Failover"))
        #expect(promoted.PrimaryRegion == nil)
        // Now a writable primary of its own, no longer fed by the old one.
        _ = try await replica.putSecretValue(.init(SecretId: "Failover", SecretString: "dr"))
        _ = try await sim.primary.putSecretValue(.init(SecretId: "Failover", SecretString: "old-primary"))
        #expect(try await replica.getSecretValue(.init(SecretId: "Failover")).SecretString == "dr")
        #expect(try await sim.client("eu-west-3").getSecretValue(.init(SecretId: "Failover")).SecretString == "old-primary")
    }

    @Test func newVersionsReachInSyncReplicas() async throws {
        let sim = try Sim(delay: 0)
        try await sim.create("Rotating", value: "v1", replicas: ["eu-west-3"])
        let put = try await sim.primary.putSecretValue(.init(SecretId: "Rotating", SecretString: "v2"))
        #expect(put.VersionStages == ["AWSCURRENT"])
        let replica = sim.client("eu-west-3")
        #expect(try await replica.getSecretValue(.init(SecretId: "Rotating")).SecretString == "v2")
        #expect(try await replica.getSecretValue(.init(SecretId: "Rotating", VersionStage: "AWSPREVIOUS")).SecretString == "v1")
    }

    @Test func lastAccessedDateIsSetPerRegionToTheDay() async throws {
        let sim = try Sim(delay: 0)
        try await sim.create("Read", replicas: ["eu-west-3"])
        #expect(try await sim.primary.describeSecret(.init(SecretId: "Read")).LastAccessedDate == nil)
        _ = try await sim.client("eu-west-3").getSecretValue(.init(SecretId: "Read"))
        let day = startOfDay(sim.clock.now)
        let d = try await sim.primary.describeSecret(.init(SecretId: "Read"))
        #expect(d.LastAccessedDate == nil)
        #expect(d.ReplicationStatus?.first?.LastAccessedDate == day)
        #expect(try await sim.client("eu-west-3").describeSecret(.init(SecretId: "Read")).LastAccessedDate == day)
        #expect(day.timeIntervalSince1970.truncatingRemainder(dividingBy: 86_400) == 0)
    }
}
