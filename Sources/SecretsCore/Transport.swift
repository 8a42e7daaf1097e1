import Foundation
import SecretsModel

/// The single seam between smsh and a Secrets Manager: one JSON 1.1 call.
/// The embedded simulator and the HTTPS client both implement it, and speak the same bytes.
public protocol Transport: Sendable {
    /// Sends `body` (a JSON object) as `operation` to `region`; returns the response body,
    /// or throws `AWSError` for a service error.
    func send(operation: SecretsModel.Operation, region: String, body: Data) async throws -> Data
}

/// Whether the calls of the current task are made on nobody's behalf (the REPL's listing of
/// names for Tab): such calls never ask the user anything, such as an MFA code, since the user
/// is typing something else at the time.
public enum BackgroundCalls {
    @TaskLocal public static var active = false
}
