import SecretsCore
import SmshLanguage

/// The REPL's own commands: `help [TOPIC]`, `vars`, `history`, `clear`, `learn [LESSON]`. Recognised only as a
/// whole input, so `help` inside a block or a call `help()` still reaches the language.
enum SessionCommand: Equatable {
    case help(String?)
    case vars
    case history
    case clear
    case learn(String?)

    /// The words, for completion and help.
    enum Word: String, CaseIterable { case help, vars, history, clear, learn }

    init?(_ input: String) {
        let words = input.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        switch (words.first.flatMap(Word.init(rawValue:)), words.count) {
        case (.help, 1): self = .help(nil)
        case (.help, 2): self = .help(words[1])
        case (.vars, 1): self = .vars
        case (.history, 1): self = .history
        case (.clear, 1): self = .clear
        case (.learn, 1): self = .learn(nil)
        case (.learn, 2): self = .learn(words[1])
        default: return nil
        }
    }
}

extension REPL {
    func perform(_ command: SessionCommand) {
        switch command {
        case .help(nil):
            out(HelpTopics.overview)
        case .help(let name?):
            if let text = HelpTopics.text(for: name) {
                out(text)
            } else {
                var message = "help: no topic '\(name)'"
                if let close = Spelling.closest(to: name, among: HelpTopics.completions, maxDistance: 2) { message += "; did you mean '\(close)'?" }
                err(message + " (type 'help' for the list)\n")
            }
        case .vars:
            let vars = interpreter.globalVariables
            let reveal = interpreter.session.reveal
            if vars.isEmpty { out("no variables\n") }
            for (name, value) in vars {
                out("$\(name) = \(value.displayJSON(reveal: reveal).compactText())\n")
            }
        case .history:
            let width = String(entries.count).count
            for (i, e) in entries.enumerated() {
                let number = String(i + 1)
                let lines = e.split(separator: "\n", omittingEmptySubsequences: false)
                out(String(repeating: " ", count: width - number.count) + number + "  " + lines.joined(separator: "\n" + String(repeating: " ", count: width + 2)) + "\n")
            }
        case .clear:
            reader.clearScreen()
        case .learn:
            // Run by `handle`: a lesson is asynchronous.
            break
        }
    }
}
