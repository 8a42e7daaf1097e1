import Crypto
import Foundation

/// A header as it will be sent. Names keep their case on the wire; signing lowercases them.
public struct HTTPField: Sendable, Equatable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// A query parameter in decoded form; the signer applies the RFC 3986 encoding itself so that the
/// canonical query is the same however the caller spelled it on the wire.
public struct QueryItem: Sendable, Equatable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// The parts of an HTTP request that SigV4 covers. `path` is decoded (`/example space/`), not as
/// it appears on the wire; `headers` must contain `Host`.
public struct SigV4Request: Sendable, Equatable {
    public var method: String
    public var path: String
    public var query: [QueryItem]
    public var headers: [HTTPField]
    public var body: [UInt8]

    public init(method: String, path: String = "/", query: [QueryItem] = [], headers: [HTTPField], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The value of the first header with this name (case-insensitive).
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first(where: { $0.name.lowercased() == lower })?.value
    }

    mutating func setHeader(_ name: String, _ value: String) {
        let lower = name.lowercased()
        headers.removeAll { $0.name.lowercased() == lower }
        headers.append(HTTPField(name, value))
    }
}

/// `YYYYMMDD/region/service/aws4_request`: what a signature is valid for.
public struct CredentialScope: Sendable, Equatable, CustomStringConvertible {
    public let date: String
    public let region: String
    public let service: String

    public init(date: String, region: String, service: String) {
        self.date = date
        self.region = region
        self.service = service
    }

    public var description: String { "\(date)/\(region)/\(service)/aws4_request" }
}

/// The two renderings of the signing time: `X-Amz-Date` (`20150830T123600Z`) and the scope date.
public struct SigV4Timestamp: Sendable, Equatable {
    public let amzDate: String
    public let dateStamp: String

    public init(amzDate: String, dateStamp: String) {
        self.amzDate = amzDate
        self.dateStamp = dateStamp
    }

