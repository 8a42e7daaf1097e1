/// Where requests go: scheme, host, optional port and base path, plus where that came from.
public struct ResolvedEndpoint: Sendable, Equatable {
    public let scheme: String
    /// As written in a URL: an IPv6 literal keeps its brackets.
    public let host: String
    public let port: Int?
    /// "" or a path such as `/proxy` under which `POST /` is sent.
    public let basePath: String
    public let source: String

    public init(scheme: String, host: String, port: Int? = nil, basePath: String = "", source: String) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.basePath = basePath
        self.source = source
    }

    /// The `Host` header: the port only when it is not the scheme's default (botocore's rule),
    /// since the header is signed and must match what the HTTP client sends.
    public var hostHeader: String {
        guard let port, port != (scheme == "https" ? 443 : 80) else { return host }
        return "\(host):\(port)"
    }

    /// JSON 1.1 operations are all `POST /`; under a base path botocore posts to the base path
    /// exactly as written (`/proxy` stays `/proxy`), and so does smsh, since the path is signed.
    public var requestPath: String { basePath.isEmpty ? "/" : basePath }

    public var url: String { "\(scheme)://\(host)\(port.map { ":\($0)" } ?? "")\(basePath)" }
    public var requestURL: String { "\(scheme)://\(host)\(port.map { ":\($0)" } ?? "")\(requestPath)" }
}

/// Secrets Manager's endpoint rule set (botocore `endpoint-rule-set-1.json` with
/// `partitions.json`), without dual-stack, which smsh does not offer.
public enum EndpointResolver {
    struct Partition {
        let name: String
        let dnsSuffix: String
        /// Fixed leading labels of the partition's Region pattern; the first may be a set.
        let prefixes: [Set<String>]
    }

    // Regexes from partitions.json, e.g. aws-cn `^cn\-\w+\-\d+$`, aws-us-gov `^us\-gov\-\w+\-\d+$`.
    static let partitions: [Partition] = [
        Partition(name: "aws", dnsSuffix: "amazonaws.com", prefixes: [["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"]]),
        Partition(name: "aws-cn", dnsSuffix: "amazonaws.com.cn", prefixes: [["cn"]]),
        Partition(name: "aws-eusc", dnsSuffix: "amazonaws.eu", prefixes: [["eusc"], ["de"]]),
        Partition(name: "aws-iso", dnsSuffix: "c2s.ic.gov", prefixes: [["us"], ["iso"]]),
        Partition(name: "aws-iso-b", dnsSuffix: "sc2s.sgov.gov", prefixes: [["us"], ["isob"]]),
        Partition(name: "aws-iso-e", dnsSuffix: "cloud.adc-e.uk", prefixes: [["eu"], ["isoe"]]),
        Partition(name: "aws-iso-f", dnsSuffix: "csp.hci.ic.gov", prefixes: [["us"], ["isof"]]),
        Partition(name: "aws-us-gov", dnsSuffix: "amazonaws.com", prefixes: [["us"], ["gov"]]),
    ]

    /// `prefix… - \w+ - \d+`, label by label.
    static func matches(_ region: String, _ partition: Partition) -> Bool {
        let labels = region.split(separator: "-", omittingEmptySubsequences: false)
        guard labels.count == partition.prefixes.count + 2 else { return false }
        for (label, allowed) in zip(labels, partition.prefixes) where !allowed.contains(String(label)) { return false }
        let word = labels[partition.prefixes.count], number = labels[partition.prefixes.count + 1]
        return !word.isEmpty && word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            && !number.isEmpty && number.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// The partition of a Region; unknown shapes fall back to `aws`, as botocore's does.
    public static func partition(of region: String) -> (name: String, dnsSuffix: String) {
        let p = partitions.first { matches(region, $0) } ?? partitions[0]
        return (p.name, p.dnsSuffix)
    }

    /// RFC 1123 label, as the rule set's `isValidHostLabel` and botocore's region check require;
    /// it also keeps a Region string from reshaping the URL (`us-east-1.evil.com/`).
    public static func isValidHostLabel(_ s: String) -> Bool {
        guard (1...63).contains(s.count), s.first != "-", s.last != "-" else { return false }
        return s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }

    public static func resolve(region: String, useFIPS: Bool, configured: ResolvedSetting<String>?) throws(AWSConfigError) -> ResolvedEndpoint {
        if let configured {
            if useFIPS { throw .fipsWithCustomEndpoint(endpoint: configured.value, source: configured.source) }
            return try parse(configured.value, source: configured.source)
        }
        guard isValidHostLabel(region) else { throw .invalidRegion(region, source: "the Region of this call") }
        let (name, suffix) = partition(of: region)
        let host = "secretsmanager\(useFIPS ? "-fips" : "").\(region).\(suffix)"
        return ResolvedEndpoint(scheme: "https", host: host, source: "\(useFIPS ? "FIPS " : "")endpoint of \(region) (partition \(name))")
    }

    /// Accepts `http(s)://host[:port][/path]`; anything else (a user part, a query, a bare host)
    /// is refused rather than guessed at.
    public static func parse(_ url: String, source: String) throws(AWSConfigError) -> ResolvedEndpoint {
        func fail(_ reason: String) -> AWSConfigError { .invalidEndpoint(url, source: source, reason: reason) }
        guard let sep = url.range(of: "://") else { throw fail("expected http:// or https://") }
        let scheme = url[..<sep.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { throw fail("the scheme must be http or https") }
        let rest = url[sep.upperBound...]
        if rest.contains("?") || rest.contains("#") { throw fail("a query or fragment is not allowed") }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        var path = String(rest[slash...])
        if path == "/" { path = "" }
        if authority.contains("@") { throw fail("user information is not allowed") }
        var host = Substring(authority)
        var port: Int?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw fail("unclosed IPv6 address") }
            host = authority[...close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let p = Int(after.dropFirst()) else { throw fail("bad port") }
                port = p
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            guard let p = Int(authority[authority.index(after: colon)...]) else { throw fail("bad port") }
            port = p
        }
        guard !host.isEmpty else { throw fail("no host") }
        if let p = port, !(1...65_535).contains(p) { throw fail("port out of range") }
        if host.contains(where: { $0 == " " || $0 == "\t" }) { throw fail("spaces in the host") }
        return ResolvedEndpoint(scheme: scheme, host: host.lowercased(), port: port, basePath: path, source: source)
    }
}
