import Foundation
import SecretsCore

/// The resource-policy operations. A policy is a JSON document checked for the syntax of an IAM
/// policy (the simulator has no IAM to evaluate it); it replicates like the tags.
extension SimulatorService {
    static let malformedPolicy = AWSError(code: "MalformedPolicyDocumentException", message: "This resource policy contains a syntax error.")
    static let publicPolicy = AWSError(code: "PublicPolicyException",
                                       message: "The BlockPublicPolicy parameter is set to true, and the resource policy did not prevent broad access to the secret.")

    func getResourcePolicy(_ db: StateTransaction, region: String, _ b: RequestBody) throws -> JSONValue {
        let s = try resolve(db, region: region, id: try b.required("SecretId", b.string))
        return response([("ARN", .string(s.arn(account: account))), ("Name", .string(s.name)),
                         ("ResourcePolicy", s.policy.map(JSONValue.string))])
    }

    func putResourcePolicy(_ db: StateTransaction, region: String, _ b: RequestBody) throws -> JSONValue {
        let id = try b.required("SecretId", b.string)
        let text = try b.required("ResourcePolicy", b.string)
        let block = try b.bool("BlockPublicPolicy") ?? false
        var s = try resolveWritable(db, region: region, id: id)
        let policy = try ResourcePolicy(text)
        if block, policy.grantsPublicAccess { throw Self.publicPolicy }
        return try setPolicy(text, of: &s, db)
    }

    func deleteResourcePolicy(_ db: StateTransaction, region: String, _ b: RequestBody) throws -> JSONValue {
        var s = try resolveWritable(db, region: region, id: try b.required("SecretId", b.string))
        return try setPolicy(nil, of: &s, db)
    }

    /// Stores the policy (nil: none), copies it to the replicas, and answers with the secret's ARN
    /// and name; deleting a policy that is not there changes nothing.
    private func setPolicy(_ text: String?, of s: inout SecretRecord, _ db: StateTransaction) throws -> JSONValue {
        if text != nil || s.policy != nil {
            s.policy = text
            s.lastChanged = now
            try db.saveSecret(s)
            try propagate(db, from: s)
        }
        return response([("ARN", .string(s.arn(account: account))), ("Name", .string(s.name))])
    }

    /// A syntax error is MalformedPolicyDocumentException; a policy open to every principal fails
    /// the broad-access check and is reported in ValidationErrors.
    func validateResourcePolicy(_ db: StateTransaction, region: String, _ b: RequestBody) throws -> JSONValue {
        let text = try b.required("ResourcePolicy", b.string)
        if let id = try b.string("SecretId") { _ = try resolve(db, region: region, id: id) }
        let policy = try ResourcePolicy(text)
        guard policy.grantsPublicAccess else { return response([("PolicyValidationPassed", .bool(true)), ("ValidationErrors", .array([]))]) }
        let error = response([("CheckName", .string("BROAD_ACCESS")),
                              ("ErrorMessage", .string("The resource policy grants access to every principal (\"Principal\": \"*\")."))])
        return response([("PolicyValidationPassed", .bool(false)), ("ValidationErrors", .array([error]))])
    }
}

/// The parts of an IAM policy document the simulator checks.
struct ResourcePolicy {
    let statements: [JSONValue]

    init(_ text: String) throws {
        guard case .object(let members)? = try? JSONValue.parse(text) else { throw SimulatorService.malformedPolicy }
        let allowed: Set<String> = ["Version", "Id", "Statement"]
        guard members.allSatisfy({ allowed.contains($0.0) }), let statement = members.last(where: { $0.0 == "Statement" })?.1 else {
            throw SimulatorService.malformedPolicy
        }
        switch statement {
        case .object: statements = [statement]
        case .array(let items) where !items.isEmpty: statements = items
        default: throw SimulatorService.malformedPolicy
        }
        if let version = members.last(where: { $0.0 == "Version" })?.1, !["2012-10-17", "2008-10-17"].contains(version.stringValue ?? "") {
            throw SimulatorService.malformedPolicy
        }
        for s in statements {
            guard case .object = s, let effect = s["Effect"]?.stringValue, ["Allow", "Deny"].contains(effect),
                  s["Action"] != nil || s["NotAction"] != nil else { throw SimulatorService.malformedPolicy }
        }
    }

    /// An Allow statement whose principal is everyone: `"*"` or `{"AWS": "*"}` (alone or in a list).
    var grantsPublicAccess: Bool {
        statements.contains { s in
            guard s["Effect"]?.stringValue == "Allow", let principal = s["Principal"] else { return false }
            if principal.stringValue == "*" { return true }
            guard let aws = principal["AWS"] else { return false }
            return aws.stringValue == "*" || (aws.arrayValue ?? []).contains { $0.stringValue == "*" }
        }
    }
}
