import Foundation
import Testing
import SecretsCore
@testable import SecretsSimulator

@Suite struct LifecycleTests {
    @Test func arnNameRulesAndLookupByNameFullAndPartialArn() async throws {
        let sim = try Sim()
        let c = try await sim.create("prod/db-creds_1+=.@")
        let arn = try #require(c.ARN)
        let suffix = String(arn.suffix(6))
        #expect(arn == "arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/db-creds_1+=.@-\(suffix)")
        #expect(suffix.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
        for id in ["prod/db-creds_1+=.@", arn, "arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/db-creds_1+=.@"] {
            #expect(try await sim.primary.describeSecret(.init(SecretId: id)).ARN == arn, "\(id)")
        }
        let wrongSuffix = String(arn.dropLast(6)) + (suffix == "AAAAAA" ? "BBBBBB" : "AAAAAA")
        #expect(await awsError { _ = try await sim.primary.describeSecret(.init(SecretId: wrongSuffix)) }?.code == "ResourceNotFoundException")
        let otherAccount = arn.replacingOccurrences(of: "123456789012", with: "999999999999")
        #expect(await awsError { _ = try await sim.primary.describeSecret(.init(SecretId: otherAccount)) }?.code == "ResourceNotFoundException")

        for bad in ["has space", "bang!", "emoji🙂", String(repeating: "a", count: 513), ""] {
            let e = await awsError { _ = try await sim.primary.createSecret(.init(Name: bad, SecretString: "x")) }
            #expect(e?.code == "ValidationException", "\(bad.prefix(20))")
        }
        _ = try await sim.primary.createSecret(.init(Name: String(repeating: "a", count: 512), SecretString: "x"))
        let dup = await awsError { _ = try await sim.primary.createSecret(.init(Name: "prod/db-creds_1+=.@", SecretString: "x")) }
        #expect(dup?.code == "ResourceExistsException")
    }

    @Test func unknownRegionIsRejectedLikeAnEndpointThatDoesNotExist() async throws {
        let sim = try Sim()
        let e = await awsError { _ = try await sim.client("eu-west-33").listSecrets() }
        #expect(e?.code == "EndpointConnectionError")
        #expect(e?.message.contains("https://secretsmanager.eu-west-33.amazonaws.com/") == true)
    }

    @Test func versionsLabelsAndClientRequestTokenIdempotency() async throws {
        let sim = try Sim()
        let token = "11111111-2222-3333-4444-555555555555"
        let c = try await sim.primary.createSecret(.init(Name: "V", ClientRequestToken: token, SecretString: "one"))
        #expect(c.VersionId == token)
        // The same token and value again: the same version, nothing new.
        let again = try await sim.primary.createSecret(.init(Name: "V", ClientRequestToken: token, SecretString: "one"))
        #expect(again.VersionId == token)
        let t2 = "22222222-2222-3333-4444-555555555555"
        let p1 = try await sim.primary.putSecretValue(.init(SecretId: "V", ClientRequestToken: t2, SecretString: "two"))
        let p1again = try await sim.primary.putSecretValue(.init(SecretId: "V", ClientRequestToken: t2, SecretString: "two"))
        #expect(p1.VersionId == t2 && p1again.VersionId == t2)
        let clash = await awsError { _ = try await sim.primary.putSecretValue(.init(SecretId: "V", ClientRequestToken: t2, SecretString: "other")) }
        #expect(clash?.code == "ResourceExistsException")
        let d = try await sim.primary.describeSecret(.init(SecretId: "V"))
        #expect(d.VersionIdsToStages == [token: ["AWSPREVIOUS"], t2: ["AWSCURRENT"]])
        _ = try await sim.primary.putSecretValue(.init(SecretId: "V", SecretString: "three"))
        let d2 = try await sim.primary.describeSecret(.init(SecretId: "V"))
        #expect(d2.VersionIdsToStages?.count == 2)
        #expect(d2.VersionIdsToStages?[t2] == ["AWSPREVIOUS"])
        #expect(try await sim.primary.getSecretValue(.init(SecretId: "V", VersionId: token)).SecretString == "one")
        let short = await awsError { _ = try await sim.primary.putSecretValue(.init(SecretId: "V", ClientRequestToken: "short", SecretString: "x")) }
        #expect(short?.code == "ValidationException")
        let both = await awsError { _ = try await sim.primary.putSecretValue(.init(SecretId: "V", SecretBinary: Data([1]), SecretString: "x")) }
        #expect(both?.code == "InvalidParameterException")
        let bin = try await sim.primary.putSecretValue(.init(SecretId: "V", SecretBinary: Data([0, 1, 2])))
        #expect(try await sim.primary.getSecretValue(.init(SecretId: "V", VersionId: bin.VersionId)).SecretBinary == Data([0, 1, 2]))
    }

