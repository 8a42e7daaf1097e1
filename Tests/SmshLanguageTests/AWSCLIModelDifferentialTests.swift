import Foundation
import SecretsCore
import SecretsModel
import Testing
import TestSupport
@testable import SmshLanguage
@testable import AWSCLI

/// Every operation of the service model, written as aws CLI lines, gives the request body that
/// awscli's own driver builds for the same line (scripts/botocore-bodies.py captures it before it
/// would be sent): scalars, `--no-` booleans, string lists, shorthand and JSON structures and
/// lists of them, blobs from text and `fileb://`, `file://` text and `--cli-input-json`.
struct AWSCLIModelDifferentialTests {
    static let lines: [String] = [
        "batch-get-secret-value --secret-id-list a b arn:aws:secretsmanager:us-east-1:123456789012:secret:c-AbCdEf",
        "batch-get-secret-value --filters Key=name,Values=prod/ Key=tag-key,Values=env,team --max-results 5 --next-token tok",
        "cancel-rotate-secret --secret-id MyTestSecret",
        "create-secret --name n --secret-string s --description d --kms-key-id alias/k --tags Key=env,Value=prod Key=team,Value= --add-replica-regions Region=eu-west-3,KmsKeyId=alias/x Region=ap-south-1 --force-overwrite-replica-secret --client-request-token 0123456789abcdef0123456789abcdef",
        "create-secret --name b --secret-binary hello --no-force-overwrite-replica-secret --type t",
        "create-secret --name f --secret-binary fileb://BLOB --tags '[{\"Key\": \"k\", \"Value\": \"v\"}]'",
        "create-secret --name g --secret-string file://TEXT",
        "delete-resource-policy --secret-id MyTestSecret",
        "delete-secret --secret-id MyTestSecret --recovery-window-in-days 7",
        "delete-secret --secret-id MyTestSecret --force-delete-without-recovery",
        "describe-secret --secret-id MyTestSecret",
        "get-random-password --password-length 20 --exclude-characters abc --exclude-numbers --no-exclude-punctuation --exclude-uppercase --exclude-lowercase --include-space --require-each-included-type",
        "get-random-password",
        "get-resource-policy --secret-id MyTestSecret",
        "get-secret-value --secret-id MyTestSecret --version-stage AWSPREVIOUS",
        "get-secret-value --secret-id MyTestSecret --version-id 0123456789abcdef0123456789abcdef",
        "list-secret-version-ids --secret-id MyTestSecret --max-results 3 --next-token t --include-deprecated",
        "list-secret-version-ids --secret-id MyTestSecret --no-include-deprecated",
        "list-secrets --include-planned-deletion --max-results 10 --filters Key=name,Values=a,b Key=primary-region,Values=us-west-2 --sort-order asc --sort-by name",
        "list-secrets --filters '{\"Key\": \"all\", \"Values\": [\"x\"]}' '{\"Key\": \"tag-value\", \"Values\": [\"y\"]}'",
        "put-resource-policy --secret-id MyTestSecret --resource-policy '{\"Version\":\"2012-10-17\"}' --block-public-policy",
        "put-resource-policy --secret-id MyTestSecret --resource-policy file://TEXT --no-block-public-policy",
        "put-secret-value --secret-id MyTestSecret --secret-string v --version-stages AWSCURRENT custom --client-request-token 0123456789abcdef0123456789abcdef",
        "put-secret-value --secret-id MyTestSecret --secret-binary fileb://BLOB --rotation-token 01234567-89ab-cdef-0123-456789abcdef",
        "remove-regions-from-replication --secret-id MyTestSecret --remove-replica-regions eu-west-3 ap-south-1",
        "remove-regions-from-replication --secret-id MyTestSecret --remove-replica-regions '[\"eu-west-3\"]'",
        "replicate-secret-to-regions --secret-id MyTestSecret --add-replica-regions Region=eu-west-3,KmsKeyId=alias/x Region=ap-south-1 --force-overwrite-replica-secret",
        "replicate-secret-to-regions --secret-id MyTestSecret --add-replica-regions '[{\"Region\": \"eu-west-1\"}]' --no-force-overwrite-replica-secret",
        "replicate-secret-to-regions --cli-input-json '{\"SecretId\": \"X\", \"AddReplicaRegions\": [{\"Region\": \"eu-west-2\"}]}' --force-overwrite-replica-secret",
        "restore-secret --secret-id MyTestSecret",
        "rotate-secret --secret-id MyTestSecret --rotation-lambda-arn arn:aws:lambda:us-east-1:123456789012:function:rot --rotation-rules AutomaticallyAfterDays=30,Duration=2h --rotate-immediately",
        "rotate-secret --secret-id MyTestSecret --rotation-rules '{\"ScheduleExpression\": \"rate(10 days)\"}' --no-rotate-immediately --external-secret-rotation-metadata Key=a,Value=b --external-secret-rotation-role-arn arn:aws:iam::123456789012:role/r",
        "rotate-secret --secret-id MyTestSecret --rotation-rules 'ScheduleExpression=cron(0 16 1 * ? *)'",
        "stop-replication-to-replica --secret-id MyTestSecret",
        "tag-resource --secret-id MyTestSecret --tags Key=env,Value=prod Key=owner,Value=me",
        "tag-resource --secret-id MyTestSecret --tags '[{\"Key\": \"a\", \"Value\": \"b\"}]'",
        "untag-resource --secret-id MyTestSecret --tag-keys env owner",
        "update-secret --secret-id MyTestSecret --description d --kms-key-id alias/k --secret-string s --type t",
        "update-secret --secret-id MyTestSecret --secret-binary raw-bytes",
        "update-secret-version-stage --secret-id MyTestSecret --version-stage AWSCURRENT --move-to-version-id 0123456789abcdef0123456789abcdef --remove-from-version-id fedcba9876543210fedcba9876543210",
        "validate-resource-policy --resource-policy '{\"Version\":\"2012-10-17\"}' --secret-id MyTestSecret",
    ]

