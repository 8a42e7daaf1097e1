import Foundation
import Testing
import TestSupport
@testable import SigV4

/// Signs generic requests (any method, path, query, headers, body, service) with botocore's
/// SigV4Auth and prints its canonical request and Authorization for each.
private let script = #"""
import base64, datetime, json, sys
from unittest import mock
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

out = []
for c in json.load(open(sys.argv[1], encoding="utf-8")):
    request = AWSRequest(method=c["method"], url=c["url"], data=base64.b64decode(c["body"]),
                         params=[tuple(p) for p in c["query"]])
    for name, value in c["headers"]:
        request.headers[name] = value  # appends, so repeated names stay repeated
    auth = botocore.auth.SigV4Auth(Credentials(c["key"], c["secret"], c.get("token")), c["service"], c["region"])
    when = datetime.datetime.strptime(c["amzDate"], "%Y%m%dT%H%M%SZ")
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=when):
        auth.add_auth(request)
    authorization = request.headers["Authorization"]
    del request.headers["Authorization"]
    out.append({"authorization": authorization, "canonical": auth.canonical_request(request)})
print(json.dumps(out))
"""#

private struct GeneratedRequest {
    let request: SigV4Request
    let url: String
    let service: String
    let region: String
    let credentials: Credentials
    let date: Date
}


private func generate(total: Int) -> [GeneratedRequest] {
    var rng = SeededGenerator(seed: 4)
    func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
    func count(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
    // Path segments: unreserved, reserved, unicode, spaces, percent signs and dot segments;
    // never empty segments at the start ("//" is where botocore's normalisation and the suite agree
    // anyway) and never '?' or '#', which would end the path in a URL.
    let segments = ["a", "example", "-._~", "ሴ", "日本", "with space", "!$&'()*+,;=:@", "100%", "é", ".", "..", "UPPER", "emoji😀"]
    let queryWords = ["Param1", "value1", "", "ሴ", "a b", "+", "/,?><`\";:\\|][{}", "@#$%^", "-._~", "ключ", "=", "&"]
    let headerNames = ["My-Header1", "x-amz-meta-Thing", "Content-Type", "X-Custom", "x-custom", "User-Agent", "Accept"]
    let headerValues = ["value1", "  padded  ", "a   b\t\tc", "\"quoted   text\"", "", "VALUE", "x,y", "tab\tin\tside"]
    let hosts = ["example.amazonaws.com", "secretsmanager.eu-west-3.amazonaws.com", "127.0.0.1:5000", "localhost:4566"]
    var out: [GeneratedRequest] = []
    for _ in 0..<total {
        let pathSegments = (0..<count(4)).map { _ in pick(segments) }
        let trailingSlash = count(3) == 0
        let path = "/" + pathSegments.joined(separator: "/") + (trailingSlash && !pathSegments.isEmpty ? "/" : "")
        let query = (0..<count(4)).map { _ in QueryItem(pick(queryWords), pick(queryWords)) }
        let host = pick(hosts)
        var headers = [HTTPField("Host", host)]
        for _ in 0..<count(5) { headers.append(HTTPField(pick(headerNames), pick(headerValues))) }
        let bodyLength = count(3) == 0 ? 0 : count(64)
        let body = (0..<bodyLength).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let token: String? = count(2) == 0 ? "IQoJb3JpZ2luX2VjE" + String(rng.next(), radix: 36) : nil
        let credentials = Credentials(accessKeyId: "AKID" + String(rng.next() % 1_000_000), secretAccessKey: "secret/" + String(rng.next(), radix: 36) + "+", sessionToken: token)
        let request = SigV4Request(method: pick(["GET", "POST", "PUT", "DELETE"]), path: path, query: query, headers: headers, body: body)
        out.append(GeneratedRequest(
            request: request, url: "https://\(host)\(path)", service: pick(["service", "secretsmanager", "iam", "execute-api"]),
            region: pick(["us-east-1", "eu-west-3", "cn-north-1", "ap-southeast-7"]), credentials: credentials,
            date: Date(timeIntervalSince1970: Double(1_420_070_400 + Int(rng.next() % 630_720_000)))))
    }
    return out
}

@Suite("Canonicalisation cross-checked with botocore")
struct BotocoreCanonicalizationTests {
    @Test func canonicalRequestsAndSignaturesMatch() throws {
        let cases = generate(total: 300)
        var input: [[String: Any]] = []
        for c in cases {
            var item: [String: Any] = [
                "method": c.request.method, "url": c.url, "body": Data(c.request.body).base64EncodedString(),
                "query": c.request.query.map { [$0.name, $0.value] },
                "headers": c.request.headers.filter { $0.name != "Host" }.map { [$0.name, $0.value] },
                "key": c.credentials.accessKeyId, "secret": c.credentials.secretAccessKey,
                "service": c.service, "region": c.region, "amzDate": SigV4Timestamp(c.date).amzDate,
            ]
            if let token = c.credentials.sessionToken { item["token"] = token }
            input.append(item)
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smsh-sigv4-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try script.write(to: dir.appendingPathComponent("check.py"), atomically: true, encoding: .utf8)
        try JSONSerialization.data(withJSONObject: input).write(to: dir.appendingPathComponent("input.json"))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", dir.appendingPathComponent("check.py").path, dir.appendingPathComponent("input.json").path]
        let stdout = dir.appendingPathComponent("out.json"), stderr = dir.appendingPathComponent("err.txt")
        try #require(FileManager.default.createFile(atPath: stdout.path, contents: nil))
        try #require(FileManager.default.createFile(atPath: stderr.path, contents: nil))
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        try process.run()
        process.waitUntilExit()
        let errText = (try? String(contentsOf: stderr, encoding: .utf8)) ?? ""
        try #require(process.terminationStatus == 0, "python3 with botocore failed: \(errText)")
        let results = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: stdout)) as? [[String: String]])
        try #require(results.count == cases.count)

        var mismatches = 0
        for (i, (c, theirs)) in zip(cases, results).enumerated() {
            let signer = SigV4Signer(service: c.service, clock: { c.date })
            let signed = signer.sign(c.request, credentials: c.credentials, region: c.region)
            if signed.canonicalRequest.text != theirs["canonical"] || signed.authorization != theirs["authorization"] { mismatches += 1 }
            #expect(signed.canonicalRequest.text == theirs["canonical"], "case \(i)")
            #expect(signed.authorization == theirs["authorization"], "case \(i)")
        }
        #expect(mismatches == 0)
        // The generator did produce the awkward inputs it exists for.
        #expect(cases.contains { $0.request.path.contains("..") })
        #expect(cases.contains { $0.request.query.count > 1 })
        #expect(cases.contains { c in c.request.headers.contains { $0.value.contains("  ") } })
        #expect(cases.contains { c in Set(c.request.headers.map { $0.name.lowercased() }).count < c.request.headers.count })
    }
}
