import Foundation
import Testing
import SecretsCore
import SecretsModel
@testable import SecretsSimulator

@Suite struct ResourcePolicyTests {
    static let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/app"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}"#
    static let open = #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*"}}"#

    static func body(_ id: String, _ policy: String, block: Bool? = nil) -> String {
        let escaped = policy.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return #"{"SecretId": "\#(id)", "ResourcePolicy": "\#(escaped)""# + (block.map { #", "BlockPublicPolicy": \#($0)"# } ?? "") + "}"
    }

    @Test func putGetDeleteAndReplication() async throws {
        let sim = try Sim(delay: 3)
        try await sim.create("Guarded", replicas: ["eu-west-1"])
        sim.clock.advance(3)
        #expect(try await sim.call(.getResourcePolicy, #"{"SecretId": "Guarded"}"#)["ResourcePolicy"] == nil)
        let put = try await sim.call(.putResourcePolicy, Self.body("Guarded", Self.policy))
        #expect(put["Name"]?.stringValue == "Guarded")
        for region in ["us-west-2", "eu-west-1"] {
            let got = try await sim.call(.getResourcePolicy, #"{"SecretId": "Guarded"}"#, region: region)
            #expect(got["ResourcePolicy"]?.stringValue == Self.policy, "\(region)")
        }
        let message = "Operation not permitted on a replica secret. Call must be made in primary secret's region."
        #expect(await awsError { try await sim.call(.putResourcePolicy, Self.body("Guarded", Self.policy), region: "eu-west-1") }?.message == message)
        #expect(await awsError { try await sim.call(.deleteResourcePolicy, #"{"SecretId": "Guarded"}"#, region: "eu-west-1") }?.message == message)
        try await sim.call(.deleteResourcePolicy, #"{"SecretId": "Guarded"}"#)
        #expect(try await sim.call(.getResourcePolicy, #"{"SecretId": "Guarded"}"#, region: "eu-west-1")["ResourcePolicy"] == nil)
        // A replica made after the policy was put starts with it.
        try await sim.call(.putResourcePolicy, Self.body("Guarded", Self.policy))
        _ = try await sim.primary.replicateSecretToRegions(.init(SecretId: "Guarded", AddReplicaRegions: [.init(Region: "ap-south-1")]))
        sim.clock.advance(3)
        #expect(try await sim.call(.getResourcePolicy, #"{"SecretId": "Guarded"}"#, region: "ap-south-1")["ResourcePolicy"]?.stringValue == Self.policy)
    }

    @Test func syntaxErrorsAndPublicPolicies() async throws {
        let sim = try Sim(delay: 0)
        try await sim.create("Checked")
        for bad in ["not json", "[]", #"{"Statement": []}"#, #"{"Statement": {"Effect": "Maybe", "Action": "*"}}"#, #"{"Version": "1999", "Statement": {"Effect": "Allow", "Action": "*"}}"#] {
            let e = await awsError { try await sim.call(.putResourcePolicy, Self.body("Checked", bad)) }
            #expect(e?.code == "MalformedPolicyDocumentException", "\(bad)")
        }
        let e = await awsError { try await sim.call(.putResourcePolicy, Self.body("Checked", Self.open, block: true)) }
        #expect(e?.code == "PublicPolicyException")
        #expect(try await sim.call(.getResourcePolicy, #"{"SecretId": "Checked"}"#)["ResourcePolicy"] == nil)
        // Not blocked by default.
        try await sim.call(.putResourcePolicy, Self.body("Checked", Self.open))

        let passed = try await sim.call(.validateResourcePolicy, Self.body("Checked", Self.policy))
        #expect(passed["PolicyValidationPassed"] == .bool(true))
        let failed = try await sim.call(.validateResourcePolicy, #"{"ResourcePolicy": "\#(Self.open.replacingOccurrences(of: "\"", with: "\\\""))"}"#)
        #expect(failed["PolicyValidationPassed"] == .bool(false))
        #expect(failed["ValidationErrors"]?.arrayValue?.count == 1)
        let malformed = await awsError { try await sim.call(.validateResourcePolicy, #"{"ResourcePolicy": "{"}"#) }
        #expect(malformed?.code == "MalformedPolicyDocumentException")
        let missing = await awsError { try await sim.call(.validateResourcePolicy, Self.body("Missing", Self.policy)) }
        #expect(missing?.code == "ResourceNotFoundException")
    }
}
