import Foundation
import Testing
@testable import SigV4

/// The suite's fixed inputs.
let suiteCredentials = Credentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
/// 2015-08-30T12:36:00Z.
let suiteDate = Date(timeIntervalSince1970: 1_440_938_160)

/// Reads a suite request file: `METHOD target HTTP/1.1`, headers (`Name:value`, continuation
/// lines are further values), a blank line, the body. The query in the target is percent-decoded
/// so that the signer's own encoding is what is tested.
func parseSuiteRequest(_ text: String) throws -> (request: SigV4Request, expectedAuthorization: String?) {
    let (head, body): (Substring, Substring)
    if let range = text.range(of: "\n\n") {
        head = text[..<range.lowerBound]
        body = text[range.upperBound...]
    } else {
        head = Substring(text)
        body = ""
    }
    var lines = head.split(separator: "\n", omittingEmptySubsequences: false)
    let requestLine = lines.removeFirst().split(separator: " ")
    try #require(requestLine.count >= 3, "request line")
    let method = String(requestLine[0])
    // The path may itself contain spaces (get-space-normalized): everything between the method
    // and the protocol.
    let target = requestLine[1..<(requestLine.count - 1)].joined(separator: " ")
    var path = target
    var query: [QueryItem] = []
    if let q = target.firstIndex(of: "?") {
        path = String(target[..<q])
        for pair in target[target.index(after: q)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            query.append(QueryItem(name, value))
        }
    }
    var headers: [HTTPField] = []
    for line in lines {
        if let first = line.first, first == " " || first == "\t", let last = headers.last {
            headers.append(HTTPField(last.name, String(line)))
            continue
        }
        let parts = line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        try #require(parts.count == 2, "header line \(line)")
        headers.append(HTTPField(String(parts[0]), String(parts[1])))
    }
    let authorization = headers.first(where: { $0.name.lowercased() == "authorization" })?.value
    headers.removeAll { $0.name.lowercased() == "authorization" }
    return (SigV4Request(method: method, path: path, query: query, headers: headers, body: Array(body.utf8)), authorization)
}

@Suite("AWS SigV4 test suite")
struct SigV4SuiteTests {
    @Test("signs the published vector", arguments: suiteVectors)
    func vector(_ vector: SuiteVector) throws {
        let (request, expected) = try parseSuiteRequest(vector.signedRequest)
        let signer = SigV4Signer(service: "service", clock: { suiteDate })
        let credentials = Credentials(
            accessKeyId: suiteCredentials.accessKeyId, secretAccessKey: suiteCredentials.secretAccessKey,
            sessionToken: vector.sessionToken)
        let signed = signer.sign(request, credentials: credentials, region: "us-east-1")
        #expect(signed.authorization == expected)
        #expect(signed.request.header("Authorization") == expected)
        #expect(signed.request.header("X-Amz-Date") == "20150830T123600Z")
    }

    @Test func getVanillaStages() {
        let request = SigV4Request(method: "GET", path: "/", headers: [
            HTTPField("Host", "example.amazonaws.com"), HTTPField("X-Amz-Date", "20150830T123600Z"),
        ])
        let canonical = SigV4.canonicalRequest(request)
        #expect(canonical.text == "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(canonical.signedHeaders == "host;x-amz-date")
        let scope = CredentialScope(date: "20150830", region: "us-east-1", service: "service")
        #expect(scope.description == "20150830/us-east-1/service/aws4_request")
        let sts = SigV4.stringToSign(canonicalRequest: canonical.text, amzDate: "20150830T123600Z", scope: scope)
        #expect(sts == "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63")
        let key = SigV4.signingKey(secretAccessKey: suiteCredentials.secretAccessKey, scope: scope)
        let signature = SigV4.signature(stringToSign: sts, signingKey: key)
        #expect(signature == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
        #expect(SigV4.authorizationHeader(accessKeyId: "AKIDEXAMPLE", scope: scope, signedHeaders: canonical.signedHeaders, signature: signature)
            == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
    }

