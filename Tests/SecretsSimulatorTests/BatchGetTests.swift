import Foundation
import Testing
import SecretsCore
import SecretsModel
@testable import SecretsSimulator

@Suite struct BatchGetTests {
    static func names(_ r: JSONValue) -> [String] { (r["SecretValues"]?.arrayValue ?? []).compactMap { $0["Name"]?.stringValue } }
    static func errors(_ r: JSONValue) -> [String] {
        (r["Errors"]?.arrayValue ?? []).compactMap { e in e["SecretId"]?.stringValue.map { "\($0): \(e["ErrorCode"]?.stringValue ?? "")" } }
    }

    @Test func byIdListWithErrorsForWhatCannotBeRead() async throws {
        let sim = try Sim(delay: 0)
        let a = try await sim.create("A", value: "va")
        try await sim.create("B", value: "vb")
        try await sim.create("Gone")
        _ = try await sim.primary.deleteSecret(.init(SecretId: "Gone"))
        try await sim.primary.createSecret(.init(Name: "Empty"))
        let r = try await sim.call(.batchGetSecretValue, #"{"SecretIdList": ["\#(a.ARN ?? "")", "B", "Missing", "Gone", "Empty"]}"#)
        #expect(Self.names(r) == ["A", "B"])
        #expect(r["SecretValues"]?.arrayValue?.first?["SecretString"]?.stringValue == "va")
        #expect(r["SecretValues"]?.arrayValue?.first?["VersionStages"] == .array([.string("AWSCURRENT")]))
        #expect(Self.errors(r) == ["Missing: ResourceNotFoundException", "Gone: InvalidRequestException", "Empty: ResourceNotFoundException"])
        // A read stamps LastAccessedDate as GetSecretValue does.
        #expect(try await sim.primary.describeSecret(.init(SecretId: "B")).LastAccessedDate != nil)
        let tooMany = (0...20).map { "\"s\($0)\"" }.joined(separator: ",")
        let e1 = await awsError { try await sim.call(.batchGetSecretValue, #"{"SecretIdList": [\#(tooMany)]}"#) }
        #expect(e1?.code == "ValidationException")
        let e2 = await awsError { try await sim.call(.batchGetSecretValue, "{}") }
        #expect(e2?.code == "InvalidParameterException")
        let e3 = await awsError { try await sim.call(.batchGetSecretValue, #"{"SecretIdList": ["A"], "Filters": [{"Key": "name", "Values": ["A"]}]}"#) }
        #expect(e3?.code == "InvalidParameterException")
    }

    @Test func byFiltersWithPaging() async throws {
        let sim = try Sim(delay: 0)
        for i in 1...5 {
            try await sim.create("app/\(i)", value: "v\(i)")
            sim.clock.advance(1)
        }
        try await sim.create("other")
        var seen: [String] = []
        var token: String?
        repeat {
            let next = token.map { #", "NextToken": "\#($0)""# } ?? ""
            let r = try await sim.call(.batchGetSecretValue, #"{"Filters": [{"Key": "name", "Values": ["app/"]}], "MaxResults": 2\#(next)}"#)
            #expect(Self.names(r).count <= 2)
            seen += Self.names(r)
            token = r["NextToken"]?.stringValue
        } while token != nil
        #expect(seen == (1...5).map { "app/\($0)" })
    }

    @Test func replicaRegionsAnswerForTheirReplicas() async throws {
        let sim = try Sim(delay: 3)
        try await sim.create("R1", value: "one", replicas: ["eu-west-1"])
        try await sim.create("Local", value: "here")
        let early = try await sim.call(.batchGetSecretValue, #"{"SecretIdList": ["R1", "Local"]}"#, region: "eu-west-1")
        #expect(Self.errors(early) == ["R1: ResourceNotFoundException", "Local: ResourceNotFoundException"])
        sim.clock.advance(3)
        _ = try await sim.primary.putSecretValue(.init(SecretId: "R1", SecretString: "two"))
        let r = try await sim.call(.batchGetSecretValue, #"{"SecretIdList": ["R1"]}"#, region: "eu-west-1")
        #expect(r["SecretValues"]?.arrayValue?.first?["SecretString"]?.stringValue == "two")
        #expect(r["SecretValues"]?.arrayValue?.first?["ARN"]?.stringValue?.contains(":eu-west-1:") == true)
    }
}
