/// "Did you mean ...?" for mistyped Regions, statements, variables and help topics.
public enum Spelling {
    /// Levenshtein distance over UTF-8 bytes (the words compared are ASCII).
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8), b = Array(b.utf8)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// The candidate closest to `word` within `maxDistance` edits (the first one on a tie), or nil.
    public static func closest<C: Sequence>(to word: String, among candidates: C, maxDistance: Int) -> String? where C.Element == String {
        var best: (String, Int)?
        for candidate in candidates {
            let d = editDistance(word, candidate)
            if d <= maxDistance, d < (best?.1 ?? Int.max) { best = (candidate, d) }
        }
        return best?.0
    }
}
