import Foundation
import SecretsCore
import SecretsSimulator

/// One difference between the state before a rehearsed run and after it.
public struct StateChange: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case created, deleted, scheduledForDeletion = "scheduled-for-deletion", restored
        case replicaAdded = "replica-added", replicaRemoved = "replica-removed", replicaStatus = "replica-status", promoted
        case newVersion = "new-version", relabelled, tagged, untagged, policy, updated, rotation
    }

    public var kind: Kind
    public var secret: String
    public var region: String
    /// What changed, in the order shown (e.g. replica, status; label, from, to).
    public var details: [(String, JSONValue)]

    public static func == (a: StateChange, b: StateChange) -> Bool {
        a.kind == b.kind && a.secret == b.secret && a.region == b.region && JSONValue.object(a.details) == JSONValue.object(b.details)
    }

    func detail(_ key: String) -> String {
        switch details.first(where: { $0.0 == key })?.1 {
        case .string(let s)?: return s
        case .null?, nil: return "none"
        case let v?: return v.compactText()
        }
    }

    /// A text detail in quotes (it may hold spaces), or `none`.
    func quoted(_ key: String) -> String {
        details.first(where: { $0.0 == key })?.1.stringValue.map { JSONValue.string($0).compactText() } ?? "none"
    }

    /// One line of the plan's text form.
    public var text: String {
        let at = "\(secret) in \(region)"
        switch kind {
        case .created: return "+ created \(at)"
        case .deleted: return "- deleted \(at)"
        case .scheduledForDeletion: return "- scheduled \(at) for deletion"
        case .restored: return "+ restored \(at)"
        case .replicaAdded:
            let message = details.contains { $0.0 == "message" } ? ": \(detail("message"))" : ""
            return "+ \(at): replica in \(detail("replica")) (\(detail("status"))\(message), key \(detail("kmsKeyId")))"
        case .replicaRemoved: return "- \(at): replica in \(detail("replica")) removed"
        case .replicaStatus: return "~ \(at): replica in \(detail("replica")) \(detail("from")) -> \(detail("to"))"
        case .promoted: return "~ promoted \(at) to a standalone secret (was a replica of \(detail("from")))"
        case .newVersion: return "+ \(at): new version \(detail("version")) \(detail("stages"))"
        case .relabelled: return "~ \(at): \(detail("label")) \(detail("from")) -> \(detail("to"))"
        case .tagged: return "~ \(at): tag \(detail("key")) \(quoted("from")) -> \(quoted("to"))"
        case .untagged: return "~ \(at): tag \(detail("key")) removed"
        case .policy: return "~ \(at): resource policy \(detail("change"))"
        case .updated: return "~ \(at): \(detail("field")) \(quoted("from")) -> \(quoted("to"))"
        case .rotation: return "~ \(at): rotation \(detail("from")) -> \(detail("to"))"
        }
    }
}

