import Foundation
import Testing
import TestSupport
@testable import AWSConfig
import SecretsCore
import SigV4
import SecretsModel

private let signScript = #"""
import base64, datetime, json, sys
from unittest import mock
import botocore, botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

cases = json.load(open(sys.argv[1], encoding="utf-8"))
results = []
for c in cases:
    request = AWSRequest(method="POST", url=c["url"], data=base64.b64decode(c["body"]), headers={
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": c["target"],
        "User-Agent": "botocore-cross-check",
    })
    credentials = Credentials(c["accessKeyId"], c["secretAccessKey"], c.get("sessionToken"))
    when = datetime.datetime.strptime(c["amzDate"], "%Y%m%dT%H%M%SZ")
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=when):
        botocore.auth.SigV4Auth(credentials, "secretsmanager", c["region"]).add_auth(request)
    results.append({
        "authorization": request.headers["Authorization"],
        "amzDate": request.headers["X-Amz-Date"],
        "token": request.headers.get("X-Amz-Security-Token"),
    })
print(json.dumps({"version": botocore.__version__, "results": results}))
"""#

private let endpointScript = #"""
import json, sys
import botocore.session
from botocore.config import Config

session = botocore.session.get_session()
out = []
for c in json.load(open(sys.argv[1])):
    client = session.create_client("secretsmanager", region_name=c["region"],
        config=Config(use_fips_endpoint=c["fips"]), aws_access_key_id="a", aws_secret_access_key="b")
    out.append(client.meta.endpoint_url)
