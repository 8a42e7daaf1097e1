import Foundation
import Testing
import SecretsCore
import SecretsModel
@testable import SecretsSimulator

/// DeleteSecret's forced delete of what is not there, and Region names checked against the model.
@Suite struct RequestRulesTests {
    @Test func forcedDeleteOfAMissingOrDeletedSecretSucceedsByNameOrARN() async throws {
        let sim = try Sim(delay: 0)
        let created = try await sim.create("Doomed")
        let arn = try #require(created.ARN)
        _ = try await sim.primary.deleteSecret(.init(SecretId: arn, ForceDeleteWithoutRecovery: true))
        let again = try await sim.primary.deleteSecret(.init(SecretId: arn, ForceDeleteWithoutRecovery: true))
        #expect(again.ARN == arn)
        #expect(again.Name == "Doomed")
        let byName = try await sim.primary.deleteSecret(.init(SecretId: "NeverWas", ForceDeleteWithoutRecovery: true))
        #expect(byName.Name == "NeverWas")
        // A scheduled deletion can be made immediate.
        try await sim.create("Scheduled")
        _ = try await sim.primary.deleteSecret(.init(SecretId: "Scheduled"))
        _ = try await sim.primary.deleteSecret(.init(SecretId: "Scheduled", ForceDeleteWithoutRecovery: true))
        let listed = try await sim.primary.listSecrets(.init(IncludePlannedDeletion: true))
        #expect(listed.isEmpty)
        // Without force, what is not there is still not found.
        let e = await awsError { _ = try await sim.primary.deleteSecret(.init(SecretId: arn)) }
        #expect(e?.code == "ResourceNotFoundException")
    }

    @Test func malformedRegionNamesAreValidationErrorsWellFormedUnknownOnesAreNot() async throws {
        let sim = try Sim(delay: 0)
        try await sim.create("Regions")
        let e1 = await awsError { _ = try await sim.primary.replicateSecretToRegions(.init(SecretId: "Regions", AddReplicaRegions: [.init(Region: "eu-west-1"), .init(Region: "US_EAST")])) }
        #expect(e1?.code == "ValidationException")
        #expect(e1?.message == #"1 validation error detected: Value 'US_EAST' at 'addReplicaRegions.2.member.region' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([a-z]+-)+\d+$"#)
        let e2 = await awsError { _ = try await sim.primary.createSecret(.init(Name: "New", AddReplicaRegions: [.init(Region: "foo")])) }
        #expect(e2?.code == "ValidationException")
        let e3 = await awsError { _ = try await sim.primary.replicateSecretToRegions(.init(SecretId: "Regions", AddReplicaRegions: [.init(Region: "mars-east-1")])) }
        #expect(e3?.code == "InvalidParameterException")
        #expect(e3?.message == "Invalid replica region.")
        let e4 = await awsError { _ = try await sim.primary.removeRegionsFromReplication(.init(SecretId: "Regions", RemoveReplicaRegions: ["Eu-West-1"])) }
        #expect(e4?.message.contains("at 'removeReplicaRegions.1.member' failed to satisfy constraint") == true)
    }
}
