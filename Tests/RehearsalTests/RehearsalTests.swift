import Foundation
import Rehearsal
import SecretsCore
import SecretsModel
import SecretsSimulator
import Testing
import TestSupport

struct RehearsalTests {
    static let account = """
        use region us-east-1
        create app/db json {user: "admin", password: "hunter2hunter2"}
        replicate app/db to eu-west-3
        create app/other value "other-secret-value"
        """

    func rehearse(_ script: String, from source: Rehearsal.Source, selection: SecretSelection? = nil) async throws -> (Plan, Capture) {
        var r = Rehearsal(text: script, path: "runbook.smsh", region: "us-east-1")
        r.selection = selection
        r.environment = [:]
        let capture = Capture()
        guard case .plan(let plan) = await r.run(from: source, output: capture.sink) else {
            throw RehearsalFailed(message: capture.stderr)
        }
        return (plan, capture)
    }

    struct RehearsalFailed: Error { let message: String }

    @Test func readOnlyTransportRefusesEveryOtherOperationBeforeSendingIt() async throws {
        let sim = try await Account.make(Self.account)
        let seen = SeenTransport(sim)
        let readOnly = ReadOnlyTransport(seen)
        for op in SecretsModel.Operation.allCases where !ReadOnlyTransport.allowed.contains(op) {
            await #expect { try await readOnly.send(operation: op, region: "us-east-1", body: Data("{}".utf8)) } throws: { e in
                (e as? AWSError)?.code == "RehearsalReadOnly" && (e as? AWSError)?.message.contains(op.rawValue) == true
            }
        }
        #expect(seen.operations.isEmpty)
        _ = try await readOnly.send(operation: .describeSecret, region: "us-east-1", body: Data(#"{"SecretId":"app/db"}"#.utf8))
        #expect(seen.operations == [.describeSecret])
    }

    @Test func theAccountSeesOnlyReadsAndIsUnchanged() async throws {
        let sim = try await Account.make(Self.account)
        let seen = SeenTransport(sim)
        let (plan, _) = try await rehearse("""
            put app/db value "changed"
            remove app/db from eu-west-3
            delete app/db now
            create app/new value "n"
            """, from: .aws(seen))
        #expect(plan.exitCode == 0)
        #expect(plan.calls.map(\.operation) == [.putSecretValue, .describeSecret, .removeRegionsFromReplication, .deleteSecret, .createSecret])
        #expect(plan.changes.contains { $0.kind == .deleted && $0.secret == "app/db" })
        #expect(!seen.operations.isEmpty)
        #expect(Set(seen.operations).isSubset(of: Set(ReadOnlyTransport.allowed)), "\(seen.operations)")
        let client = SecretsManagerClient(transport: sim, region: "us-east-1")
        let value = try await client.getSecretValue(GetSecretValueRequest(SecretId: "app/db"))
        #expect(value.SecretString == #"{"user":"admin","password":"hunter2hunter2"}"#)
        let described = try await client.describeSecret(DescribeSecretRequest(SecretId: "app/db"))
        #expect(described.ReplicationStatus?.map(\.Region) == ["eu-west-3"])
        await #expect(throws: AWSError.self) { try await client.describeSecret(DescribeSecretRequest(SecretId: "app/new")) }
    }

    @Test func aCopyFromAWSHoldsPlaceholdersNeverValues() async throws {
        let sim = try await Account.make(Self.account)
        let (plan, capture) = try await rehearse("""
            use reveal on
            let v = get app/db
            print $v.SecretString
            let r = get app/db in eu-west-3
            print $r.SecretString
            """, from: .aws(sim))
        #expect(plan.exitCode == 0, "\(capture.stderr)")
        #expect(capture.stdout == "rehearsal-placeholder\nrehearsal-placeholder\n")
        #expect(!capture.stdout.contains("hunter2"))
    }

    @Test func theCopyKeepsARNsDatesLabelsAndReplicas() async throws {
        let sim = try await Account.make(Self.account)
        let client = SecretsManagerClient(transport: sim, region: "us-east-1")
        let original = try await client.describeSecret(DescribeSecretRequest(SecretId: "app/db"))
        let (plan, capture) = try await rehearse("""
            let d = describe app/db
            print $d.ARN
            print $d.CreatedDate
            print $d.VersionIdsToStages
            print (describe app/db in eu-west-3).PrimaryRegion
            """, from: .aws(sim))
        #expect(plan.exitCode == 0, "\(capture.stderr)")
        let lines = capture.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == original.ARN)
        #expect(lines.last == "us-east-1")
        let versionId = try #require(original.VersionIdsToStages?.keys.first)
        #expect(capture.stdout.contains(versionId))
        #expect(plan.copied == ["app/db in eu-west-3", "app/db in us-east-1"])
        #expect(plan.changes.isEmpty)
    }

