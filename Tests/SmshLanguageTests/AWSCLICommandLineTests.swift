import Foundation
import SecretsCore
import Testing
@testable import SmshLanguage

/// `smsh aws ...` on the embedded simulator, and aws lines among other statements.
struct AWSCLICommandLineTests {
    static func state() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("smsh-awscli-\(UUID().uuidString).db").path
    }

    @Test func answersLikeTheAWSCLI() async throws {
        let state = Self.state()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let common = ["--state", state, "--replication-delay", "0"]
        let created = try await CommandLineTests.smsh(["aws", "secretsmanager", "create-secret", "--name", "Cli", "--secret-string", "v",
                                                       "--region", "us-west-2"] + common)
        #expect(created.status == 0, "\(created.stderr)")
        let v = try JSONValueParse.parse(created.stdout)
        #expect(v["Name"] == .string("Cli"))
        // 4-space indentation, as json.dump(indent=4).
        #expect(created.stdout.hasPrefix("{\n    \"ARN\": \"arn:aws:secretsmanager:us-west-2:"))

        let missing = try await CommandLineTests.smsh(["aws", "secretsmanager", "describe-secret", "--secret-id", "Nope", "--region", "us-west-2"] + common)
        #expect(missing.status == 254)
        #expect(missing.stdout.isEmpty)
        #expect(missing.stderr == "\nAn error occurred (ResourceNotFoundException) when calling the DescribeSecret operation: Secrets Manager can't find the specified secret.\n")

        let text = try await CommandLineTests.smsh(["aws", "secretsmanager", "get-secret-value", "--secret-id", "Cli", "--region", "us-west-2",
                                                    "--output", "text"] + common)
        #expect(text.status == 0)
        let fields = text.stdout.split(separator: "\t")
        #expect(fields.count == 6, "\(text.stdout)")
        #expect(fields.contains("v"))
        #expect(text.stdout.hasSuffix("\n"))

        let usage = try await CommandLineTests.smsh(["aws", "secretsmanager", "replicate-secret-to-regions", "--secret-id", "Cli",
                                                     "--add-replica-regions", "Region=[eu-west-3"] + common)
        #expect(usage.status == 252)
        #expect(usage.stderr.hasPrefix("smsh aws: error: argument --add-replica-regions: bad shorthand"))

        let skeleton = try await CommandLineTests.smsh(["aws", "secretsmanager", "replicate-secret-to-regions", "--generate-cli-skeleton", "output"])
        #expect(skeleton.status == 0)
        #expect(skeleton.stdout.contains("\"ReplicationStatus\": ["))
    }

    /// The REPL asks for another line by the shell's rules for an aws line.
    @Test func incompleteAWSLines() {
        #expect(Parser.isIncomplete("aws secretsmanager create-secret --name X --secret-string 'open"))
        #expect(Parser.isIncomplete("aws secretsmanager replicate-secret-to-regions --secret-id X \\"))
        #expect(Parser.isIncomplete("explain aws secretsmanager describe-secret --secret-id \"open"))
        #expect(!Parser.isIncomplete("aws secretsmanager put-secret-value --secret-id X --secret-string it\\'s"))
        #expect(!Parser.isIncomplete("aws secretsmanager list-secrets --filters Key=name,Values=[a"))
        #expect(!Parser.isIncomplete("aws secretsmanager create-secret --name X --secret-string 'a\nb'"))
        #expect(Parser.isIncomplete("if true {"))
    }

    @Test func awsIsStillAWordWhereAValueIsExpected() async throws {
        let r = try await Harness.run("print aws + 1\nprint [aws, x]")
        #expect(r.exit == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("aws1\n"), "\(r.stdout)")
    }

    @Test func awsLinesInBlocksAndAfterSemicolons() async throws {
        let r = try await Harness.run("""
        use region us-west-2
        if true { aws secretsmanager create-secret --name InBlock --secret-string v }
        let n = 0; aws secretsmanager describe-secret --secret-id InBlock; print "after"
        print (aws secretsmanager describe-secret --secret-id InBlock).Name
        """)
        #expect(r.exit == 0, "\(r.stderr)")
        #expect(r.stdout == "after\nInBlock\n")
    }
}

typealias SecretsCoreJSON = SecretsCore.JSONValue
enum JSONValueParse {
    static func parse(_ s: String) throws -> SecretsCoreJSON { try SecretsCoreJSON.parse(s) }
}
