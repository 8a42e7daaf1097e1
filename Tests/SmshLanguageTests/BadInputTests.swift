import Foundation
import Testing
import TestSupport
import SecretsCore
import SecretsSimulator
@testable import SmshLanguage
import SourceText

/// Bad input, end to end through the smsh executable: every class of mistake gets an error at its
/// file:line:col, exit 2, and nothing runs, so a state file given with `--state` keeps every byte.
struct BadInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let script: String
        /// The start of the first error line: `bad.smsh:LINE:COL: error: MESSAGE...`.
        let expected: String
        var testDescription: String { expected }
        init(_ script: String, _ expected: String) {
            self.script = script
            self.expected = expected
        }
    }

    /// One per class of error the lexer, parser and checker report; the `create` added after each
    /// (with no quote, so an unclosed string stays unclosed) would change the state if anything ran.
    static let cases: [Case] = [
        // Lexer
        Case("print 3 ! 4", "1:9: error: '!' is not an operator"),
        Case(#"print "bad \q""#, "1:12: error: unknown escape '\\q'"),
        Case("print ¿", "1:7: error: unexpected character '¿'"),
        Case("print \"never closed", "1:7: error: unterminated string"),
        Case(#"print "${}""#, "1:10: error: '${}' needs an expression inside"),
        // Parser
        Case("let = 5", "1:5: error: expected a variable name after 'let', found '='"),
        Case("print (1 + )", "1:12: error: expected a value, found ')'"),
        Case("for in [1] { print 1 }", "1:8: error: expected 'in' after 'for in'"),
        Case("frobnicate the thing", "1:1: error: unknown statement or command 'frobnicate'"),
        Case("print [1, 2\nprint 3", "2:1: error: expected ',' or ']' to close the '[' at line 1"),
        Case("for r in [1] {\n  print $r\n", "4:13: error: expected '}' to close the 'for' at line 1"),
        Case("if 1 == 1 == 1 { print 1 }", "1:"),
        Case("x = 1", "1:"),
        Case("}", "1:1: error:"),
        Case("$x = 1", "1:1: error: a statement cannot start with '$x'"),
        // Checker
        Case("print $undefinedThing", "1:7: error: undefined variable '$undefinedThing'"),
        Case("break", "1:1: error: 'break' outside a loop"),
        Case("return 5", "1:1: error: 'return' outside a 'def'"),
        Case("print len(1, 2)", "1:7: error: len() takes 1 argument, not 2"),
        Case("print nosuch(1)", "1:7: error: unknown function 'nosuch'"),
        Case("exit 300", "1:6: error: an exit code is a whole number from 0 to 255"),
        // Names
        Case(#"create "bad name!""#, "1:8: error: 'bad name!' is not a valid secret name"),
        Case(#"create """#, "1:8: error: '' is not a valid secret name: a secret name must have at least 1 character"),
        Case("create " + String(repeating: "n", count: 513), "1:8: error:"),
        Case("describe has:colon", "1:10: error: 'has:colon' is not a valid secret name"),
        // Regions
        Case("replicate X to eu-west-33", "1:16: error: 'eu-west-33' is not a Region: did you mean 'eu-west-3'?"),
        Case("describe X in mars-1", "1:15: error: 'mars-1' is not a Region"),
        Case("use region euwest3", "1:12: error: 'euwest3' is not a Region"),
        Case("aws secretsmanager describe-secret --secret-id X --region eu-west-33", "1:59: error: 'eu-west-33' is not a Region"),
        // Keys
        Case(#"replicate X to eu-west-3 key """#, "1:30: error: an empty KMS key"),
        Case("aws secretsmanager replicate-secret-to-regions --secret-id X --add-replica-regions Region=eu-west-3,Bogus=1",
             "1:84: error: Parameter validation failed:"),
        // Durations
        Case("sleep 5", "1:7: error: '5' is not a duration: add a unit"),
        Case("sleep soon", "1:7: error: 'soon' is not a duration"),
        Case("wait X until InSync timeout 5", "1:29: error: '5' is not a duration"),
        Case("wait X until Done", "1:14: error: 'Done' is not a replication status"),
        Case("delete X recovery 3", "1:19: error: the recovery window is a whole number of days from 7 to 30"),
        // Malformed JSON and shorthand in aws lines
        Case(#"aws secretsmanager describe-secret --cli-input-json '{"SecretId": }'"#, "1:53: error: argument --cli-input-json: invalid JSON"),
        Case(#"aws secretsmanager describe-secret --cli-input-json '{"SecretId": "X"'"#, "1:53: error: argument --cli-input-json: invalid JSON"),
        Case(#"aws secretsmanager describe-secret --cli-input-json '[1, 2]'"#, "1:53: error: argument --cli-input-json:"),
        Case("aws secretsmanager describe-secret --cli-input-yaml 'SecretId: [x'", "1:53: error: argument --cli-input-yaml: invalid YAML"),
        Case("aws secretsmanager list-secrets --filters Key=name,Values=a,Key=tag-key,Values=b", "1:61: error: argument --filters: bad shorthand"),
        Case("aws secretsmanager describe-secret --secret-id 'open", "1:48: error: unterminated ' quote"),
    ]

    @Test(arguments: cases)
    func badScript(_ c: Case) async throws {
        try await Self.expectRejected(c.script + "\ncreate Added\n", located: "bad.smsh:" + c.expected)
    }

    // MARK: Huge inputs

    @Test func megabyteString() async throws {
        let big = String(repeating: "x", count: 1 << 20)
        // Unterminated: the error points at the opening quote, not somewhere in the megabyte.
        try await Self.expectRejected("print \"" + big + "\n", located: "bad.smsh:1:7: error: unterminated string")
        // Closed: the mistake after it is found at its real line.
        try await Self.expectRejected("let s = \"" + big + "\"\nprint $nope\n", located: "bad.smsh:2:7: error: undefined variable '$nope'")
    }

    @Test func tenThousandNestedBrackets() async throws {
        let nesting = "nested too deeply: at most \(Parser.maxNesting) levels"
        try await Self.expectRejected("print " + String(repeating: "[", count: 10_000) + "\n",
                                      located: "bad.smsh:1:", containing: nesting)
        try await Self.expectRejected("print " + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000) + "\n",
                                      located: "bad.smsh:1:", containing: nesting)
        try await Self.expectRejected(String(repeating: "if true {\n", count: 10_000), located: "bad.smsh:", containing: nesting)
        try await Self.expectRejected("print " + String(repeating: "not ", count: 10_000) + "true\n", located: "bad.smsh:1:", containing: nesting)
        try await Self.expectRejected("print " + String(repeating: "{\"a\": ", count: 10_000) + "\n", located: "bad.smsh:1:", containing: nesting)
        // JSON has its own limit; the error still names the argument and its place.
        try await Self.expectRejected("aws secretsmanager describe-secret --cli-input-json '" + String(repeating: "[", count: 10_000) + "'\n",
                                      located: "bad.smsh:1:53: error: argument --cli-input-json: invalid JSON")
    }

    @Test func hundredThousandLines() async throws {
        var script = ""
        script.reserveCapacity(2_000_000)
        for i in 0..<99_999 { script += "let v\(i) = \(i)\n" }
        script += "print $v99999\n"
        try await Self.expectRejected(script, located: "bad.smsh:100000:7: error: undefined variable '$v99999'")
    }

    /// Nesting just inside the limit is still a program: the limit rejects only what would overflow.
    @Test func nestingAtTheLimitParses() {
        let depth = Parser.maxNesting - 1
        let text = "print " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(ScriptRunner.problems(in: text, path: "ok.smsh", files: SourceFiles()).isEmpty)
        let blocks = String(repeating: "if true {\n", count: depth - 1) + "print 1\n" + String(repeating: "}\n", count: depth - 1)
        #expect(ScriptRunner.problems(in: blocks, path: "ok.smsh", files: SourceFiles()).isEmpty)
    }

    // MARK: Helpers

    /// A state file that already holds a secret, so an unchanged file proves something.
    static func seededState() async throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smsh-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let state = dir.appendingPathComponent("state.sqlite")
        do {
            let sim = try SimulatorTransport(options: SimulatorOptions(statePath: state.path, replicationDelay: 0))
            _ = try await sim.handle(target: "secretsmanager.CreateSecret", region: "us-east-1",
                                     body: Data(#"{"Name":"Kept","SecretString":"k"}"#.utf8))
        }
        return state
    }

    /// Every file of the state's directory (the database and any -wal/-shm) with its bytes.
    static func snapshot(_ state: URL) throws -> [String: Data] {
        let dir = state.deletingLastPathComponent()
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasPrefix("state.sqlite") {
            out[name] = try Data(contentsOf: dir.appendingPathComponent(name))
        }
        return out
    }

    /// The error for a 1 MB line echoes that line: runProcess reads stdout and stderr together.
    static func smsh(_ args: [String]) async throws -> ProcessResult {
        try await offThePool { try runProcess(smshBinary, args) }
    }

    static func expectRejected(_ script: String, located: String, containing: String? = nil,
                               sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let state = try await seededState()
        let file = state.deletingLastPathComponent().appendingPathComponent("bad.smsh")
        try Data(script.utf8).write(to: file)
        let before = try snapshot(state)
        #expect(before["state.sqlite"]?.isEmpty == false, sourceLocation: sourceLocation)
        let r = try await Self.smsh(["--state", state.path, "--replication-delay", "0", file.path])
        #expect(r.status == 2, "exit \(r.status); stderr: \(r.stderr.prefix(500))", sourceLocation: sourceLocation)
        let first = r.stderr.split(separator: "\n").first.map(String.init) ?? ""
        // smsh names the file as it was given on the command line.
        let shown = first.hasPrefix(file.path) ? "bad.smsh" + first.dropFirst(file.path.count) : first
        #expect(shown.hasPrefix(located), "first error: \(shown.prefix(300))", sourceLocation: sourceLocation)
        if let containing {
            #expect(shown.contains(containing), "first error: \(shown.prefix(300))", sourceLocation: sourceLocation)
        }
        #expect(r.stdout.isEmpty, "printed: \(r.stdout.prefix(200))", sourceLocation: sourceLocation)
        #expect(try snapshot(state) == before, "the state file changed", sourceLocation: sourceLocation)
        try? FileManager.default.removeItem(at: state.deletingLastPathComponent())
    }
}
