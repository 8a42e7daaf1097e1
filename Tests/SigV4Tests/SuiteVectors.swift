// Vectors of the AWS Signature Version 4 test suite (AKIDEXAMPLE, us-east-1, service "service",
// 2015-08-30T12:36:00Z). Each is the suite's signed request: request line, headers including the
// expected Authorization, blank line, body. Sources, both Apache-2.0:
//  - awslabs/aws-c-auth tests/aws-signing-test-suite/v4/<case>/header-signed-request.txt
//    (with its context.json for the session token);
//  - the classic suite as encoded in smithy-lang/smithy-typescript
//    packages/signature-v4/src/suite.fixture.ts (the "classic-" cases below), whose
//    post-x-www-form-urlencoded variants sign fewer headers than aws-c-auth's.
// Continuation lines (leading whitespace) are further values of the header above, as both
// harnesses read them.

struct SuiteVector: Sendable, CustomStringConvertible {
    let name: String
    let signedRequest: String
    var sessionToken: String? = nil
    var description: String { name }
}

let suiteVectors: [SuiteVector] = [
    SuiteVector(name: "get-vanilla", signedRequest: """
        GET / HTTP/1.1
        Host:example.amazonaws.com
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31
        X-Amz-Date:20150830T123600Z


        """),
    SuiteVector(name: "get-header-key-duplicate", signedRequest: """
        GET / HTTP/1.1
        Host:example.amazonaws.com
        My-Header1:value2
        My-Header1:value2
        My-Header1:value1
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;x-amz-date, Signature=c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea
        X-Amz-Date:20150830T123600Z


        """),
    SuiteVector(name: "get-header-value-multiline", signedRequest: """
        GET / HTTP/1.1
        Host:example.amazonaws.com
        My-Header1:value1
          value2
             value3
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;x-amz-date, Signature=ba17b383a53190154eb5fa66a1b836cc297cc0a3d70a5d00705980573d8ff790
        X-Amz-Date:20150830T123600Z


        """),
    SuiteVector(name: "get-header-value-order", signedRequest: """
        GET / HTTP/1.1
        Host:example.amazonaws.com
        My-Header1:value4
        My-Header1:value1
        My-Header1:value3
        My-Header1:value2
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;x-amz-date, Signature=08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01
        X-Amz-Date:20150830T123600Z


        """),
    SuiteVector(name: "get-header-value-trim", signedRequest: """
        GET / HTTP/1.1
        Host:example.amazonaws.com
        My-Header1: value1
        My-Header2: "a   b   c"
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;my-header2;x-amz-date, Signature=acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736
        X-Amz-Date:20150830T123600Z


        """),
    SuiteVector(name: "get-relative-normalized", signedRequest: """
        GET /example/.. HTTP/1.1
        Host:example.amazonaws.com
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31
        X-Amz-Date:20150830T123600Z


        """),
    SuiteVector(name: "get-relative-relative-normalized", signedRequest: """
        GET /example1/example2/../.. HTTP/1.1
        Host:example.amazonaws.com
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31
        X-Amz-Date:20150830T123600Z


        """),
    SuiteVector(name: "get-slash-dot-slash-normalized", signedRequest: """
        GET /./ HTTP/1.1
        Host:example.amazonaws.com
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31
        X-Amz-Date:20150830T123600Z


        """),
    SuiteVector(name: "get-slash-normalized", signedRequest: """
        GET // HTTP/1.1
        Host:example.amazonaws.com
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31
        X-Amz-Date:20150830T123600Z


        """),
    SuiteVector(name: "get-slash-pointless-dot-normalized", signedRequest: """
        GET /./example HTTP/1.1
        Host:example.amazonaws.com
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5
        X-Amz-Date:20150830T123600Z


        """),
    SuiteVector(name: "get-slashes-normalized", signedRequest: """
        GET //example// HTTP/1.1
        Host:example.amazonaws.com
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84
        X-Amz-Date:20150830T123600Z


        """),
    SuiteVector(name: "get-space-normalized", signedRequest: """
        GET /example space/ HTTP/1.1
        Host:example.amazonaws.com
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741
        X-Amz-Date:20150830T123600Z


        """),
    SuiteVector(name: "get-unreserved", signedRequest: """
        GET /-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz HTTP/1.1
        Host:example.amazonaws.com
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f
        X-Amz-Date:20150830T123600Z


        """),
    SuiteVector(name: "get-utf8", signedRequest: """
        GET /ሴ HTTP/1.1
        Host:example.amazonaws.com
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85
        X-Amz-Date:20150830T123600Z


        """),
    SuiteVector(name: "get-vanilla-empty-query-key", signedRequest: """
        GET /?Param1=value1 HTTP/1.1
        Host:example.amazonaws.com
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb
        X-Amz-Date:20150830T123600Z


        """),
    SuiteVector(name: "get-vanilla-query-order-encoded", signedRequest: """
        GET /?Param-3=Value3&Param=Value2&%E1%88%B4=Value1 HTTP/1.1
        Host:example.amazonaws.com
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=371d3713e185cc334048618a97f809c9ffe339c62934c032af5a0e595648fcac
        X-Amz-Date:20150830T123600Z


        """),
    SuiteVector(name: "get-vanilla-query-order-key-case", signedRequest: """
        GET /?Param2=value2&Param1=value1 HTTP/1.1
        Host:example.amazonaws.com
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500
        X-Amz-Date:20150830T123600Z


        """),
    SuiteVector(name: "get-vanilla-query-unreserved", signedRequest: """
        GET /?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz HTTP/1.1
        Host:example.amazonaws.com
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197
        X-Amz-Date:20150830T123600Z


        """),
    SuiteVector(name: "get-vanilla-utf8-query", signedRequest: """
        GET /?ሴ=bar HTTP/1.1
        Host:example.amazonaws.com
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04
        X-Amz-Date:20150830T123600Z


        """),
    SuiteVector(name: "get-vanilla-with-session-token", signedRequest: """
        GET / HTTP/1.1
        Host:example.amazonaws.com
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8
        X-Amz-Date:20150830T123600Z
        X-Amz-Security-Token:6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267


        """, sessionToken: "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"),
    SuiteVector(name: "post-header-value-case", signedRequest: """
        POST / HTTP/1.1
        Host:example.amazonaws.com
        My-Header1:VALUE1
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;x-amz-date, Signature=cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d
        X-Amz-Date:20150830T123600Z


        """),
    SuiteVector(name: "post-sts-header-before", signedRequest: """
        POST / HTTP/1.1
        Host:example.amazonaws.com
        X-Amz-Security-Token:AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead
        X-Amz-Date:20150830T123600Z


        """),
    SuiteVector(name: "post-x-www-form-urlencoded", signedRequest: """
        POST / HTTP/1.1
        Content-Type:application/x-www-form-urlencoded
        Host:example.amazonaws.com
        Content-Length:13
        x-amz-content-sha256:9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date, Signature=d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b
        X-Amz-Date:20150830T123600Z

        Param1=value1
        """),
    SuiteVector(name: "post-x-www-form-urlencoded-parameters", signedRequest: """
        POST / HTTP/1.1
        Content-Type:application/x-www-form-urlencoded; charset=utf-8
        Host:example.amazonaws.com
        Content-Length:13
        x-amz-content-sha256:9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date, Signature=328d1b9eaadca9f5818ef05e8392801e091653bafec24fcab71e7344e7f51422
        X-Amz-Date:20150830T123600Z

        Param1=value1
        """),
    SuiteVector(name: "classic-post-vanilla", signedRequest: """
        POST / HTTP/1.1
        Host:example.amazonaws.com
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b
        X-Amz-Date:20150830T123600Z


        """),
    SuiteVector(name: "classic-post-header-key-sort", signedRequest: """
        POST / HTTP/1.1
        Host:example.amazonaws.com
        My-Header1:value1
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;x-amz-date, Signature=c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c
        X-Amz-Date:20150830T123600Z


        """),
    SuiteVector(name: "classic-post-vanilla-query", signedRequest: """
        POST /?Param1=value1 HTTP/1.1
        Host:example.amazonaws.com
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11
        X-Amz-Date:20150830T123600Z


        """),
    SuiteVector(name: "classic-post-vanilla-query-nonunreserved", signedRequest: """
        POST /?%40%23%24%25%5E=&%2B=%2F%2C%3F%3E%3C%60%22%3B%3A%5C%7C%5D%5B%7B%7D HTTP/1.1
        Host:example.amazonaws.com
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=66c82657c86e26fb25238d0e69f011edc4c6df5ae71119d7cb98ed9b87393c1e
        X-Amz-Date:20150830T123600Z


        """),
    SuiteVector(name: "classic-post-x-www-form-urlencoded", signedRequest: """
        POST / HTTP/1.1
        Content-Type:application/x-www-form-urlencoded
        Host:example.amazonaws.com
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a
        X-Amz-Date:20150830T123600Z

        Param1=value1
        """),
    SuiteVector(name: "classic-post-x-www-form-urlencoded-parameters", signedRequest: """
        POST / HTTP/1.1
        Content-Type:application/x-www-form-urlencoded; charset=utf8
        Host:example.amazonaws.com
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe
        X-Amz-Date:20150830T123600Z

        Param1=value1
        """),
]
