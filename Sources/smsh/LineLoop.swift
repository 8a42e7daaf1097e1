import Foundation
import SmshLanguage

/// A plain line loop for a terminal until the libedit REPL lands: reads statements (continuing
/// while a block or bracket is open), runs each, shows results, keeps the session after errors.
struct LineLoop: Sendable {
    let runner: ScriptRunner

    func run() async -> Int32 {
        var pending = ""
        var lastCode: Int32 = 0
        let interp = runner.interpreter
        while true {
            let prompt = pending.isEmpty ? "smsh \(interp.session.backend):\(interp.session.region)> " : "...> "
            Output.write(prompt, to: .standardError)
            guard let line = readLine(strippingNewline: true) else {
                Output.write("\n", to: .standardError)
                return lastCode
            }
            pending += pending.isEmpty ? line : "\n" + line
            if Parser.isIncomplete(pending) { continue }
            let text = pending
            pending = ""
            if text.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let code = await Interrupts.run { await runner.run(text: text, displayName: "<stdin>", path: nil) }
            lastCode = code
        }
    }
}
