import AWSCLI
import SecretsCore
import SecretsModel

/// One Secrets Manager call as the language compiles it: what `explain` shows and what runs.
public struct ClientCall: Sendable, Equatable {
    public var operation: Operation
    public var region: String
    public var body: JSONValue

    public init(operation: Operation, region: String, body: JSONValue) {
        self.operation = operation
        self.region = region
        self.body = body
    }

    public var endpoint: String { "https://secretsmanager.\(region).amazonaws.com" }
}

/// A replica as resolved at run time: a Region and an optional KMS key.
public struct Replica: Sendable, Equatable {
    public var region: String
    public var kmsKeyId: String?

    public init(region: String, kmsKeyId: String? = nil) {
        self.region = region
        self.kmsKeyId = kmsKeyId
    }

    var json: JSONValue {
        var m: [(String, JSONValue)] = [("Region", .string(region))]
        if let k = kmsKeyId { m.append(("KmsKeyId", .string(k))) }
        return .object(m)
    }
}

extension CLILine {
    /// The aws CLI line of a compiled call (`explain`).
    public static func render(_ call: ClientCall, reveal: Bool = true) -> String {
        render(operation: call.operation, region: call.region, body: call.body, reveal: reveal)
    }
}
