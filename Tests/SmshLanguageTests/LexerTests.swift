import Testing
@testable import SmshLanguage
import SourceText

struct LexerTests {
    func kinds(_ text: String) -> [Token.Kind] { Lexer.tokenize(text).tokens.map(\.kind) }
    func texts(_ text: String) -> [String] {
        let lexer = Lexer.tokenize(text)
        return lexer.tokens.filter { $0.kind != .eof }.map { lexer.text(of: $0) }
    }

    @Test func wordsKeepTheirPunctuation() {
        #expect(texts("replicate prod/db-creds to eu-west-3 key alias/x") == ["replicate", "prod/db-creds", "to", "eu-west-3", "key", "alias/x"])
        #expect(texts("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab") == ["arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab"])
        #expect(texts("a+b=c@d.e") == ["a+b=c@d.e"])
    }

    @Test func numbersAndDurations() {
        let toks = Lexer.tokenize("3 2.5 -4 500ms 5s 2m 1h 1m30s 1.5s").tokens
        #expect(toks.map(\.kind) == [.number, .number, .number, .duration, .duration, .duration, .duration, .duration, .duration, .eof])
        #expect(toks.map(\.number) == [3, 2.5, -4, 0.5, 5, 120, 3600, 90, 1.5, 0])
        #expect(kinds("3x") == [.word, .eof])
    }

    @Test func rangesSplitFromNumbers() {
        #expect(kinds("1..5") == [.number, .dotdot, .number, .eof])
        #expect(kinds("1..$n") == [.number, .dotdot, .variable, .eof])
        #expect(kinds("$a..$b") == [.variable, .dotdot, .variable, .eof])
    }

    @Test func operatorsAreLoneWordCharacters() {
        #expect(kinds("$n - 1") == [.variable, .minus, .number, .eof])
        #expect(kinds("a == b != c = d + e / f * g % h") == [.word, .eq, .word, .ne, .word, .assign, .word, .plus, .word, .slash, .word, .star, .word, .percent, .word, .eof])
        #expect(kinds("< <= > >=") == [.lt, .le, .gt, .ge, .eof])
        #expect(kinds("eu-west-3") == [.word, .eof])
    }

    @Test func fieldsAndIndexesAfterVariables() {
        #expect(kinds("$r.ReplicationStatus[0].Status") == [.variable, .dot, .word, .lbracket, .number, .rbracket, .dot, .word, .eof])
        #expect(kinds("$r.A.B") == [.variable, .dot, .word, .dot, .word, .eof])
        let t = Lexer.tokenize("x [1]").tokens
        #expect(t[1].spaceBefore)
    }

    @Test func recordKeysLoseTheirColon() {
        #expect(kinds("{Region: eu-west-3}") == [.lbrace, .word, .colon, .word, .rbrace, .eof])
    }

    @Test func commentsNewlinesAndContinuations() {
        #expect(kinds("a # comment\nb") == [.word, .newline, .word, .eof])
        #expect(kinds("a \\\n b") == [.word, .word, .eof])
        #expect(kinds("#!/usr/bin/env smsh\nprint") == [.newline, .word, .eof])
        #expect(Lexer.tokenize("a \\").endsWithContinuation)
    }

    @Test func doubleQuotedStringsInterpolate() {
        let lexer = Lexer.tokenize(#""a $x.B[0] ${1 + 2} \$y \n""#)
        let t = lexer.tokens[0]
        let parts = lexer.pieces(of: t)
        #expect(t.kind == .string)
        #expect(parts.count == 5)
        #expect(parts[0] == .text("a "))
        if case .code(let code, _, _, let column, let braced) = parts[1] {
            #expect(lexer.text(of: code) == "$x.B[0]")
            #expect(column == 4)
            #expect(!braced)
        } else {
            Issue.record("expected code")
        }
        if case .code(let code, _, _, _, let braced) = parts[3] {
            #expect(lexer.text(of: code) == "1 + 2")
            #expect(braced)
        } else {
            Issue.record("expected braced code")
        }
        #expect(parts[4] == .text(" $y \n"))
    }

    @Test func singleQuotedStringsAreRaw() {
        let lexer = Lexer.tokenize(#"'{"a": "$x \n"}'"#)
        #expect(lexer.text(of: lexer.tokens[0]) == #"{"a": "$x \n"}"#)
    }

    @Test func errorsCarryPositions() {
        let l = Lexer.tokenize("print 1\nprint \"open")
        #expect(l.diagnostics.count == 1)
        #expect(l.diagnostics[0].range.line == 2)
        #expect(l.diagnostics[0].range.column == 7)
        #expect(l.endsInsideString)
        #expect(Lexer.tokenize("a ! b").diagnostics.first?.message == "'!' is not an operator; write 'not' or '!='")
    }

    @Test func rangesAreOneBasedLineAndColumn() {
        let toks = Lexer.tokenize("let x = 1\n  print $x").tokens
        let v = toks.first { $0.kind == .variable }
        #expect(v?.range == SourceRange(file: 0, line: 2, column: 9, length: 2))
    }
}