    @Test func everyOperationGivesTheBodyAwscliBuilds() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smsh-model-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data([0, 1, 2, 250, 255]).write(to: dir.appendingPathComponent("blob.bin"))
        try "text from a file".write(to: dir.appendingPathComponent("text.txt"), atomically: true, encoding: .utf8)
        let lines = Self.lines.map {
            "aws secretsmanager " + $0.replacingOccurrences(of: "fileb://BLOB", with: "fileb://" + dir.appendingPathComponent("blob.bin").path)
                .replacingOccurrences(of: "file://TEXT", with: "file://" + dir.appendingPathComponent("text.txt").path)
                + " --region us-east-1"
        }
        let covered = Set(lines.compactMap { $0.split(separator: " ").dropFirst(2).first.map(String.init) })
        #expect(covered == Set(ServiceModel.operations.map(\.cliName)), "every operation has a line")

        let input = dir.appendingPathComponent("lines.json")
        try JSONValue.array(lines.map { .string($0) }).compactText().write(to: input, atomically: true, encoding: .utf8)
        let script = repositoryRoot.appendingPathComponent("scripts/botocore-bodies.py").path
        let result = try await offThePool { try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script, input.path]) }
        #expect(result.status == 0, "\(result)")
        guard case .array(let theirs) = try JSONValue.parse(result.stdout) else { return }
        #expect(theirs.count == lines.count)
        for (line, botocore) in zip(lines, theirs) {
            if let e = botocore["error"] {
                Issue.record("awscli refused \(line): \(e)")
                continue
            }
            let ours = try AWSCLILine.parse(ShellWords.scan(Array(line.utf8), from: 0).words, directory: nil)
            // awscli fills ClientRequestToken with a fresh UUID when it is not given; so does smsh,
            // when it sends.
            var sent = botocore["body"] ?? .null
            if case .object(let members) = sent, ours.body["ClientRequestToken"] == nil {
                sent = .object(members.filter { $0.0 != "ClientRequestToken" })
            }
            #expect(ours.body == sent, "\(line)\n smsh:   \(ours.body.compactText())\n awscli: \(sent.compactText())")
            #expect(botocore["target"]?.stringValue == ours.operation.target, "\(line)")
        }
    }
}
