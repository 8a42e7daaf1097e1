import AWSBackend
import AWSConfig
import Foundation
import SecretsCore
import Testing

/// The typed client over HTTPTransport against moto_server: every replication operation smsh
/// uses, each sent to (and signed for) its own Region. moto picks the Region from the
/// credential scope of the Authorization header, so a call signed for the wrong Region would
/// not find the secret.
@Suite struct MotoIntegrationTests {
    let env: TestEnvironment
    let transport: HTTPTransport

    init() async throws {
        env = try TestEnvironment()
        transport = try env.transport(endpoint: try await Moto.url())
    }

    @Test func createReplicateDescribeGetPutRemoveDelete() async throws {
        defer { env.remove() }
        let name = uniqueName("it/lifecycle")
        let primary = SecretsManagerClient(transport: transport, region: "us-west-2")

        let created = try await primary.createSecret(CreateSecretRequest(Name: name, Description: "by the tests", SecretString: "v1"))
        #expect(created.Name == name)
        #expect(created.ARN?.hasPrefix("arn:aws:secretsmanager:us-west-2:") == true)

        let replicated = try await primary.replicateSecretToRegions(ReplicateSecretToRegionsRequest(
            SecretId: name, AddReplicaRegions: [ReplicaRegionType(Region: "eu-west-3", KmsKeyId: "alias/not-a-real-key"),
                                                ReplicaRegionType(Region: "ap-southeast-2")]))
        #expect(Set(replicated.ReplicationStatus?.compactMap(\.Region) ?? []) == ["eu-west-3", "ap-southeast-2"])
        // moto: replicas are InSync at once (AWS answers InProgress first), and the KmsKeyId
        // asked for is ignored (moto always reports alias/aws/secretsmanager).
        #expect(replicated.ReplicationStatus?.allSatisfy { $0.Status == .InSync } == true)

        let described = try await primary.describeSecret(DescribeSecretRequest(SecretId: name))
        #expect(described.Name == name)
        #expect(described.Description == "by the tests")
        #expect(described.ReplicationStatus?.count == 2)

        // The replica lives in its own Region and names the primary's.
        let replica = primary.inRegion("eu-west-3")
        let replicaDescribed = try await replica.describeSecret(DescribeSecretRequest(SecretId: name))
        #expect(replicaDescribed.PrimaryRegion == "us-west-2")
        #expect(replicaDescribed.ARN?.contains(":eu-west-3:") == true)
        #expect(try await replica.getSecretValue(GetSecretValueRequest(SecretId: name)).SecretString == "v1")

        let put = try await primary.putSecretValue(PutSecretValueRequest(SecretId: name, SecretString: "v2"))
        #expect(put.VersionId != nil)
        #expect(try await primary.getSecretValue(GetSecretValueRequest(SecretId: name)).SecretString == "v2")
        // moto: replicas proxy the primary, so the new value is visible at once (AWS lags a little).
        #expect(try await replica.getSecretValue(GetSecretValueRequest(SecretId: name)).SecretString == "v2")

        // A primary with replicas cannot be deleted.
        await #expect { try await primary.deleteSecret(DeleteSecretRequest(SecretId: name, ForceDeleteWithoutRecovery: true)) } throws: { e in
            (e as? AWSError)?.code == "InvalidParameterException"
        }
        let removed = try await primary.removeRegionsFromReplication(RemoveRegionsFromReplicationRequest(
            SecretId: name, RemoveReplicaRegions: ["eu-west-3", "ap-southeast-2"]))
        #expect(removed.ReplicationStatus?.isEmpty ?? true)
        #expect(try await primary.describeSecret(DescribeSecretRequest(SecretId: name)).ReplicationStatus?.isEmpty ?? true)

