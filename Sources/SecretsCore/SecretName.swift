/// Secret name rules (CreateSecret NameType): 1–512 ASCII letters, digits and `/_+=.@-`.
public enum SecretName {
    public static let maxLength = 512

    public static func isAllowed(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || "/_+=.@-".contains(c))
    }

    /// Why `name` is not a valid secret name, or nil when it is.
    public static func problem(with name: String) -> String? {
        if name.isEmpty { return "a secret name must have at least 1 character" }
        if name.count > maxLength { return "a secret name can be at most \(maxLength) characters (this one has \(name.count))" }
        if let bad = name.first(where: { !isAllowed($0) }) {
            return "a secret name may contain only ASCII letters, digits and /_+=.@- (not '\(bad)')"
        }
        return nil
    }
}
