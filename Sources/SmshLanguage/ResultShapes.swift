import SecretsCore
import SecretsModel

/// What a command's result can hold, from the service model's output shapes: `check` reports a
/// field that the result of a statically known command cannot have (`$d.ReplicatoinStatus`).
indirect enum ResultShape {
    /// A shape of the model (a structure, list or map), and how messages name it.
    case model(String, what: String)
    case list(ResultShape?)
    /// A record smsh makes itself: its fields and their shapes (nil when not known).
    case fields([(String, ResultShape?)], what: String)

    /// The record a `catch NAME` block sees (RuntimeError.record); an error out of a parallel loop
    /// also has `iteration` (the first failure) or `errors` (`keep going`).
    static let caughtError = ResultShape.fields(
        ["code", "message", "file", "line", "column", "operation", "region", "secret", "statuses", "exit",
         "iteration", "errors"].map { ($0, nil) },
        what: "a caught error")

    /// The result of a command, when the model (or smsh) says what it is.
    static func of(_ c: Command) -> ResultShape? {
        func output(_ op: SecretsModel.Operation) -> ResultShape? {
            ServiceModel.operation(op).outputShape.map { .model($0, what: "\(op.rawValue)'s result") }
        }
        func entries(_ op: SecretsModel.Operation, _ member: String) -> ResultShape? {
            guard let out = ServiceModel.operation(op).outputShape, let m = ServiceModel.shape(out).member(member),
                  let element = m.shape.element else { return nil }
            return .list(.model(element, what: "a \(element)"))
        }
        switch c {
        case .create: return output(.createSecret)
        case .replicate, .replicateJSON: return output(.replicateSecretToRegions)
        case .remove: return output(.removeRegionsFromReplication)
        case .promote: return output(.stopReplicationToReplica)
        case .describe, .wait: return output(.describeSecret)
        case .get: return output(.getSecretValue)
        case .put: return output(.putSecretValue)
        case .update: return output(.updateSecret)
        case .delete: return output(.deleteSecret)
        case .restore: return output(.restoreSecret)
        case .rotate: return output(.rotateSecret)
        case .cancelRotation: return output(.cancelRotateSecret)
        case .label: return output(.updateSecretVersionStage)
        case .list: return entries(.listSecrets, "SecretList")
        case .versions: return entries(.listSecretVersionIds, "Versions")
        case .batchGet:
            return .fields([("SecretValues", entries(.batchGetSecretValue, "SecretValues")), ("Errors", entries(.batchGetSecretValue, "Errors"))],
                           what: "batch get's result")
        case .policy(_, let action):
            switch action {
            case .get: return output(.getResourcePolicy)
            case .put: return output(.putResourcePolicy)
            case .delete: return output(.deleteResourcePolicy)
            case .validate: return output(.validateResourcePolicy)
            }
        case .explain:
            return .fields(["operation", "region", "endpoint", "body", "cli", "smsh", "boto3"].map { ($0, nil) }, what: "explain's result")
        case .aws(let a):
            // --query makes any shape; list-secrets' pages are merged into the output shape.
            return a.query == nil ? output(a.operation) : nil
        case .status, .password, .tag, .untag, .skeleton, .simulate, .snapshot, .watch: return nil
        }
    }

    enum Lookup {
        case found(ResultShape?)
        /// The shape has no such field; the closest name it has, if one is close.
        case missing(what: String, suggestion: String?)
    }

    /// A field of this shape: nil when the shape is not a record (nothing to say).
    func field(_ name: String) -> Lookup? {
        let names: [String], what: String
        switch self {
        case .model(let shapeName, let w):
            let shape = ServiceModel.shape(shapeName)
            guard shape.kind == .structure else { return nil }
            if let m = shape.member(name) { return .found(ResultShape.of(shapeName: m.shapeName)) }
            names = shape.members.map(\.name)
            what = w
        case .fields(let fields, let w):
            if let f = fields.first(where: { $0.0 == name }) { return .found(f.1) }
            names = fields.map(\.0)
            what = w
        case .list:
            return nil
        }
        return .missing(what: what, suggestion: Spelling.closest(to: name, among: names, maxDistance: 3))
    }

    /// What an index into this shape gives: a list's item, a map's value.
    var element: ResultShape? {
        switch self {
        case .list(let e): return e
        case .model(let name, _):
            let shape = ServiceModel.shape(name)
            if shape.kind == .list, let e = shape.element { return ResultShape.of(shapeName: e) }
            if shape.kind == .map, let v = shape.value { return ResultShape.of(shapeName: v) }
            return nil
        case .fields: return nil
        }
    }

    /// A member's shape, when it is one `check` can look into.
    static func of(shapeName: String) -> ResultShape? {
        switch ServiceModel.shape(shapeName).kind {
        case .structure, .list, .map: return .model(shapeName, what: "a \(shapeName)")
        default: return nil
        }
    }
}
