import Foundation
import SmshLanguage
import Testing
import TestSupport
@testable import SmshREPL

/// "Did you mean" for a secret name, from the names the REPL knows (its completion list).
@Suite struct NameSuggestionTests {
    @Test func aMisspeltNameGetsTheCloseKnownOne() async throws {
        // The Tab press waits until the REPL's name list holds MyTestSecret (an event, not a delay).
        let s = try Session([.line("create MyTestSecret value v"), .line("create Other value v"), .tab("describe MyTe"),
                             .line("describe MyTestSecrt"), .line("describe mytestsecret"), .line("describe Completely"),
                             .line("describe MyTestSecrt in eu-west-3")])
        // The last command failed: the session ends with its code.
        #expect(await s.repl.run() == 1)
        let errors = s.capture.stderr.split(separator: "\n").filter { $0.contains("error:") }.map(String.init)
        #expect(errors.count == 4, "\(s.capture.stderr)")
        #expect(errors[0].hasSuffix("Secrets Manager can't find the specified secret. Did you mean 'MyTestSecret'?"), "\(errors)")
        #expect(errors[1].hasSuffix("Did you mean 'MyTestSecret'?"))
        #expect(errors[2].hasSuffix("can't find the specified secret."), "nothing close: no suggestion")
        #expect(errors[3].hasSuffix("can't find the specified secret."), "another Region: the names known are the session Region's")
    }
}
