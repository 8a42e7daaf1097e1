import Foundation
import Testing
import TestSupport
@testable import SecretsCore

/// Member names in declaration order, and which of them are not optional.
func members(of value: Any) -> (names: [String], required: [String]) {
    let children = Mirror(reflecting: value).children
    let names = children.compactMap(\.label)
    let required = children.filter { Mirror(reflecting: $0.value).displayStyle != .optional }.compactMap(\.label)
    return (names, required)
}

@Suite struct ModelTests {
    static var shapes: [(String, Any)] { [
        ("CreateSecretRequest", CreateSecretRequest(Name: "n")),
        ("CreateSecretResponse", CreateSecretResponse()),
        ("DescribeSecretRequest", DescribeSecretRequest(SecretId: "s")),
        ("DescribeSecretResponse", DescribeSecretResponse()),
        ("ReplicateSecretToRegionsRequest", ReplicateSecretToRegionsRequest(SecretId: "s", AddReplicaRegions: [])),
        ("ReplicateSecretToRegionsResponse", ReplicateSecretToRegionsResponse()),
        ("RemoveRegionsFromReplicationRequest", RemoveRegionsFromReplicationRequest(SecretId: "s", RemoveReplicaRegions: [])),
        ("RemoveRegionsFromReplicationResponse", RemoveRegionsFromReplicationResponse()),
        ("StopReplicationToReplicaRequest", StopReplicationToReplicaRequest(SecretId: "s")),
        ("StopReplicationToReplicaResponse", StopReplicationToReplicaResponse()),
        ("GetSecretValueRequest", GetSecretValueRequest(SecretId: "s")),
        ("GetSecretValueResponse", GetSecretValueResponse()),
        ("PutSecretValueRequest", PutSecretValueRequest(SecretId: "s")),
        ("PutSecretValueResponse", PutSecretValueResponse()),
        ("UpdateSecretRequest", UpdateSecretRequest(SecretId: "s")),
        ("UpdateSecretResponse", UpdateSecretResponse()),
        ("DeleteSecretRequest", DeleteSecretRequest(SecretId: "s")),
        ("DeleteSecretResponse", DeleteSecretResponse()),
        ("RestoreSecretRequest", RestoreSecretRequest(SecretId: "s")),
        ("RestoreSecretResponse", RestoreSecretResponse()),
        ("ListSecretsRequest", ListSecretsRequest()),
        ("ListSecretsResponse", ListSecretsResponse()),
        ("SecretListEntry", SecretListEntry()),
        ("ReplicaRegionType", ReplicaRegionType()),
        ("ReplicationStatusType", ReplicationStatusType()),
        ("Tag", Tag()),
        ("Filter", Filter()),
        ("RotationRulesType", RotationRulesType()),
    ] }

