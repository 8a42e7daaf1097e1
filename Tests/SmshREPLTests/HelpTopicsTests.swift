import Testing
@testable import SmshREPL

@Suite struct HelpTopicsTests {
    @Test(arguments: HelpTopics.all.map(\.name))
    func exampleParses(_ name: String) throws {
        let topic = try #require(HelpTopics.topic(name))
        if topic.kind == .session {
            #expect(SessionCommand(topic.example) != nil, "\(topic.example)")
        } else {
            #expect(ScriptCheck.syntaxErrors(topic.example) == 0, "\(topic.example)")
        }
    }

    @Test func everyCommandAndStatementHasATopic() {
        for name in Completer.commands + Completer.statements + Completer.replCommands {
            #expect(HelpTopics.topic(name) != nil, "\(name)")
        }
    }
}
