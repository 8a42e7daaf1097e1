import Foundation
import SecretsCore
import SecretsModel
import Testing
import TestSupport
@testable import SmshLanguage
@testable import AWSCLI
import SourceText

/// The shorthand port against the examples awscli documents and verified (FACTS §6), and
/// against awscli's own ShorthandParser run on the same inputs.
struct ShorthandTests {
    static func words(_ line: String) throws -> [ShellWords.Word] {
        try ShellWords.scan(Array(line.utf8), from: 0).words
    }

    static func body(_ line: String) throws -> JSONValue {
        try AWSCLILine.parse(words(line), directory: nil).body
    }

    static func json(_ text: String) throws -> JSONValue { try JSONValue.parse(text) }

    // FACTS §6, verbatim.
    @Test func addReplicaRegions() throws {
        let b = try Self.body("aws secretsmanager replicate-secret-to-regions --secret-id S --add-replica-regions Region=eu-west-3,KmsKeyId=alias/x Region=us-east-1")
        #expect(b["AddReplicaRegions"] == (try Self.json(#"[{"Region": "eu-west-3", "KmsKeyId": "alias/x"}, {"Region": "us-east-1"}]"#)))
    }

    @Test func filtersWithCSVValues() throws {
        let b = try Self.body("aws secretsmanager list-secrets --filters Key=primary-region,Values=us-west-2 Key=name,Values=foo,bar")
        #expect(b["Filters"] == (try Self.json(#"[{"Key": "primary-region", "Values": ["us-west-2"]}, {"Key": "name", "Values": ["foo", "bar"]}]"#)))
    }

    @Test func filtersWithExplicitList() throws {
        let b = try Self.body("aws secretsmanager list-secrets --filters Key=all,Values=[a,b]")
        #expect(b["Filters"] == (try Self.json(#"[{"Key": "all", "Values": ["a", "b"]}]"#)))
    }

