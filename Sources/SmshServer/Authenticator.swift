import AWSConfig
import Crypto
import Foundation
import SecretsCore
import SigV4

/// The access keys `smsh serve` accepts: from an aws credentials file (`--credentials FILE`), or
/// the one pair `test`/`test` that moto users already export.
public struct ServerCredentials: Sendable, Equatable {
    public let keys: [String: Credentials]

    public init(_ credentials: [Credentials]) {
        var keys: [String: Credentials] = [:]
        for c in credentials { keys[c.accessKeyId] = c }
        self.keys = keys
    }

    public static let `default` = ServerCredentials([Credentials(accessKeyId: "test", secretAccessKey: "test")])

    /// Every section of the file that has both `aws_access_key_id` and `aws_secret_access_key`
    /// (and `aws_session_token`, which a request must then carry).
    public static func load(path: String) throws -> ServerCredentials {
        let file: ConfigFile?
        do { file = try ConfigFile.load(path: path) } catch { throw ServeError.usage("\(error)") }
        guard let file else { throw ServeError.usage("cannot read the credentials file '\(path)'") }
        var found: [Credentials] = []
        for section in file.sections {
            guard let id = section.values["aws_access_key_id"]?.stringValue, !id.isEmpty,
                  let secret = section.values["aws_secret_access_key"]?.stringValue, !secret.isEmpty else { continue }
            found.append(Credentials(accessKeyId: id, secretAccessKey: secret,
                                     sessionToken: section.values["aws_session_token"]?.stringValue))
        }
        guard !found.isEmpty else {
            throw ServeError.usage("'\(path)' holds no access key: a section needs aws_access_key_id and aws_secret_access_key")
        }
        return ServerCredentials(found)
    }
}

public enum ServeError: Error, Sendable, CustomStringConvertible {
    case usage(String)
    public var description: String {
        switch self { case .usage(let m): m }
    }
}

/// A request's Authorization header, split into its parts.
struct AuthorizationHeader {
    let algorithm: String
    let accessKeyId: String
    let scope: CredentialScope
    let signedHeaders: [String]
    let signature: String
}

/// Checks SigV4 as AWS does for a JSON service: the signature is recomputed with smsh's own signer
/// over the canonical request as received, and compared. The Region of the request is its
/// credential scope's, as AWS takes it from the host name the client signed for.
struct Authenticator: Sendable {
    /// nil: `--no-auth`, anything is accepted.
    let credentials: ServerCredentials?
    let keys = ServerSigningKeys()
    static let service = "secretsmanager"
    /// How far X-Amz-Date may be from the server's clock.
    static let skew: TimeInterval = 5 * 60
    /// The Region of an unsigned request under `--no-auth`.
    static let defaultRegion = "us-east-1"

