import Foundation
import SecretsCore
import SecretsModel
import SecretsSimulator
import Testing

/// `importSecrets` writes rows as they were read elsewhere; `copy(ofStateAt:)` copies a state file.
struct StateImportTests {
    let created = Date(timeIntervalSince1970: 1_700_000_000)

    // Version ids are 32 to 64 characters.
    let v1 = String(repeating: "1", count: 32), v2 = String(repeating: "2", count: 32)

    func simulator() throws -> SimulatorTransport {
        try SimulatorTransport(options: SimulatorOptions(statePath: ":memory:", replicationDelay: 0, accountId: "210987654321"))
    }

    @Test func importedSecretsKeepTheirARNDatesVersionsLabelsAndReplicas() async throws {
        let sim = try simulator()
        try sim.importSecrets([ImportedSecret(
            name: "app/db", region: "us-east-1", suffix: "AbC123", description: "imported", kmsKeyId: "alias/app",
            tags: [Tag(Key: "env", Value: "prod")], policy: #"{"Version":"2012-10-17","Statement":[]}"#,
            versions: [ImportedVersion(id: v2, value: .string("new"), stages: ["AWSCURRENT"], created: created.addingTimeInterval(60)),
                       ImportedVersion(id: v1, value: .binary(Data([1, 2])), stages: ["AWSPREVIOUS"], created: created)],
            created: created, lastChanged: created.addingTimeInterval(60),
            replicas: [ImportedReplica(region: "eu-west-3", kmsKeyId: "alias/aws/secretsmanager", status: "InSync"),
                       ImportedReplica(region: "ap-south-1", kmsKeyId: "alias/gone", status: "Failed", message: "key not found")])])
        let client = SecretsManagerClient(transport: sim, region: "us-east-1")
        let d = try await client.describeSecret(DescribeSecretRequest(SecretId: "app/db"))
        #expect(d.ARN == "arn:aws:secretsmanager:us-east-1:210987654321:secret:app/db-AbC123")
        #expect(d.CreatedDate == created)
        #expect(d.Description == "imported")
        #expect(d.KmsKeyId == "alias/app")
        #expect(d.Tags?.first?.Value == "prod")
        #expect(d.VersionIdsToStages == [v2: ["AWSCURRENT"], v1: ["AWSPREVIOUS"]])
        #expect(d.ReplicationStatus?.map(\.Status) == [.InSync, .Failed])
        #expect(d.ReplicationStatus?.last?.StatusMessage == "key not found")
        #expect(try await client.getSecretValue(GetSecretValueRequest(SecretId: "app/db")).SecretString == "new")
        #expect(try await client.getSecretValue(GetSecretValueRequest(SecretId: "app/db", VersionId: v1)).SecretBinary == Data([1, 2]))
        // The InSync replica is a secret of its own in its Region; the Failed one holds none.
        let replica = try await client.inRegion("eu-west-3").describeSecret(DescribeSecretRequest(SecretId: "app/db"))
        #expect(replica.ARN == "arn:aws:secretsmanager:eu-west-3:210987654321:secret:app/db-AbC123")
        #expect(replica.PrimaryRegion == "us-east-1")
        await #expect(throws: AWSError.self) { try await client.inRegion("ap-south-1").describeSecret(DescribeSecretRequest(SecretId: "app/db")) }
        // And it behaves as any replica: writes there are refused, removal works.
        await #expect(throws: AWSError.self) { try await client.inRegion("eu-west-3").putSecretValue(PutSecretValueRequest(SecretId: "app/db", SecretString: "x")) }
        _ = try await client.removeRegionsFromReplication(RemoveRegionsFromReplicationRequest(SecretId: "app/db", RemoveReplicaRegions: ["eu-west-3"]))
        await #expect(throws: AWSError.self) { try await client.inRegion("eu-west-3").describeSecret(DescribeSecretRequest(SecretId: "app/db")) }
    }

    @Test func aSecretScheduledForDeletionStaysScheduled() async throws {
        let sim = try simulator()
        try sim.importSecrets([ImportedSecret(name: "old", region: "us-east-1", created: created, deletedDate: created)])
        let client = SecretsManagerClient(transport: sim, region: "us-east-1")
        #expect(try await client.describeSecret(DescribeSecretRequest(SecretId: "old")).DeletedDate == created)
        _ = try await client.restoreSecret(RestoreSecretRequest(SecretId: "old"))
        #expect(try await client.describeSecret(DescribeSecretRequest(SecretId: "old")).DeletedDate == nil)
    }

    @Test func theARNSuffixIsReadFromTheARN() {
        #expect(ImportedSecret.suffix(ofARN: "arn:aws:secretsmanager:us-east-1:1:secret:a-b-XyZ789", name: "a-b") == "XyZ789")
        #expect(ImportedSecret.suffix(ofARN: "arn:aws:secretsmanager:us-east-1:1:secret:a-b", name: "a-b") == nil)
    }

    @Test func aCopyOfAStateFileTransformsValuesAndLeavesTheFileAlone() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smsh-copy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("state.sqlite").path
        let original = try SimulatorTransport(options: SimulatorOptions(statePath: path, replicationDelay: 0))
        let client = SecretsManagerClient(transport: original, region: "us-east-1")
        _ = try await client.createSecret(CreateSecretRequest(Name: "s", SecretString: "value", AddReplicaRegions: [ReplicaRegionType(Region: "eu-west-3")]))
        let copy = try SimulatorTransport.copy(ofStateAt: path, options: SimulatorOptions(replicationDelay: 0)) { _ in .string("placeholder") }
        let copied = SecretsManagerClient(transport: copy, region: "us-east-1")
        #expect(try await copied.getSecretValue(GetSecretValueRequest(SecretId: "s")).SecretString == "placeholder")
        #expect(try await copied.inRegion("eu-west-3").getSecretValue(GetSecretValueRequest(SecretId: "s")).SecretString == "placeholder")
        _ = try await copied.putSecretValue(PutSecretValueRequest(SecretId: "s", SecretString: "changed"))
        #expect(try await client.getSecretValue(GetSecretValueRequest(SecretId: "s")).SecretString == "value")
        let versions = try await client.call(.listSecretVersionIds, body: .object([("SecretId", .string("s"))]))
        #expect(versions["Versions"]?.arrayValue?.count == 1)
    }
}