        _ = try await primary.deleteSecret(DeleteSecretRequest(SecretId: name, ForceDeleteWithoutRecovery: true))
        await #expect { try await primary.describeSecret(DescribeSecretRequest(SecretId: name)) } throws: { e in
            guard let e = e as? AWSError else { return false }
            // moto answers 404 for a missing secret; AWS answers 400. The code is the same.
            return e.code == "ResourceNotFoundException" && e.httpStatus == 404
        }
        await transport.shutdown()
    }

    @Test func eachCallIsSignedForItsOwnRegion() async throws {
        defer { env.remove() }
        let name = uniqueName("it/regions")
        let west = SecretsManagerClient(transport: transport, region: "us-west-2")
        _ = try await west.createSecret(CreateSecretRequest(Name: name, SecretString: "x"))
        // Not replicated: the same name in another Region is another (missing) secret.
        await #expect { try await west.inRegion("eu-central-1").describeSecret(DescribeSecretRequest(SecretId: name)) } throws: { e in
            (e as? AWSError)?.code == "ResourceNotFoundException"
        }
        let arn = try await west.describeSecret(DescribeSecretRequest(SecretId: name)).ARN
        #expect(arn?.contains(":us-west-2:") == true)
        await transport.shutdown()
    }

    @Test func theCredentialScopeNamesTheCallsRegion() async throws {
        defer { env.remove() }
        let proxy = try FaultProxy(upstream: try await Moto.url())
        defer { proxy.stop() }
        let t = try env.transport(endpoint: proxy.url)
        let name = uniqueName("it/scope")
        let client = SecretsManagerClient(transport: t, region: "us-west-2")
        _ = try await client.createSecret(CreateSecretRequest(Name: name, SecretString: "x", AddReplicaRegions: [ReplicaRegionType(Region: "ap-south-1")]))
        _ = try await client.inRegion("ap-south-1").describeSecret(DescribeSecretRequest(SecretId: name))
        let auth = proxy.requests.map(\.authorization)
        #expect(auth.count == 2)
        #expect(auth.first?.contains("/us-west-2/secretsmanager/aws4_request") == true)
        #expect(auth.last?.contains("/ap-south-1/secretsmanager/aws4_request") == true)
        #expect(auth.allSatisfy { $0.contains("SignedHeaders=content-type;host;x-amz-date;x-amz-target,") })
        await t.shutdown()
    }

    @Test func rawCallsGetAClientRequestTokenAndKeepTheirBody() async throws {
        defer { env.remove() }
        let proxy = try FaultProxy(upstream: try await Moto.url())
        defer { proxy.stop() }
        let t = try env.transport(endpoint: proxy.url)
        let client = SecretsManagerClient(transport: t, region: "us-east-1")
        let name = uniqueName("it/token")
        _ = try await client.call(.createSecret, body: .object([("Name", .string(name)), ("SecretString", .string("é ü 秘密"))]))
        let body = try #require(proxy.requests.first?.body)
        let json = try JSONValue.parse(body)
        #expect(json["ClientRequestToken"]?.stringValue?.count == 36)
        #expect(json["SecretString"]?.stringValue == "é ü 秘密")
        #expect(try await client.getSecretValue(GetSecretValueRequest(SecretId: name)).SecretString == "é ü 秘密")
        await t.shutdown()
    }

    @Test func debugLinesNameTheCallAndHideSecrets() async throws {
        defer { env.remove() }
        let secretKeyEnv = try TestEnvironment(extra: ["AWS_SECRET_ACCESS_KEY": "FAKEsecretKEYthatMustNotPrint", "AWS_SESSION_TOKEN": "FAKEsessionTOKENthatMustNotPrint"])
        defer { secretKeyEnv.remove() }
        let lines = LineCollector()
        let t = try secretKeyEnv.transport(endpoint: try await Moto.url(), debug: { lines.append($0) })
        let client = SecretsManagerClient(transport: t, region: "us-west-2")
        let name = uniqueName("it/debug")
        _ = try await client.createSecret(CreateSecretRequest(Name: name, SecretString: "hunter2-value"))
        _ = try await client.getSecretValue(GetSecretValueRequest(SecretId: name))
        _ = try? await client.describeSecret(DescribeSecretRequest(SecretId: name + "-missing"))
        await t.shutdown()

        let all = lines.lines
        #expect(all.count == 3)
        #expect(all[0].contains("POST") && all[0].contains("secretsmanager.CreateSecret") && all[0].contains("-> 200"))
        #expect(all[1].contains("secretsmanager.GetSecretValue") && all[1].contains("\"SecretString\":\"<redacted>\""))
        #expect(all[2].contains("-> 404"))
        for line in all {
            #expect(!line.contains("hunter2"))
            #expect(!line.contains("FAKEsecretKEY"))
            #expect(!line.contains("FAKEsessionTOKEN"))
            #expect(line.hasSuffix("\n") && line.dropLast().contains("\n") == false, "one line per call")
        }
    }
}
