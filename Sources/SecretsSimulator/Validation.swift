import Foundation
import SecretsCore

/// AWS's wording for a member that breaks a model constraint.
func constraintError(_ member: String, _ value: String, _ constraint: String) -> AWSError {
    .validation("1 validation error detected: Value '\(value)' at '\(member)' failed to satisfy constraint: \(constraint)")
}

func checkSecretValue(string: String?, binary: Data?) throws {
    if string != nil, binary != nil {
        throw AWSError.invalidParameter("You can't specify both a binary secret value and a string secret value in the same secret.")
    }
    // The model bounds the length in characters; the service's quota is 65,536 bytes.
    if let string, string.utf8.count > 65_536 {
        throw constraintError("secretString", "***", "Member must have length less than or equal to 65536")
    }
}

/// The characters of a name; its length is the model's to check.
func checkName(_ name: String) throws {
    if SecretName.problem(with: name) != nil {
        throw AWSError.validation("Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!")
    }
}

let defaultKmsKey = "alias/aws/secretsmanager"

/// A KMS key reference as Secrets Manager accepts it: an alias, a key id, or a key/alias ARN.
struct KmsKeyReference {
    let text: String
    /// The Region named by an ARN; nil for aliases and key ids, which resolve in the caller's Region.
    let region: String?

    init?(_ text: String) {
        self.text = text
        if text.hasPrefix("arn:") {
            let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            guard parts.count == 6, parts[2] == "kms", !parts[3].isEmpty,
                  parts[5].hasPrefix("key/") || parts[5].hasPrefix("alias/"), parts[5].count > 4 else { return nil }
            region = String(parts[3])
        } else if text.hasPrefix("alias/") {
            guard text.count > 6 else { return nil }
            region = nil
        } else {
            guard !text.isEmpty, text.count <= 2048,
                  text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else { return nil }
            region = nil
        }
    }
}

func parseKmsKey(_ text: String) throws -> KmsKeyReference {
    guard let key = KmsKeyReference(text) else {
        throw AWSError.invalidParameter("Invalid KmsKeyId: '\(text)' is not a KMS key id, key ARN, alias name (alias/...) or alias ARN.")
    }
    return key
}

/// What a SecretId names: a name, or the name and suffix from a full ARN.
struct SecretReference {
    let name: String
    let suffix: String?
    /// For a partial ARN (no suffix) the whole tail may also be a name that happens to end in -XXXXXX.
    let alternateName: String?

    init(_ id: String, account: String) throws {
        guard id.hasPrefix("arn:") else {
            name = id
            suffix = nil
            alternateName = nil
            return
        }
        let parts = id.split(separator: ":", maxSplits: 6, omittingEmptySubsequences: false)
        guard parts.count == 7, parts[2] == "secretsmanager", parts[5] == "secret", !parts[6].isEmpty else {
            throw AWSError.invalidParameter("Invalid secret ARN: \(id)")
        }
        guard parts[4] == account else { throw AWSError.notFound() }
        let tail = String(parts[6])
        if tail.count > 7, tail[tail.index(tail.endIndex, offsetBy: -7)] == "-" {
            name = String(tail.dropLast(7))
            suffix = String(tail.suffix(6))
            alternateName = tail
        } else {
            name = tail
            suffix = nil
            alternateName = nil
        }
    }
}

/// Six characters of the ARN suffix, letters and digits as AWS uses, from one draw of `random`
/// (62^6 needs 36 bits; a Double carries 52).
func randomSuffix(_ random: () -> Double) -> String {
    var n = UInt64(random() * 4_503_599_627_370_496) // 2^52
    var out: [UInt8] = []
    out.reserveCapacity(6)
    for _ in 0..<6 {
        out.append(suffixAlphabet[Int(n % 62)])
        n /= 62
    }
    return String(decoding: out, as: UTF8.self)
}

private let suffixAlphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)

func randomVersionId() -> String { RandomUUID.string() }

/// LastAccessedDate is kept to the day, as the service does.
func startOfDay(_ date: Date) -> Date {
    Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
}