    @Test func tagsWithQuotedValue() throws {
        let b = try Self.body(#"aws secretsmanager create-secret --name N --tags Key=env,Value=prod Key=team,Value="a b""#)
        #expect(b["Tags"] == (try Self.json(#"[{"Key":"env","Value":"prod"},{"Key":"team","Value":"a b"}]"#)))
    }

    @Test func rawParserQuotesAndEscapedCommas() throws {
        let quoted = try ShorthandParser.parse("Key=description,Values='a,b'")
        #expect(quoted.map(\.0) == ["Key", "Values"])
        #expect(quoted[1].1 == .scalar("a,b"))
        let escaped = try ShorthandParser.parse(#"Key=tag-key,Values=a\,b"#)
        #expect(escaped[1].1 == .scalar("a,b"))
    }

    @Test func csvBacktracksAtTheNextKey() throws {
        let p = try ShorthandParser.parse("foo=a,b,c=d,e=f")
        #expect(p.map(\.0) == ["foo", "c", "e"])
        #expect(p[0].1 == .list([.scalar("a"), .scalar("b")]))
        #expect(p[1].1 == .scalar("d"))
    }

    @Test func quotedEscapes() throws {
        #expect(try ShorthandParser.parse(#"k='it\'s'"#)[0].1 == .scalar("it's"))
        #expect(try ShorthandParser.parse(#"k="say \"hi\"""#)[0].1 == .scalar(#"say "hi""#))
        #expect(try ShorthandParser.parse(#"k='a\\b'"#)[0].1 == .scalar(#"a\b"#))
    }

    @Test func hashLiteralAndNesting() throws {
        let p = try ShorthandParser.parse("k={a=b,c=[d,e]}")
        #expect(p[0].1 == .map([("a", .scalar("b")), ("c", .list([.scalar("d"), .scalar("e")]))]))
    }

    @Test func errors() throws {
        #expect(throws: ShorthandError.self) { try ShorthandParser.parse("Region=a,Region=b") }
        #expect(throws: ShorthandError.self) { try ShorthandParser.parse("Region") }
        #expect(throws: ShorthandError.self) { try ShorthandParser.parse("k=[a,b") }
        #expect(throws: ShorthandError.self) { try ShorthandParser.parse("k='open") }
        // `Region=` parses (awscli gives ''), and the argument layer rejects the empty Region.
        #expect(try ShorthandParser.parse("Region=")[0].1 == .scalar(""))
    }

    /// awscli's ShorthandParser, run by python3, on inputs that exercise each rule.
    @Test func agreesWithAwscli() async throws {
        let inputs = [
            "Region=eu-west-3,KmsKeyId=alias/x", "Key=name,Values=foo,bar", "Key=all,Values=[a,b]",
            "Key=description,Values='a,b'", #"Key=tag-key,Values=a\,b"#, "foo=a,b,c=d,e=f", "k={a=b,c=[d,e]}",
            #"k='it\'s'"#, #"k="say \"hi\"""#, "k=a b  ", "k=,j=x", "Region=", "a.b#c/d:e-f_g=1", "k=[]", "k=[a,[b,c]]",
            "k=v=w", "k=ü,l=x",
        ]
        let script = """
        import json, sys
        from awscli.shorthand import ShorthandParser
        out = []
        for s in json.load(sys.stdin):
            try:
                out.append({"ok": ShorthandParser().parse(s)})
            except Exception as e:
                out.append({"error": type(e).__name__})
        print(json.dumps(out))
        """
        let stdin = JSONValue.array(inputs.map { .string($0) }).compactText()
        let reference = try await offThePool { try runPython(script, stdin: stdin) }.stdout
        let expected = try JSONValue.parse(reference).arrayValue ?? []
        #expect(expected.count == inputs.count)
        for (input, want) in zip(inputs, expected) {
            let got: JSONValue
            do { got = .object([("ok", Self.plain(try ShorthandParser.parse(input)))]) } catch { got = .object([("error", .string("ShorthandParseError"))]) }
            if want["error"] != nil { #expect(got["error"] != nil, "\(input): awscli fails, smsh gives \(got.compactText())") }
            else { #expect(got == want, "\(input)") }
        }
    }

    static func plain(_ members: [(String, ShorthandValue)]) -> JSONValue {
        .object(members.map { ($0.0, plain($0.1)) })
    }

    static func plain(_ v: ShorthandValue) -> JSONValue {
        switch v {
        case .scalar(let s): return .string(s)
        case .list(let l): return .array(l.map(plain))
        case .map(let m): return plain(m)
        }
    }
}

/// The shell-like splitting of aws lines.
struct ShellWordsTests {
    @Test func quotingAndEscapes() throws {
        #expect(try ShellWords.split(#"aws  a 'b c' "d \"e\" \$f" g\ h 'i'"j"k"#) == ["aws", "a", "b c", #"d "e" $f"#, "g h", "ijk"])
        #expect(try ShellWords.split(#"x "a\nb" 'c\d'"#) == ["x", #"a\nb"#, #"c\d"#])
        #expect(try ShellWords.split("x ''") == ["x", ""])
    }

    @Test func continuationsAndComments() throws {
        #expect(try ShellWords.split("aws \\\n  secretsmanager # comment") == ["aws", "secretsmanager"])
        #expect(try ShellWords.split("a b#c") == ["a", "b#c"])
        #expect(try ShellWords.split("a 'multi\nline' b") == ["a", "multi\nline", "b"])
    }

    @Test func lineEnds() throws {
        let bytes = Array("aws a; next\nother".utf8)
        let s = try ShellWords.scan(bytes, from: 0)
        #expect(s.words.map(\.text) == ["aws", "a"])
        #expect(bytes[s.end] == UInt8(ascii: ";"))
        let block = try ShellWords.scan(Array("aws x --k {a=b} }".utf8), from: 0)
        #expect(block.words.map(\.text) == ["aws", "x", "--k", "{a=b}"])
    }

    @Test func positions() throws {
        let s = try ShellWords.scan(Array("aws \\\n  secretsmanager 'x'".utf8), from: 0, file: 3, line: 5, column: 1)
        #expect(s.words[1].range.line == 6)
        #expect(s.words[1].range.column == 3)
        #expect(s.words[1].verbatim)
        #expect(!s.words[2].verbatim)
    }

    @Test func shellSyntaxIsRefused() {
        for text in ["aws $x", "aws \"$x\"", "aws `x`", "aws a | b", "aws a > f", "aws 'open", "aws \"open", "aws *"] {
            #expect(throws: ShellWords.Failure.self, "\(text)") { try ShellWords.split(text) }
        }
        #expect(throws: ShellWords.Failure(message: "unterminated ' quote", range: SourceRange(file: -1, line: 1, column: 7, length: 1))) {
            try ShellWords.split("aws a 'open")
        }
    }
}

/// The YAML reader on what --cli-input-yaml documents hold.
struct YAMLInputTests {
    /// Every yaml-input skeleton reads as the same document as the JSON input skeleton.
    @Test(arguments: SecretsModel.Operation.allCases)
    func skeletonsAgree(_ operation: SecretsModel.Operation) throws {
        #expect(try YAMLInput.parse(Skeletons.text(operation, .yamlInput)) == (try JSONValue.parse(Skeletons.text(operation, .input))))
    }

    @Test func scalarsFlowAndBlocks() throws {
        let doc = """
        # a runbook's input
        SecretId: "prod/db"   # quoted
        AddReplicaRegions:
        - Region: eu-west-3
          KmsKeyId: 'alias/it''s'
        -   {Region: us-east-1}
        ForceOverwriteReplicaSecret: true
        Count: 7
        Nothing: ~
        List: [a, 'b, c', 3]
        Text: |
          line one
          line two
        Folded: >-
          a
          b
        """
        let v = try YAMLInput.parse(doc)
        #expect(v == (try JSONValue.parse("""
        {"SecretId": "prod/db", "AddReplicaRegions": [{"Region": "eu-west-3", "KmsKeyId": "alias/it's"}, {"Region": "us-east-1"}],
         "ForceOverwriteReplicaSecret": true, "Count": 7, "Nothing": null, "List": ["a", "b, c", 3],
         "Text": "line one\\nline two\\n", "Folded": "a b"}
        """)))
    }

    @Test func errors() {
        for bad in ["a: 1\n  b: 2", "a: [1, 2", "a: 'open", "a: 1\na: 2", "a: *nowhere", "just text\nmore: 1"] {
            #expect(throws: YAMLInput.Failure.self, "\(bad)") { try YAMLInput.parse(bad) }
        }
    }
}
