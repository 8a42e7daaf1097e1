import SecretsCore

extension Interpreter {
    /// " Did you mean 'MyTestSecret'?" after a not-found error for a secret named in the session's
    /// Region, when a name the front end knows there (the REPL's completion list) is close to it:
    /// the same letters in another case, or one edit away (two for names of six or more). Empty
    /// otherwise, and always without another call to the backend.
    func nameSuggestion(for error: AWSError, in call: ClientCall) -> String {
        guard error.code == "ResourceNotFoundException", call.region == session.region,
              let name = call.body["SecretId"]?.stringValue, !name.hasPrefix("arn:"),
              let known = knownSecretNames?(), !known.contains(name) else { return "" }
        let lower = name.lowercased()
        if let same = known.first(where: { $0.lowercased() == lower }) { return " Did you mean '\(same)'?" }
        let limit = name.count >= 6 ? 2 : 1
        guard let close = Spelling.closest(to: lower, among: known.lazy.map { $0.lowercased() }, maxDistance: limit),
              let original = known.first(where: { $0.lowercased() == close }) else { return "" }
        return " Did you mean '\(original)'?"
    }
}
