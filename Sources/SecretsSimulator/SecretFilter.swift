import SecretsCore

/// One ListSecrets filter. Values of one filter are alternatives; a value starting with `!`
/// excludes what it matches instead; all filters must match.
struct SecretFilter {
    enum Key: String, CaseIterable {
        case description, name, tagKey = "tag-key", tagValue = "tag-value", primaryRegion = "primary-region"
        case owningService = "owning-service", all
    }
    let key: Key
    let values: [String]

    /// The filters of a request `ModelValidation` has checked (lengths, the key's enum, the
    /// values' pattern); a filter still needs both its members.
    static func parse(_ filters: [Filter]) throws -> [SecretFilter] {
        try filters.enumerated().map { i, f in
            guard let raw = f.Key, let key = Key(rawValue: raw) else { throw null("filters.\(i + 1).member.key") }
            guard let values = f.Values else { throw null("filters.\(i + 1).member.values") }
            return SecretFilter(key: key, values: values)
        }
    }

    private static func null(_ path: String) -> AWSError {
        .validation("1 validation error detected: Value null at '\(path)' failed to satisfy constraint: Member must not be null")
    }

    func matches(_ s: SecretRecord) -> Bool {
        let positive = values.filter { !$0.hasPrefix("!") }
        let negative = values.filter { $0.hasPrefix("!") }.map { String($0.dropFirst()) }
        if negative.contains(where: { test($0, s) }) { return false }
        return positive.isEmpty || positive.contains { test($0, s) }
    }

    /// The filter as an SQL condition over the listed columns, when SQL compares as `matches`
    /// does: a byte prefix equals `hasPrefix` on ASCII, and names, Regions and filter values are
    /// ASCII. Description matching folds case with Unicode rules and tags live only in the
    /// document, so those filters have no SQL form.
    var sqlCondition: (sql: String, values: [String])? {
        let column: String
        switch key {
        case .name: column = "name"
        // Whether a primary has replicas lives only in the document.
        case .description, .tagKey, .tagValue, .primaryRegion, .owningService, .all: return nil
        }
        let prefix = "substr(\(column), 1, length(?)) = ?"
        let positive = values.filter { !$0.hasPrefix("!") }
        let negative = values.filter { $0.hasPrefix("!") }.map { String($0.dropFirst()) }
        var parts: [String] = []
        var arguments: [String] = []
        for value in negative {
            parts.append("NOT \(prefix)")
            arguments += [value, value]
        }
        if !positive.isEmpty {
            parts.append("(" + positive.map { _ in prefix }.joined(separator: " OR ") + ")")
            arguments += positive.flatMap { [$0, $0] }
        }
        return ("(" + parts.joined(separator: " AND ") + ")", arguments)
    }

    private func test(_ value: String, _ s: SecretRecord) -> Bool {
        switch key {
        case .name: return s.name.hasPrefix(value)
        case .description: return (s.description ?? "").lowercased().hasPrefix(value.lowercased())
        case .tagKey: return s.tags.contains { ($0.Key ?? "").hasPrefix(value) }
        case .tagValue: return s.tags.contains { ($0.Value ?? "").hasPrefix(value) }
        case .primaryRegion: return s.reportedPrimaryRegion?.hasPrefix(value) ?? false
        case .owningService: return false
        case .all:
            let fields = [s.name, s.description ?? "", s.reportedPrimaryRegion ?? ""]
                + s.tags.flatMap { [$0.Key ?? "", $0.Value ?? ""] }
            let words = fields.flatMap { $0.lowercased().split(whereSeparator: { " /_-.:".contains($0) }).map(String.init) + [$0.lowercased()] }
            return value.lowercased().split(separator: " ").allSatisfy { term in words.contains { $0.hasPrefix(term) } }
        }
    }
}