    /// UTC, computed arithmetically rather than with a DateFormatter, whose output depends on the
    /// calendar and locale of the process.
    public init(_ date: Date) {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (y, m, d) = SigV4Timestamp.civilFromDays(days)
        let hh = secondOfDay / 3600, mm = (secondOfDay % 3600) / 60, ss = secondOfDay % 60
        func pad(_ v: Int64, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        dateStamp = pad(y, 4) + pad(m, 2) + pad(d, 2)
        amzDate = dateStamp + "T" + pad(hh, 2) + pad(mm, 2) + pad(ss, 2) + "Z"
    }

    /// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian, day 0 = 1970-01-01).
    static func civilFromDays(_ z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}

/// The canonical request and the header list it committed to.
public struct CanonicalRequest: Sendable, Equatable {
    public let text: String
    /// `content-type;host;x-amz-date`, sorted, lowercased.
    public let signedHeaders: String
}

/// The stages of AWS Signature Version 4, each a pure function named after the step in the AWS
/// documentation, so each can be checked against the published suite on its own.
public enum SigV4 {
    public static let algorithm = "AWS4-HMAC-SHA256"

    /// Headers botocore never signs (`SIGNED_HEADERS_BLACKLIST`): hop-by-hop headers a proxy may
    /// rewrite, and `user-agent`, which SDKs change between attempts.
    public static let unsignableHeaders: Set<String> = [
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization",
        "te", "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    // MARK: Task 1: canonical request

    /// What Python's `str.split()` treats as whitespace in ASCII, so header values collapse
    /// exactly as in botocore.
    private static let headerWhitespace: Set<Character> = [
        " ", "\t", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "\u{1C}", "\u{1D}", "\u{1E}", "\u{1F}",
    ]

    /// RFC 3986 percent-encoding of UTF-8 bytes: only `A-Z a-z 0-9 - _ . ~` pass through (and `/`
    /// when encoding a path). Foundation's URL encoders use other sets, so this is spelled out.
    public static func uriEncode(_ string: String, keepSlash: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where keepSlash:
                out.append("/")
            default:
                out += "%" + hexDigit(byte >> 4) + hexDigit(byte & 0xF)
            }
        }
        return out
    }

    private static func hexDigit(_ nibble: UInt8) -> String {
        String(UnicodeScalar(nibble < 10 ? nibble + 48 : nibble + 55))
    }

    /// RFC 3986 §5.2.4 dot-segment removal plus collapsing of empty segments, as every service but
    /// S3 expects (`/./`, `//`, `/a/..` all become `/`). A trailing slash is kept only when the
    /// path ends with one: `/a/b/..` gives `/a`, as botocore's `remove_dot_segments` does (the
    /// published suite has no case that decides it).
    public static func normalizePath(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        var out = "/" + segments.joined(separator: "/")
        if out != "/", path.hasSuffix("/") { out += "/" }
        return out
    }

    /// The canonical URI: the (normalized) path, each segment URI-encoded.
    public static func canonicalURI(path: String, normalize: Bool = true) -> String {
        let p = normalize ? normalizePath(path) : (path.isEmpty ? "/" : path)
        return uriEncode(p, keepSlash: true)
    }

    /// Encoded `name=value` pairs sorted by encoded name, then encoded value, joined with `&`.
    public static func canonicalQueryString(_ items: [QueryItem]) -> String {
        // The encoded forms are pure ASCII, so String ordering is byte ordering here.
        let pairs: [(name: String, value: String)] = items.map { (uriEncode($0.name), uriEncode($0.value)) }
        let sorted = pairs.sorted { a, b in a.name == b.name ? a.value < b.value : a.name < b.name }
        return sorted.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }

    /// A header value as signed: outer whitespace trimmed and inner runs of whitespace (spaces,
    /// tabs, folded line breaks) collapsed to one space, like botocore's `' '.join(v.split())`.
    public static func canonicalHeaderValue(_ value: String) -> String {
        // Most values are printable ASCII with single inner spaces: already canonical. Checking
        // that on bytes skips the Character-by-Character split (a server verifies every request).
        var previous: UInt8 = 0x20
        var plain = true
        for byte in value.utf8 {
            if byte < 0x20 || byte >= 0x7F || (byte == 0x20 && previous == 0x20) { plain = false; break }
            previous = byte
        }
        if plain && previous != 0x20 { return value }
        return value.split(whereSeparator: { headerWhitespace.contains($0) }).joined(separator: " ")
    }

    /// The canonical headers block (one `name:value\n` per distinct lowercased name, repeated
    /// headers joined with `,` in the order given) and the signed-headers list.
    /// `include` decides which lowercased names are signed.
    public static func canonicalHeaders(_ headers: [HTTPField], include: (String) -> Bool = { !unsignableHeaders.contains($0) })
        -> (block: String, signedHeaders: String) {
        var values: [String: [String]] = [:]
        for field in headers {
            let name = field.name.lowercased()
            guard include(name) else { continue }
            values[name, default: []].append(canonicalHeaderValue(field.value))
        }
        // Sorting compares UTF-8 bytes, as the specification's "sort by character code" means.
        let names = values.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var block = ""
        for name in names { block += name + ":" + (values[name] ?? []).joined(separator: ",") + "\n" }
        return (block, names.joined(separator: ";"))
    }

    /// Lowercase hex SHA-256 of the body, the last line of the canonical request.
    public static func payloadHash(_ body: [UInt8]) -> String {
        hex(SHA256.hash(data: body))
    }

    public static func canonicalRequest(
        _ request: SigV4Request, normalizePath: Bool = true,
        include: (String) -> Bool = { !unsignableHeaders.contains($0) }
    ) -> CanonicalRequest {
        let (block, signed) = canonicalHeaders(request.headers, include: include)
        let text = [
            request.method.uppercased(),
            canonicalURI(path: request.path, normalize: normalizePath),
            canonicalQueryString(request.query),
            block,
            signed,
            payloadHash(request.body),
        ].joined(separator: "\n")
        return CanonicalRequest(text: text, signedHeaders: signed)
    }

    // MARK: Task 2: string to sign

    public static func stringToSign(canonicalRequest: String, amzDate: String, scope: CredentialScope) -> String {
        [algorithm, amzDate, scope.description, hex(SHA256.hash(data: Array(canonicalRequest.utf8)))].joined(separator: "\n")
    }

    // MARK: Task 3: signing key and signature

    /// HMAC chain `AWS4<secret>` → date → region → service → `aws4_request`.
    public static func signingKey(secretAccessKey: String, scope: CredentialScope) -> SymmetricKey {
        var key = SymmetricKey(data: Array("AWS4\(secretAccessKey)".utf8))
        for part in [scope.date, scope.region, scope.service, "aws4_request"] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return key
    }

    public static func signature(stringToSign: String, signingKey: SymmetricKey) -> String {
        hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: signingKey))
    }

    // MARK: Task 4: Authorization header

    public static func authorizationHeader(accessKeyId: String, scope: CredentialScope, signedHeaders: String, signature: String) -> String {
        "\(algorithm) Credential=\(accessKeyId)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }

    private static let lowerHex = Array("0123456789abcdef".utf8)

    static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in bytes {
            out.append(lowerHex[Int(b >> 4)])
            out.append(lowerHex[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
