import Foundation
import Testing
import SecretsCore
import SecretsModel
@testable import SecretsSimulator

@Suite struct VersionStageTests {
    /// VersionId -> labels, as ListSecretVersionIds shows them in `region`.
    static func labels(_ sim: Sim, _ name: String, region: String? = nil, deprecated: Bool = false) async throws -> [String: [String]] {
        let r = try await sim.call(.listSecretVersionIds, #"{"SecretId": "\#(name)", "IncludeDeprecated": \#(deprecated)}"#, region: region)
        var out: [String: [String]] = [:]
        for v in r["Versions"]?.arrayValue ?? [] {
            out[v["VersionId"]?.stringValue ?? ""] = (v["VersionStages"]?.arrayValue ?? []).compactMap(\.stringValue)
        }
        return out
    }

    static func put(_ sim: Sim, _ name: String, _ value: String) async throws -> String {
        try await sim.primary.putSecretValue(.init(SecretId: name, SecretString: value)).VersionId ?? ""
    }

    @Test func listingPagesNewestFirstAndHidesDeprecatedVersions() async throws {
        let sim = try Sim(delay: 0)
        let v1 = try await sim.create("Versions", value: "one").VersionId ?? ""
        sim.clock.advance(1)
        let v2 = try await Self.put(sim, "Versions", "two")
        sim.clock.advance(1)
        let v3 = try await Self.put(sim, "Versions", "three")
        #expect(try await Self.labels(sim, "Versions") == [v3: ["AWSCURRENT"], v2: ["AWSPREVIOUS"]])
        #expect(try await Self.labels(sim, "Versions", deprecated: true) == [v3: ["AWSCURRENT"], v2: ["AWSPREVIOUS"], v1: []])

        let first = try await sim.call(.listSecretVersionIds, #"{"SecretId": "Versions", "MaxResults": 2, "IncludeDeprecated": true}"#)
        #expect(first["Versions"]?.arrayValue?.compactMap { $0["VersionId"]?.stringValue } == [v3, v2])
        #expect(first["Name"]?.stringValue == "Versions")
        let token = try #require(first["NextToken"]?.stringValue)
        let second = try await sim.call(.listSecretVersionIds, #"{"SecretId": "Versions", "MaxResults": 2, "IncludeDeprecated": true, "NextToken": "\#(token)"}"#)
        #expect(second["Versions"]?.arrayValue?.compactMap { $0["VersionId"]?.stringValue } == [v1])
        #expect(second["NextToken"] == nil)
        let bad = await awsError { try await sim.call(.listSecretVersionIds, #"{"SecretId": "Versions", "MaxResults": 101}"#) }
        #expect(bad?.message == "1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100")
    }

    @Test func movingAWSCURRENTMakesTheOldVersionAWSPREVIOUS() async throws {
        let sim = try Sim(delay: 0)
        let v1 = try await sim.create("Stages", value: "one").VersionId ?? ""
        let v2 = try await sim.primary.putSecretValue(.init(SecretId: "Stages", SecretString: "two", VersionStages: ["AWSPENDING"])).VersionId ?? ""
        #expect(try await Self.labels(sim, "Stages") == [v1: ["AWSCURRENT"], v2: ["AWSPENDING"]])
        try await sim.call(.updateSecretVersionStage, #"{"SecretId": "Stages", "VersionStage": "AWSCURRENT", "MoveToVersionId": "\#(v2)", "RemoveFromVersionId": "\#(v1)"}"#)
        #expect(try await Self.labels(sim, "Stages") == [v1: ["AWSPREVIOUS"], v2: ["AWSPENDING", "AWSCURRENT"]])
        #expect(try await sim.primary.getSecretValue(.init(SecretId: "Stages")).SecretString == "two")
        // Removing the last label deprecates the version.
        try await sim.call(.updateSecretVersionStage, #"{"SecretId": "Stages", "VersionStage": "AWSPREVIOUS", "RemoveFromVersionId": "\#(v1)"}"#)
        #expect(try await Self.labels(sim, "Stages")[v1] == nil)
        #expect(try await Self.labels(sim, "Stages", deprecated: true)[v1] == [])
        // A custom label moves freely between versions when its holder is named.
        try await sim.call(.updateSecretVersionStage, #"{"SecretId": "Stages", "VersionStage": "blue", "MoveToVersionId": "\#(v1)"}"#)
        try await sim.call(.updateSecretVersionStage, #"{"SecretId": "Stages", "VersionStage": "blue", "MoveToVersionId": "\#(v2)", "RemoveFromVersionId": "\#(v1)"}"#)
        #expect(try await Self.labels(sim, "Stages", deprecated: true)[v1] == [])
    }

    @Test func aLabelOnAnotherVersionMustBeNamedAndAWSCURRENTCannotBeDropped() async throws {
        let sim = try Sim(delay: 0)
        let v1 = try await sim.create("Rules", value: "one").VersionId ?? ""
        let v2 = try await sim.primary.putSecretValue(.init(SecretId: "Rules", SecretString: "two", VersionStages: ["x"])).VersionId ?? ""
        let e1 = await awsError { try await sim.call(.updateSecretVersionStage, #"{"SecretId": "Rules", "VersionStage": "AWSCURRENT", "MoveToVersionId": "\#(v2)"}"#) }
        #expect(e1?.code == "InvalidParameterException")
        #expect(e1?.message.contains(v1) == true)
        let e2 = await awsError { try await sim.call(.updateSecretVersionStage, #"{"SecretId": "Rules", "VersionStage": "AWSCURRENT", "RemoveFromVersionId": "\#(v1)"}"#) }
        #expect(e2?.code == "InvalidParameterException")
        let e3 = await awsError { try await sim.call(.updateSecretVersionStage, #"{"SecretId": "Rules", "VersionStage": "x", "RemoveFromVersionId": "\#(v1)"}"#) }
        #expect(e3?.code == "InvalidParameterException")
        let e4 = await awsError { try await sim.call(.updateSecretVersionStage, #"{"SecretId": "Rules", "VersionStage": "x", "MoveToVersionId": "00000000-0000-0000-0000-000000000000"}"#) }
        #expect(e4?.code == "InvalidParameterException")
        #expect(try await Self.labels(sim, "Rules") == [v1: ["AWSCURRENT"], v2: ["x"]])
    }

    @Test func labelsAreTheSameInEveryReplicaAndReplicasRefuseChanges() async throws {
        let sim = try Sim(delay: 3)
        let v1 = try await sim.create("Everywhere", value: "one", replicas: ["eu-west-1"]).VersionId ?? ""
        sim.clock.advance(3)
        let v2 = try await sim.primary.putSecretValue(.init(SecretId: "Everywhere", SecretString: "two", VersionStages: ["AWSPENDING"])).VersionId ?? ""
        try await sim.call(.updateSecretVersionStage, #"{"SecretId": "Everywhere", "VersionStage": "AWSCURRENT", "MoveToVersionId": "\#(v2)", "RemoveFromVersionId": "\#(v1)"}"#)
        let primary = try await Self.labels(sim, "Everywhere", deprecated: true)
        #expect(try await Self.labels(sim, "Everywhere", region: "eu-west-1", deprecated: true) == primary)
        #expect(try await sim.client("eu-west-1").getSecretValue(.init(SecretId: "Everywhere")).SecretString == "two")
        let e = await awsError { try await sim.call(.updateSecretVersionStage, #"{"SecretId": "Everywhere", "VersionStage": "AWSCURRENT", "MoveToVersionId": "\#(v1)", "RemoveFromVersionId": "\#(v2)"}"#, region: "eu-west-1") }
        #expect(e?.message == "Operation not permitted on a replica secret. Call must be made in primary secret's region.")
    }
}
