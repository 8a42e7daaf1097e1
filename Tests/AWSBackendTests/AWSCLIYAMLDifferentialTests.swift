import Foundation
import SecretsCore
import Testing
import TestSupport

/// `smsh aws ... --output yaml|yaml-stream` against the aws CLI v2's formatter reproduced on
/// ruamel.yaml (scripts/aws-v2-yaml.py; awscli 1.x has no yaml), over what the simulator answers:
/// every operation, and the --query results of the runbook table. Each line runs once a format
/// (json, yaml, yaml-stream), each on a copy of the same simulator state; the formatter turns the
/// json document into yaml, and the bytes must agree once what the line itself makes at random
/// (a new version id, dates, a random password) is masked.
@Suite(.serialized) struct AWSCLIYAMLDifferentialTests {
    static let formatter = repositoryRoot.appendingPathComponent("scripts/aws-v2-yaml.py").path

    static let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}"#

    /// Strings that YAML quotes, folds or escapes, in the places a response carries them.
    static let setup: [[String]] = AWSCLIQueryDifferentialTests.setup + [
        ["create-secret", "--name", "yaml/tricky", "--secret-string", "true",
         "--description", "Runbook: rotate the db password, then replicate it to eu-west-3 and ap-south-1 - check 'InSync' first #ops",
         "--tags",
         #"[{"Key": "on", "Value": "2024-01-01"}, {"Key": "quote", "Value": "it's: \"here\""}, {"Key": "empty", "Value": ""}, {"Key": "é", "Value": "漢字 😀"}]"#],
    ]

    /// Every operation, in an order in which each succeeds on the simulator (and a few failures).
    static let operations: [[String]] = [
        ["describe-secret", "--secret-id", "yaml/tricky"],
        ["get-secret-value", "--secret-id", "yaml/tricky"],
        ["list-secrets"],
        ["list-secrets", "--filters", "Key=tag-key,Values=quote"],
        ["batch-get-secret-value", "--secret-id-list", "prod/api", "stage/db", "nope/nope"],
        ["get-random-password", "--password-length", "20", "--exclude-punctuation"],
        ["put-secret-value", "--secret-id", "dev/one", "--secret-string", "next", "--version-stages", "AWSCURRENT", "blue",
         "--client-request-token", "11111111-2222-3333-4444-555555555555"],
        ["list-secret-version-ids", "--secret-id", "dev/one", "--include-deprecated"],
        ["update-secret-version-stage", "--secret-id", "dev/one", "--version-stage", "blue",
         "--remove-from-version-id", "11111111-2222-3333-4444-555555555555"],
        ["update-secret", "--secret-id", "dev/one", "--description", "null"],
        ["tag-resource", "--secret-id", "dev/one", "--tags", "Key=yes,Value=no", "Key=n,Value=1.5"],
        ["untag-resource", "--secret-id", "dev/one", "--tag-keys", "n"],
        ["describe-secret", "--secret-id", "dev/one"],
        ["put-resource-policy", "--secret-id", "dev/one", "--resource-policy", policy],
        ["get-resource-policy", "--secret-id", "dev/one"],
        ["validate-resource-policy", "--resource-policy", policy],
        ["delete-resource-policy", "--secret-id", "dev/one"],
        ["rotate-secret", "--secret-id", "dev/two", "--rotation-lambda-arn", "arn:aws:lambda:us-west-2:123456789012:function:rotate",
         "--rotation-rules", "AutomaticallyAfterDays=30", "--no-rotate-immediately"],
        ["cancel-rotate-secret", "--secret-id", "dev/two"],
        ["replicate-secret-to-regions", "--secret-id", "dev/two", "--add-replica-regions", "Region=eu-west-1"],
        ["describe-secret", "--secret-id", "dev/two"],
        ["stop-replication-to-replica", "--secret-id", "dev/two", "--region", "eu-west-1"],
        ["remove-regions-from-replication", "--secret-id", "prod/db", "--remove-replica-regions", "ap-south-1"],
        ["delete-secret", "--secret-id", "dev/two", "--recovery-window-in-days", "7"],
        ["describe-secret", "--secret-id", "dev/two"],
        ["restore-secret", "--secret-id", "dev/two"],
        ["describe-secret", "--secret-id", "nope/nope"],
    ]

    /// The runbook table's lines with their own output format taken out.
    static var runbook: [[String]] {
        AWSCLIQueryDifferentialTests.lines.map { line in
            var args = line.args
            if let i = args.firstIndex(of: "--output") { args.removeSubrange(i...i + 1) }
            return args
        }
    }

    static func mask(_ s: String) -> String {
        AWSCLIDifferentialTests.mask(s).replacingOccurrences(of: #"(RandomPassword: )\S+"#, with: "$1PASSWORD", options: .regularExpression)
    }

    struct Check { let label: String; let format: String; let input: String; let actual: ProcessResult; let expectEmpty: Bool }

    @Test func simulatorResponsesPrintAsTheCLIV2PrintsThem() async throws {
        let env = try TestEnvironment(extra: ["AWS_PAGER": "", "AWS_DEFAULT_OUTPUT": ""],
                                      config: "[profile dev]\nregion = us-west-2\n",
                                      credentials: "[dev]\naws_access_key_id = test\naws_secret_access_key = test\n")
        defer { env.remove() }
        let states = ["json", "yaml", "yaml-stream"].map { env.directory.appendingPathComponent("state-\($0).sqlite").path }
        func smsh(_ args: [String], state: String) async throws -> ProcessResult {
            try await AWSCLIDifferentialTests.run(smshBinary.path, ["aws", "--region", "us-west-2", "secretsmanager"] + args
                                                  + ["--state", state, "--replication-delay", "0"], env: env.environment)
        }
        for step in Self.setup { try #require(try await smsh(step, state: states[0]).status == 0, "setup \(step)") }
        /// The yaml states become copies of the json one (smsh has closed it: its WAL is checkpointed).
        func copyState() throws {
            let fm = FileManager.default
            for copy in states.dropFirst() {
                for suffix in ["", "-wal", "-shm"] {
                    try? fm.removeItem(atPath: copy + suffix)
                    if fm.fileExists(atPath: states[0] + suffix) { try fm.copyItem(atPath: states[0] + suffix, toPath: copy + suffix) }
                }
            }
        }
        var checks: [Check] = []
        var documents = 0
        for args in Self.operations + Self.runbook {
            let label = args.joined(separator: " ")
            try copyState()
            let json = try await smsh(args + ["--output", "json"], state: states[0])
            let yaml = try await smsh(args + ["--output", "yaml"], state: states[1])
            let stream = try await smsh(args + ["--output", "yaml-stream"], state: states[2])
            #expect(yaml.status == json.status && stream.status == json.status, "exit of \(label): \(json.status) \(yaml.status) \(stream.status)")
            let doc = json.stdout.isEmpty ? "{}" : json.stdout
            if json.status == 0 { documents += 1 }
            // Every operation line answers but the one about a secret that does not exist.
            if Self.operations.contains(args) && !label.contains("nope/nope") { #expect(json.status == 0, "\(label): \(json)") }
            checks.append(Check(label: label, format: "yaml", input: #"{"format": "yaml", "doc": \#(doc)}"#, actual: yaml,
                                expectEmpty: json.status != 0))
            // A paginated line's pages are compared below; here the lines that are one response.
            let paginated = args.first == "list-secrets" && !args.contains("--no-paginate") && !args.contains("--max-results")
            if !paginated {
                checks.append(Check(label: label, format: "yaml-stream", input: #"{"format": "yaml-stream", "pages": [\#(doc)]}"#,
                                    actual: stream, expectEmpty: json.status != 0))
            }
        }
        // yaml-stream of a paginated list: each page, the query applied to it. The pages are read
        // with --max-results and --next-token, one request each, as the CLI's paginator reads them.
        for query in [nil, "SecretList[].Name"] {
            var pages: [String] = []
            var token: String?
            repeat {
                var args = ["list-secrets", "--max-results", "2"] + (token.map { ["--next-token", $0] } ?? [])
                let page = try await smsh(args + ["--query", "NextToken", "--output", "text"], state: states[0])
                try #require(page.status == 0, "\(page)")
                if let query { args += ["--query", query] }
                pages.append(try await smsh(args, state: states[0]).stdout)
                let next = page.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                token = next == "None" ? nil : next
            } while token != nil && pages.count < 10
            #expect(pages.count >= 3)
            try copyState()
            let args = ["list-secrets", "--page-size", "2"] + (query.map { ["--query", $0] } ?? []) + ["--output", "yaml-stream"]
            checks.append(Check(label: args.joined(separator: " "), format: "yaml-stream",
                                input: #"{"format": "yaml-stream", "pages": [\#(pages.joined(separator: ","))]}"#,
                                actual: try await smsh(args, state: states[2]), expectEmpty: false))
        }

        let input = checks.map { $0.input.replacingOccurrences(of: "\n", with: " ") }.joined(separator: "\n") + "\n"
        let r = try await offThePool { try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", Self.formatter], stdin: input) }
        try #require(r.status == 0, "the aws CLI v2 formatter did not run (scripts/test installs ruamel.yaml): \(r.stderr)")
        let expected = try r.stdout.split(separator: "\n").map { try JSONValue.parse(String($0)).stringValue ?? "" }
        try #require(expected.count == checks.count)
        for (c, want) in zip(checks, expected) {
            let wanted = c.expectEmpty ? "" : want
            #expect(Self.mask(c.actual.stdout) == Self.mask(wanted), "\(c.format) of \(c.label)\n--- v2 formatter\n\(wanted)--- smsh\n\(c.actual)")
        }
        // What the differential covered: the report quotes these numbers.
        #expect(documents >= 60, "\(documents) documents")
        print("yaml differential: \(checks.count) comparisons over \(documents) response documents")
    }
}
