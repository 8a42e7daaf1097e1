import Foundation
import Testing
import TestSupport

/// The aws CLI's connection options on one aws line: `--profile` and `--endpoint-url` inside a
/// script send that line elsewhere (moto here), and the timeouts and TLS options change the aws
/// backend's HTTP client for it.
@Suite(.serialized) struct AWSCLILineConnectionTests {
    static func smsh(_ args: [String], env: TestEnvironment) async throws -> ProcessResult {
        try await AWSCLIDifferentialTests.run(smshBinary.path, args, env: env.environment)
    }

    /// On the simulator, a line with --endpoint-url goes to that endpoint with AWS credentials;
    /// the next line without it is back on the simulator.
    @Test func anEndpointOnTheLineSendsThatLineThere() async throws {
        let moto = try await offThePool { try MotoProcess.own() }
        defer { moto.stop() }
        let env = try TestEnvironment()
        defer { env.remove() }
        let script = """
            use region us-west-2
            aws secretsmanager create-secret --name on-moto --secret-string v --endpoint-url \(moto.url.absoluteString)
            let there = aws secretsmanager list-secrets --query 'join(`,`, SecretList[].Name)' --endpoint-url \(moto.url.absoluteString)
            let here = aws secretsmanager list-secrets --query 'join(`,`, SecretList[].Name)'
            print $there
            print $here
            """
        let r = try await Self.smsh(["--state", env.directory.appendingPathComponent("s.sqlite").path, "--quiet", "-c", script], env: env)
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout == "on-moto\n\n", "\(r)")
    }

    /// `--endpoint-url` on smsh's command line (a pasted `aws` line, or smsh's own option) sends the
    /// calls there without `--backend aws`, as the aws CLI would; with `--backend local` it is a
    /// usage error rather than an option that changes nothing.
    @Test func anEndpointOnTheCommandLineLeavesTheSimulator() async throws {
        let moto = try await offThePool { try MotoProcess.own() }
        defer { moto.stop() }
        let env = try TestEnvironment()
        defer { env.remove() }
        let state = ["--state", env.directory.appendingPathComponent("s.sqlite").path]
        let created = try await Self.smsh(state + ["aws", "secretsmanager", "create-secret", "--name", "pasted", "--secret-string", "v",
                                                   "--region", "us-west-2", "--endpoint-url", moto.url.absoluteString, "--query", "Name"], env: env)
        #expect(created.status == 0, "\(created)")
        #expect(created.stdout == "\"pasted\"\n", "\(created)")
        let listed = try await Self.smsh(state + ["--endpoint-url", moto.url.absoluteString, "--region", "us-west-2", "--quiet", "-c",
                                                  "print (aws secretsmanager list-secrets --query 'join(`,`, SecretList[].Name)')"], env: env)
        #expect(listed.status == 0, "\(listed)")
        #expect(listed.stdout == "pasted\n", "\(listed)")
        // The simulator's state never saw it.
        let local = try await Self.smsh(state + ["--region", "us-west-2", "--quiet", "-c", "print exists(pasted)"], env: env)
        #expect(local.stdout == "false\n", "\(local)")
        let both = try await Self.smsh(state + ["--backend", "local", "--endpoint-url", moto.url.absoluteString, "-c", "print 1"], env: env)
        #expect(both.status == 2)
        #expect(both.stderr.contains("--endpoint-url needs the aws backend"), "\(both.stderr)")
    }

    /// On the aws backend, --profile on a line uses that profile (here its endpoint_url names a
    /// second moto, the default profile's the first), --endpoint-url another endpoint, and a
    /// profile that does not exist is an error at the line.
    @Test func aProfileOrEndpointOnTheLineOverridesTheSessionsForThatLine() async throws {
        let first = try await offThePool { try MotoProcess.own() }
        let second = try await offThePool { try MotoProcess.own() }
        defer { first.stop(); second.stop() }
        let env = try TestEnvironment(config: "[default]\nendpoint_url = \(first.url.absoluteString)\n"
                                        + "[profile other]\nendpoint_url = \(second.url.absoluteString)\n",
                                      credentials: "[other]\naws_access_key_id = test\naws_secret_access_key = test\n")
        defer { env.remove() }
        let script = """
            use region us-west-2
            aws secretsmanager create-secret --name on-second --secret-string v --profile other
            aws secretsmanager create-secret --name on-second-too --secret-string v --endpoint-url \(second.url.absoluteString)
            aws secretsmanager create-secret --name on-first --secret-string v
            let second = aws secretsmanager list-secrets --query 'join(`,`, sort(SecretList[].Name))' --profile other
            let first = aws secretsmanager list-secrets --query 'join(`,`, SecretList[].Name)'
            print $second
            print $first
            aws secretsmanager list-secrets --profile nosuch
            """
        let file = env.directory.appendingPathComponent("lines.smsh")
        try script.write(to: file, atomically: true, encoding: .utf8)
        let r = try await Self.smsh(["--backend", "aws", "--quiet", file.path], env: env)
        #expect(r.stdout == "on-second,on-second-too\non-first\n", "\(r)")
        #expect(r.status == 1)
        #expect(r.stderr.contains("lines.smsh:9:1"), "\(r.stderr)")
        #expect(r.stderr.contains("nosuch"), "\(r.stderr)")
    }

    /// A server that accepts and never answers: --cli-read-timeout gives up as the CLI does.
    @Test func theReadTimeoutFires() async throws {
        let server = try await offThePool { try SilentServer() }
        defer { server.stop() }
        // The session's own timeouts are long: an option without effect would take minutes.
        let env = try TestEnvironment(extra: ["AWS_RETRY_MODE": "standard", "AWS_MAX_ATTEMPTS": "1",
                                              "SMSH_CONNECT_TIMEOUT": "300", "SMSH_REQUEST_TIMEOUT": "300"])
        defer { env.remove() }
        let started = Date()
        let r = try await Self.smsh(["aws", "secretsmanager", "list-secrets", "--region", "us-west-2", "--cli-read-timeout", "1",
                                     "--backend", "aws", "--endpoint-url", server.endpoint], env: env)
        #expect(Date().timeIntervalSince(started) < 120, "the line's 1 s, not the session's 300 s")
        #expect(r.status == 255, "\(r)")
        #expect(r.stderr.contains("Read timeout on endpoint URL: \"\(server.endpoint)/\""), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    /// 0 is no timeout at all, for connecting and for reading: the call still goes through.
    @Test func zeroTimeoutsWaitForEver() async throws {
        let moto = try await offThePool { try MotoProcess.own() }
        defer { moto.stop() }
        let env = try TestEnvironment()
        defer { env.remove() }
        let r = try await Self.smsh(["aws", "secretsmanager", "list-secrets", "--region", "us-west-2", "--cli-read-timeout", "0",
                                     "--cli-connect-timeout", "0", "--backend", "aws", "--endpoint-url", moto.url.absoluteString], env: env)
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout == "{\n    \"SecretList\": []\n}\n")
    }

    /// A server whose backlog is full never completes the handshake: --cli-connect-timeout gives up.
    @Test func theConnectTimeoutFires() async throws {
        let server = try await offThePool { try SilentServer(full: true) }
        defer { server.stop() }
        // The session's own timeouts are long: an option without effect would take minutes.
        let env = try TestEnvironment(extra: ["AWS_RETRY_MODE": "standard", "AWS_MAX_ATTEMPTS": "1",
                                              "SMSH_CONNECT_TIMEOUT": "300", "SMSH_REQUEST_TIMEOUT": "300"])
        defer { env.remove() }
        let started = Date()
        let r = try await Self.smsh(["aws", "secretsmanager", "list-secrets", "--region", "us-west-2", "--cli-connect-timeout", "1",
                                     "--backend", "aws", "--endpoint-url", server.endpoint], env: env)
        #expect(Date().timeIntervalSince(started) < 120, "the line's 1 s, not the session's 300 s")
        #expect(r.status == 255, "\(r)")
        #expect(r.stderr.contains("Connect timeout on endpoint URL: \"\(server.endpoint)/\""), "\(r.stderr)")
    }

    @Test func aSelfSignedServerFailsVerificationAndWorksWithItsBundleOrWithoutVerifying() async throws {
        let server = try await offThePool { try TLSTests.Server() }
        defer { server.stop() }
        let env = try TestEnvironment()
        defer { env.remove() }
        let base = ["aws", "secretsmanager", "list-secrets", "--region", "us-west-2", "--backend", "aws", "--endpoint-url", server.endpoint]
        let refused = try await Self.smsh(base, env: env)
        #expect(refused.status == 255, "\(refused)")
        #expect(refused.stderr.contains("SSL validation failed for \"\(server.endpoint)/\""), "\(refused.stderr)")

        let bundled = try await Self.smsh(base + ["--ca-bundle", server.certificate.path], env: env)
        #expect(bundled.status == 0, "\(bundled)")
        #expect(bundled.stdout == "{\n    \"SecretList\": []\n}\n")
        #expect(!bundled.stderr.contains("InsecureRequestWarning"))

        let unverified = try await Self.smsh(base + ["--no-verify-ssl"], env: env)
        #expect(unverified.status == 0, "\(unverified)")
        #expect(unverified.stdout == "{\n    \"SecretList\": []\n}\n")
        #expect(unverified.stderr == "InsecureRequestWarning: Unverified HTTPS request is being made to host '127.0.0.1'. Adding "
                + "certificate verification is strongly advised. See: https://urllib3.readthedocs.io/en/latest/advanced-usage.html#tls-warnings\n")
    }

    /// In a script on the simulator, a line that names the HTTPS endpoint and its certificate works.
    @Test func aScriptLineTrustsItsOwnCABundle() async throws {
        let server = try await offThePool { try TLSTests.Server() }
        defer { server.stop() }
        let env = try TestEnvironment()
        defer { env.remove() }
        let line = "aws secretsmanager list-secrets --region us-west-2 --endpoint-url \(server.endpoint) --query 'length(SecretList)'"
        let script = "let n = \(line) --ca-bundle \(server.certificate.path)\nprint $n\nlet m = \(line)\n"
        let r = try await Self.smsh(["--state", env.directory.appendingPathComponent("s.sqlite").path, "--quiet", "-c", script], env: env)
        #expect(r.stdout == "0\n", "\(r)")
        #expect(r.status == 1)
        #expect(r.stderr.contains("SSL validation failed"), "\(r.stderr)")
    }
}

/// Accepts connections on 127.0.0.1 and never answers them; or, `full`, accepts none and has its
/// one-place backlog taken by a connection of its own, so that the kernel drops every SYN after
/// it and a connection attempt waits until it times out.
final class SilentServer: @unchecked Sendable {
    static let script = """
    import socket, sys
    full = sys.argv[1] == "full"
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(0 if full else 16)
    held = []
    if full:
        c = socket.socket()
        c.connect(s.getsockname())
        held.append(c)
    print(s.getsockname()[1], flush=True)
    while True:
        if full:
            sys.stdin.read()
            break
        held.append(s.accept())
    """
    let process = Process()
    let port: Int

    init(full: Bool = false) throws {
        port = try startPortPrintingServer(process, script: Self.script, arguments: [full ? "full" : "accepting"],
                                           what: "the silent test server")
    }

    var endpoint: String { "http://127.0.0.1:\(port)" }

    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
