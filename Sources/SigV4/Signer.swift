import Crypto
import Foundation

/// A request after signing, with every intermediate value kept so that tests and `--debug` can
/// show where a mismatch starts.
public struct SignedRequest: Sendable {
    public let request: SigV4Request
    public let canonicalRequest: CanonicalRequest
    public let stringToSign: String
    public let signature: String
    public let authorization: String
}

/// Derived signing keys for one secret, per (date, Region, service). Deriving one costs four
/// HMACs; a shell session signs many requests to a handful of Regions on the same day.
public final class SigningKeyCache: @unchecked Sendable {
    private struct Key: Hashable {
        let secretDigest: String
        let date: String
        let region: String
        let service: String
    }
    private let lock = NSLock()
    private var keys: [Key: SymmetricKey] = [:]
    private var derivationCount = 0

    /// How many keys were derived rather than found, so tests can tell a cached key from a new one.
    public var derivations: Int {
        lock.lock()
        defer { lock.unlock() }
        return derivationCount
    }

    public init() {}

    public func key(secretAccessKey: String, scope: CredentialScope) -> SymmetricKey {
        // The cache is keyed by a digest of the secret, not the access key id: rotated credentials
        // that keep their id (credential_process refreshes) must not reuse a stale key.
        let digest = SigV4.hex(SHA256.hash(data: Array(secretAccessKey.utf8)))
        let k = Key(secretDigest: digest, date: scope.date, region: scope.region, service: scope.service)
        lock.lock()
        defer { lock.unlock() }
        if let cached = keys[k] { return cached }
        // Keys for earlier days can never be used again (the date is in the scope): drop them so
        // the cache stays as small as the set of Regions in use.
        keys = keys.filter { $0.key.date == scope.date }
        let derived = SigV4.signingKey(secretAccessKey: secretAccessKey, scope: scope)
        derivationCount += 1
        keys[k] = derived
        return derived
    }
}

/// Signs requests for one service. The clock is injected so tests and the botocore cross-check
/// can pin the time; credentials are passed per call because they may rotate.
public struct SigV4Signer: Sendable {
    public let service: String
    public let clock: @Sendable () -> Date
    public let cache: SigningKeyCache
    /// false only for S3, whose object keys are signed exactly as written.
    public let normalizePath: Bool

    public init(service: String, clock: @escaping @Sendable () -> Date = { Date() }, cache: SigningKeyCache = SigningKeyCache(), normalizePath: Bool = true) {
        self.service = service
        self.clock = clock
        self.cache = cache
        self.normalizePath = normalizePath
    }

    /// Adds `X-Amz-Date`, `X-Amz-Security-Token` (when the credentials carry one) and
    /// `Authorization`, then signs every header present except the unsignable ones, so the caller
    /// decides what is covered by what it puts in `request.headers` before the call.
    public func sign(_ request: SigV4Request, credentials: Credentials, region: String) -> SignedRequest {
        var request = request
        let time = SigV4Timestamp(clock())
        request.headers.removeAll { $0.name.lowercased() == "authorization" }
        request.setHeader("X-Amz-Date", time.amzDate)
        if let token = credentials.sessionToken { request.setHeader("X-Amz-Security-Token", token) }
        let scope = CredentialScope(date: time.dateStamp, region: region, service: service)
        let canonical = SigV4.canonicalRequest(request, normalizePath: normalizePath)
        let sts = SigV4.stringToSign(canonicalRequest: canonical.text, amzDate: time.amzDate, scope: scope)
        let key = cache.key(secretAccessKey: credentials.secretAccessKey, scope: scope)
        let signature = SigV4.signature(stringToSign: sts, signingKey: key)
        let authorization = SigV4.authorizationHeader(
            accessKeyId: credentials.accessKeyId, scope: scope, signedHeaders: canonical.signedHeaders, signature: signature)
        request.headers.append(HTTPField("Authorization", authorization))
        return SignedRequest(request: request, canonicalRequest: canonical, stringToSign: sts, signature: signature, authorization: authorization)
    }
}
