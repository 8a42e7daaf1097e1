import SourceText
import Testing
@testable import SmshLanguage

/// `Checker.operands(of:)`: the secrets and Regions a script names literally (what
/// `smsh rehearse` reads of an account).
struct CheckerOperandsTests {
    func operands(_ text: String) -> Checker.Operands {
        Checker.operands(of: Parser.parse(text, path: "t.smsh", files: SourceFiles(), directory: nil))
    }

    @Test func literalNamesAndRegionsInOrder() {
        let o = operands("""
            use region us-west-2
            create app/db value "x" replicate to eu-west-3
            promote app/db in eu-west-3
            describe "app/cache" in ap-south-1
            aws secretsmanager describe-secret --secret-id app/aws-line --region sa-east-1
            explain delete app/db
            """)
        #expect(o.secrets == ["app/db", "app/cache", "app/aws-line"])
        #expect(o.regions == ["us-west-2", "eu-west-3", "ap-south-1", "sa-east-1"])
        #expect(!o.computedSecrets)
    }

    @Test func computedNamesAreNoticed() {
        #expect(operands("let n = \"a\"\ndescribe $n").computedSecrets)
        #expect(operands("describe \"app-${1 + 1}\"").computedSecrets)
        #expect(operands("batch get prefix app/").computedSecrets)
        #expect(operands("source \"lib.smsh\"").computedSecrets)
        #expect(!operands("list prefix app/").computedSecrets)
        #expect(operands("print 1") == Checker.Operands())
    }
}
