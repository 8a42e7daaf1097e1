import Foundation
import SecretsCore
import Testing
import TestSupport
@testable import SmshLanguage

/// Every way a secret-derived value was found leaving in clear (issue 11), run in-process and
/// through the binary, caught and uncaught: the canary may show only after `use reveal on`.
@Suite struct SecretLeakTests {
    static let canary = "CANARY-98765"
    static let setup = """
    create C value "\(canary)" replicate to eu-west-3
    create J value '{"\(canary)": "x"}'
    let v = get C
    let s = $v.SecretString

    """
    static let items = [
        "print num($v.SecretString)", "use region $s", "use output $s", "skeleton $s", "source $s",
        "get C version $s", "get C stage $s", "wait C in $s until InSync timeout 1s", "remove C from $s",
        "status C in $s", "create $s value \"x\"", "create D value \"x\" description $s",
        "update C description \"pw=$s\"", "update C key $s", "list prefix $s", "replicate C to [{Region: $s}]",
        "explain create $s value \"x\"", "explain update C description $s", "explain get C stage $s",
        "explain list prefix $s", "simulate outage $s", "simulate missing key $s in eu-west-3",
        "for k in parse((get J).SecretString) { print $k }", "print keys(parse((get J).SecretString))",
        "print \"$s\" + num(\"$s\")", "replicate json json({SecretId: $s, AddReplicaRegions: [{Region: eu-west-3}]})",
    ]

    /// Each item uncaught (the diagnostic) and caught (`$e` printed whole).
    static var scripts: [String] {
        items.flatMap { item in
            [setup + item + "\n", setup + "try { \(item) } catch e { print $e; print $e.message }\n"]
        }
    }

    static func expectClean(_ text: String, _ script: String) {
        #expect(!text.contains(canary), "shows the canary:\n\(text)\n--- for:\n\(script)")
    }

    @Test func inProcessNothingShowsTheCanary() async throws {
        for script in Self.scripts {
            let r = try await Harness.run(script)
            Self.expectClean(r.stdout + r.stderr, script)
        }
    }

    @Test func revealOnShowsIt() async throws {
        // The same items with reveal on: every one that fails or prints shows the value, so the
        // test above would see a leak. These send it and print nothing (or fail without quoting).
        let quiet: Set<String> = ["create D value \"x\" description $s", "update C description \"pw=$s\"",
                                  "update C key $s", "list prefix $s",
                                  "replicate json json({SecretId: $s, AddReplicaRegions: [{Region: eu-west-3}]})",
                                  // Refused before sending by botocore's validation, which quotes the length only.
                                  "get C version $s"]
        for item in Self.items {
            let r = try await Harness.run(Self.setup + "use reveal on\n" + item + "\n")
            #expect(!r.stderr.contains("SecretInClear"), "\(item): \(r.stderr)")
            #expect((r.stdout + r.stderr).contains(Self.canary) != quiet.contains(item), "\(item): \(r.stdout)\(r.stderr)")
        }
    }

    @Test func theBinaryNeverShowsTheCanary() async throws {
        // One process for all caught items, and one per uncaught item.
        let caught = Self.setup + Self.items.map { "try { \($0) } catch e { print $e; print $e.message }" }.joined(separator: "\n")
        let all = try await CommandLineTests.smsh(["-c", caught])
        #expect(all.status == 0, "\(all)")
        #expect(all.stdout.contains("SecretInClear"), "\(all)")
        Self.expectClean(all.stdout + all.stderr, caught)
        for item in Self.items {
            let r = try await CommandLineTests.smsh(["-c", Self.setup + item])
            Self.expectClean(r.stdout + r.stderr, item)
        }
    }

    @Test func theMemberRuleNamesTheMember() async throws {
        let r = try await Harness.run(Self.setup + "update C description \"pw=$s\"\n")
        #expect(r.exit == 1)
        #expect(r.stderr.hasSuffix("""
        test.smsh:5:22: error: SecretInClear: \(Interpreter.secretInClearMessage(member: "Description"))
        update C description "pw=$s"
                             ^~~~~~~

        """), "\(r.stderr)")
        let nested = try await Harness.run(Self.setup + "replicate C to [{Region: $s, KmsKeyId: k}]\n")
        #expect(nested.stderr.contains("cannot be sent in AddReplicaRegions.Region,"), "\(nested.stderr)")
    }

    @Test func aServiceErrorEchoingASecretIsMasked() async throws {
        let transport = FakeTransport { op, _, body in
            if op == .getSecretValue { return .object([("Name", .string("C")), ("SecretString", .string(Self.canary))]) }
            let sent = body["SecretString"]?.stringValue ?? ""
            throw AWSError(code: "ValidationException", message: "the value \(sent) is not allowed")
        }
        let r = try await Harness.run("""
        let s = (get C).SecretString
        try { put C value "$s" } catch e { print $e.message }
        put C value $s
        """, transport: transport)
        #expect(r.stdout == "the value ******** is not allowed\n")
        #expect(r.stderr.contains("ValidationException: the value ******** is not allowed"), "\(r.stderr)")
        Self.expectClean(r.stdout + r.stderr, "echo")
    }

    @Test func valuePromptReadsStdinWithoutEchoOrTrace() async throws {
        let script = """
        create P value prompt
        let p = (get P).SecretString
        print $p
        assert $p == "\(Self.canary)"
        """
        let r = try await CommandLineTests.smsh(["-c", script], stdin: Self.canary + "\n")
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout == "********\n")
        Self.expectClean(r.stdout + r.stderr, script)
        let ended = try await CommandLineTests.smsh(["-c", "create P value prompt"], stdin: "")
        #expect(ended.status == 1)
        #expect(ended.stderr.contains("PromptUnavailable: 'value prompt': the input ended before a value was given"), "\(ended)")
    }

    @Test func inProcessWithoutAReaderValuePromptIsAnError() async throws {
        let r = try await Harness.run("create P value prompt\n")
        #expect(r.exit == 1)
        #expect(r.stderr.contains("PromptUnavailable: 'value prompt' needs someone to ask: this session has no input"), "\(r.stderr)")
        // explain runs nothing, so it asks nobody.
        let explained = try await Harness.run("explain put P value prompt\n")
        #expect(explained.exit == 0, "\(explained.stderr)")
        #expect(explained.stdout.contains("\"SecretString\": \"********\""), "\(explained.stdout)")
    }
}
