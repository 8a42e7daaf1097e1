import LineEditor
import Testing
@testable import SmshREPL

@Suite struct TabCompletionTests {
    @Test func uniqueMatchIsCompletedWithASpace() {
        let r = CompletionResult(word: "MyT", candidates: ["MyTestSecret"])
        #expect(TabCompletion.action(for: r, columns: 80) == .insert("estSecret "))
    }

    @Test func commonPrefixIsInsertedFirst() {
        let r = CompletionResult(word: "ap-sou", candidates: ["ap-south-1", "ap-south-2"])
        #expect(TabCompletion.action(for: r, columns: 80) == .insert("th-"))
    }

    @Test func severalMatchesAreListedInColumns() {
        let r = CompletionResult(word: "eu-west-", candidates: ["eu-west-1", "eu-west-2", "eu-west-3"])
        #expect(TabCompletion.action(for: r, columns: 80) == .list("eu-west-1  eu-west-2  eu-west-3\n"))
        #expect(TabCompletion.action(for: r, columns: 22) == .list("eu-west-1  eu-west-3\neu-west-2\n"))
    }

    @Test func noMatchBeeps() {
        #expect(TabCompletion.action(for: CompletionResult(word: "zz", candidates: []), columns: 80) == .none)
    }

    @Test func longListsAreCut() {
        let names = (1...250).map { "s\($0)" }
        guard case .list(let text) = TabCompletion.action(for: CompletionResult(word: "s", candidates: names), columns: 80) else {
            Issue.record("expected a list")
            return
        }
        #expect(text.hasSuffix("... and 150 more; type more letters\n"))
    }
}
