/// AWS credentials as the signer needs them. The secret and the token never leave this value
/// except as HMAC input or the `X-Amz-Security-Token` header.
public struct Credentials: Sendable, Equatable {
    public let accessKeyId: String
    public let secretAccessKey: String
    /// Present for temporary credentials (STS, SSO, credential_process); signed as
    /// `x-amz-security-token`.
    public let sessionToken: String?

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}

extension Credentials: CustomStringConvertible, CustomDebugStringConvertible {
    // Printing a Credentials value (in a log, an error, a test failure) must not leak the secret.
    public var description: String {
        "Credentials(accessKeyId: \(accessKeyId), secretAccessKey: <redacted>\(sessionToken == nil ? "" : ", sessionToken: <redacted>"))"
    }
    public var debugDescription: String { description }
}
