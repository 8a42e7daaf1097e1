import Testing
@testable import SmshREPL

@Suite struct WorldREPLTests {
    /// After an input that may change the whole world, the REPL lists the names again.
    @Test func worldControlsRefreshTheNames() {
        #expect(REPL.mayChangeSecrets("simulate reset"))
        #expect(REPL.mayChangeSecrets("snapshot restore lesson-1"))
        #expect(REPL.mayChangeSecrets("create X value v"))
        #expect(!REPL.mayChangeSecrets("watch"))
        #expect(!REPL.mayChangeSecrets("describe X"))
    }

    @Test func helpAndCompletionKnowTheNewCommands() {
        #expect(HelpTopics.text(for: "snapshot")?.contains("snapshot save NAME | restore NAME | list") == true)
        #expect(HelpTopics.text(for: "watch")?.contains("watch [SECRET]") == true)
        #expect(HelpTopics.text(for: "simulate")?.contains("advance DUR | reset") == true)
    }
}
