import Foundation
import Testing

/// A canary secret value and canary credentials go through every kind of command smsh has --
/// create, put, json values, explain, aws CLI lines, `smsh aws`, failing calls, syntax errors --
/// on the simulator and on moto with --debug; no output stream, log line or error message may
/// show them. Values are only ever read into variables here, never printed on purpose.
@Suite(.serialized) struct CanaryTests {
    static let canary = "CANARYvalue7f3a9"
    static let secretKey = "CANARYsecretKEYq8z1"
    static let sessionToken = "CANARYsessionTOKENm4k2"

    static var commands: String {
        let c = canary
        return """
        create canary/a value "\(c)" description "d"
        put canary/a value "\(c)-2"
        put canary/a json {user: "u", password: "\(c)"}
        create canary/j json {password: "\(c)"}
        explain create canary/b value "\(c)"
        explain put canary/a json {password: "\(c)"}
        explain aws secretsmanager put-secret-value --secret-id canary/a --secret-string \(c)
        aws secretsmanager put-secret-value --secret-id canary/a --secret-string \(c)-3
        aws secretsmanager create-secret --name canary/c --secret-string '{"password":"\(c)"}'
        let v = get canary/a
        assert contains($v.SecretString, "\(c)")
        let c2 = aws secretsmanager get-secret-value --secret-id canary/c
        assert contains($c2.SecretString, "\(c)")
        describe canary/a
        list prefix canary/
        try { create canary/a value "\(c)" } catch e { print $e.code, $e.message }
        try { put canary/missing value "\(c)" } catch e { print $e.code, $e.message }
        try { aws secretsmanager put-secret-value --secret-id canary/missing --secret-string \(c) } catch e { print $e.code, $e.message }
        try { aws secretsmanager create-secret --name canary/a --secret-string \(c) } catch e { print $e.code, $e.message }
        put canary/missing value "\(c)"
        """
    }

    static func expectClean(_ text: String, _ what: String) {
        for needle in [canary, secretKey, sessionToken] {
            #expect(!text.contains(needle), "\(what) shows \(needle):\n\(text)")
        }
    }

    static let credentials = ["AWS_SECRET_ACCESS_KEY": secretKey, "AWS_SESSION_TOKEN": sessionToken]

    @Test func theSimulatorNeverShowsTheCanary() async throws {
        let env = try TestEnvironment(extra: Self.credentials)
        defer { env.remove() }
        let state = env.directory.appendingPathComponent("state.sqlite").path
        let r = try await AWSExampleRunbookTests.smsh(["--state", state, "--region", "us-west-2", "-c", Self.commands], env: env)
        // The last line fails on purpose: its error is part of what is checked.
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.contains("ResourceExistsException"), "the failing calls ran: \(r.stdout)")
        #expect(r.stderr.contains("ResourceNotFoundException"), "\(r.stderr)")
        Self.expectClean(r.stdout, "stdout")
        Self.expectClean(r.stderr, "stderr")
        let mode = try FileManager.default.attributesOfItem(atPath: state)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
    }

    @Test func theAWSBackendWithDebugNeverShowsTheCanaryOrTheCredentials() async throws {
        let moto = try await Moto.url()
        let env = try TestEnvironment(extra: Self.credentials)
        defer { env.remove() }
        let prefixed = Self.commands.replacingOccurrences(of: "canary/", with: "\(uniqueName("canary"))/")
        let r = try await AWSExampleRunbookTests.smsh(["--backend", "aws", "--endpoint-url", moto.absoluteString, "--region", "us-west-2",
                                                       "--debug", "-c", prefixed], env: env)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("[debug]"), "--debug wrote its lines")
        #expect(r.stdout.contains("ResourceExistsException"), "the failing calls ran: \(r.stdout)")
        Self.expectClean(r.stdout, "stdout")
        Self.expectClean(r.stderr, "stderr")
    }

    @Test func smshAWSWithDebugNeverShowsTheCanaryOrTheCredentials() async throws {
        let moto = try await Moto.url()
        let env = try TestEnvironment(extra: Self.credentials)
        defer { env.remove() }
        let name = uniqueName("canary/cli")
        let common = ["--endpoint-url", moto.absoluteString, "--region", "us-west-2", "--debug"]
        let created = try await AWSExampleRunbookTests.smsh(["--backend", "aws"] + common + ["aws", "secretsmanager", "create-secret",
                                                             "--name", name, "--secret-string", Self.canary], env: env)
        let again = try await AWSExampleRunbookTests.smsh(["--backend", "aws"] + common + ["aws", "secretsmanager", "put-secret-value",
                                                           "--secret-id", name + "-missing", "--secret-string", Self.canary], env: env)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(again.status != 0, "\(again.stderr)")
        for r in [created, again] {
            Self.expectClean(r.stdout, "stdout")
            Self.expectClean(r.stderr, "stderr")
        }
    }

    /// Secret values live in the state file and its WAL: the owner's alone, in a folder only the
    /// owner can enter.
    @Test func theDefaultStateFileIsPrivate() async throws {
        let env = try TestEnvironment()
        defer { env.remove() }
        let r = try await AWSExampleRunbookTests.smsh(["-c", "create canary/p value \"\(Self.canary)\""], env: env)
        #expect(r.status == 0, "\(r.stderr)")
        let folder = env.directory.appendingPathComponent(".local/share/smsh")
        let dirMode = try FileManager.default.attributesOfItem(atPath: folder.path)[.posixPermissions] as? NSNumber
        #expect(dirMode?.intValue == 0o700)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("state.sqlite") }
        #expect(files.contains("state.sqlite"), "\(files)")
        for f in files {
            let mode = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(f).path)[.posixPermissions] as? NSNumber
            #expect(mode?.intValue == 0o600, "\(f)")
        }
    }

    /// A syntax error on a line that holds a value: the diagnostic may quote the line, not the value.
    @Test func aSyntaxErrorDoesNotQuoteTheValue() async throws {
        let env = try TestEnvironment(extra: Self.credentials)
        defer { env.remove() }
        for script in [
            "create canary/s value \"\(Self.canary)\" nonsense",
            "put canary/s value \"\(Self.canary)\" {",
            "aws secretsmanager put-secret-value --secret-id canary/s --secret-string \(Self.canary) --no-such-option",
        ] {
            let r = try await AWSExampleRunbookTests.smsh(["--state", ":memory:", "-c", script], env: env)
            #expect(r.status == 2, "\(script): \(r.stderr)")
            #expect(!r.stderr.isEmpty)
            Self.expectClean(r.stdout + r.stderr, script)
        }
    }
}