print(json.dumps(out))
"""#

/// One generated Secrets Manager request.
private struct Case {
    let operation: SecretsModel.Operation
    let region: String
    let endpoint: ResolvedEndpoint
    let body: [UInt8]
    let credentials: Credentials
    let date: Date
}

private func generateCases(count: Int) throws -> [Case] {
    var rng = SeededGenerator(seed: 20_261_128)
    let regions = Regions.codes + ["cn-north-1", "cn-northwest-1", "us-gov-west-1", "us-iso-east-1", "eusc-de-east-1"]
    let custom = ["http://127.0.0.1:5000", "https://Example.COM:443", "http://[::1]:4566", "http://localhost:4566/proxy", "https://secretsmanager.local:8443/"]
    let words = ["MySecret", "prod/db/password", "é", "日本語の秘密", "🔐 key", "tab\tand\nnewline", "quote\" and \\ backslash",
                 "ሴ", "a   b", "", "ключ", "\u{7F}\u{80}", "😀😀😀", "+/=.@-_"]
    let chars = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    func randomString(_ n: Int) -> String { String((0..<n).map { _ in chars[Int(rng.next() % UInt64(chars.count))] }) }
    func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }

    var cases: [Case] = []
    for i in 0..<count {
        let operation = SecretsModel.Operation.allCases[i % SecretsModel.Operation.allCases.count]
        let region = pick(regions)
        let endpoint: ResolvedEndpoint
        if rng.next() % 5 == 0 {
            endpoint = try EndpointResolver.parse(pick(custom), source: "test")
        } else {
            endpoint = try EndpointResolver.resolve(region: region, useFIPS: rng.next() % 4 == 0, configured: nil)
        }
        var members: [(String, JSONValue)] = [("SecretId", .string(pick(words) + pick(words)))]
        if rng.next() % 2 == 0 { members.append(("SecretString", .string(pick(words) + randomString(Int(rng.next() % 40))))) }
        if rng.next() % 3 == 0 {
            members.append(("AddReplicaRegions", .array([.object([("Region", .string(pick(regions))), ("KmsKeyId", .string("alias/" + pick(words)))])])))
        }
        if rng.next() % 4 == 0 { members.append(("ForceOverwriteReplicaSecret", .bool(true))) }
        // Some bodies are sent exactly as botocore would write them (", " and ": "), some compact,
        // one in ten empty: the signature covers bytes, whatever they are.
        var body = Array(JSONValue.object(members).compactText().utf8)
        if i % 10 == 3 { body = [] }
        if i % 10 == 7 { body = Array(#"{"SecretId": "MySecret", "AddReplicaRegions": [{"Region": "eu-west-3"}]}"#.utf8) }
        let token: String? = rng.next() % 2 == 0 ? "FwoGZXIvYXdzE" + randomString(200 + Int(rng.next() % 200)) : nil
        let credentials = Credentials(accessKeyId: "AKIA" + randomString(16).uppercased().filter { $0.isLetter || $0.isNumber },
                                      secretAccessKey: randomString(40), sessionToken: token)
        // Whole seconds between 2015 and 2035.
        let date = Date(timeIntervalSince1970: Double(1_420_070_400 + Int(rng.next() % 630_720_000)))
        cases.append(Case(operation: operation, region: region, endpoint: endpoint, body: body, credentials: credentials, date: date))
    }
    return cases
}

@Suite("Cross-checked with botocore")
struct BotocoreCrossCheckTests {
    /// botocore 1.43.11 signing ReplicateSecretToRegions to us-west-2.
    @Test func knownBotocoreExample() throws {
        let endpoint = try EndpointResolver.resolve(region: "us-west-2", useFIPS: false, configured: nil)
        let body = Array(#"{"SecretId": "MySecret", "AddReplicaRegions": [{"Region": "eu-west-3"}]}"#.utf8)
        let date = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
        let credentials = Credentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        let request = JSONRequestBuilder.build(operation: .replicateSecretToRegions, region: "us-west-2", endpoint: endpoint, body: body,
                                               credentials: credentials, date: date, userAgent: "smsh/test")
        #expect(request.header("Authorization") == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-west-2/secretsmanager/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=97c7ddae4bbd02d977d58d26d66f697ffe39130a27c740fda6fc0f7a26791eba")
        let signed = SigV4Signer(service: "secretsmanager", clock: { date }).sign(
            SigV4Request(method: "POST", headers: [
                HTTPField("Host", endpoint.hostHeader), HTTPField("Content-Type", JSONRequestBuilder.contentType),
                HTTPField("X-Amz-Target", "secretsmanager.ReplicateSecretToRegions"),
            ], body: body), credentials: credentials, region: "us-west-2")
        #expect(signed.canonicalRequest.text == "POST\n/\n\ncontent-type:application/x-amz-json-1.1\nhost:secretsmanager.us-west-2.amazonaws.com\nx-amz-date:20260101T000000Z\nx-amz-target:secretsmanager.ReplicateSecretToRegions\n\ncontent-type;host;x-amz-date;x-amz-target\n006e20e6c662ea1b4465318d84518a0a11eae540fdca1e2f557e116ac194c21d")
    }

    /// Generated requests over every Region, target, unicode bodies, session tokens and custom
    /// endpoints, signed by us and by botocore's SigV4Auth at the same fixed time.
    @Test func authorizationMatchesBotocore() throws {
        let cases = try generateCases(count: 240)
        let cache = SigningKeyCache()
        var input: [JSONValue] = []
        var ours: [PreparedRequest] = []
        for c in cases {
            let request = JSONRequestBuilder.build(operation: c.operation, region: c.region, endpoint: c.endpoint, body: c.body,
                                                   credentials: c.credentials, date: c.date, userAgent: "smsh/test", cache: cache)
            ours.append(request)
            var members: [(String, JSONValue)] = [
                ("url", .string(request.url)), ("target", .string(c.operation.target)), ("region", .string(c.region)),
                ("body", .string(Data(c.body).base64EncodedString())), ("accessKeyId", .string(c.credentials.accessKeyId)),
                ("secretAccessKey", .string(c.credentials.secretAccessKey)),
                ("amzDate", .string(SigV4Timestamp(c.date).amzDate)),
            ]
            if let token = c.credentials.sessionToken { members.append(("sessionToken", .string(token))) }
            input.append(.object(members))
        }
        let output = try runPython(signScript, input: .array(input))
        let results = try #require(output["results"]?.arrayValue)
        try #require(results.count == cases.count)
        var mismatches = 0
        for (i, (mine, theirs)) in zip(ours, results).enumerated() {
            let expected = theirs["authorization"]?.stringValue
            if mine.header("Authorization") != expected { mismatches += 1 }
            #expect(mine.header("Authorization") == expected, "case \(i): \(cases[i].operation) \(cases[i].region) \(mine.url)")
            #expect(mine.header("X-Amz-Date") == theirs["amzDate"]?.stringValue)
            #expect(mine.header("X-Amz-Security-Token") == theirs["token"]?.stringValue)
        }
        #expect(mismatches == 0)
        // The cases did cover what they claim to.
        #expect(Set(cases.map(\.operation)).count == SecretsModel.Operation.allCases.count)
        #expect(cases.contains { $0.credentials.sessionToken != nil } && cases.contains { $0.credentials.sessionToken == nil })
        #expect(cases.contains { $0.endpoint.port != nil })
        #expect(cases.contains { c in c.body.contains { $0 >= 0x80 } })
    }

    @Test func endpointsMatchBotocore() throws {
        let regions = ["us-east-1", "us-west-2", "eu-west-3", "ap-southeast-7", "mx-central-1", "cn-north-1", "cn-northwest-1",
                       "us-gov-west-1", "us-gov-east-1", "us-iso-east-1", "us-isob-east-1", "eu-isoe-west-1", "us-isof-south-1",
                       "eusc-de-east-1", "xx-foo-9"]
        var input: [JSONValue] = []
        var ours: [String] = []
        for region in regions {
            for fips in [false, true] {
                input.append(.object([("region", .string(region)), ("fips", .bool(fips))]))
                ours.append(try EndpointResolver.resolve(region: region, useFIPS: fips, configured: nil).url)
            }
        }
        let output = try runPython(endpointScript, input: .array(input))
        let theirs = try #require(output.arrayValue).map { $0.stringValue ?? "<not a string>" }
        #expect(ours == theirs)
    }
}
