import Foundation
import Testing
@testable import AWSConfig
import SecretsCore
import SigV4
import SecretsModel

@Suite("JSON 1.1 requests and --debug redaction")
struct RequestAndRedactionTests {
    static let date = Date(timeIntervalSince1970: 1_767_225_600)
    static let canarySecret = "CANARY-s3cr3t-do-not-print"
    static let canaryKey = "CANARYSECRETACCESSKEY/abc"
    static let canaryToken = "CANARYSESSIONTOKEN=="

    func build(_ op: SecretsModel.Operation = .createSecret, body: String, token: String? = canaryToken, endpoint: String? = nil) throws -> PreparedRequest {
        let e = try endpoint.map { try EndpointResolver.parse($0, source: "test") }
            ?? EndpointResolver.resolve(region: "eu-west-3", useFIPS: false, configured: nil)
        return JSONRequestBuilder.build(
            operation: op, region: "eu-west-3", endpoint: e, body: Array(body.utf8),
            credentials: Credentials(accessKeyId: "AKIACANARYKEYID", secretAccessKey: Self.canaryKey, sessionToken: token),
            date: Self.date, userAgent: JSONRequestBuilder.userAgent(version: "0.1.0"))
    }

    @Test func requestShape() throws {
        let r = try build(.getSecretValue, body: #"{"SecretId":"MySecret"}"#)
        #expect(r.method == "POST")
        #expect(r.url == "https://secretsmanager.eu-west-3.amazonaws.com/")
        #expect(r.headers.map(\.name) == ["Host", "Content-Type", "X-Amz-Target", "X-Amz-Date", "X-Amz-Security-Token", "Authorization", "User-Agent"])
        #expect(r.header("X-Amz-Target") == "secretsmanager.GetSecretValue")
        #expect(r.header("Content-Type") == "application/x-amz-json-1.1")
        #expect(r.header("User-Agent") == "smsh/0.1.0")
        #expect(r.header("X-Amz-Date") == "20260101T000000Z")
        #expect(r.header("Host") == "secretsmanager.eu-west-3.amazonaws.com")
        #expect(r.header("X-Amz-Security-Token") == Self.canaryToken)
        let auth = try #require(r.header("Authorization"))
        #expect(auth.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIACANARYKEYID/20260101/eu-west-3/secretsmanager/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature="))
        #expect(r.body == Array(#"{"SecretId":"MySecret"}"#.utf8))
    }

    @Test func withoutSessionTokenNoTokenHeader() throws {
        let r = try build(body: "{}", token: nil)
        #expect(r.header("X-Amz-Security-Token") == nil)
        #expect(r.header("Authorization")?.contains("SignedHeaders=content-type;host;x-amz-date;x-amz-target,") == true)
    }

    @Test func customEndpointHostAndPath() throws {
        let r = try build(body: "{}", endpoint: "http://127.0.0.1:5000")
        #expect(r.url == "http://127.0.0.1:5000/")
        #expect(r.header("Host") == "127.0.0.1:5000")
        let proxied = try build(body: "{}", endpoint: "http://localhost:4566/proxy")
        #expect(proxied.url == "http://localhost:4566/proxy")
    }

    @Test func signingIsDeterministicAndCoversTheBody() throws {
        let a = try build(body: #"{"SecretId":"a"}"#), b = try build(body: #"{"SecretId":"a"}"#), c = try build(body: #"{"SecretId":"b"}"#)
        #expect(a == b)
        #expect(a.header("Authorization") != c.header("Authorization"))
    }

    @Test func redactionHidesEverySecretMember() throws {
        let body = """
            {"Name":"db","SecretString":"\(Self.canarySecret)","SecretBinary":"Q0FOQVJZ","ClientRequestToken":"0f1e2d3c-aaaa-bbbb-cccc-111122223333",
             "Nested":{"SecretValues":[{"ARN":"arn:x","SecretString":"\(Self.canarySecret)"}]},"RotationToken":"\(Self.canarySecret)",
             "RandomPassword":"\(Self.canarySecret)"}
            """
        let request = try build(.putSecretValue, body: body)
        let rendered = Redaction.redactBody(request.body)
        for canary in [Self.canarySecret, Self.canaryKey, Self.canaryToken, "Q0FOQVJZ", "AKIACANARYKEYID"] {
            #expect(!rendered.contains(canary), "\(canary) leaked")
        }
        // What stays is what helps debugging: the other members.
        #expect(rendered.contains(#""Name":"db""#))
        #expect(rendered.contains(#""ClientRequestToken":"0f1e2d3c-aaaa-bbbb-cccc-111122223333""#))
        #expect(rendered.contains(#""SecretString":"<redacted>""#))
        let response = Array(#"{"ARN":"arn:aws:secretsmanager:eu-west-3:1:secret:db-AbCdEf","SecretString":"\#(Self.canarySecret)","VersionStages":["AWSCURRENT"]}"#.utf8)
        let text = Redaction.redactBody(response)
        #expect(!text.contains(Self.canarySecret))
        #expect(text.contains(#""VersionStages":["AWSCURRENT"]"#))
    }

    @Test func nonJSONBodiesAreWithheld() {
        #expect(Redaction.redactBody(Array("SecretString=\(Self.canarySecret)".utf8)) == "<39 bytes, not JSON, withheld>")
        #expect(Redaction.redactBody([]) == "")
        #expect(Redaction.redactBody(Array(#"["a",{"SecretBinary":"x"}]"#.utf8)) == #"["a",{"SecretBinary":"<redacted>"}]"#)
    }
}
