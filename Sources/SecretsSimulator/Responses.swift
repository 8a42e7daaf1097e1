import Foundation
import SecretsCore

/// A response structure from its members in model order; nil members are left out, as the
/// service leaves them out.
func response(_ members: [(String, JSONValue?)]) -> JSONValue {
    .object(members.compactMap { name, value in value.map { (name, $0) } })
}

extension JSONValue {
    /// A timestamp as the JSON protocol carries it: epoch seconds.
    static func timestamp(_ date: Date) -> JSONValue { .number(date.timeIntervalSince1970) }
}
