import Foundation

/// The single seam between smsh and a Secrets Manager: one JSON 1.1 call.
/// The embedded simulator and the HTTPS client both implement it, and speak the same bytes.
public protocol Transport: Sendable {
    /// Sends `body` (a JSON object) as `operation` to `region`; returns the response body,
    /// or throws `AWSError` for a service error.
    func send(operation: Operation, region: String, body: Data) async throws -> Data
}

/// The Secrets Manager operations smsh calls, named as in `X-Amz-Target: secretsmanager.<name>`.
public enum Operation: String, Sendable, CaseIterable, Codable {
    case createSecret = "CreateSecret"
    case describeSecret = "DescribeSecret"
    case replicateSecretToRegions = "ReplicateSecretToRegions"
    case removeRegionsFromReplication = "RemoveRegionsFromReplication"
    case stopReplicationToReplica = "StopReplicationToReplica"
    case getSecretValue = "GetSecretValue"
    case putSecretValue = "PutSecretValue"
    case updateSecret = "UpdateSecret"
    case deleteSecret = "DeleteSecret"
    case restoreSecret = "RestoreSecret"
    case listSecrets = "ListSecrets"

    public var target: String { "secretsmanager.\(rawValue)" }

    /// The aws CLI sub-command (`replicate-secret-to-regions`).
    public var cliName: String {
        var out = ""
        for (i, ch) in rawValue.enumerated() {
            if ch.isUppercase, i > 0 { out += "-" }
            out += ch.lowercased()
        }
        return out
    }
}
