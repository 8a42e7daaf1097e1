import Foundation
import Testing
import TestSupport

/// The example runbooks in scripts/examples run by the smsh executable with
/// `--backend aws --endpoint-url` against a moto_server of their own (their secret names are
/// fixed, so they need an account nobody else writes to).
@Suite(.serialized) struct AWSExampleRunbookTests {
    /// Waits for the child off the cooperative pool, which has as few threads as the machine
    /// has cores: blocking it would stall the timing-sensitive tests running beside this one.
    static func smsh(_ args: [String], env: TestEnvironment, extra: [String: String] = [:]) async throws -> ProcessResult {
        try await offThePool { try runProcess(smshBinary, args, environment: env.environment.merging(extra) { _, new in new }) }
    }

    let moto: MotoProcess
    let env: TestEnvironment

    init() async throws {
        moto = try await offThePool { try MotoProcess.own() }
        env = try TestEnvironment()
    }

    func example(_ name: String, _ args: [String] = [], extra: [String: String] = [:]) async throws -> ProcessResult {
        let path = repositoryRoot.appendingPathComponent("scripts/examples/\(name).smsh").path
        return try await Self.smsh(["--backend", "aws", "--endpoint-url", moto.url.absoluteString, path] + args, env: env, extra: extra)
    }

    @Test func replicateAndWait() async throws {
        defer { moto.stop(); env.remove() }
        let r = try await example("replicate-and-wait", ["ex/replicated"])
        #expect(r.status == 0, "\(r.stderr)")
        // moto: replicas are InSync at once; on AWS the wait would poll through InProgress.
        #expect(r.stdout.contains("eu-west-3: InSync"))
        #expect(r.stdout.contains("ap-southeast-2: InSync"))
        #expect(r.stdout.contains("replicated ex/replicated to 2 Regions"))
    }

    @Test func nameConflictAndForce() async throws {
        defer { moto.stop(); env.remove() }
        let r = try await example("name-conflict-and-force")
        #expect(r.status == 0, "\(r.stderr)")
        // moto reports the conflict as Failed with its own message ("Secret name simple already
        // exists..."); AWS says "Secret with this name already exists in this region".
        #expect(r.stdout.contains("replication failed as expected"))
        #expect(r.stdout.contains("eu-west-3 is Failed"))
        #expect(r.stdout.contains("after force: eu-west-3 is InSync"))
    }

    /// The examples moto can run end the same way when run a second time on what the first left.
    /// (moto, unlike the service, accepts a Region that is already replicated and lists it twice:
    /// `replicate` describes the primary first and sends only the Regions it lacks.)
    @Test(arguments: ["replicate-and-wait", "name-conflict-and-force", "remove-and-clean-up"])
    func runsTwice(_ name: String) async throws {
        defer { moto.stop(); env.remove() }
        let first = try await example(name)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try await example(name)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(!second.stderr.contains("Failed"), "\(second.stderr)")
    }