    @Test func theScriptsLiteralNamesChooseWhatIsRead() async throws {
        let sim = try await Account.make(Self.account)
        let (named, _) = try await rehearse("describe app/other", from: .aws(sim))
        #expect(named.selection == "secrets the script names: app/other")
        #expect(named.copied == ["app/other in us-east-1"])
        let (computed, _) = try await rehearse("let n = \"app/other\"\ndescribe $n", from: .aws(sim))
        #expect(computed.selection == "every secret (the script computes secret names)")
        #expect(computed.copied == ["app/db in eu-west-3", "app/db in us-east-1", "app/other in us-east-1"])
        let (given, _) = try await rehearse("print 1", from: .aws(sim), selection: .filters([("name", "app/d")]))
        #expect(given.copied == ["app/db in eu-west-3", "app/db in us-east-1"])
    }

    @Test func aScriptThatFailsItsCheckReadsNothing() async throws {
        let sim = try await Account.make(Self.account)
        let seen = SeenTransport(sim)
        let r = Rehearsal(text: "replicate app/db to eu-west-33", path: "bad.smsh", region: "us-east-1")
        let capture = Capture()
        guard case .checkFailed = await r.run(from: .aws(seen), output: capture.sink) else {
            Issue.record("expected a check failure")
            return
        }
        #expect(capture.stderr.contains("bad.smsh:1:"))
        #expect(seen.operations.isEmpty)
    }

    @Test func anAccountThatCannotBeReadRunsNothing() async throws {
        struct Denied: Transport {
            func send(operation: SecretsModel.Operation, region: String, body: Data) async throws -> Data {
                throw AWSError(code: "AccessDeniedException", message: "no", httpStatus: 400)
            }
        }
        let r = Rehearsal(text: "create x value \"y\"", path: "r.smsh", region: "us-east-1")
        guard case .sourceFailed(let message) = await r.run(from: .aws(Denied()), output: Capture().sink) else {
            Issue.record("expected the read to fail")
            return
        }
        #expect(message.contains("AccessDeniedException"))
    }

    @Test func aLocalRehearsalRunsOnACopyAndLeavesTheFileAlone() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smsh-rehearse-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("state.sqlite").path
        _ = try await Account.make(Self.account, statePath: path)
        let (plan, capture) = try await rehearse("""
            use reveal on
            print (get app/db).SecretString
            print (get app/other).SecretString
            put app/db value "new"
            delete app/other now
            """, from: .local(statePath: path))
        #expect(plan.exitCode == 0, "\(capture.stderr)")
        #expect(plan.source == "local")
        // Same shape: JSON keys kept, every value character replaced, the same length.
        #expect(capture.stdout == #"{"user":"xxxxx","password":"xxxxxxxxxxxxxx"}"# + "\nxxxxxxxxxxxxxxxxxx\n")
        #expect(plan.changes.map(\.kind) == [.newVersion, .relabelled, .relabelled, .deleted])
        // The file still holds both secrets and their values.
        let again = try SimulatorTransport(options: SimulatorOptions(statePath: path, replicationDelay: 0))
        let client = SecretsManagerClient(transport: again, region: "us-east-1")
        #expect(try await client.getSecretValue(GetSecretValueRequest(SecretId: "app/other")).SecretString == "other-secret-value")
        #expect(try await client.getSecretValue(GetSecretValueRequest(SecretId: "app/db")).SecretString == #"{"user":"admin","password":"hunter2hunter2"}"#)
    }

    @Test func aMissingLocalStateIsAnEmptyOne() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("smsh-none-\(UUID().uuidString)/state.sqlite").path
        let (plan, _) = try await rehearse("create a value \"b\"", from: .local(statePath: path))
        #expect(plan.copied.isEmpty)
        #expect(plan.changes.map(\.kind) == [.created, .newVersion])
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}

struct PlaceholderTests {
    func text(_ s: String) -> String? {
        if case .string(let t) = Placeholder.like(.string(s)) { return t }
        return nil
    }

    @Test func textKeepsItsLength() {
        #expect(text("hunter2") == "xxxxxxx")
        #expect(text("") == "")
        #expect(text("naïve ✓") == "xxxxxxx")
    }

