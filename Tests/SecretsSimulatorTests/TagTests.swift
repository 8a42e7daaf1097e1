import Foundation
import Testing
import SecretsCore
import SecretsModel
@testable import SecretsSimulator

@Suite struct TagTests {
    @Test func tagAddsAndReplacesAndUntagRemovesWithoutANewVersion() async throws {
        let sim = try Sim(delay: 0)
        try await sim.create("Tagged")
        try await sim.call(.tagResource, #"{"SecretId": "Tagged", "Tags": [{"Key": "env", "Value": "dev"}, {"Key": "team", "Value": "a b"}]}"#)
        try await sim.call(.tagResource, #"{"SecretId": "Tagged", "Tags": [{"Key": "env", "Value": "prod"}]}"#)
        #expect(try await sim.tags("Tagged") == ["env=prod", "team=a b"])
        try await sim.call(.untagResource, #"{"SecretId": "Tagged", "TagKeys": ["team", "absent"]}"#)
        #expect(try await sim.tags("Tagged") == ["env=prod"])
        let d = try await sim.primary.describeSecret(.init(SecretId: "Tagged"))
        #expect(d.VersionIdsToStages?.count == 1)
    }

    @Test func tagsReplicateAndReplicasRefuseTagChanges() async throws {
        let sim = try Sim(delay: 3)
        try await sim.create("Shared", replicas: ["eu-west-1", "ap-south-1"])
        try await sim.call(.tagResource, #"{"SecretId": "Shared", "Tags": [{"Key": "env", "Value": "prod"}]}"#)
        sim.clock.advance(3)
        for region in ["us-west-2", "eu-west-1", "ap-south-1"] {
            #expect(try await sim.tags("Shared", region: region) == ["env=prod"], "\(region)")
            let listed = try await sim.client(region).listSecrets(.init(Filters: [Filter(Key: "tag-key", Values: ["env"])]))
            #expect(listed.map(\.Name) == ["Shared"], "\(region)")
            let byValue = try await sim.client(region).listSecrets(.init(Filters: [Filter(Key: "tag-value", Values: ["prod"])]))
            #expect(byValue.map(\.Name) == ["Shared"], "\(region)")
        }
        try await sim.call(.untagResource, #"{"SecretId": "Shared", "TagKeys": ["env"]}"#)
        #expect(try await sim.tags("Shared", region: "eu-west-1") == [])
        let message = "Operation not permitted on a replica secret. Call must be made in primary secret's region."
        for body in [#"{"SecretId": "Shared", "Tags": [{"Key": "k", "Value": "v"}]}"#] {
            let e = await awsError { try await sim.call(.tagResource, body, region: "eu-west-1") }
            #expect(e?.code == "InvalidParameterException")
            #expect(e?.message == message)
        }
        let e = await awsError { try await sim.call(.untagResource, #"{"SecretId": "Shared", "TagKeys": ["k"]}"#, region: "ap-south-1") }
        #expect(e?.message == message)
    }

    @Test func constraintsOfTheModelAndTheService() async throws {
        let sim = try Sim(delay: 0)
        try await sim.create("Limits")
        let long = String(repeating: "k", count: 129)
        let e1 = await awsError { try await sim.call(.tagResource, #"{"SecretId": "Limits", "Tags": [{"Key": "\#(long)", "Value": "v"}]}"#) }
        #expect(e1?.code == "ValidationException")
        #expect(e1?.message.contains("at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128") == true)
        let e2 = await awsError { try await sim.call(.tagResource, #"{"SecretId": "Limits", "Tags": [{"Key": "aws:owner", "Value": "v"}]}"#) }
        #expect(e2?.code == "InvalidParameterException")
        let e3 = await awsError { try await sim.call(.tagResource, #"{"SecretId": "Limits"}"#) }
        #expect(e3?.message == "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null")
        // 50 tags are allowed, the 51st is refused and nothing changes.
        let fifty = (1...50).map { #"{"Key": "k\#($0)", "Value": "v"}"# }.joined(separator: ", ")
        try await sim.call(.tagResource, #"{"SecretId": "Limits", "Tags": [\#(fifty)]}"#)
        let e4 = await awsError { try await sim.call(.tagResource, #"{"SecretId": "Limits", "Tags": [{"Key": "one-more", "Value": "v"}]}"#) }
        #expect(e4?.code == "InvalidParameterException")
        #expect(try await sim.tags("Limits").count == 50)
        let e5 = await awsError { try await sim.call(.tagResource, #"{"SecretId": "Missing", "Tags": [{"Key": "k", "Value": "v"}]}"#) }
        #expect(e5?.code == "ResourceNotFoundException")
    }
}
