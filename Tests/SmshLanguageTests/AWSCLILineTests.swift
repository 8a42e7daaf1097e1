import Foundation
import SecretsCore
import Testing
@testable import SmshLanguage
@testable import AWSCLI

/// How an aws line's words become a request, by awscli's rules.
struct AWSCLILineTests {
    static func parse(_ line: String, files: [String: String] = [:]) throws -> AWSCLICommand {
        let words = try ShellWords.scan(Array(line.utf8), from: 0).words
        return try AWSCLILine.parse(words, read: { path in
            guard let text = files[path] else { throw CocoaError(.fileReadNoSuchFile) }
            return Array(text.utf8)
        })
    }

    /// A script is parsed before it runs; the files its aws lines name are read when they run.
    @Test func filesAreReadWhenTheLineRuns() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smsh-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let line = "aws secretsmanager replicate-secret-to-regions --cli-input-json file://in.json --force-overwrite-replica-secret"
        let words = try ShellWords.scan(Array(line.utf8), from: 0).words
        let parsed = try AWSCLILine.parse(words, read: nil, directory: dir.path)
        #expect(parsed.readsFiles)
        #expect(parsed.body == .object([("ForceOverwriteReplicaSecret", .bool(true))]))
        #expect(throws: AWSCLIUsageError.self) { try parsed.resolved() }
        try #"{"SecretId": "S", "AddReplicaRegions": [{"Region": "eu-west-3"}]}"#
            .write(to: dir.appendingPathComponent("in.json"), atomically: true, encoding: .utf8)
        let resolved = try parsed.resolved()
        #expect(!resolved.readsFiles)
        #expect(resolved.body == (try JSONValue.parse(#"{"ForceOverwriteReplicaSecret": true, "SecretId": "S", "AddReplicaRegions": [{"Region": "eu-west-3"}]}"#)))
        // What the file holds is checked when it is read.
        try #"{"SecretId": "S"}"#.write(to: dir.appendingPathComponent("in.json"), atomically: true, encoding: .utf8)
        #expect(throws: AWSCLIUsageError(message: "Parameter validation failed:\nMissing required parameter in input: \"AddReplicaRegions\"",
                                         range: words[4].range)) { try parsed.resolved() }
    }

    @Test func globalOptionsAnywhereAndInlineValues() throws {
        let c = try Self.parse("aws --region eu-west-1 secretsmanager describe-secret --secret-id=X --output=text")
        #expect(c.operation == .describeSecret)
        #expect(c.region == "eu-west-1")
        #expect(c.output == "text")
        #expect(c.body == .object([("SecretId", .string("X"))]))
    }

    /// Explicit arguments come first, in model order, then the input document's other members;
    /// an explicit argument wins over the same member of the document.
    @Test func explicitArgumentsOverrideTheInputDocument() throws {
        let c = try Self.parse(#"aws secretsmanager replicate-secret-to-regions --cli-input-json '{"ForceOverwriteReplicaSecret": true, "SecretId": "A"}' --add-replica-regions Region=eu-west-3 --secret-id B"#)
        guard case .object(let m) = c.body else { Issue.record("not an object"); return }
        #expect(m.map(\.0) == ["SecretId", "AddReplicaRegions", "ForceOverwriteReplicaSecret"])
        #expect(c.body["SecretId"] == .string("B"))
        #expect(c.body["ForceOverwriteReplicaSecret"] == .bool(true))
    }

    @Test func yamlInputFromAFile() throws {
        let yaml = "SecretId: FromYaml\nAddReplicaRegions:\n  - Region: eu-west-1\n"
        let c = try Self.parse("aws secretsmanager replicate-secret-to-regions --cli-input-yaml file://in.yaml --no-force-overwrite-replica-secret",
                               files: ["in.yaml": yaml])
        #expect(c.body == (try JSONValue.parse(#"{"SecretId": "FromYaml", "AddReplicaRegions": [{"Region": "eu-west-1"}], "ForceOverwriteReplicaSecret": false}"#)))
    }

    @Test func fileParametersAndBlobs() throws {
        let c = try Self.parse("aws secretsmanager put-secret-value --secret-id X --secret-string file://v.json --version-stages A B",
                               files: ["v.json": "{\"k\": 1}\n"])
        #expect(c.body["SecretString"] == .string("{\"k\": 1}\n"))
        #expect(c.body["VersionStages"] == .array([.string("A"), .string("B")]))
        let b = try Self.parse("aws secretsmanager create-secret --name X --secret-binary abc")
        #expect(b.body["SecretBinary"] == .string("YWJj"))
    }

    @Test func pagination() throws {
        #expect(try Self.parse("aws secretsmanager list-secrets").paginate)
        #expect(try !Self.parse("aws secretsmanager list-secrets --no-paginate").paginate)
        let page = try Self.parse("aws secretsmanager list-secrets --max-results 5 --include-planned-deletion --sort-order asc")
        #expect(!page.paginate)
        #expect(page.body == (try JSONValue.parse(#"{"IncludePlannedDeletion": true, "MaxResults": 5, "SortOrder": "asc"}"#)))
    }

    @Test func skeletonNeedsNoRequiredArguments() throws {
        #expect(try Self.parse("aws secretsmanager replicate-secret-to-regions --generate-cli-skeleton").skeleton == .input)
        #expect(try Self.parse("aws secretsmanager replicate-secret-to-regions --generate-cli-skeleton output").skeleton == .output)
    }

    @Test(arguments: [
        ("aws secretsmanager describe-secret --secret-id", "argument --secret-id: expected one argument"),
        ("aws secretsmanager describe-secret --secret-id X --force-overwrite-replica-secret", "unknown option '--force-overwrite-replica-secret' for describe-secret; its options are --secret-id"),
        ("aws secretsmanager delete-secret --secret-id X --force-delete-without-recovery=yes", "argument --force-delete-without-recovery: ignored explicit argument 'yes'"),
        ("aws secretsmanager replicate-secret-to-regions --secret-id X --add-replica-regions", "Parameter validation failed:\nInvalid length for parameter AddReplicaRegions, value: 0, valid min length: 1"),
        ("aws secretsmanager replicate-secret-to-regions --add-replica-regions Region=eu-west-1 --cli-input-json '{}'", "Parameter validation failed:\nMissing required parameter in input: \"SecretId\""),
        ("aws secretsmanager replicate-secret-to-regions --secret-id X --add-replica-regions Region=a,b", "Parameter validation failed:\nInvalid type for parameter AddReplicaRegions[0].Region, value: ['a', 'b'], type: <class 'list'>, valid types: <class 'str'>"),
        ("aws secretsmanager list-secrets --filters Key=name,Values={a=b}", "Parameter validation failed:\nInvalid type for parameter Filters[0].Values[0], value: {'a': 'b'}, type: <class 'dict'>, valid types: <class 'str'>"),
        ("aws secretsmanager list-secrets --filters '[{\"Key\": \"name\"}' ", "argument --filters: invalid JSON: unexpected end of JSON in an array at offset 16"),
        ("aws secretsmanager", "expected an operation after 'aws secretsmanager', such as replicate-secret-to-regions"),
        ("aws secretsmanager describe-secret X", "unexpected argument 'X': arguments of describe-secret are --options"),
        ("aws secretsmanager list-secrets --max-items three", "argument --max-items: invalid int value: 'three'"),
        ("aws secretsmanager describe-secret --secret-id X --query 'a b'", "Bad value for --query a b: unexpected identifier"),
        ("aws secretsmanager describe-secret --secret-id X --max-items 2", "unknown option '--max-items' for describe-secret: it is not paginated"),
        ("aws secretsmanager list-secrets --output xml",
         "argument --output: invalid choice: 'xml' (choose from 'json', 'text', 'table', 'yaml', 'yaml-stream')"),
        ("aws secretsmanager list-secrets --cli-read-timeout -1", "argument --cli-read-timeout: invalid int value: '-1'"),
        ("aws secretsmanager list-secrets --profile", "argument --profile: expected one argument"),
    ])
    func usageErrors(_ line: String, _ message: String) throws {
        #expect(throws: AWSCLIUsageError.self) { try Self.parse(line) }
        do { _ = try Self.parse(line) } catch let e as AWSCLIUsageError { #expect(e.message == message) }
    }

    @Test func theCLIsOwnOptionsAreRead() throws {
        let c = try Self.parse("aws secretsmanager list-secrets --page-size 2 --max-items 3 --starting-token abc --query 'SecretList[].Name' --debug --color on --no-cli-pager --cli-read-timeout 10 --no-verify-ssl --ca-bundle /x")
        #expect(c.paging == Paging(pageSize: 2, maxItems: 3, startingToken: "abc"))
        #expect(c.query?.text == "SecretList[].Name")
        #expect(c.body == .object([]))
        #expect(c.connection.readTimeout == 10 && c.connection.connectTimeout == nil)
        #expect(!c.connection.verifySSL && c.connection.caBundle == "/x")
        #expect(c.connection.profile == nil && c.connection.endpointURL == nil)
    }

    /// How the line connects: --profile and --endpoint-url are the line's own; 0 is no timeout.
    @Test func connectionOptionsAreTheLinesOwn() throws {
        let c = try Self.parse("aws --profile dev secretsmanager describe-secret --secret-id X --endpoint-url http://127.0.0.1:5000 --cli-connect-timeout 0 --cli-read-timeout=0")
        #expect(c.connection.profile == "dev")
        #expect(c.connection.endpointURL == "http://127.0.0.1:5000")
        #expect(c.connection.connectTimeout == .infinity && c.connection.readTimeout == .infinity)
        #expect(c.connection.verifySSL)
        #expect(try Self.parse("aws secretsmanager describe-secret --secret-id X --output yaml").connection.isEmpty)
    }

    @Test func aBadQueryPointsAtTheCharacter() throws {
        // 'a b': the quote is at column 58, `b` at 61.
        do {
            _ = try Self.parse("aws secretsmanager describe-secret --secret-id X --query 'a b'")
            Issue.record("parsed")
        } catch let e as AWSCLIUsageError {
            #expect(e.range.column == 61)
            #expect(e.range.length == 1)
        }
    }

    @Test func helpComesFromTheModel() throws {
        let c = try Self.parse("aws secretsmanager describe-secret help")
        #expect(c.help == .operation(.describeSecret))
        let text = AWSCLIHelp.text(.operation(.describeSecret))
        #expect(text.hasPrefix("DESCRIBE-SECRET()\n"))
        #expect(text.contains("\n       --secret-id (string) [required]\n"))
        #expect(text.contains("          o min length: 1\n          o max length: 2048\n"))
        #expect(try Self.parse("aws secretsmanager help").help == .service)
        #expect(AWSCLIHelp.text(.service).contains("       o replicate-secret-to-regions\n"))
    }
}