    /// Every shape has exactly the botocore model's members, in its order, and requires what it requires.
    @Test func shapesMatchTheBotocoreServiceModel() throws {
        let script = """
        import json, sys, botocore.session
        m = botocore.session.get_session().get_service_model('secretsmanager')
        out = {}
        for n in json.load(sys.stdin):
            s = m.shape_for(n)
            out[n] = {"members": list(s.members), "required": s.metadata.get("required", [])}
        print(json.dumps(out))
        """
        let names = JSONValue.array(Self.shapes.map { .string($0.0) }).compactText()
        let model = try JSONValue.parse(try runPython(script, stdin: names).stdout)
        for (name, value) in Self.shapes {
            let ours = members(of: value)
            let theirs = model[name]?["members"]?.arrayValue?.compactMap(\.stringValue)
            let required = model[name]?["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(ours.names == theirs, "\(name) members")
            #expect(Set(ours.required) == Set(required), "\(name) required members")
        }
    }

    /// Populated requests encode to bodies that botocore's own validator accepts, and decode back.
    @Test func requestsRoundTripAndPassBotocoreValidation() throws {
        let bodies: [(String, JSONValue)] = try [
            ("CreateSecret", JSONValueEncoder.encode(CreateSecretRequest(
                Name: "MyTestSecret", ClientRequestToken: String(repeating: "a", count: 32), Description: "d", KmsKeyId: "alias/x",
                SecretString: "s3cr3t", Tags: [Tag(Key: "team", Value: "blue")],
                AddReplicaRegions: [ReplicaRegionType(Region: "eu-west-3", KmsKeyId: "alias/x"), ReplicaRegionType(Region: "us-east-1")],
                ForceOverwriteReplicaSecret: true))),
            ("ReplicateSecretToRegions", JSONValueEncoder.encode(ReplicateSecretToRegionsRequest(
                SecretId: "MyTestSecret", AddReplicaRegions: [ReplicaRegionType(Region: "eu-west-3", KmsKeyId: "alias/x")], ForceOverwriteReplicaSecret: false))),
            ("RemoveRegionsFromReplication", JSONValueEncoder.encode(RemoveRegionsFromReplicationRequest(SecretId: "s", RemoveReplicaRegions: ["eu-west-3"]))),
            ("StopReplicationToReplica", JSONValueEncoder.encode(StopReplicationToReplicaRequest(SecretId: "s"))),
            ("DescribeSecret", JSONValueEncoder.encode(DescribeSecretRequest(SecretId: "s"))),
            ("GetSecretValue", JSONValueEncoder.encode(GetSecretValueRequest(SecretId: "s", VersionStage: "AWSPREVIOUS"))),
            ("PutSecretValue", JSONValueEncoder.encode(PutSecretValueRequest(SecretId: "s", SecretBinary: Data([0, 1, 98]), VersionStages: ["AWSCURRENT"]))),
            ("UpdateSecret", JSONValueEncoder.encode(UpdateSecretRequest(SecretId: "s", Description: "x", KmsKeyId: ""))),
            ("DeleteSecret", JSONValueEncoder.encode(DeleteSecretRequest(SecretId: "s", RecoveryWindowInDays: 7))),
            ("RestoreSecret", JSONValueEncoder.encode(RestoreSecretRequest(SecretId: "s"))),
            ("ListSecrets", JSONValueEncoder.encode(ListSecretsRequest(
                IncludePlannedDeletion: true, MaxResults: 10, Filters: [Filter(Key: "name", Values: ["a", "b"])], SortOrder: "asc", SortBy: "name"))),
        ]
        // botocore takes blobs as bytes; the wire carries base64, so decode it back before validating.
        let script = """
        import json, sys, base64, botocore.session, botocore.validate
        m = botocore.session.get_session().get_service_model('secretsmanager')
        for op, body in json.load(sys.stdin):
            if 'SecretBinary' in body: body['SecretBinary'] = base64.b64decode(body['SecretBinary'])
            report = botocore.validate.ParamValidator().validate(body, m.operation_model(op).input_shape)
            print(op, 'ok' if not report.has_errors() else report.generate_report().replace('\\n', ' '))
        """
        let input = JSONValue.array(bodies.map { .array([.string($0.0), $0.1]) }).compactText()
        let lines = try runPython(script, stdin: input).stdout.split(separator: "\n").map(String.init)
        #expect(lines == bodies.map { "\($0.0) ok" })

        #expect(bodies[0].1.compactText() == #"{"Name":"MyTestSecret","ClientRequestToken":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","Description":"d","KmsKeyId":"alias/x","SecretString":"s3cr3t","Tags":[{"Key":"team","Value":"blue"}],"AddReplicaRegions":[{"Region":"eu-west-3","KmsKeyId":"alias/x"},{"Region":"us-east-1"}],"ForceOverwriteReplicaSecret":true}"#)
        let back = try JSONValueDecoder.decode(PutSecretValueRequest.self, from: bodies[6].1.encoded())
        #expect(back.SecretBinary == Data([0, 1, 98]))
        #expect(bodies[6].1["SecretBinary"] == .string("AAFi"))
    }

    @Test func responsesDecodeEpochSecondsAndIgnoreUnknownMembers() throws {
        let body = #"{"ARN":"arn:aws:secretsmanager:us-west-2:123456789012:secret:MyTestSecret-1a2b3c","Name":"MyTestSecret","CreatedDate":1523477145.729,"LastAccessedDate":null,"SecretVersionsToStages":{"v":["AWSCURRENT"]},"VersionIdsToStages":{"v":["AWSCURRENT"]},"ReplicationStatus":[{"Region":"eu-west-3","KmsKeyId":"alias/aws/secretsmanager","Status":"InProgress"}]}"#
        let d = try JSONValueDecoder.decode(DescribeSecretResponse.self, from: Data(body.utf8))
        #expect(d.CreatedDate == Date(timeIntervalSince1970: 1523477145.729))
        #expect(d.LastAccessedDate == nil)
        #expect(d.ReplicationStatus?.first?.Status == .InProgress)
        #expect(d.VersionIdsToStages == ["v": ["AWSCURRENT"]])
        let encoded = try JSONValueEncoder.encode(d)
        #expect(try JSONValueDecoder.decode(DescribeSecretResponse.self, from: encoded.encoded()) == d)
    }
}
