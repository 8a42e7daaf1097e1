import Testing
@testable import SmshLanguage
import SourceText
import SecretsModel

struct CheckerTests {
    func check(_ text: String) -> [String] {
        let files = SourceFiles()
        return ScriptRunner.problems(in: text, path: "t.smsh", files: files).map(\.message)
    }

    @Test func replicationStatusesAreTheModels() {
        #expect(Set(Checker.replicationStatuses) == Set(ServiceModel.shape("StatusType").enumValues))
        #expect(check("wait X until Insync") == ["'Insync' is not a replication status; did you mean 'InSync'?"])
    }

    @Test func regionsWithSuggestions() {
        #expect(check("replicate X to eu-west-33") == ["'eu-west-33' is not a Region: did you mean 'eu-west-3'?"])
        #expect(check("use region us-west-2") == [])
        #expect(check("let r = \"eu-west-3\"\nreplicate X to $r") == [])
    }

    @Test func secretNames() {
        #expect(check("create \"a b\"").count == 1)
        #expect(check("describe arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf") == [])
    }

    @Test func durations() {
        #expect(check("sleep 5") == ["'5' is not a duration: add a unit, such as 5s or 5ms"])
        #expect(check("sleep 1m30s") == [])
    }

    @Test func scopes() {
        #expect(check("if true { let x = 1 }\nprint $x") == ["undefined variable '$x'"])
        #expect(check("def f(a) { return $a + $g }\nlet g = 1") == [])
        #expect(check("try { fail \"x\" } catch e { print $e.code }") == [])
        #expect(check("print $args") == [])
    }

    @Test func loopsAndProcedures() {
        #expect(check("break") == ["'break' outside a loop"])
        #expect(check("for i in 1..3 { def f() { break } }") == ["'break' outside a loop"])
        #expect(check("while true { break }") == [])
        #expect(check("return") == ["'return' outside a 'def'"])
        #expect(check("print f(1)\ndef f(a, b) { }") == ["f() takes 2 arguments, not 1"])
    }

    @Test func builtinArity() {
        #expect(check("print keys()") == ["keys() takes 1 argument, not 0: keys(record)"])
        #expect(check("print regions(1)") == ["regions() takes 0 arguments, not 1: regions()"])
    }

    @Test func nothingRunsWhenCheckingFails() async throws {
        let r = try await Harness.run("create Created value \"x\"\nsleep 5")
        #expect(r.exit == 2)
        #expect(r.stderr.contains("is not a duration"))
        #expect(!r.stderr.contains("create Created"))
    }
}