    @Test func jsonKeepsKeysShapeAndLength() throws {
        let original = #"{ "user": "admin", "port": 5432, "tls": true, "hosts": ["a\"b", "c"], "nested": {"k": -0.5e3, "n": null} }"#
        let placeholder = try #require(text(original))
        #expect(placeholder == #"{ "user": "xxxxx", "port": 1111, "tls": true, "hosts": ["xxxx", "x"], "nested": {"k": -1.1e1, "n": null} }"#)
        #expect(placeholder.count == original.count)
        let parsed = try JSONValue.parse(placeholder)
        #expect(parsed["hosts"]?.arrayValue?.count == 2)
        #expect(text("[1, \"two\"]") == "[1, \"xxx\"]")
        // Not JSON after all: plain text.
        #expect(text("{not json") == "xxxxxxxxx")
    }

    @Test func binaryKeepsItsSize() {
        #expect(Placeholder.like(.binary(Data([1, 2, 3]))) == .binary(Data([0, 0, 0])))
    }
}

struct RehearseCommandTests {
    func error(_ words: [String]) -> String? {
        if case .usageError(let m) = RehearseCommand.parse(words) { return m }
        return nil
    }

    @Test func optionsStandAnywhereAndTheRestIsTheScripts() throws {
        guard case .command(let c) = RehearseCommand.parse(["run.smsh", "one", "--from-backend", "aws", "--region", "eu-west-3",
                                                            "--region=us-east-1", "--json", "two", "--", "--three"]) else {
            Issue.record("not parsed")
            return
        }
        #expect(c.file == "run.smsh")
        #expect(c.args == ["one", "two", "--three"])
        #expect(c.fromBackend == "aws")
        #expect(c.regions == ["eu-west-3", "us-east-1"])
        #expect(c.json)
        #expect(c.selection == nil)
    }

    @Test func helpBeforeTheEndOfOptions() {
        #expect(RehearseCommand.parse(["f", "-h"]) == .help)
        #expect(RehearseCommand.parse(["--help"]) == .help)
        guard case .command(let c) = RehearseCommand.parse(["f", "--from-backend", "local", "--", "-h"]) else {
            Issue.record("not parsed")
            return
        }
        #expect(c.args == ["-h"])
    }

    @Test func selections() {
        guard case .command(let a) = RehearseCommand.parse(["f", "--from-backend", "aws", "--secret", "a", "--secret", "b"]),
              case .command(let f) = RehearseCommand.parse(["f", "--from-backend", "aws", "--filter", "tag-key=team", "--filter", "name=app/"]),
              case .command(let all) = RehearseCommand.parse(["f", "--from-backend", "aws", "--all"]) else {
            Issue.record("not parsed")
            return
        }
        #expect(a.selection == .names(["a", "b"]))
        #expect(f.selection == .filters([("tag-key", "team"), ("name", "app/")]))
        #expect(all.selection == .all)
    }

    @Test func badOptionsSayWhatIsWrong() {
        #expect(error([]) == RehearseCommand.usage)
        #expect(error(["--from-backend", "aws"]) == RehearseCommand.usage)
        #expect(error(["f"]) == "smsh rehearse needs --from-backend aws or --from-backend local")
        #expect(error(["f", "--from-backend", "moto"]) == "'moto' is not a backend to rehearse from: use aws or local")
        #expect(error(["f", "--from-backend"]) == "option '--from-backend' needs a value")
        #expect(error(["f", "--from-backend", "aws", "--region", "eu-west-33"]) == "'eu-west-33' is not a Region: did you mean 'eu-west-3'?")
        #expect(error(["f", "--from-backend", "aws", "--filter", "colour=red"])
                == "'colour' is not a ListSecrets filter key: use description, name, tag-key, tag-value, primary-region, owning-service, all")
        #expect(error(["f", "--from-backend", "aws", "--filter", "name"]) == "--filter takes KEY=VALUE (e.g. name=app/), not 'name'")
        #expect(error(["f", "--from-backend", "aws", "--secret", "a", "--all"]) == "choose one of --secret, --filter and --all")
        #expect(error(["f", "--from-backend", "aws", "--secret", "a b"]) != nil)
        #expect(error(["f", "--from-backend", "local", "--profile", "p"]) == "--profile is for --from-backend aws: a local rehearsal copies the whole state")
        #expect(error(["f", "--from-backend", "aws", "--state", "s"]) == "--state is for --from-backend local")
        #expect(error(["f", "--from-backend", "aws", "--verbose"]) == "unknown option '--verbose' for smsh rehearse (put the script's own after '--')")
        #expect(error(["f", "--from-backend", "aws", "--json=yes"]) == "option '--json' takes no value")
    }
}