    @Test func deleteWindowRulesReplicasAndRestore() async throws {
        let sim = try Sim(delay: 0)
        try await sim.create("Del", replicas: ["eu-west-3", "ap-northeast-1"])
        let arn = try #require(try await sim.primary.describeSecret(.init(SecretId: "Del")).ARN)
        let refused = await awsError { _ = try await sim.primary.deleteSecret(.init(SecretId: "Del")) }
        #expect(refused?.code == "InvalidParameterException")
        #expect(refused?.message == "You can't delete secret \(arn) that still has replica regions [eu-west-3, ap-northeast-1].")
        _ = try await sim.primary.removeRegionsFromReplication(.init(SecretId: "Del", RemoveReplicaRegions: ["eu-west-3", "ap-northeast-1"]))

        for days: Int64 in [6, 31] {
            #expect(await awsError { _ = try await sim.primary.deleteSecret(.init(SecretId: "Del", RecoveryWindowInDays: days)) }?.code == "InvalidParameterException")
        }
        let both = await awsError { _ = try await sim.primary.deleteSecret(.init(SecretId: "Del", RecoveryWindowInDays: 7, ForceDeleteWithoutRecovery: true)) }
        #expect(both?.message == "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.")

        let d = try await sim.primary.deleteSecret(.init(SecretId: "Del", RecoveryWindowInDays: 7))
        #expect(d.DeletionDate == sim.clock.now.addingTimeInterval(7 * 86_400))
        #expect(try await sim.primary.describeSecret(.init(SecretId: "Del")).DeletedDate == sim.clock.now)
        for change in [
            { _ = try await sim.primary.putSecretValue(.init(SecretId: "Del", SecretString: "x")) },
            { _ = try await sim.primary.getSecretValue(.init(SecretId: "Del")) },
            { _ = try await sim.primary.updateSecret(.init(SecretId: "Del", Description: "x")) },
        ] as [() async throws -> Void] {
            #expect(await awsError(change)?.code == "InvalidRequestException")
        }
        #expect(try await sim.primary.listSecrets().isEmpty)
        #expect(try await sim.primary.listSecrets(.init(IncludePlannedDeletion: true)).count == 1)
        _ = try await sim.primary.restoreSecret(.init(SecretId: "Del"))
        #expect(try await sim.primary.getSecretValue(.init(SecretId: "Del")).SecretString == "s3cr3t")

        // After the window the secret is gone for good and its name is free again.
        _ = try await sim.primary.deleteSecret(.init(SecretId: "Del", RecoveryWindowInDays: 7))
        let reuse = await awsError { try await sim.create("Del") }
        #expect(reuse?.code == "InvalidRequestException")
        sim.clock.advance(7 * 86_400)
        #expect(await awsError { _ = try await sim.primary.describeSecret(.init(SecretId: "Del")) }?.code == "ResourceNotFoundException")
        try await sim.create("Del")
        let forced = try await sim.primary.deleteSecret(.init(SecretId: "Del", ForceDeleteWithoutRecovery: true))
        #expect(forced.Name == "Del")
        #expect(await awsError { _ = try await sim.primary.describeSecret(.init(SecretId: "Del")) }?.code == "ResourceNotFoundException")
        // A forced delete of a secret that is not there succeeds, as documented.
        #expect(try await sim.primary.deleteSecret(.init(SecretId: "Never", ForceDeleteWithoutRecovery: true)).Name == "Never")
    }

