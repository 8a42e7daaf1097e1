import Foundation
import Testing
import TestSupport

/// A role with `mfa_serial` asks for the code on the terminal without echo (a real terminal,
/// through tmux), and is an error when there is no terminal to ask on.
@Suite(.serialized) struct MFAPromptTests {
    static let code = "CANARY-MFA-4242"

    /// A home whose config has a role with MFA. STS is an unused loopback port, so the call
    /// after the prompt fails without leaving the machine.
    static func home() throws -> URL {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("smsh-mfa-\(UUID().uuidString)")
        let aws = home.appendingPathComponent(".aws")
        try FileManager.default.createDirectory(at: aws, withIntermediateDirectories: true)
        try """
            [profile guarded]
            role_arn = arn:aws:iam::123456789012:role/guarded
            source_profile = base
            mfa_serial = arn:aws:iam::123456789012:mfa/alice
            region = us-west-2
            endpoint_url = http://127.0.0.1:9
            max_attempts = 1
            [profile base]
            aws_access_key_id = AKIDBASE
            aws_secret_access_key = base-secret
            """.write(to: aws.appendingPathComponent("config"), atomically: true, encoding: .utf8)
        return home
    }

    @Test func theCodeIsAskedForWithoutEcho() async throws {
        let t = try Tmux(["--backend", "aws", "--profile", "guarded"], home: try Self.home())
        defer { t.close() }
        try await t.waitFor("smsh aws:us-west-2> ")
        try t.type("describe X")
        try t.press("Enter")
        try await t.waitFor("Enter MFA code for arn:aws:iam::123456789012:mfa/alice: ")
        try t.type(Self.code)
        try t.press("Enter")
        // The code went to STS, which is not there: the call fails, the session goes on.
        try await t.waitFor("Error when retrieving credentials from assume-role")
        // Ctrl-D at the next prompt, not typed ahead of it.
        _ = try await t.waitFor("the prompt after the error") { screen in
            guard let r = screen.range(of: "Error when retrieving credentials from assume-role") else { return false }
            return screen[r.upperBound...].contains("smsh aws:us-west-2> ")
        }
        try t.press("C-d")
        let screen = try await t.screenAfterExit()
        #expect(!screen.contains(Self.code), "the MFA code was echoed:\n\(screen)")
        #expect(screen.contains("[terminal: icanon echo ]"), "\(screen)")
    }

    @Test func aScriptWithoutATerminalFails() throws {
        let home = try Self.home()
        defer { try? FileManager.default.removeItem(at: home) }
        let result = try runProcess(smshBinary, ["--backend", "aws", "--profile", "guarded", "-c", "describe X"],
                                    environment: ["HOME": home.path, "PATH": "/usr/bin:/bin"], stdin: "")
        #expect(result.status == 1)
        #expect(result.stderr.contains("needs an MFA code for arn:aws:iam::123456789012:mfa/alice, which is asked for on a terminal only"),
                "\(result.stderr)")
    }
}
