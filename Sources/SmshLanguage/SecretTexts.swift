import Foundation

/// The texts of the secret values a session has handed out as plain strings: command and
/// function arguments, where a value stops being a `Value` and its mask with it. A message built
/// from such a text (an error quoting an argument, a service error echoing a request, a log line)
/// is scrubbed of them before it leaves the interpreter, so masking does not depend on every
/// message being written with care.
struct SecretTexts {
    private var texts: Set<String> = []
    /// Longest first, so a secret that contains another is masked whole.
    private var ordered: [String] = []

    mutating func note(_ v: Value) {
        for t in v.secretTexts where !t.isEmpty && texts.insert(t).inserted {
            ordered.append(t)
            ordered.sort { $0.utf8.count > $1.utf8.count }
        }
    }

    /// What a parallel loop's body noted on its own copy of the session.
    mutating func merge(_ other: SecretTexts) {
        for t in other.ordered where texts.insert(t).inserted { ordered.append(t) }
        ordered.sort { $0.utf8.count > $1.utf8.count }
    }

    func scrub(_ text: String) -> String {
        var out = text
        for t in ordered where out.contains(t) { out = out.replacingOccurrences(of: t, with: Value.mask) }
        return out
    }
}
