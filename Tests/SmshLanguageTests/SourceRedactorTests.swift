import Testing
@testable import SmshLanguage
import SourceText

@Suite struct SourceRedactorTests {
    func r(_ s: String) -> String { SourceRedactor.redact(s) }
    func syntaxErrors(_ text: String) -> Int { Parser.parse(text, path: "t", files: SourceFiles()).diagnostics.count }

    @Test func valuesOfCreateAndPut() {
        #expect(r("create S value \"s3cr3t\" description \"demo\"") == "create S value ******** description \"demo\"")
        #expect(r("put S value hunter2") == "put S value ********")
        #expect(r("put S value 'raw $x'") == "put S value ********")
        #expect(r("let v = create S value \"a\" replicate to eu-west-3") == "let v = create S value ******** replicate to eu-west-3")
    }

    @Test func jsonOfCreateAndPut() {
        #expect(r("put S json {user: \"u\", password: \"p\"}") == "put S json ********")
        #expect(r("create S json {a: [1, 2]} key alias/x") == "create S json ******** key alias/x")
        #expect(r("create S json {a: 1}\nprint 1") == "create S json ********\nprint 1")
    }

    @Test func keepsAVariableButNotAnInterpolation() {
        #expect(r("put S value $pw") == "put S value $pw")
        #expect(r("put S value \"x-$pw\"") == "put S value ********")
        #expect(r("put S json $doc.inner") == "put S json $doc.inner")
    }

    @Test func insideBlocksAndOnlyForCreateAndPut() {
        #expect(r("for i in 1..2 {\n  put S value \"v$i\"\n}") == "for i in 1..2 {\n  put S value ********\n}")
        #expect(r("replicate json {SecretId: S, AddReplicaRegions: [{Region: eu-west-3}]}")
            == "replicate json {SecretId: S, AddReplicaRegions: [{Region: eu-west-3}]}")
        #expect(r("describe value") == "describe value")
    }

    @Test func awsCLISecretString() {
        #expect(r("print \"aws secretsmanager put-secret-value --secret-id S --secret-string abc\"")
            == "print \"aws secretsmanager put-secret-value --secret-id S --secret-string ********\"")
        #expect(r("print '--secret-string=\"x y\" --region r'") == "print '--secret-string=******** --region r'")
        #expect(r(#"aws secretsmanager put-secret-value --cli-input-json '{"SecretId": "S", "SecretString": "p w"}' --region r"#)
            == "aws secretsmanager put-secret-value --cli-input-json ******** --region r")
        #expect(r("aws secretsmanager describe-secret --cli-input-json '{\"SecretId\": \"S\"}'")
            == "aws secretsmanager describe-secret --cli-input-json '{\"SecretId\": \"S\"}'")
        #expect(r("aws secretsmanager create-secret --cli-input-yaml file://in.yaml") == "aws secretsmanager create-secret --cli-input-yaml file://in.yaml")
        #expect(syntaxErrors(r("aws secretsmanager put-secret-value --secret-id S --secret-string abc")) > 0)
    }

    @Test func valuePromptHoldsNoValueAndIsKept() {
        #expect(r("create X value prompt description d") == "create X value prompt description d")
        #expect(r("put X value prompt") == "put X value prompt")
    }

    @Test func redactedEntriesDoNotParseAsAValue() {
        #expect(syntaxErrors(r("put S value \"x\"")) > 0)
    }
}
