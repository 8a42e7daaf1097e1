import Foundation
import Testing
import SecretsCore
@testable import SecretsSimulator

/// Bad requests to the simulator's handler, as the fuzzer sends them: each ends in a 4xx AWSError
/// with the service's error code, and none changes the state file.
struct BadRequestTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let target: String
        let region: String
        let body: String
        let code: String
        var testDescription: String { "\(target) \(region) \(body.prefix(60)) → \(code)" }
        init(_ target: String, region: String = "us-east-1", _ body: String, _ code: String) {
            self.target = target
            self.region = region
            self.body = body
            self.code = code
        }
    }

    static let cases: [Case] = [
        // Malformed JSON
        Case("CreateSecret", "", "ValidationException"),
        Case("CreateSecret", "{", "SerializationException"),
        Case("CreateSecret", #"{"Name": }"#, "SerializationException"),
        Case("CreateSecret", #"{"Name": "x",}"#, "SerializationException"),
        Case("CreateSecret", #"{"Name": "x"} trailing"#, "SerializationException"),
        Case("CreateSecret", "\u{FF}\u{FE}", "SerializationException"),
        Case("CreateSecret", #"{"Name": "\ud800"}"#, "ValidationException"),
        Case("CreateSecret", "[1, 2]", "SerializationException"),
        Case("CreateSecret", "null", "SerializationException"),
        Case("DescribeSecret", String(repeating: "[", count: 10_000), "SerializationException"),
        Case("DescribeSecret", String(repeating: #"{"a":"#, count: 10_000), "SerializationException"),
        // Wrong shapes
        Case("CreateSecret", #"{"Name": 5}"#, "SerializationException"),
        Case("CreateSecret", #"{"Name": "x", "AddReplicaRegions": "eu-west-3"}"#, "SerializationException"),
        Case("CreateSecret", #"{"Name": "x", "AddReplicaRegions": [{"Region": 1}]}"#, "SerializationException"),
        Case("DeleteSecret", #"{"SecretId": "Kept", "RecoveryWindowInDays": "seven"}"#, "SerializationException"),
        Case("DeleteSecret", #"{"SecretId": "Kept", "RecoveryWindowInDays": 1e999}"#, "SerializationException"),
        // Missing and invalid values
        Case("CreateSecret", "{}", "ValidationException"),
        Case("CreateSecret", #"{"Name": "bad name!"}"#, "ValidationException"),
        Case("CreateSecret", #"{"Name": ""}"#, "ValidationException"),
        Case("CreateSecret", #"{"Name": "\#(String(repeating: "n", count: 513))"}"#, "ValidationException"),
        Case("CreateSecret", #"{"Name": "New", "AddReplicaRegions": [{"Region": "mars-1"}]}"#, "InvalidParameterException"),
        Case("CreateSecret", #"{"Name": "New", "AddReplicaRegions": [{"Region": "us-east-1"}]}"#, "InvalidParameterException"),
        Case("ReplicateSecretToRegions", #"{"SecretId": "Kept", "AddReplicaRegions": [{"Region": "eu-west-33"}]}"#, "InvalidParameterException"),
        Case("DeleteSecret", #"{"SecretId": "Kept", "RecoveryWindowInDays": 3}"#, "InvalidParameterException"),
        Case("DeleteSecret", #"{"SecretId": "Kept", "RecoveryWindowInDays": 7.5}"#, "SerializationException"),
        Case("DescribeSecret", #"{"SecretId": "Missing"}"#, "ResourceNotFoundException"),
        // Unknown operations and Regions
        Case("RotateSecret", #"{"SecretId": "Kept"}"#, "InvalidRequestException"),
        Case("DescribeSecrets", #"{"SecretId": "Kept"}"#, "UnknownOperationException"),
        Case("", "{}", "UnknownOperationException"),
        Case("DescribeSecret", region: "mars-1", #"{"SecretId": "Kept"}"#, "EndpointConnectionError"),
        Case("DescribeSecret", region: "", #"{"SecretId": "Kept"}"#, "EndpointConnectionError"),
    ]

    @Test(arguments: cases)
    func badRequest(_ c: Case) async throws {
        let path = temporaryPath("state.sqlite")
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let sim = try SimulatorTransport(options: SimulatorOptions(statePath: path, replicationDelay: 0,
                                                                   clock: { Date(timeIntervalSince1970: 1_795_000_000) }))
        _ = try await sim.handle(target: "secretsmanager.CreateSecret", region: "us-east-1",
                                 body: Data(#"{"Name":"Kept","SecretString":"k","AddReplicaRegions":[{"Region":"eu-west-1"}]}"#.utf8))
        // The first read stamps LastAccessedDate and settles replication; after that the
        // answers are stable unless something is written.
        _ = try await Self.rows(sim)
        let before = try await Self.rows(sim)
        let error = await awsError { _ = try await sim.handle(target: "secretsmanager." + c.target, region: c.region, body: Data(c.body.utf8)) }
        #expect(error?.code == c.code, "\(String(describing: error))")
        #expect((error?.httpStatus ?? 500) < 500, "\(String(describing: error))")
        #expect(try await Self.rows(sim) == before)
    }

    /// Everything the state holds, as a reader sees it in both Regions.
    static func rows(_ sim: SimulatorTransport) async throws -> [String] {
        var out: [String] = []
        for region in ["us-east-1", "eu-west-1"] {
            let list = try await sim.handle(target: "secretsmanager.ListSecrets", region: region, body: Data(#"{"IncludePlannedDeletion": true}"#.utf8))
            let value = try await sim.handle(target: "secretsmanager.GetSecretValue", region: region, body: Data(#"{"SecretId": "Kept"}"#.utf8))
            out.append(String(decoding: list, as: UTF8.self))
            out.append(String(decoding: value, as: UTF8.self))
        }
        return out
    }
}
