/// The commercial (`aws` partition) Regions where Secrets Manager runs (botocore endpoints.json).
public struct AWSRegion: Sendable, Hashable {
    public let code: String
    public let name: String
    /// Launched after 2019-03-20, so an account must enable it before use.
    public let optIn: Bool

    /// The part of the world, from the code's prefix: what `smsh serve`'s web view groups by.
    public var geography: String {
        switch code.prefix(while: { $0 != "-" }) {
        case "us", "ca", "mx": return "North America"
        case "sa": return "South America"
        case "eu": return "Europe"
        case "ap": return "Asia Pacific"
        case "me", "il": return "Middle East"
        case "af": return "Africa"
        default: return "Other"
        }
    }
}

public enum Regions {
    public static let all: [AWSRegion] = [
        .init(code: "us-east-1", name: "US East (N. Virginia)", optIn: false),
        .init(code: "us-east-2", name: "US East (Ohio)", optIn: false),
        .init(code: "us-west-1", name: "US West (N. California)", optIn: false),
        .init(code: "us-west-2", name: "US West (Oregon)", optIn: false),
        .init(code: "ca-central-1", name: "Canada (Central)", optIn: false),
        .init(code: "sa-east-1", name: "South America (São Paulo)", optIn: false),
        .init(code: "eu-west-1", name: "Europe (Ireland)", optIn: false),
        .init(code: "eu-west-2", name: "Europe (London)", optIn: false),
        .init(code: "eu-west-3", name: "Europe (Paris)", optIn: false),
        .init(code: "eu-central-1", name: "Europe (Frankfurt)", optIn: false),
        .init(code: "eu-north-1", name: "Europe (Stockholm)", optIn: false),
        .init(code: "ap-south-1", name: "Asia Pacific (Mumbai)", optIn: false),
        .init(code: "ap-northeast-1", name: "Asia Pacific (Tokyo)", optIn: false),
        .init(code: "ap-northeast-2", name: "Asia Pacific (Seoul)", optIn: false),
        .init(code: "ap-northeast-3", name: "Asia Pacific (Osaka)", optIn: false),
        .init(code: "ap-southeast-1", name: "Asia Pacific (Singapore)", optIn: false),
        .init(code: "ap-southeast-2", name: "Asia Pacific (Sydney)", optIn: false),
        .init(code: "af-south-1", name: "Africa (Cape Town)", optIn: true),
        .init(code: "ap-east-1", name: "Asia Pacific (Hong Kong)", optIn: true),
        .init(code: "ap-east-2", name: "Asia Pacific (Taipei)", optIn: true),
        .init(code: "ap-south-2", name: "Asia Pacific (Hyderabad)", optIn: true),
        .init(code: "ap-southeast-3", name: "Asia Pacific (Jakarta)", optIn: true),
        .init(code: "ap-southeast-4", name: "Asia Pacific (Melbourne)", optIn: true),
        .init(code: "ap-southeast-5", name: "Asia Pacific (Malaysia)", optIn: true),
        .init(code: "ap-southeast-6", name: "Asia Pacific (New Zealand)", optIn: true),
        .init(code: "ap-southeast-7", name: "Asia Pacific (Thailand)", optIn: true),
        .init(code: "ca-west-1", name: "Canada West (Calgary)", optIn: true),
        .init(code: "eu-central-2", name: "Europe (Zurich)", optIn: true),
        .init(code: "eu-south-1", name: "Europe (Milan)", optIn: true),
        .init(code: "eu-south-2", name: "Europe (Spain)", optIn: true),
        .init(code: "il-central-1", name: "Israel (Tel Aviv)", optIn: true),
        .init(code: "me-central-1", name: "Middle East (UAE)", optIn: true),
        .init(code: "me-south-1", name: "Middle East (Bahrain)", optIn: true),
        .init(code: "mx-central-1", name: "Mexico (Central)", optIn: true),
    ]

    public static let codes: [String] = all.map(\.code)
    private static let codeSet: Set<String> = Set(codes)

    public static func isKnown(_ code: String) -> Bool { codeSet.contains(code) }

    /// RegionType's pattern in the service model: `^([a-z]+-)+\d+$`.
    public static func isWellFormed(_ code: String) -> Bool {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 2, let last = parts.last, !last.isEmpty, last.allSatisfy(\.isASCIIDigit) else { return false }
        return parts.dropLast().allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isLowercase } }
    }

    /// The closest known Region code, for "did you mean" hints; nil when nothing is close.
    public static func suggestion(for code: String) -> String? {
        Spelling.closest(to: code.lowercased(), among: codes, maxDistance: max(2, code.count / 4))
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
