import SmshLanguage
import Testing

/// The REPL asks the parser whether to read another line (the `...> ` prompt).
@Suite struct IncompleteInputTests {
    @Test(arguments: ["for r in [a, b] {", "if true {\n print 1", "let l = [a,", "print (1 +", "print \"open",
                      "print 'open", "describe X \\", "print \"${len(", "def f(a,"])
    func incomplete(_ text: String) {
        #expect(Parser.isIncomplete(text))
    }

    @Test(arguments: ["print 1", "for r in [a, b] {\n print $r\n}", "describe X", "print \"done\"", "}", "let x = [a, b]",
                      "# just a comment {", "print \"a { b\""])
    func complete(_ text: String) {
        #expect(!Parser.isIncomplete(text))
    }
}
