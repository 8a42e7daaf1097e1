import Foundation
import Testing
import SecretsCore
import SecretsModel
@testable import SecretsSimulator

/// The service's own check of requests against the model, as a client that does not validate
/// (a raw HTTP caller) meets it.
@Suite struct ModelValidationTests {
    @Test func oneProblemInAWSWords() async throws {
        let sim = try Sim(delay: 0)
        let long = String(repeating: "x", count: 2049)
        let e = await awsError { try await sim.call(.describeSecret, #"{"SecretId": "\#(long)"}"#) }
        #expect(e?.code == "ValidationException")
        #expect(e?.message == "1 validation error detected: Value '\(String(repeating: "x", count: 64))...' at 'secretId' failed to satisfy constraint: Member must have length less than or equal to 2048")
    }

    @Test func severalProblemsInModelOrder() async throws {
        let sim = try Sim(delay: 0)
        let e = await awsError { try await sim.call(.listSecrets, #"{"SortOrder": "up", "MaxResults": 0}"#) }
        #expect(e?.message == "2 validation errors detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1; Value 'up' at 'sortOrder' failed to satisfy constraint: Member must satisfy enum value set: [asc, desc]")
        let f = await awsError { try await sim.call(.listSecrets, #"{"Filters": [{"Key": "name", "Values": ["ok"]}, {"Key": "colour", "Values": ["a*b"]}]}"#) }
        #expect(f?.message == #"2 validation errors detected: Value 'colour' at 'filters.2.member.key' failed to satisfy constraint: Member must satisfy enum value set: [description, name, tag-key, tag-value, primary-region, owning-service, all]; Value 'a*b' at 'filters.2.member.values.1.member' failed to satisfy constraint: Member must satisfy regular expression pattern: ^\!?[a-zA-Z0-9 :_@\/\+\=\.\-\!]*$"#)
    }

    @Test func sensitiveValuesAreMasked() async throws {
        let sim = try Sim(delay: 0)
        try await sim.create("Masked")
        let e = await awsError { try await sim.call(.putSecretValue, #"{"SecretId": "Masked", "SecretString": "", "ClientRequestToken": "short"}"#) }
        #expect(e?.message == "2 validation errors detected: Value 'short' at 'clientRequestToken' failed to satisfy constraint: Member must have length greater than or equal to 32; Value '***' at 'secretString' failed to satisfy constraint: Member must have length greater than or equal to 1")
    }

    @Test func typesAreSerializationErrorsBeforeAnyConstraint() async throws {
        let sim = try Sim(delay: 0)
        let e = await awsError { try await sim.call(.listSecrets, #"{"MaxResults": 0, "SortBy": 5}"#) }
        #expect(e?.code == "SerializationException")
        #expect(e?.message == "Unexpected type for member 'SortBy': expected a string.")
        let r = await awsError { try await sim.call(.rotateSecret, #"{"SecretId": "x", "RotationRules": {"Duration": "5d"}}"#) }
        #expect(r?.message == "1 validation error detected: Value '5d' at 'rotationRules.duration' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9]+h")
        let m = await awsError { try await sim.call(.tagResource, #"{"Tags": [{"Key": "", "Value": "v"}]}"#) }
        #expect(m?.message == "2 validation errors detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null; Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1")
    }
}
