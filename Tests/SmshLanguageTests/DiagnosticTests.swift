import Testing
@testable import SmshLanguage
import SourceText

struct DiagnosticTests {
    @Test func rendersLineAndCaret() {
        let files = SourceFiles()
        let id = files.add(path: "run.smsh", text: "print 1\nreplicate X to eu-west-33\n")
        let d = Diagnostic("'eu-west-33' is not a Region: did you mean 'eu-west-3'?", at: SourceRange(file: id, line: 2, column: 16, length: 10))
        #expect(DiagnosticRenderer(files: files, color: false).render(d) == """
        run.smsh:2:16: error: 'eu-west-33' is not a Region: did you mean 'eu-west-3'?
        replicate X to eu-west-33
                       ^~~~~~~~~~

        """)
    }

    @Test func colourOnlyWhenAsked() {
        let files = SourceFiles()
        let id = files.add(path: "a", text: "x")
        let d = Diagnostic("m", at: SourceRange(file: id, line: 1, column: 1, length: 1))
        #expect(DiagnosticRenderer(files: files, color: true).render(d).contains("\u{1B}["))
        #expect(!DiagnosticRenderer(files: files, color: false).render(d).contains("\u{1B}["))
    }

    @Test func tabsKeepTheCaretAligned() {
        let files = SourceFiles()
        let id = files.add(path: "a", text: "\tprint $x")
        let d = Diagnostic("m", at: SourceRange(file: id, line: 1, column: 8, length: 2))
        #expect(DiagnosticRenderer(files: files, color: false).render(d).hasSuffix("\tprint $x\n\t      ^~\n"))
    }

    @Test func runtimeErrorsNameTheCode() async throws {
        let r = try await Harness.run("print 1\ndescribe Missing", name: "r.smsh")
        #expect(r.exit == 1)
        #expect(r.stderr == """
        r.smsh:2:1: error: ResourceNotFoundException: Secrets Manager can't find the specified secret.
        describe Missing
        ^~~~~~~~

        """)
    }
}
