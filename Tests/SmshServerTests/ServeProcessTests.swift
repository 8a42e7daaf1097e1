import Foundation
import GRDB
import SecretsCore
import SecretsModel
import SmshServer
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// `smsh serve` as users run it, driven by other people's clients: the aws CLI, boto3, a browser.
@Suite(.serialized) struct ServeProcessTests {
    func aws(_ serve: ServeProcess, _ args: [String]) throws -> ProcessResult {
        guard let exe = requireTool("aws") else { throw SocketError(description: "no aws CLI") }
        return try runProcess(URL(fileURLWithPath: exe), ["secretsmanager"] + args, environment: serve.clientEnvironment)
    }

    func json(_ r: ProcessResult) -> JSONValue? { try? JSONValue.parse(r.stdout) }

    @Test func theReadmeWalkthroughWithThePlainAWSCLI() async throws {
        let serve = try ServeProcess.start(["--state", ":memory:", "--replication-delay", "1s"])
        defer { serve.stop() }
        #expect(serve.banner.contains("export AWS_ENDPOINT_URL_SECRETS_MANAGER=\(serve.endpoint)"))
        #expect(serve.banner.contains("export AWS_ACCESS_KEY_ID=test"))
        try await offThePool {
            let created = try self.aws(serve, ["create-secret", "--name", "MyTestSecret", "--secret-string", "s3cr3t", "--region", "us-west-2"])
            #expect(created.status == 0, "\(created)")
            #expect(self.json(created)?["ARN"]?.stringValue?.hasPrefix("arn:aws:secretsmanager:us-west-2:123456789012:secret:MyTestSecret-") == true)

            let replicated = try self.aws(serve, ["replicate-secret-to-regions", "--secret-id", "MyTestSecret", "--region", "us-west-2",
                                                  "--add-replica-regions", "Region=eu-west-3", "Region=ap-southeast-2,KmsKeyId=alias/x"])
            #expect(self.json(replicated)?["ReplicationStatus"]?.arrayValue?.map { $0["Status"]?.stringValue } == ["InProgress", "InProgress"])

            // Polls as a user would, until both are InSync (one second of replication delay).
            var statuses: [String?] = []
            for _ in 0..<120 {
                let d = try self.aws(serve, ["describe-secret", "--secret-id", "MyTestSecret", "--region", "us-west-2", "--query", "ReplicationStatus[].Status"])
                statuses = self.json(d)?.arrayValue?.map(\.stringValue) ?? []
                if statuses == ["InSync", "InSync"] { break }
            }
            #expect(statuses == ["InSync", "InSync"])

            let read = try self.aws(serve, ["get-secret-value", "--secret-id", "MyTestSecret", "--region", "eu-west-3", "--query", "SecretString", "--output", "text"])
            #expect(read.stdout == "s3cr3t\n")
            let key = try self.aws(serve, ["describe-secret", "--secret-id", "MyTestSecret", "--region", "us-west-2", "--query", "ReplicationStatus[?Region=='ap-southeast-2'].KmsKeyId", "--output", "text"])
            #expect(key.stdout == "alias/x\n")

            let promoted = try self.aws(serve, ["stop-replication-to-replica", "--secret-id", "MyTestSecret", "--region", "ap-southeast-2"])
            #expect(promoted.status == 0, "\(promoted)")
            let standalone = try self.aws(serve, ["describe-secret", "--secret-id", "MyTestSecret", "--region", "ap-southeast-2"])
            #expect(self.json(standalone)?["PrimaryRegion"] == nil)

            let removed = try self.aws(serve, ["remove-regions-from-replication", "--secret-id", "MyTestSecret", "--region", "us-west-2", "--remove-replica-regions", "eu-west-3"])
            #expect(removed.status == 0, "\(removed)")
            let gone = try self.aws(serve, ["get-secret-value", "--secret-id", "MyTestSecret", "--region", "eu-west-3"])
            #expect(gone.status == 255, "the aws CLI v1's exit code for a service error")
            #expect(gone.stderr.contains("An error occurred (ResourceNotFoundException) when calling the GetSecretValue operation: Secrets Manager can't find the specified secret."))

            let deleted = try self.aws(serve, ["delete-secret", "--secret-id", "MyTestSecret", "--force-delete-without-recovery", "--region", "us-west-2"])
            #expect(deleted.status == 0)
        }
        // One log line per request, no secret value in any.
        #expect(serve.logText.contains("secretsmanager.ReplicateSecretToRegions us-west-2 200"))
        #expect(!serve.logText.contains("s3cr3t"))
    }

