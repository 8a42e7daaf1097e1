import SmshLanguage

/// The REPL's own commands: `help [TOPIC]`, `vars`, `history`, `clear`. Recognised only as a
/// whole input, so `help` inside a block or a call `help()` still reaches the language.
enum SessionCommand: Equatable {
    case help(String?)
    case vars
    case history
    case clear

    init?(_ input: String) {
        let words = input.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        switch (words.first, words.count) {
        case ("help", 1): self = .help(nil)
        case ("help", 2): self = .help(words[1])
        case ("vars", 1): self = .vars
        case ("history", 1): self = .history
        case ("clear", 1): self = .clear
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
            if let topic = HelpTopics.topic(name) {
                out(HelpTopics.detail(topic))
            } else {
                var message = "help: no topic '\(name)'"
                let close = HelpTopics.names.min { editDistance(name, $0) < editDistance(name, $1) }
                if let close, editDistance(name, close) <= 2 { message += "; did you mean '\(close)'?" }
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
        }
    }
}

/// Levenshtein distance, for "did you mean" on a mistyped help topic.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + [Int](repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
