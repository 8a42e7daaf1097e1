import Testing
@testable import SmshLanguage
import SourceText

struct ParserTests {
    func parse(_ text: String) -> Program { Parser.parse(text, path: "t.smsh", files: SourceFiles()) }
    func messages(_ text: String) -> [String] { parse(text).diagnostics.map { "\($0.range.line):\($0.range.column) \($0.message)" } }

    @Test func parsesTheContractExample() {
        let p = parse("""
        #!/usr/bin/env smsh
        use region us-west-2
        let regions = [eu-west-3, ap-southeast-2]
        create MyTestSecret value "s3cr3t" description "demo"
        replicate MyTestSecret to $regions
        wait MyTestSecret until InSync timeout 2m
        for r in $regions {
          print "$r: ${status MyTestSecret in $r}"
        }
        try {
          replicate MyTestSecret to eu-west-3 key alias/x
        } catch e {
          print "already replicated: $e.message"
        }
        promote MyTestSecret in ap-southeast-2
        remove MyTestSecret from eu-west-3
        """)
        #expect(p.diagnostics.isEmpty)
        #expect(p.statements.count == 9)
    }

    @Test func replicateWithKeysAndForce() throws {
        let p = parse("replicate X to eu-west-3 key alias/x, ap-south-1 force")
        guard case .command(.replicate(let secret, let replicas, let force), _) = p.statements.first else {
            Issue.record("not a replicate: \(p.statements)")
            return
        }
        #expect(secret.literalText == "X")
        #expect(replicas.count == 2)
        #expect(replicas[0].key?.literalText == "alias/x")
        #expect(replicas[1].key == nil)
        #expect(force == true)
    }

    @Test func keywordsAreContextual() {
        let p = parse(#"replicate to to eu-west-3"#)
        guard case .command(.replicate(let secret, _, _), _) = p.statements.first else {
            Issue.record("not a replicate")
            return
        }
        #expect(secret.literalText == "to")
    }

    @Test func precedence() {
        let p = parse("let x = 1 + 2 * 3 == 7 and not false")
        guard case .letVar(_, .binary(.and, .binary(.eq, .binary(.add, _, .binary(.mul, _, _, _), _), _, _), .unary(.not, _, _), _), _) = p.statements.first else {
            Issue.record("wrong tree: \(p.statements)")
            return
        }
    }

    @Test func commandsStandWhereValuesAre() {
        #expect(parse("let r = replicate X to eu-west-3").diagnostics.isEmpty)
        #expect(parse("if (status X in eu-west-3) == InSync { print 1 }").diagnostics.isEmpty)
        #expect(parse(#"print "${status X}""#).diagnostics.isEmpty)
        #expect(parse("print len((list))").diagnostics.isEmpty)
        guard case .print(let items, _) = parse("print list").statements.first, case .command(.list, _) = items.first else {
            Issue.record("print list should run list")
            return
        }
    }

    @Test func reportsEveryErrorAndRecovers() {
        let m = messages("let = 1\nprint (1 + )\nprint 2\nfrobnicate x\n")
        #expect(m == [
            "1:5 expected a variable name after 'let', found '='",
            "2:12 expected a value, found ')'",
            "4:1 unknown statement or command 'frobnicate'",
        ])
    }

    @Test func unclosedBlockNamesTheOpener() {
        let m = messages("print 1\nfor r in [1] {\n  print $r\n")
        #expect(m == ["3:11 expected '}' to close the 'for' at line 2"])
    }

    @Test func suggestsStatements() {
        #expect(messages("replciate X to eu-west-3") == ["1:1 unknown statement or command 'replciate'; did you mean 'replicate'?"])
    }

    @Test func optionsOfCommandsAreChecked() {
        #expect(messages("get X in") == ["1:9 'in' needs a Region"])
        #expect(messages("replicate X to eu-west-3 key") == ["1:29 'key' needs a KMS key id, ARN or alias"])
        #expect(messages("delete X recovery 7 now") == ["1:19 'delete' takes 'recovery DAYS' or 'now', not both"])
        #expect(messages("list sideways") == ["1:6 unexpected 'sideways' in 'list': expected 'prefix', 'in' or end of line"])
    }

    @Test func incompleteInput() {
        #expect(Parser.isIncomplete("for r in [1] {"))
        #expect(Parser.isIncomplete("let l = [1,"))
        #expect(Parser.isIncomplete("print \"open"))
        #expect(Parser.isIncomplete("print 1 + \\"))
        #expect(!Parser.isIncomplete("print 1"))
        #expect(!Parser.isIncomplete("for r in [1] { print $r }"))
        #expect(!Parser.isIncomplete("print )"))
    }

    @Test func elseOnTheNextLine() {
        #expect(parse("if true {\n print 1\n}\nelse {\n print 2\n}").diagnostics.isEmpty)
    }

    @Test func simulateForms() {
        for text in ["simulate outage eu-west-3", "simulate missing key alias/x in eu-west-3", "simulate throttle 20%",
                     "simulate latency 200ms", "simulate clear"] {
            #expect(parse(text).diagnostics.isEmpty, "\(text)")
        }
    }
}
