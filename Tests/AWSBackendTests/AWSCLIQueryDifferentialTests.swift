import Foundation
import Testing
import TestSupport

/// Issue 14: runbook lines with `--query`, the output formats, paging and the global options give
/// the same stdout from `aws secretsmanager ...` (awscli 1.x, against moto) and from
/// `smsh aws secretsmanager ...` (against a moto_server of its own, and against the simulator),
/// all holding the same secrets, and exit codes that agree
/// under the v2 contract smsh follows (awscli 1.x's 2 is 252, its 255 for a service error 254).
@Suite(.serialized) struct AWSCLIQueryDifferentialTests {
    struct Line: Sendable, CustomStringConvertible {
        let args: [String]
        /// Options awscli 1.x does not know (v2's): smsh runs the line with them, the aws CLI without.
        var smshOnly: [String] = []
        var description: String { (args + smshOnly).joined(separator: " ") }
    }

    static let setup: [[String]] = [
        ["create-secret", "--name", "prod/db", "--secret-string", #"{"user":"app","password":"pw"}"#, "--description", "primary db",
         "--tags", "Key=env,Value=prod", "Key=team,Value=db", "--add-replica-regions", "Region=eu-west-3", "Region=ap-south-1"],
        ["create-secret", "--name", "prod/api", "--secret-string", "k3y", "--tags", "Key=env,Value=prod"],
        ["create-secret", "--name", "stage/db", "--secret-string", "s", "--tags", "Key=env,Value=stage"],
        ["create-secret", "--name", "dev/one", "--secret-string", "1"],
        ["create-secret", "--name", "dev/two", "--secret-string", "2"],
    ]

    static let q = "--query"