/// The differences between two readings of the same state, secret by secret. A replica's own
/// row is compared for what only it has (promotion); what it mirrors from its primary (versions,
/// labels, tags, policy) is reported once, on the primary.
public enum StateDiff {
    public static func changes(before: [SecretState], after: [SecretState]) -> [StateChange] {
        func key(_ s: SecretState) -> String { "\(s.name)\u{0}\(s.region)" }
        let old = Dictionary(before.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        let new = Dictionary(after.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        let keys = (Set(old.keys).union(new.keys)).sorted()
        var out: [StateChange] = []
        for k in keys {
            switch (old[k], new[k]) {
            case let (nil, a?):
                if !a.isReplica {
                    out.append(StateChange(kind: .created, secret: a.name, region: a.region, details: [("arn", .string(a.arn))]))
                    out += contents(SecretState(region: a.region, name: a.name, arn: a.arn, tags: [], versions: [], replication: []), a, isNew: true)
                }
            case let (b?, nil):
                if !b.isReplica { out.append(StateChange(kind: .deleted, secret: b.name, region: b.region, details: [("arn", .string(b.arn))])) }
            case let (b?, a?):
                if b.isReplica, !a.isReplica {
                    out.append(StateChange(kind: .promoted, secret: a.name, region: a.region, details: [("from", .string(b.primaryRegion ?? ""))]))
                }
                if !a.isReplica { out += contents(b, a) }
            case (nil, nil): break
            }
        }
        // A promoted replica left its primary's list: the promotion says it.
        let promoted = Set(out.filter { $0.kind == .promoted }.map { "\($0.secret)\u{0}\($0.region)" })
        out.removeAll { $0.kind == .replicaRemoved && promoted.contains("\($0.secret)\u{0}\($0.detail("replica"))") }
        return out
    }

    /// What changed in a primary or standalone secret (`b` is empty for a new one).
    static func contents(_ b: SecretState, _ a: SecretState, isNew: Bool = false) -> [StateChange] {
        var out: [StateChange] = []
        func add(_ kind: StateChange.Kind, _ details: [(String, JSONValue)]) {
            out.append(StateChange(kind: kind, secret: a.name, region: a.region, details: details))
        }
        func text(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
        switch (b.deletedDate, a.deletedDate) {
        case (nil, _?): add(.scheduledForDeletion, [])
        case (_?, nil): add(.restored, [])
        default: break
        }
        // Replicas, from the primary's list: a Failed one holds no secret of its own.
        let oldReplicas = Dictionary(b.replication.map { ($0.region, $0) }, uniquingKeysWith: { x, _ in x })
        let newReplicas = Dictionary(a.replication.map { ($0.region, $0) }, uniquingKeysWith: { x, _ in x })
        for r in a.replication {
            if let was = oldReplicas[r.region] {
                if was.status != r.status {
                    add(.replicaStatus, [("replica", .string(r.region)), ("from", .string(was.status)), ("to", .string(r.status))])
                }
            } else {
                var d: [(String, JSONValue)] = [("replica", .string(r.region)), ("status", .string(r.status))]
                if r.status == "Failed", let m = r.message { d.append(("message", .string(m))) }
                d.append(("kmsKeyId", .string(r.kmsKeyId)))
                add(.replicaAdded, d)
            }
        }
        for r in b.replication where newReplicas[r.region] == nil {
            add(.replicaRemoved, [("replica", .string(r.region))])
        }
        // Versions and labels.
        let oldIds = Set(b.versions.map(\.id))
        for v in a.versions where !oldIds.contains(v.id) {
            add(.newVersion, [("version", .string(v.id)), ("stages", .array(v.stages.map(JSONValue.string)))])
        }
        let oldLabels = b.labels, newLabels = a.labels
        for label in Set(oldLabels.keys).union(newLabels.keys).sorted() where oldLabels[label] != newLabels[label] {
            // A new secret's first AWSCURRENT is said by its new version.
            if oldLabels[label] == nil, let id = newLabels[label], !oldIds.contains(id) { continue }
            add(.relabelled, [("label", .string(label)), ("from", text(oldLabels[label])), ("to", text(newLabels[label]))])
        }
        // Tags, policy, metadata.
        let oldTags = Dictionary(b.tags.map { ($0.Key ?? "", $0.Value ?? "") }, uniquingKeysWith: { _, last in last })
        let newTags = Dictionary(a.tags.map { ($0.Key ?? "", $0.Value ?? "") }, uniquingKeysWith: { _, last in last })
        for key in newTags.keys.sorted() where oldTags[key] != newTags[key] {
            add(.tagged, [("key", .string(key)), ("from", text(oldTags[key])), ("to", text(newTags[key]))])
        }
        for key in oldTags.keys.sorted() where newTags[key] == nil {
            add(.untagged, [("key", .string(key))])
        }
        switch (b.policy, a.policy) {
        case (nil, _?): add(.policy, [("change", .string("added"))])
        case (_?, nil): add(.policy, [("change", .string("removed"))])
        case let (x?, y?) where (try? JSONValue.parse(x)) != (try? JSONValue.parse(y)): add(.policy, [("change", .string("changed"))])
        default: break
        }
        // A new secret's description and key are part of its creation, not changes.
        if !isNew {
            if b.description != a.description { add(.updated, [("field", .string("description")), ("from", text(b.description)), ("to", text(a.description))]) }
            if b.kmsKeyId != a.kmsKeyId { add(.updated, [("field", .string("kmsKeyId")), ("from", text(b.kmsKeyId)), ("to", text(a.kmsKeyId))]) }
        }
        if !isNew || a.rotation != nil, rotationText(b.rotation) != rotationText(a.rotation) {
            add(.rotation, [("from", .string(rotationText(b.rotation))), ("to", .string(rotationText(a.rotation)))])
        }
        return out
    }

    static func rotationText(_ r: ImportedRotation?) -> String {
        guard let r, r.enabled else { return "off" }
        var parts = ["on"]
        if let days = r.afterDays { parts.append("every \(days) days") }
        if let s = r.schedule { parts.append(s) }
        if let l = r.lambdaARN { parts.append("with \(l)") }
        return parts.joined(separator: " ")
    }
}
