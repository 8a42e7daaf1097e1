import Foundation
import Testing
@testable import SecretsCore
import SecretsModel

@Suite struct JSONValueTests {
    @Test func parsesAndPrintsKeepingMemberOrder() throws {
        let text = #"{"z":1,"a":[true,false,null],"m":{"s":"x\ny\u00e9\ud83d\ude00","n":-2.5e3}}"#
        let v = try JSONValue.parse(text)
        #expect(v.compactText() == #"{"z":1,"a":[true,false,null],"m":{"s":"x\nyé😀","n":-2500}}"#)
        #expect(v.prettyText() == """
        {
          "z": 1,
          "a": [
            true,
            false,
            null
          ],
          "m": {
            "s": "x\\nyé😀",
            "n": -2500
          }
        }
        """)
        #expect(JSONValue.formatNumber(1523477145.729) == "1523477145.729")
    }

    @Test func rejectsBrokenJSONWithAnOffsetAndLimitsNesting() {
        for bad in ["", "{", "[1,]", "{\"a\" 1}", "tru", "\"unterminated", "01x", "{\"a\":1} x", "\"\u{01}\""] {
            #expect(throws: JSONParseError.self, "\(bad)") { try JSONValue.parse(bad) }
        }
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
    }

    /// The nesting limit counts arrays and objects: exactly `maxDepth` of them parse, one more does not.
    @Test func nestingLimitIsExact() throws {
        func nested(_ n: Int, inner: String) -> String {
            String(repeating: "[", count: n - 1) + "{\"a\": \(inner)}" + String(repeating: "]", count: n - 1)
        }
        #expect(throws: Never.self) { try JSONValue.parse(nested(JSONValue.maxDepth, inner: "1")) }
        #expect(throws: Never.self) { try JSONValue.parse(nested(JSONValue.maxDepth - 1, inner: "[]")) }
        #expect(throws: JSONParseError.self) { try JSONValue.parse(nested(JSONValue.maxDepth, inner: "[]")) }
    }

    /// Numbers print as the shortest text that reads back as the same double, and whole numbers
    /// with every digit up to 2^53.
    @Test func numbersPrintExactly() throws {
        #expect(JSONValue.formatNumber(0.3) == "0.3")
        #expect(JSONValue.formatNumber(0.1 + 0.2) == "0.30000000000000004")
        #expect(JSONValue.formatNumber(9_007_199_254_740_992) == "9007199254740992")
        #expect(JSONValue.formatNumber(-9_007_199_254_740_992) == "-9007199254740992")
        #expect(JSONValue.formatNumber(1e15) == "1000000000000000")
        #expect(JSONValue.formatNumber(18_014_398_509_481_984) == "1.8014398509481984e+16")
        #expect(JSONValue.formatNumber(-0.0) == "0")
        for n in [0.3, 1.0 / 3, 123.456, 1e-7, 2.5e20, 9_007_199_254_740_992] {
            #expect(try JSONValue.parse(JSONValue.formatNumber(n)) == .number(n))
        }
    }

    @Test func awsErrorBodiesAreReadLikeBotocore() {
        let e = AWSError.fromResponse(status: 400, body: Array(#"{"__type":"com.amazonaws.secretsmanager#ResourceNotFoundException:http://x","Message":"gone"}"#.utf8))
        #expect(e == AWSError(code: "ResourceNotFoundException", message: "gone", httpStatus: 400))
        #expect(AWSError.fromResponse(status: 503, body: Array("<html>busy</html>".utf8)) == AWSError(code: "503", message: "<html>busy</html>", httpStatus: 503))
        #expect(AWSError.fromResponse(status: 500, body: Array("{}".utf8)).code == "500")
    }

    @Test func regionsAndSuggestions() {
        #expect(Regions.all.count == 34)
        #expect(Regions.isKnown("eu-west-3") && !Regions.isKnown("eu-west-33"))
        #expect(Regions.suggestion(for: "eu-west-33") == "eu-west-3")
        #expect(Regions.suggestion(for: "us-est-1") == "us-east-1")
        #expect(Regions.suggestion(for: "banana") == nil)
        #expect(Regions.isWellFormed("xx-foo-9") && !Regions.isWellFormed("not_a_region") && !Regions.isWellFormed("eu-"))
        #expect(Operation.replicateSecretToRegions.cliName == "replicate-secret-to-regions")
    }
}