    /// The table: every option of the issue, the runbook idioms first.
    static let lines: [Line] = [
        Line(args: ["describe-secret", "--secret-id", "prod/db", q, "ARN", "--output", "text"]),
        Line(args: ["describe-secret", "--secret-id", "prod/db", q, "ReplicationStatus[?Status!=`InSync`].Region", "--output", "text"]),
        Line(args: ["describe-secret", "--secret-id", "prod/db", q, "ReplicationStatus[].Region", "--output", "text"]),
        Line(args: ["describe-secret", "--secret-id", "prod/db", q, "ReplicationStatus[].[Region, Status]", "--output", "text"]),
        Line(args: ["describe-secret", "--secret-id", "prod/db", q, "ReplicationStatus[].{R: Region, S: Status}", "--output", "table"]),
        Line(args: ["describe-secret", "--secret-id", "prod/db", q, "ReplicationStatus[].{R: Region, S: Status}"]),
        Line(args: ["describe-secret", "--secret-id", "prod/db", q, "Tags[?Key=='env'].Value | [0]", "--output", "text"]),
        Line(args: ["describe-secret", "--secret-id", "prod/db", q, "length(Tags)"]),
        Line(args: ["describe-secret", "--secret-id", "prod/db", q, "{name: Name, desc: Description, regions: length(ReplicationStatus)}"]),
        Line(args: ["describe-secret", "--secret-id", "prod/db", q, "{name: Name, desc: Description}", "--output", "text"]),
        Line(args: ["describe-secret", "--secret-id", "prod/db", q, "sort_by(Tags, &Key)[].Key", "--output", "text"]),
        Line(args: ["describe-secret", "--secret-id", "prod/db", q, "join(', ', sort(ReplicationStatus[].Region))", "--output", "text"]),
        Line(args: ["describe-secret", "--secret-id", "prod/db", q, "contains(ReplicationStatus[].Region, 'eu-west-3')", "--output", "text"]),
        Line(args: ["describe-secret", "--secret-id", "prod/db", q, "to_string(length(ReplicationStatus))"]),
        Line(args: ["describe-secret", "--secret-id", "prod/db", q, "Missing", "--output", "text"]),
        Line(args: ["describe-secret", "--secret-id", "prod/db", q, "Missing"]),
        Line(args: ["describe-secret", "--secret-id", "prod/db", q, "Name", "--output", "table"]),
        Line(args: ["describe-secret", "--secret-id", "prod/db", q, "[Name, Description]", "--output", "table"]),
        Line(args: ["get-secret-value", "--secret-id", "prod/api", q, "SecretString", "--output", "text"]),
        Line(args: ["get-secret-value", "--secret-id", "prod/api", q, "[Name, SecretString]", "--output", "text"]),
        Line(args: ["list-secrets", q, "SecretList[].Name", "--output", "text"]),
        Line(args: ["list-secrets", q, "SecretList[?starts_with(Name, 'prod/')].Name"]),
        Line(args: ["list-secrets", q, "length(SecretList)"]),
        Line(args: ["list-secrets", q, "max_by(SecretList, &Name).Name", "--output", "text"]),
        Line(args: ["list-secrets", "--page-size", "2", q, "SecretList[].Name", "--output", "text"]),
        Line(args: ["list-secrets", "--page-size", "2", q, "SecretList[].Name"]),
        Line(args: ["list-secrets", "--max-items", "2", q, "SecretList[].Name", "--output", "text"]),
        Line(args: ["list-secrets", "--max-items", "2", q, "[SecretList[].Name, NextToken]"]),
        Line(args: ["list-secrets", "--max-items", "3", "--page-size", "2", q, "SecretList[].[Name]", "--output", "text"]),
        Line(args: ["list-secrets", "--starting-token", "eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAyfQ==",
                    q, "SecretList[].Name", "--output", "text"]),
        Line(args: ["list-secrets", "--starting-token", "eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAyfQ==",
                    "--max-items", "2", q, "[SecretList[].Name, NextToken]"]),
        Line(args: ["list-secrets", "--no-paginate", q, "SecretList[].Name", "--output", "text"]),
        Line(args: ["list-secrets", "--max-results", "2", q, "SecretList[].Name", "--output", "text"]),
        Line(args: ["describe-secret", "--secret-id", "prod/db", "--region", "eu-west-3", q, "[Name, PrimaryRegion]", "--output", "text"]),
        Line(args: ["describe-secret", "--secret-id", "prod/db", "--profile", "dev", q, "Name", "--output", "text"]),
        Line(args: ["describe-secret", "--secret-id", "prod/db", "--debug", q, "Name", "--output", "text"]),
        Line(args: ["describe-secret", "--secret-id", "prod/db", "--cli-read-timeout", "30", "--cli-connect-timeout", "5", q, "Name"]),
        Line(args: ["describe-secret", "--secret-id", "prod/db", "--no-verify-ssl", "--ca-bundle", "/dev/null", q, "Name"]),
        Line(args: ["describe-secret", "--secret-id", "prod/db", "--color", "off", q, "Name"], smshOnly: ["--no-cli-pager"]),
        // Errors: a query that does not compile (usage), one that fails on the result, a service error.
        Line(args: ["describe-secret", "--secret-id", "prod/db", q, "length(Name"]),
        Line(args: ["describe-secret", "--secret-id", "prod/db", q, "length(`1`)"]),
        Line(args: ["describe-secret", "--secret-id", "nope/nope", q, "ARN", "--output", "text"]),
        Line(args: ["list-secrets", "--max-items", "zero"]),
    ]

    /// ARN suffixes, UUIDs, epoch dates.
    static func mask(_ s: String) -> String { AWSCLIDifferentialTests.mask(s) }

    /// smsh on moto (its aws backend) and on the simulator (its default backend).
    enum SmshBackend: String, Sendable, CaseIterable { case moto, simulator }

