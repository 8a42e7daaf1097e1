import Foundation
import SecretsModel
import Testing
import TestSupport

/// `aws secretsmanager ...` (awscli) and `smsh aws secretsmanager ...` run the same sequence of
/// operations, each against a moto_server of its own (so both start from an empty account and
/// may use the same names); stdout, stderr and success must agree once the volatile parts (ARN
/// suffixes, version ids, dates) are masked. The skeletons are compared byte for byte.
@Suite(.serialized) struct AWSCLIDifferentialTests {
    static func run(_ executable: String, _ args: [String], env: [String: String]) async throws -> ProcessResult {
        try await offThePool { try runProcess(URL(fileURLWithPath: executable), args, environment: env) }
    }

    static var aws: String? { MotoProcess.findOnPath("aws") }

    /// ARN suffixes, UUIDs (version ids, also upper-cased by --output text) and epoch dates.
    static func mask(_ s: String) -> String {
        var out = s
        let patterns = [
            (#"(:secret:[^"\s]+)-[A-Za-z0-9]{6}"#, "$1-XXXXXX"),
            (#"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"#, "UUID"),
            (#"\b1[0-9]{9}(\.[0-9]+)?\b"#, "DATE"),
        ]
        for (p, template) in patterns {
            out = out.replacingOccurrences(of: p, with: template, options: .regularExpression)
        }
        return out
    }

    /// awscli 1.x's exit code as the v2 contract that `smsh aws` follows says it: its argparse
    /// 2 and its "Bad value for --query" 255 are usage errors (252), its 255 after
    /// "An error occurred (CODE)" a service error (254).
    static func v2Code(_ r: ProcessResult) -> Int32 {
        switch r.status {
        case 0: return 0
        case 2: return 252
        case 255 where r.stderr.contains("Bad value for --query"): return 252
        case 255 where r.stderr.contains("An error occurred ("): return 254
        default: return r.status
        }
    }

    /// The sequence: every operation smsh speaks that moto implements, good and bad.
    static let steps: [[String]] = [
        ["create-secret", "--name", "diff/one", "--secret-string", #"{"u":"a","p":"b"}"#, "--description", "first",
         "--tags", "Key=env,Value=prod", "Key=team,Value=a b"],
        ["create-secret", "--name", "diff/two", "--secret-string", "x", "--add-replica-regions", "Region=eu-west-3"],
        ["replicate-secret-to-regions", "--secret-id", "diff/one", "--add-replica-regions",
         "Region=eu-west-3,KmsKeyId=alias/x", "Region=ap-southeast-2", "--no-force-overwrite-replica-secret"],
        ["describe-secret", "--secret-id", "diff/one"],
        ["describe-secret", "--secret-id", "diff/one", "--region", "eu-west-3"],
        ["describe-secret", "--cli-input-json", #"{"SecretId": "diff/two"}"#],
        ["get-secret-value", "--secret-id", "diff/one"],
        ["get-secret-value", "--secret-id", "diff/one", "--region", "eu-west-3", "--version-stage", "AWSCURRENT"],
        ["put-secret-value", "--secret-id", "diff/one", "--secret-string", "v2"],
        ["get-secret-value", "--secret-id", "diff/one", "--output", "text"],
        ["update-secret", "--secret-id", "diff/one", "--description", "second"],
        ["replicate-secret-to-regions", "--cli-input-json", #"{"SecretId": "diff/two", "AddReplicaRegions": [{"Region": "ap-south-1"}]}"#,
         "--add-replica-regions", #"[{"Region": "eu-west-1", "KmsKeyId": "alias/j"}]"#],
        ["remove-regions-from-replication", "--secret-id", "diff/two", "--remove-replica-regions", #"["eu-west-1"]"#],
        ["list-secrets", "--filters", "Key=name,Values=[diff/one,diff/two]", "Key=description,Values=first", "--output", "table"],
        ["list-secrets", "--filters", "Key=name,Values=diff/"],
        ["list-secrets", "--filters", "Key=primary-region,Values=us-west-2", "--output", "text"],
        ["remove-regions-from-replication", "--secret-id", "diff/one", "--remove-replica-regions", "ap-southeast-2"],
        ["describe-secret", "--secret-id", "diff/nope"],
        ["delete-secret", "--secret-id", "diff/two"],
        ["remove-regions-from-replication", "--secret-id", "diff/two", "--remove-replica-regions", "eu-west-3"],
        ["delete-secret", "--secret-id", "diff/two", "--recovery-window-in-days", "7"],
        ["get-secret-value", "--secret-id", "diff/two"],
        ["restore-secret", "--secret-id", "diff/two"],
        ["delete-secret", "--secret-id", "diff/two", "--force-delete-without-recovery"],
        ["describe-secret", "--secret-id", "diff/one", "--output", "table"],
        ["list-secrets", "--output", "table"],
        ["create-secret", "--name", "diff/bin", "--secret-binary", "hello", "--tags", #"{"Key": "k", "Value": ""}"#],
        ["get-secret-value", "--secret-id", "diff/bin"],
        ["put-secret-value", "--secret-id", "diff/bin", "--secret-string", "now text", "--version-stages", "AWSCURRENT"],
        ["list-secrets", "--max-results", "1"],
        ["list-secrets"],
    ]

    @Test func sameOperationsSameResults() async throws {
        guard let aws = Self.aws else {
            Issue.record("the aws CLI is not on PATH (scripts/test installs awscli)")
            return
        }
        let env = try TestEnvironment(extra: ["AWS_PAGER": "", "AWS_DEFAULT_OUTPUT": ""])
        defer { env.remove() }
        let motoForAWS = try await offThePool { try MotoProcess.own() }
        let motoForSmsh = try await offThePool { try MotoProcess.own() }
        defer { motoForAWS.stop(); motoForSmsh.stop() }
        let smsh = smshBinary.path

        for step in Self.steps {
            let expected = try await Self.run(aws, ["--endpoint-url", motoForAWS.url.absoluteString, "--region", "us-west-2",
                                                    "secretsmanager"] + step, env: env.environment)
            // smsh's options may stand anywhere among the aws arguments; the Region goes first so
            // that a step's own --region wins, as it does for the aws line above.
            let actual = try await Self.run(smsh, ["aws", "--region", "us-west-2", "secretsmanager"] + step
                                                + ["--backend", "aws", "--endpoint-url", motoForSmsh.url.absoluteString],
                                            env: env.environment)
            let label = step.joined(separator: " ")
            if step.contains("text") || step.contains("table") {
                // Text and table output order map entries by key, here random version ids, so
                // the masked lines are compared as a multiset.
                #expect(Self.mask(actual.stdout).split(separator: "\n").sorted() == Self.mask(expected.stdout).split(separator: "\n").sorted(),
                        "stdout of \(label)\naws: \(expected)\nsmsh: \(actual)")
            } else {
                #expect(Self.mask(actual.stdout) == Self.mask(expected.stdout), "stdout of \(label)\naws: \(expected)\nsmsh: \(actual)")
            }
            #expect(Self.mask(actual.stderr) == Self.mask(expected.stderr), "stderr of \(label)\naws: \(expected)\nsmsh: \(actual)")
            #expect(actual.status == Self.v2Code(expected), "exit of \(label): aws \(expected.status), smsh \(actual.status)")
        }
    }

    @Test(arguments: SecretsModel.Operation.allCases.map(\.cliName))
    func inputSkeletonsMatch(_ operation: String) async throws {
        guard let aws = Self.aws else {
            Issue.record("the aws CLI is not on PATH")
            return
        }
        let env = try TestEnvironment()
        defer { env.remove() }
        let expected = try await Self.run(aws, ["secretsmanager", operation, "--generate-cli-skeleton", "input"], env: env.environment)
        let actual = try await Self.run(smshBinary.path,
                                        ["aws", "secretsmanager", operation, "--generate-cli-skeleton", "input"], env: env.environment)
        #expect(expected.status == 0)
        #expect(actual.status == 0)
        // botocore's ArgumentGenerator fills an enum member with random.choice of its values
        // (list-secrets: Filters Key, SortOrder, SortBy), so those values are masked.
        let enumMember = #"("(Key|SortOrder|SortBy)": )"[a-z-]+""#
        #expect(actual.stdout.replacingOccurrences(of: enumMember, with: "$1ENUM", options: .regularExpression)
                == expected.stdout.replacingOccurrences(of: enumMember, with: "$1ENUM", options: .regularExpression))
    }

    /// A usage error exits 252 (the aws CLI v2's code), and nothing reaches the server.
    @Test func usageErrorsExit252() async throws {
        let env = try TestEnvironment()
        defer { env.remove() }
        // No server listens here: a request would fail with 255, not 252.
        let refusing = try RefusingPort()
        defer { withExtendedLifetime(refusing) {} }
        let nowhere = refusing.url
        for args in [["replicate-secret-to-regions", "--secret-id", "X", "--add-replica-regions", "Region="],
                     ["replicate-secret-to-regions", "--secret-id", "X"],
                     ["describe-secret", "--secret-id", "X", "--bogus"],
                     ["describe-secret", "--cli-input-json", "{nope"],
                     ["list-secrets", "--filters", "Key=name,Values=a", "--max-results", "ten"]] {
            let r = try await Self.run(smshBinary.path,
                                       ["aws", "secretsmanager"] + args + ["--backend", "aws", "--endpoint-url", nowhere],
                                       env: env.environment)
            #expect(r.status == 252, "\(args): \(r)")
            #expect(r.stderr.hasPrefix("smsh aws: error: "), "\(args): \(r)")
            #expect(r.stdout.isEmpty)
        }
    }
}
