/// Secret name rules (CreateSecret NameType): 1–512 ASCII letters, digits and `/_+=.@-`.
public enum SecretName {
    public static let maxLength = 512

    public static func isAllowed(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || "/_+=.@-".contains(c))
    }

    private static let allowedBytes: [Bool] = (0..<128).map { b in
        let c = Character(Unicode.Scalar(UInt8(b)))
        return c.isLetter || c.isNumber || "/_+=.@-".contains(c)
    }

    /// Why `name` is not a valid secret name, or nil when it is.
    public static func problem(with name: String) -> String? {
        // The common case, checked on bytes: every request that names a secret comes through here.
        let utf8 = name.utf8
        if !utf8.isEmpty, utf8.count <= maxLength, utf8.allSatisfy({ $0 < 128 && allowedBytes[Int($0)] }) { return nil }
        if name.isEmpty { return "a secret name must have at least 1 character" }
        if name.count > maxLength { return "a secret name can be at most \(maxLength) characters (this one has \(name.count))" }
        if let bad = name.first(where: { !isAllowed($0) }) {
            return "a secret name may contain only ASCII letters, digits and /_+=.@- (not '\(bad)')"
        }
        return nil
    }
}
