import Foundation
import SecretsCore
import SigV4
import SecretsModel

/// A signed request ready for an HTTP client: send exactly these headers (the client adds only
/// Content-Length, which is not signed) and this body to `url`.
public struct PreparedRequest: Sendable, Equatable {
    public let method: String
    public let url: String
    public let headers: [HTTPField]
    public let body: [UInt8]
    public let operation: SecretsModel.Operation
    public let region: String

    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name.lowercased() == lower }?.value
    }
}

/// The AWS JSON 1.1 protocol for Secrets Manager: every operation is `POST /` with
/// `X-Amz-Target: secretsmanager.<Operation>`, signed for the call's own Region.
public enum JSONRequestBuilder {
    public static let service = "secretsmanager"
    public static let contentType = "application/x-amz-json-1.1"

    public static func userAgent(version: String) -> String { "smsh/\(version)" }

    /// Pure: the same inputs give the same bytes. `cache` only saves the key derivation.
    public static func build(
        operation: SecretsModel.Operation, region: String, endpoint: ResolvedEndpoint, body: [UInt8],
        credentials: Credentials, date: Date, userAgent: String, cache: SigningKeyCache = SigningKeyCache()
    ) -> PreparedRequest {
        // Only these are signed (with X-Amz-Date and X-Amz-Security-Token added by the signer),
        // matching botocore's SignedHeaders for this service.
        let request = SigV4Request(method: "POST", path: endpoint.requestPath, headers: [
            HTTPField("Host", endpoint.hostHeader),
            HTTPField("Content-Type", contentType),
            HTTPField("X-Amz-Target", operation.target),
        ], body: body)
        let signer = SigV4Signer(service: service, clock: { date }, cache: cache)
        let signed = signer.sign(request, credentials: credentials, region: region)
        // User-Agent is added after signing: it is never signed (botocore's blacklist), so
        // the HTTP layer may extend it without breaking the signature.
        let headers = signed.request.headers + [HTTPField("User-Agent", userAgent)]
        return PreparedRequest(method: "POST", url: endpoint.requestURL, headers: headers, body: body, operation: operation, region: region)
    }
}