    @Test func removeAndCleanUp() async throws {
        defer { moto.stop(); env.remove() }
        let r = try await example("remove-and-clean-up")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("cannot delete yet: InvalidParameterException"))
        // moto answers 404 for the missing secret (AWS: 400); the code is the same.
        #expect(r.stdout.contains("old/service-token is gone (ResourceNotFoundException)"))
    }

    /// moto does not implement StopReplicationToReplica (it answers 500 with an HTML page), so
    /// the failover runbook cannot pass there: it runs up to `promote`, which must fail with
    /// the status and text moto sent, after the retries a 500 gets.
    @Test func promoteForFailoverStopsAtPromoteOnMoto() async throws {
        defer { moto.stop(); env.remove() }
        let r = try await example("promote-for-failover", extra: ["AWS_MAX_ATTEMPTS": "2"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("StopReplicationToReplica"), "explain ran before promote")
        #expect(r.stderr.contains("500"), "\(r.stderr)")
        #expect(r.stderr.contains("after 2 attempts"), "\(r.stderr)")
    }

    @Test func debugPrintsOneRedactedLinePerCall() async throws {
        defer { moto.stop(); env.remove() }
        let r = try await Self.smsh(["--backend", "aws", "--endpoint-url", moto.url.absoluteString, "--region", "us-west-2", "--debug", "-c",
                               "create dbg/one value \"do-not-print-me\"\nlet v = get dbg/one\nassert $v.Name == \"dbg/one\""],
                              env: env, extra: ["AWS_SECRET_ACCESS_KEY": "FAKEsecretKEY"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stderr.split(separator: "\n").filter { $0.hasPrefix("[debug]") }
        #expect(lines.count == 2)
        #expect(lines.first?.contains("secretsmanager.CreateSecret") == true)
        #expect(lines.last?.contains("secretsmanager.GetSecretValue") == true)
        #expect(!r.stderr.contains("do-not-print-me") && !r.stdout.contains("do-not-print-me"))
        #expect(!r.stderr.contains("FAKEsecretKEY"))
    }

    @Test func useBackendSwitchesBetweenTheSimulatorAndAWS() async throws {
        defer { moto.stop(); env.remove() }
        let script = """
        use backend aws
        use endpoint "\(moto.url.absoluteString)"
        create switch/a value "1"
        use backend local
        create switch/b value "2"
        try { describe switch/a; fail "switch/a leaked into the simulator" } catch e { print "local: $e.code" }
        use backend aws
        describe switch/a
        try { describe switch/b; fail "switch/b leaked into moto" } catch e { print "aws: $e.code" }
        try { use profile nope } catch e { print "profile: $e.code" }
        describe switch/a
        """
        let r = try await Self.smsh(["--state", ":memory:", "--region", "us-west-2", "-c", script], env: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("local: ResourceNotFoundException"))
        #expect(r.stdout.contains("aws: ResourceNotFoundException"))
        // A refused `use profile` leaves the session as it was: the last describe still works.
        #expect(r.stdout.contains("profile: ProfileNotFound"))
    }

    /// Ctrl-C while a call hangs: the request is abandoned at once (not waited out for the
    /// 60 s request timeout, not retried) and smsh exits 130.
    @Test(.timeLimit(.minutes(5))) func ctrlCCancelsTheCallInFlight() async throws {
        defer { moto.stop(); env.remove() }
        let proxy = try FaultProxy(upstream: moto.url)
        defer { proxy.stop() }
        proxy.inject([.hang])
        let p = Process()
        p.executableURL = smshBinary
        p.arguments = ["--backend", "aws", "--endpoint-url", proxy.url.absoluteString, "--region", "us-west-2", "-c", "describe hangs/forever"]
        p.environment = env.environment
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        // Events, not clocks: the request reaching the proxy, then smsh ending. Had the call been
        // waited out, its timeout would have been retried (a second request) and the exit not 130.
        while proxy.requests.isEmpty, p.isRunning { try await Task.sleep(nanoseconds: 20_000_000) }
        #expect(proxy.requests.count == 1, "smsh never sent its request")
        kill(p.processIdentifier, SIGINT)
        let status = try await offThePool { () -> Int32 in
            p.waitUntilExit()
            return p.terminationStatus
        }
        #expect(status == 130)
        #expect(proxy.requests.count == 1, "a cancelled call is not retried")
    }

    @Test func theProfilesRegionIsTheSessionRegion() async throws {
        defer { moto.stop(); env.remove() }
        let withProfile = try TestEnvironment(config: "[profile ops]\nregion = eu-west-3\n", credentials: "[ops]\naws_access_key_id = test\naws_secret_access_key = test\n")
        defer { withProfile.remove() }
        let r = try await Self.smsh(["--backend", "aws", "--profile", "ops", "--endpoint-url", moto.url.absoluteString, "-c",
                               "create prof/x value \"1\"\nlet d = describe prof/x\nprint $d.ARN"], env: withProfile)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("arn:aws:secretsmanager:eu-west-3:"))
    }

    /// The usual AWS environment applies (docs/aws-backend.md); here the endpoint and Region.
    @Test func theAWSEnvironmentChoosesEndpointAndRegion() async throws {
        defer { moto.stop(); env.remove() }
        let r = try await Self.smsh(["--backend", "aws", "-c", "create envd/x value \"1\"\nprint (describe envd/x).ARN"], env: env,
                                    extra: ["AWS_ENDPOINT_URL_SECRETS_MANAGER": moto.url.absoluteString, "AWS_DEFAULT_REGION": "ca-central-1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("arn:aws:secretsmanager:ca-central-1:"))
    }

    @Test func anUnknownProfileIsAUsageError() async throws {
        defer { moto.stop(); env.remove() }
        let r = try await Self.smsh(["--backend", "aws", "--profile", "nope", "-c", "print 1"], env: env)
        #expect(r.status == 2)
        #expect(r.stderr.contains("nope"))
    }
}
