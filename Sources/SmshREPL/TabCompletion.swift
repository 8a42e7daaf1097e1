import LineEditor

/// Turns completion candidates into what Tab does on the line: complete a unique match (and add
/// a space), extend to the longest common prefix, or list the matches in columns.
public enum TabCompletion {
    /// More matches than this are listed partly, with a count of the rest.
    public static let listLimit = 100

    public static func action(for result: CompletionResult, columns: Int) -> TabAction {
        let word = result.word
        let candidates = result.candidates
        guard let first = candidates.first else { return .none }
        if candidates.count == 1 {
            // A match inside the word, or in another case, replaces what was typed.
            return first.hasPrefix(word) ? .insert(String(first.dropFirst(word.count)) + " ")
                : .replace(deleting: word.count, with: first + " ")
        }
        let common = commonPrefix(candidates)
        if common.count > word.count, common.hasPrefix(word) {
            return .insert(String(common.dropFirst(word.count)))
        }
        if common.count >= word.count, !common.hasPrefix(word), common.lowercased().hasPrefix(word.lowercased()) {
            return .replace(deleting: word.count, with: common)
        }
        return .list(layout(candidates, columns: columns))
    }

    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first.map(Array.init) else { return "" }
        for w in words.dropFirst() {
            let chars = Array(w)
            var n = 0
            while n < prefix.count, n < chars.count, prefix[n] == chars[n] { n += 1 }
            prefix.removeSubrange(n...)
        }
        return String(prefix)
    }

    /// Column-major, like `ls`: as many columns as fit in the terminal's width.
    static func layout(_ words: [String], columns: Int) -> String {
        let shown = Array(words.prefix(listLimit))
        let width = (shown.map(\.count).max() ?? 0) + 2
        let perRow = max(1, columns / max(1, width))
        let rows = (shown.count + perRow - 1) / perRow
        var lines: [String] = []
        for r in 0..<rows {
            var line = ""
            var c = 0
            while r + c * rows < shown.count {
                let w = shown[r + c * rows]
                let last = r + (c + 1) * rows >= shown.count
                line += last ? w : w.padding(toLength: width, withPad: " ", startingAt: 0)
                c += 1
            }
            lines.append(line)
        }
        if words.count > shown.count {
            lines.append("... and \(words.count - shown.count) more; type more letters")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
