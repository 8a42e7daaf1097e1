import Foundation
import SecretsModel

/// The single seam between smsh and a Secrets Manager: one JSON 1.1 call.
/// The embedded simulator and the HTTPS client both implement it, and speak the same bytes.
public protocol Transport: Sendable {
    /// Sends `body` (a JSON object) as `operation` to `region`; returns the response body,
    /// or throws `AWSError` for a service error.
    func send(operation: SecretsModel.Operation, region: String, body: Data) async throws -> Data
}
