import Foundation
import SecretsCore
import Testing
import TestSupport

/// `smsh rehearse` as a user runs it: exit codes, where the plan and the runbook's output go.
struct CommandLineTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("smsh-rehearse-cli-\(UUID().uuidString)")

    func smsh(_ args: [String]) async throws -> ProcessResult {
        let env = ["HOME": directory.path, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "NO_COLOR": "1"]
        return try await offThePool { try runProcess(smshBinary, args, environment: env) }
    }

    func file(_ name: String, _ text: String) throws -> String {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func badOptionsExitTwoWithAClearMessage() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let none = try await smsh(["rehearse"])
        #expect(none.status == 2)
        #expect(none.stderr.hasPrefix("smsh: error: usage: smsh rehearse FILE"))
        let backend = try await smsh(["rehearse", "x.smsh", "--from-backend", "moto"])
        #expect(backend.status == 2)
        #expect(backend.stderr == "smsh: error: 'moto' is not a backend to rehearse from: use aws or local\n")
        let missing = try await smsh(["rehearse", directory.appendingPathComponent("nope.smsh").path, "--from-backend", "local"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot read"))
        let help = try await smsh(["rehearse", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--from-backend aws"))
    }

    @Test func aLocalRehearsalExitsWithTheRunsCodeAndPrintsThePlan() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let state = directory.appendingPathComponent("state.sqlite").path
        let setup = try await smsh(["--state", state, "--quiet", "-c", "create app/key value \"local-secret-value\""])
        try #require(setup.status == 0, "\(setup)")
        let runbook = try file("runbook.smsh", "put app/key value \"next-value\"\nlet first = $args[0]\nprint \"ran with $first\"\nexit 4\n")
        let r = try await smsh(["--state", state, "rehearse", runbook, "first", "--from-backend", "local"])
        #expect(r.status == 4, "\(r)")
        #expect(r.stdout.contains("Rehearsal of \(runbook) on a copy of the local state"))
        #expect(r.stdout.contains("1* aws secretsmanager put-secret-value --secret-id app/key --secret-string '********' --region us-east-1"))
        #expect(r.stdout.contains("Exit code: 4"))
        #expect(r.stderr.contains("ran with first"))
        #expect(!r.stdout.contains("next-value") && !r.stdout.contains("local-secret-value"))
        let json = try await smsh(["--state", state, "rehearse", runbook, "first", "--from-backend", "local", "--json"])
        #expect(json.status == 4)
        let plan = try JSONValue.parse(json.stdout)
        #expect(plan["exitCode"] == .number(4))
        #expect(plan["changes"]?.arrayValue?.first?["change"] == .string("new-version"))
        // The state file was not touched.
        let after = try await smsh(["--state", state, "-c", "use reveal on\nprint (get app/key).SecretString"])
        #expect(after.stdout == "local-secret-value\n")
    }
}
