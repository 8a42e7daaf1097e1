import AWSBackend
import AWSConfig
import Foundation
import SecretsCore
import Testing
import TestSupport

/// moto checks SigV4 signatures once INITIAL_NO_AUTH_ACTION_COUNT unauthenticated calls are
/// used up: boto3 spends them creating an IAM user and its access key, and from then on every
/// smsh request must carry a signature moto computes the same way, for each call's Region.
struct SignatureVerificationTests {
    static let bootstrap = """
    import boto3, json, sys
    iam = boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    iam.create_user(UserName="smsh")
    iam.put_user_policy(UserName="smsh", PolicyName="all", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    k = iam.create_access_key(UserName="smsh")["AccessKey"]
    print(k["AccessKeyId"], k["SecretAccessKey"])
    """

    /// An access key moto knows, made through the three unauthenticated calls.
    static func accessKey(_ moto: URL) throws -> (id: String, secret: String) {
        let r = try runPython(bootstrap, arguments: [moto.absoluteString])
        let parts = r.stdout.split(whereSeparator: \.isWhitespace).map(String.init)
        guard r.status == 0, parts.count == 2 else { throw MotoError(message: "could not create an IAM access key in moto") }
        return (parts[0], parts[1])
    }

    @Test func motoAcceptsOurSignaturesAndRejectsAWrongKeyWithoutRetrying() async throws {
        let moto = try await offThePool { try MotoProcess.own(environment: ["INITIAL_NO_AUTH_ACTION_COUNT": "3"]) }
        defer { moto.stop() }
        let key = try await offThePool { try Self.accessKey(moto.url) }

        let good = try TestEnvironment(extra: ["AWS_ACCESS_KEY_ID": key.id, "AWS_SECRET_ACCESS_KEY": key.secret])
        defer { good.remove() }
        let t = try good.transport(endpoint: moto.url)
        let client = SecretsManagerClient(transport: t, region: "us-west-2")
        _ = try await client.createSecret(CreateSecretRequest(Name: "signed/one", SecretString: "v1",
                                                              AddReplicaRegions: [ReplicaRegionType(Region: "eu-west-3")]))
        _ = try await client.putSecretValue(PutSecretValueRequest(SecretId: "signed/one", SecretString: "é ü 秘密 \u{1F511}"))
        let replica = try await client.inRegion("eu-west-3").getSecretValue(GetSecretValueRequest(SecretId: "signed/one"))
        #expect(replica.SecretString == "é ü 秘密 \u{1F511}")
        await t.shutdown()

        let lines = LineCollector()
        let bad = try TestEnvironment(extra: ["AWS_ACCESS_KEY_ID": key.id, "AWS_SECRET_ACCESS_KEY": "not-the-secret"])
        defer { bad.remove() }
        let wrong = try bad.transport(endpoint: moto.url, debug: { lines.append($0) })
        await #expect { try await SecretsManagerClient(transport: wrong, region: "us-west-2").describeSecret(DescribeSecretRequest(SecretId: "signed/one")) } throws: { e in
            // moto answers auth failures with an XML body even for this JSON service (AWS sends
            // JSON); botocore, and so smsh, then report the status as the code and the text.
            guard let e = e as? AWSError else { return false }
            return e.httpStatus == 403 && e.message.contains("SignatureDoesNotMatch")
        }
        #expect(lines.lines.count == 1, "an auth failure is not retried")
        #expect(!lines.lines.joined().contains("not-the-secret"))
        await wrong.shutdown()
    }
}