    @Test func smshItselfTalksToServeAsToAnyEndpoint() async throws {
        let serve = try ServeProcess.start(["--state", ":memory:", "--replication-delay", "1s", "--quiet"])
        defer { serve.stop() }
        let script = """
            use region us-west-2
            create smsh/x value "v" replicate to eu-west-3 key alias/k
            wait smsh/x until InSync timeout 2m
            print (status smsh/x)
            """
        let r = try await offThePool {
            try runProcess(smshBinary, ["--backend", "aws", "--endpoint-url", serve.endpoint, "--quiet", "-c", script], environment: serve.clientEnvironment)
        }
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout.contains("\"eu-west-3\": \"InSync\""), "\(r)")
    }

    @Test func usageErrorsExitTwoAndHelpListsTheOptions() throws {
        for (args, message) in [(["--port", "http"], "'http' is not a port (0 to 65535)"),
                                (["--bogus"], "'--bogus' is not an option of smsh serve"),
                                (["--backend", "aws"], "'--backend' is not an option of smsh serve"),
                                (["--latency", "2m"], "--latency must be at most 60s"),
                                (["--threads", "0"], "'0' is not a number of threads (1 to 256)"),
                                (["--no-auth", "--credentials", "/x"], "--no-auth and --credentials cannot be used together"),
                                (["--credentials", "/nonexistent/credentials"], "cannot read the credentials file")] {
            let r = try runProcess(smshBinary, ["serve"] + args)
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.contains(message), "\(args): \(r.stderr)")
        }
        let help = try runProcess(smshBinary, ["serve", "--help"])
        #expect(help.status == 0)
        for option in ["--host", "--port", "--state", "--replication-delay", "--latency", "--credentials", "--no-auth", "--idle-timeout", "--threads", "--quiet"] {
            #expect(help.stdout.contains(option))
        }
        #expect(ServeOptions.isLoopback("127.0.0.1") && ServeOptions.isLoopback("::1") && ServeOptions.isLoopback("localhost"))
        #expect(!ServeOptions.isLoopback("0.0.0.0") && !ServeOptions.isLoopback("192.168.1.2"))
    }

    /// The README's serve walkthrough, line by line as written, with the environment the banner prints.
    @Test func theReadmesServeWalkthroughRunsAsWritten() async throws {
        let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "## smsh serve")).upperBound
        let end = readme[section...].range(of: "\n## ")?.lowerBound ?? readme.endIndex
        var lines: [String] = []
        var pending = ""
        for raw in readme[section..<end].split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !pending.isEmpty || line.hasPrefix("aws secretsmanager ") else { continue }
            if line.hasSuffix("\\") {
                pending += line.dropLast() + " "
            } else {
                lines.append(pending + line)
                pending = ""
            }
        }
        #expect(lines.count == 7)
        let walkthrough = lines
        let serve = try ServeProcess.start(["--state", ":memory:", "--replication-delay", "1s", "--quiet"])
        defer { serve.stop() }
        try await offThePool {
            for line in walkthrough {
                // The walkthrough's describe line is what a user repeats until the replicas are InSync.
                let repeats = line.contains("describe-secret") ? 120 : 1
                for _ in 0..<repeats {
                    let r = try runProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", line.components(separatedBy: " #")[0]], environment: serve.clientEnvironment)
                    #expect(r.status == 0, "\(line)\n\(r)")
                    if line.contains("get-secret-value") { #expect(r.stdout == "s3cr3t\n") }
                    if !line.contains("describe-secret") || r.stdout.components(separatedBy: "InSync").count == 3 { break }
                }
            }
        }
    }

    @Test func boto3EveryOperationErrorsPaginatorsAndWrongSignatures() async throws {
        let serve = try ServeProcess.start(["--state", ":memory:", "--replication-delay", "0", "--quiet"])
        defer { serve.stop() }
        let r = try await offThePool { try runClient("boto3_suite.py", [serve.endpoint]) }
        #expect(r.status == 0, "\(r)")
        guard let out = try? JSONValue.parse(r.stdout) else { Issue.record("no JSON: \(r)"); return }
        let ops = out["operations"]
        #expect(ops?["CreateSecret"]?.stringValue == "b3/all")
        #expect(ops?["RequestId"] == .bool(true))
        #expect(ops?["GetSecretValue"]?.stringValue == #"{"password":"p"}"#)
        #expect(ops?["ReplicateSecretToRegions"] == .array([.string("InSync"), .string("InSync")]))
        #expect(ops?["RemoveRegionsFromReplication"] == .array([.string("eu-west-3")]))
        #expect(ops?["GetRandomPassword"] == .number(24))
        #expect(ops?["ValidateResourcePolicy"] == .bool(true))
        #expect(ops?["BatchGetSecretValue"] == .number(1))
        #expect(ops?["StopReplicationToReplica"] == .bool(true))
        #expect(ops?["RestoreSecret"]?.stringValue == "b3/all")
        // Every operation of the model was called.
        var called = Set<String>()
        if case .object(let members)? = ops { called = Set(members.map(\.0)) }
        #expect(Set(SecretsModel.Operation.allCases.map(\.rawValue)).subtracting(called).isEmpty)
        #expect(out["paginated"]?["count"] == .number(23))
        #expect(out["paginated"]?["pages"] == .number(5))
        #expect(out["paginated"]?["names"] == .bool(true))
        #expect(out["resumed"] == .array([.number(7), .number(16), .bool(true)]))
        let errors = out["errors"]
        func check(_ name: String, _ code: String, _ message: String? = nil) {
            #expect(errors?[name]?["Code"]?.stringValue == code, "\(name)")
            #expect(errors?[name]?["Status"] == .number(400), "\(name)")
            #expect(errors?[name]?["RequestId"] == .bool(true), "\(name)")
            if let message { #expect(errors?[name]?["Message"]?.stringValue == message, "\(name)") }
        }
        check("notFound", "ResourceNotFoundException", "Secrets Manager can't find the specified secret.")
        check("exists", "ResourceExistsException")
        check("validation", "ValidationException")
        check("replicaWrite", "InvalidParameterException", "Operation not permitted on a replica secret. Call must be made in primary secret's region.")
        check("deleteWithReplicas", "InvalidParameterException")
        check("wrongSecret", "InvalidSignatureException")
        check("unknownKey", "UnrecognizedClientException", "The security token included in the request is invalid.")
    }

    @Test func aThousandConnectionsMalformedAndOversizedRequests() async throws {
        let serve = try ServeProcess.start(["--state", ":memory:", "--quiet"])
        defer { serve.stop() }
        let r = try await offThePool { try runClient("connections.py", [serve.endpoint, "1000"]) }
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == #"{"bad:400": 10, "good:200": 980, "huge:413": 10}"#)
        // And it still serves.
        let health = try RawConnection.exchange(port: serve.port, Array("GET /_smsh/health HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        #expect(health.status == 200)
    }

    @Test func sigtermFinishesTheRequestInFlightAndExitsZero() async throws {
        // Long enough for the client to see the request in flight on a busy machine.
        let serve = try ServeProcess.start(["--state", ":memory:", "--latency", "10s"])
        defer { serve.stop() }
        let r = try await offThePool { try runClient("drain.py", [serve.endpoint, String(serve.pid)]) }
        #expect(r.stdout == "200 drained\n", "\(r)")
        let status = try await offThePool { serve.wait() }
        #expect(status == 0)
        #expect(serve.logText.contains("stopping"))
    }

    @Test func killedMidLoadTheStateOpensIntactWithEveryAcknowledgedWrite() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smsh-serve-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let state = dir.appendingPathComponent("state.sqlite").path
        let serve = try ServeProcess.start(["--state", state, "--quiet"])
        defer { serve.stop() }
        let r = try await offThePool { try runClient("durability.py", [serve.endpoint, String(serve.pid), "300"]) }
        #expect(r.status == 0, "\(r)")
        let acked = r.stdout.split(separator: "\n").map(String.init)
        #expect(acked.count >= 300)
        #expect(try await offThePool { serve.wait() } == 128 + SIGKILL)

        let db = try DatabaseQueue(path: state)
        let check = try await db.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
        #expect(check == ["ok"])
        let names = Set(try await db.read { try String.fetchAll($0, sql: "SELECT name FROM secret WHERE region = 'us-east-1'") })
        #expect(Set(acked).subtracting(names).isEmpty, "every acknowledged write is in the file")
        try db.close()

        // A new server on the same file answers for them.
        let again = try ServeProcess.start(["--state", state, "--quiet"])
        defer { again.stop() }
        let described = try await offThePool { try self.aws(again, ["describe-secret", "--secret-id", acked[0], "--region", "us-east-1"]) }
        #expect(described.status == 0, "\(described)")
    }

    @Test func theWebViewInHeadlessChromiumFollowsAReplication() async throws {
        guard let chromium = requireTool("chromium") else { return }
        let serve = try ServeProcess.start(["--state", ":memory:", "--replication-delay", "8s", "--quiet"])
        defer { serve.stop() }
        let shots = repositoryRoot.appendingPathComponent(".build/artifacts").path
        let r = try await offThePool { try runClient("webview.py", [serve.endpoint, chromium, shots]) }
        #expect(r.status == 0, "\(r)")
        guard let out = try? JSONValue.parse(r.stdout) else { Issue.record("no JSON: \(r)"); return }
        #expect(out["first"]?.stringValue == "InProgress")
        #expect(out["firstText"]?.stringValue?.contains("s left") == true)
        #expect(out["then"]?.stringValue == "InSync")
        #expect(out["thenText"]?.stringValue?.contains("eu-west-3 Europe (Paris)") == true)
        #expect(out["thenText"]?.stringValue?.contains("alias/web") == true)
        #expect(out["regionCard"]?.stringValue?.contains("Europe (Paris)") == true)
        #expect(out["geographies"] == .array(["North America", "South America", "Europe", "Asia Pacific", "Africa", "Middle East"].map(JSONValue.string)))
        #expect(out["feed"]?.arrayValue?.contains { $0.stringValue?.hasPrefix("aws secretsmanager replicate-secret-to-regions --secret-id web/demo --add-replica-regions Region=eu-west-3,KmsKeyId=alias/web --region us-west-2") == true } == true)
        #expect(out["pageHasValue"] == .bool(false))
        #expect(FileManager.default.fileExists(atPath: shots + "/serve-webview-insync.png"))
    }
}