    @Test func updateDescriptionKeyAndValue() async throws {
        let sim = try Sim(delay: 0)
        try await sim.create("Up", replicas: ["eu-west-3"])
        let u = try await sim.primary.updateSecret(.init(SecretId: "Up", Description: "new", KmsKeyId: "alias/mine"))
        #expect(u.VersionId == nil)
        var d = try await sim.primary.describeSecret(.init(SecretId: "Up"))
        #expect(d.Description == "new" && d.KmsKeyId == "alias/mine")
        #expect(try await sim.client("eu-west-3").describeSecret(.init(SecretId: "Up")).Description == "new")
        let v = try await sim.primary.updateSecret(.init(SecretId: "Up", KmsKeyId: "", SecretString: "rotated"))
        #expect(v.VersionId != nil)
        d = try await sim.primary.describeSecret(.init(SecretId: "Up"))
        #expect(d.KmsKeyId == nil)
        #expect(try await sim.client("eu-west-3").getSecretValue(.init(SecretId: "Up")).SecretString == "rotated")
        let foreign = await awsError { _ = try await sim.primary.updateSecret(.init(SecretId: "Up", KmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/abc")) }
        #expect(foreign?.code == "EncryptionFailure")
    }

    @Test func listSecretsPagesFiltersAndSorts() async throws {
        let sim = try Sim(delay: 0)
        for i in 0..<7 {
            sim.clock.advance(1)
            _ = try await sim.primary.createSecret(.init(Name: "app/\(i)", Description: i % 2 == 0 ? "Even one" : "odd",
                                                         SecretString: "x", Tags: [Tag(Key: "team", Value: i < 3 ? "blue" : "red")]))
        }
        try await sim.create("other", replicas: ["eu-west-3"])
        let page = try await sim.primary.listSecretsPage(.init(MaxResults: 3))
        #expect(page.SecretList?.map(\.Name) == ["app/0", "app/1", "app/2"])
        #expect(page.NextToken != nil)
        #expect(try await sim.primary.listSecrets(.init(MaxResults: 2)).count == 8)
        #expect(try await sim.primary.listSecrets(.init(SortOrder: "desc")).first?.Name == "other")
        #expect(try await sim.primary.listSecrets(.init(Filters: [Filter(Key: "name", Values: ["app/"])])).count == 7)
        #expect(try await sim.primary.listSecrets(.init(Filters: [Filter(Key: "name", Values: ["!app/"])])).map(\.Name) == ["other"])
        #expect(try await sim.primary.listSecrets(.init(Filters: [Filter(Key: "description", Values: ["even"])])).count == 4)
        #expect(try await sim.primary.listSecrets(.init(Filters: [Filter(Key: "tag-value", Values: ["blue"]), Filter(Key: "description", Values: ["odd"])])).map(\.Name) == ["app/1"])
        let replicas = try await sim.client("eu-west-3").listSecrets(.init(Filters: [Filter(Key: "primary-region", Values: ["us-west-2"])]))
        #expect(replicas.map(\.Name) == ["other"])
        #expect(replicas.first?.PrimaryRegion == "us-west-2")
        #expect(try await sim.primary.listSecrets(.init(Filters: [Filter(Key: "all", Values: ["red"])])).count == 4)
        let badToken = await awsError { _ = try await sim.primary.listSecretsPage(.init(NextToken: "garbage")) }
        #expect(badToken?.code == "InvalidNextTokenException")
        let badKey = await awsError { _ = try await sim.primary.listSecretsPage(.init(Filters: [Filter(Key: "bogus", Values: ["x"])])) }
        #expect(badKey?.code == "ValidationException")
        let badMax = await awsError { _ = try await sim.primary.listSecretsPage(.init(MaxResults: 101)) }
        #expect(badMax?.code == "ValidationException")
    }
}