    @Test(arguments: SmshBackend.allCases)
    func runbookLinesMatchTheAWSCLI(_ backend: SmshBackend) async throws {
        #expect(Self.lines.count >= 30)
        guard let aws = AWSCLIDifferentialTests.aws else {
            Issue.record("the aws CLI is not on PATH (scripts/test installs awscli)")
            return
        }
        let env = try TestEnvironment(extra: ["AWS_PAGER": "", "AWS_DEFAULT_OUTPUT": ""],
                                      config: "[profile dev]\nregion = us-west-2\n",
                                      credentials: "[dev]\naws_access_key_id = test\naws_secret_access_key = test\n")
        defer { env.remove() }
        let motoForAWS = try await offThePool { try MotoProcess.own() }
        let motoForSmsh = try await offThePool { try MotoProcess.own() }
        defer { motoForAWS.stop(); motoForSmsh.stop() }
        let smshBackend = backend == .moto
            ? ["--backend", "aws", "--endpoint-url", motoForSmsh.url.absoluteString]
            : ["--state", env.directory.appendingPathComponent("state.sqlite").path, "--replication-delay", "0"]
        func both(_ args: [String], smshOnly: [String] = []) async throws -> (ProcessResult, ProcessResult) {
            let expected = try await AWSCLIDifferentialTests.run(aws, ["--endpoint-url", motoForAWS.url.absoluteString, "--region", "us-west-2",
                                                                      "secretsmanager"] + args, env: env.environment)
            let actual = try await AWSCLIDifferentialTests.run(smshBinary.path, ["aws", "--region", "us-west-2", "secretsmanager"] + args + smshOnly
                                                               + smshBackend, env: env.environment)
            return (expected, actual)
        }
        for step in Self.setup {
            let (expected, actual) = try await both(step)
            try #require(expected.status == 0 && actual.status == 0, "setup \(step): \(expected) \(actual)")
        }
        for line in Self.lines {
            let (expected, actual) = try await both(line.args, smshOnly: line.smshOnly)
            #expect(Self.mask(actual.stdout) == Self.mask(expected.stdout), "stdout of \(line)\naws: \(expected)\nsmsh: \(actual)")
            #expect(actual.status == AWSCLIDifferentialTests.v2Code(expected), "exit of \(line): aws \(expected.status), smsh \(actual.status)\n\(actual.stderr)")
        }
    }

    /// A token smsh prints resumes where it stopped, in smsh and in the aws CLI alike.
    @Test func aResumeTokenFromSmshWorksInTheAWSCLI() async throws {
        guard let aws = AWSCLIDifferentialTests.aws else {
            Issue.record("the aws CLI is not on PATH")
            return
        }
        let env = try TestEnvironment(extra: ["AWS_PAGER": ""])
        defer { env.remove() }
        let moto = try await offThePool { try MotoProcess.own() }
        defer { moto.stop() }
        let smsh = { (args: [String]) in
            try await AWSCLIDifferentialTests.run(smshBinary.path, ["aws", "--region", "us-west-2", "secretsmanager"] + args
                                                  + ["--backend", "aws", "--endpoint-url", moto.url.absoluteString], env: env.environment)
        }
        for step in Self.setup { #expect(try await smsh(step).status == 0) }
        // JSON: the text format would apply the query page by page, printing None for each page.
        let first = try await smsh(["list-secrets", "--page-size", "2", "--max-items", "3", "--query", "NextToken"])
        let token = first.stdout.trimmingCharacters(in: CharacterSet(charactersIn: "\"\n"))
        #expect(first.status == 0 && token.count > 8, "\(first)")
        let rest = ["list-secrets", "--starting-token", token, "--query", "SecretList[].Name", "--output", "text"]
        let fromSmsh = try await smsh(rest)
        let fromAWS = try await AWSCLIDifferentialTests.run(aws, ["--endpoint-url", moto.url.absoluteString, "--region", "us-west-2",
                                                                  "secretsmanager"] + rest, env: env.environment)
        #expect(fromSmsh.status == 0 && fromAWS.status == 0)
        #expect(fromSmsh.stdout == fromAWS.stdout)
        #expect(fromSmsh.stdout.split(separator: "\t").count == 2, "the last 2 of 5 secrets: \(fromSmsh.stdout)")
    }
}