    /// The canonical parts the suite spells out in its query-canonical-request.txt files.
    @Test func canonicalParts() {
        #expect(SigV4.canonicalURI(path: "/ሴ") == "/%E1%88%B4")
        #expect(SigV4.canonicalURI(path: "/example space/") == "/example%20space/")
        #expect(SigV4.canonicalURI(path: "//example//") == "/example/")
        #expect(SigV4.canonicalURI(path: "/example1/example2/../..") == "/")
        #expect(SigV4.canonicalURI(path: "/./example") == "/example")
        #expect(SigV4.canonicalURI(path: "") == "/")
        #expect(SigV4.canonicalURI(path: "//example//", normalize: false) == "//example//")
        #expect(SigV4.canonicalQueryString([QueryItem("Param-3", "Value3"), QueryItem("Param", "Value2"), QueryItem("ሴ", "Value1")])
            == "%E1%88%B4=Value1&Param=Value2&Param-3=Value3")
        #expect(SigV4.canonicalQueryString([QueryItem("b", "2"), QueryItem("a", "z"), QueryItem("a", "y")]) == "a=y&a=z&b=2")
        #expect(SigV4.canonicalQueryString([QueryItem("k", "a b+c/d")]) == "k=a%20b%2Bc%2Fd")
        #expect(SigV4.canonicalHeaderValue("  a   b \t c  ") == "a b c")
        let (block, signed) = SigV4.canonicalHeaders([
            HTTPField("X-B", "2"), HTTPField("x-a", " 1 "), HTTPField("User-Agent", "smsh/1"), HTTPField("X-B", "3"),
        ])
        #expect(block == "x-a:1\nx-b:2,3\n")
        #expect(signed == "x-a;x-b")
    }

    @Test func timestamps() {
        #expect(SigV4Timestamp(suiteDate) == SigV4Timestamp(amzDate: "20150830T123600Z", dateStamp: "20150830"))
        #expect(SigV4Timestamp(Date(timeIntervalSince1970: 0)).amzDate == "19700101T000000Z")
        // Leap day, end of day; fractional seconds are truncated, as botocore's strftime does.
        #expect(SigV4Timestamp(Date(timeIntervalSince1970: 1_709_251_199.9)).amzDate == "20240229T235959Z")
        #expect(SigV4Timestamp(Date(timeIntervalSince1970: 951_782_400)).amzDate == "20000229T000000Z")
        #expect(SigV4Timestamp(Date(timeIntervalSince1970: 1_798_761_600)).amzDate == "20270101T000000Z")
    }

    @Test func signingKeyIsCachedPerDateRegionAndService() {
        let cache = SigningKeyCache()
        let s1 = CredentialScope(date: "20260101", region: "us-east-1", service: "secretsmanager")
        let k1 = cache.key(secretAccessKey: "secret", scope: s1)
        _ = cache.key(secretAccessKey: "secret", scope: s1)
        #expect(cache.derivations == 1)
        _ = cache.key(secretAccessKey: "secret", scope: CredentialScope(date: "20260101", region: "eu-west-3", service: "secretsmanager"))
        #expect(cache.derivations == 2)
        // A rotated secret gets its own key, never the cached one.
        let rotated = cache.key(secretAccessKey: "secret2", scope: s1)
        #expect(cache.derivations == 3)
        #expect(rotated != k1)
        #expect(k1 == SigV4.signingKey(secretAccessKey: "secret", scope: s1))
        // A new day replaces the old day's keys.
        _ = cache.key(secretAccessKey: "secret", scope: CredentialScope(date: "20260102", region: "us-east-1", service: "secretsmanager"))
        _ = cache.key(secretAccessKey: "secret", scope: s1)
        #expect(cache.derivations == 5)
    }

    @Test func signerReplacesStaleAuthorizationAndDate() {
        let signer = SigV4Signer(service: "service", clock: { suiteDate })
        let request = SigV4Request(method: "GET", headers: [
            HTTPField("Host", "example.amazonaws.com"), HTTPField("X-Amz-Date", "19990101T000000Z"),
            HTTPField("Authorization", "stale"),
        ])
        let signed = signer.sign(request, credentials: suiteCredentials, region: "us-east-1")
        #expect(signed.request.headers.filter { $0.name.lowercased() == "authorization" }.count == 1)
        #expect(signed.signature == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
    }

    @Test func credentialsDescriptionHidesSecrets() {
        let c = Credentials(accessKeyId: "AKID", secretAccessKey: "s3cr3t-value", sessionToken: "tok3n-value")
        #expect(!"\(c)".contains("s3cr3t-value"))
        #expect(!"\(c)".contains("tok3n-value"))
        #expect(!String(reflecting: c).contains("s3cr3t-value"))
    }
}