    static let mismatch = AWSError(code: "InvalidSignatureException", message: "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
    static let unknownKey = AWSError(code: "UnrecognizedClientException", message: "The security token included in the request is invalid.")
    static let missing = AWSError(code: "MissingAuthenticationTokenException", message: "Missing Authentication Token")

    /// The request's Region, or the error AWS would answer.
    func authenticate(method: String, uri: String, headers: [(String, String)], body: [UInt8], now: Date) -> Result<String, AWSError> {
        let lowered = headers.map { ($0.0.lowercased(), $0.1) }
        func header(_ name: String) -> String? { lowered.first { $0.0 == name }?.1 }
        guard let authorization = header("authorization") else {
            return credentials == nil ? .success(Self.defaultRegion) : .failure(Self.missing)
        }
        let parsed: AuthorizationHeader
        switch Self.parse(authorization) {
        case .success(let p): parsed = p
        case .failure(let e): return credentials == nil ? .success(Self.defaultRegion) : .failure(e)
        }
        guard let credentials else { return .success(parsed.scope.region) }

        guard let amzDate = header("x-amz-date") else {
            return .failure(AWSError(code: "IncompleteSignatureException",
                                     message: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=\(authorization)"))
        }
        guard let signedAt = Self.parseAmzDate(amzDate) else {
            return .failure(AWSError(code: "IncompleteSignatureException", message: "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\""))
        }
        if parsed.scope.date != String(amzDate.prefix(8)) {
            return .failure(AWSError(code: "InvalidSignatureException",
                                     message: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '\(parsed.scope.date)' != '\(amzDate.prefix(8))', from 'X-Amz-Date'."))
        }
        if parsed.scope.service != Self.service {
            return .failure(AWSError(code: "InvalidSignatureException", message: "Credential should be scoped to correct service: '\(Self.service)'. "))
        }
        var nowText: String { SigV4Timestamp(now).amzDate }
        if signedAt < now.addingTimeInterval(-Self.skew) {
            return .failure(AWSError(code: "InvalidSignatureException",
                                     message: "Signature expired: \(amzDate) is now earlier than \(SigV4Timestamp(now.addingTimeInterval(-Self.skew)).amzDate) (\(nowText) - 5 min.)"))
        }
        if signedAt > now.addingTimeInterval(Self.skew) {
            return .failure(AWSError(code: "InvalidSignatureException",
                                     message: "Signature not yet current: \(amzDate) is still later than \(SigV4Timestamp(now.addingTimeInterval(Self.skew)).amzDate) (\(nowText) + 5 min.)"))
        }
        guard let key = credentials.keys[parsed.accessKeyId] else { return .failure(Self.unknownKey) }
        if let token = key.sessionToken, header("x-amz-security-token") != token { return .failure(Self.unknownKey) }

        // A handful of names: searching the list costs less than hashing them into a set.
        let signed = parsed.signedHeaders
        guard signed.contains("host") else {
            return .failure(AWSError(code: "InvalidSignatureException", message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."))
        }
        let (path, query) = Self.splitURI(uri)
        let request = SigV4Request(method: method, path: path, query: query,
                                   headers: lowered.compactMap { signed.contains($0.0) ? HTTPField($0.0, $0.1) : nil }, body: body)
        let canonical = SigV4.canonicalRequest(request, include: { signed.contains($0) })
        let toSign = SigV4.stringToSign(canonicalRequest: canonical.text, amzDate: amzDate, scope: parsed.scope)
        let expected = SigV4.signature(stringToSign: toSign, signingKey: keys.key(for: key, scope: parsed.scope))
        guard Self.constantTimeEqual(expected, parsed.signature) else { return .failure(Self.mismatch) }
        return .success(parsed.scope.region)
    }

    /// `AWS4-HMAC-SHA256 Credential=AKID/20261201/us-west-2/secretsmanager/aws4_request,
    /// SignedHeaders=content-type;host;x-amz-date, Signature=hex`.
    static func parse(_ header: String) -> Result<AuthorizationHeader, AWSError> {
        // On bytes: Character-based splitting and Foundation's trimming were most of the cost of
        // checking a request.
        let bytes = Array(header.utf8)
        var i = 0
        while i < bytes.count, bytes[i] == 0x20 { i += 1 }
        let algorithmStart = i
        while i < bytes.count, bytes[i] != 0x20 { i += 1 }
        let algorithm = String(decoding: bytes[algorithmStart..<i], as: UTF8.self)
        guard algorithm == SigV4.algorithm else {
            return .failure(AWSError(code: "IncompleteSignatureException", message: "Unsupported AWS 'algorithm': '\(algorithm)'."))
        }
        // The three parameters by name, compared as bytes (the last of a repeated one counts);
        // other names are ignored.
        var credential: String?, signed: String?, signature: String?
        var start = i
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: ",") { end += 1 }
            var lo = start, hi = end
            start = end + 1
            while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 { lo += 1 }
            while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 { hi -= 1 }
            guard let eq = bytes[lo..<hi].firstIndex(of: UInt8(ascii: "=")) else { continue }
            let name = bytes[lo..<eq]
            let value = { String(decoding: bytes[(eq + 1)..<hi], as: UTF8.self) }
            if name.elementsEqual("Credential".utf8) {
                credential = value()
            } else if name.elementsEqual("SignedHeaders".utf8) {
                signed = value()
            } else if name.elementsEqual("Signature".utf8) {
                signature = value()
            }
        }
        var problems: [String] = []
        for (name, value) in [("Credential", credential), ("Signature", signature), ("SignedHeaders", signed)] where (value ?? "").isEmpty {
            problems.append("Authorization header requires '\(name)' parameter.")
        }
        guard problems.isEmpty, let credential, let signed, let signature else {
            return .failure(AWSError(code: "IncompleteSignatureException", message: problems.joined(separator: " ") + " Authorization=\(header)"))
        }
        let scope = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard scope.count == 5, !scope[0].isEmpty else {
            return .failure(AWSError(code: "IncompleteSignatureException",
                                     message: "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '\(credential)'"))
        }
        guard scope[4] == "aws4_request" else {
            return .failure(AWSError(code: "InvalidSignatureException", message: "Credential should be scoped with a valid terminator: 'aws4_request', not '\(scope[4])'. "))
        }
        guard !scope[2].isEmpty else {
            return .failure(AWSError(code: "InvalidSignatureException", message: "Credential should be scoped to a valid region. "))
        }
        return .success(AuthorizationHeader(algorithm: algorithm, accessKeyId: scope[0],
                                            scope: CredentialScope(date: scope[1], region: scope[2], service: scope[3]),
                                            signedHeaders: signed.split(separator: ";").map { $0.lowercased() }, signature: signature))
    }

    /// `20261201T183000Z` as a Date (UTC), nil when it is not that shape.
    static func parseAmzDate(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count == 16, b[8] == UInt8(ascii: "T"), b[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard (48...57).contains(b[i]) else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard let y = number(0..<4), let m = number(4..<6), let d = number(6..<8),
              let hh = number(9..<11), let mm = number(11..<13), let ss = number(13..<15),
              (1...12).contains(m), (1...31).contains(d), hh < 24, mm < 60, ss < 61 else { return nil }
        // Days from civil (Howard Hinnant), the inverse of SigV4Timestamp's.
        let yy = m <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hh * 3600 + mm * 60 + ss))
    }

    /// The decoded path and query items of a request target (`/a%20b?x=1`).
    static func splitURI(_ uri: String) -> (String, [QueryItem]) {
        let pieces = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let raw = String(pieces[0])
        let path = raw.contains("%") ? (raw.removingPercentEncoding ?? raw) : raw
        guard pieces.count == 2, !pieces[1].isEmpty else { return (path.isEmpty ? "/" : path, []) }
        let items = pieces[1].split(separator: "&").map { pair -> QueryItem in
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(kv[0]).removingPercentEncoding ?? String(kv[0])
            let value = kv.count > 1 ? (String(kv[1]).removingPercentEncoding ?? String(kv[1])) : ""
            return QueryItem(name, value)
        }
        return (path.isEmpty ? "/" : path, items)
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}

/// Derived signing keys per (access key, date, Region). The server's access keys never change
/// while it runs, so the id names the secret: SigningKeyCache's digest of the secret (which a
/// client needs, as its credentials may rotate under one id) would be a SHA-256 per request.
final class ServerSigningKeys: @unchecked Sendable {
    private struct Key: Hashable {
        let accessKeyId: String
        let date: String
        let region: String
    }
    private let lock = NSLock()
    private var keys: [Key: SymmetricKey] = [:]

    func key(for credentials: Credentials, scope: CredentialScope) -> SymmetricKey {
        let k = Key(accessKeyId: credentials.accessKeyId, date: scope.date, region: scope.region)
        lock.lock()
        defer { lock.unlock() }
        if let cached = keys[k] { return cached }
        // Keys of other days are of no more use (a request is at most 5 minutes old).
        if keys.count > 64 { keys = keys.filter { $0.key.date == scope.date } }
        let derived = SigV4.signingKey(secretAccessKey: credentials.secretAccessKey, scope: scope)
        keys[k] = derived
        return derived
    }
}
