import AWSBackend
import AWSConfig
import Foundation
import SecretsCore
import SecretsModel
import SecretsSimulator
import SigV4
import SmshServer
import Testing
import TestSupport

/// The wire protocol of `smsh serve`, in this process: a client sees exactly the simulator.
@Suite(.serialized) struct ServerProtocolTests {
    /// smsh's own aws backend pointed at the server, with credentials that read no file.
    static func transport(_ endpoint: String, secret: String = "test") throws -> HTTPTransport {
        let env = ["AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": secret, "HOME": "/nonexistent",
                   "AWS_CONFIG_FILE": "/nonexistent/config", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/credentials",
                   "AWS_MAX_ATTEMPTS": "1"]
        var options = HTTPTransportOptions()
        options.jitter = { 0 }
        return HTTPTransport(configuration: try AWSConfiguration(environment: env, endpointURL: endpoint), options: options)
    }

    @Test func everyAnswerIsTheInProcessSimulatorsBytes() async throws {
        let clock = Date(timeIntervalSince1970: 1_796_000_000)
        func options(_ random: SeededRandom) -> SimulatorOptions {
            SimulatorOptions(statePath: ":memory:", replicationDelay: 3, clock: { clock }, random: { random.next() })
        }
        let served = try await Served.start(simulator: options(SeededRandom(seed: 7)))
        let local = try SimulatorTransport(options: options(SeededRandom(seed: 7)))
        let http = try Self.transport(served.endpoint)
        let calls: [(SecretsModel.Operation, String, String)] = [
            (.createSecret, "us-west-2", #"{"Name":"app/db","SecretString":"s3cr3t é 🔑","ClientRequestToken":"00000000-0000-4000-8000-000000000001","Tags":[{"Key":"team","Value":"a"}]}"#),
            (.replicateSecretToRegions, "us-west-2", #"{"SecretId":"app/db","AddReplicaRegions":[{"Region":"eu-west-3"},{"Region":"ap-southeast-2","KmsKeyId":"alias/x"}]}"#),
            (.describeSecret, "us-west-2", #"{"SecretId":"app/db"}"#),
            (.getSecretValue, "us-west-2", #"{"SecretId":"app/db"}"#),
            (.putSecretValue, "us-west-2", #"{"SecretId":"app/db","SecretBinary":"AAFiaW5hcnk=","ClientRequestToken":"00000000-0000-4000-8000-000000000002"}"#),
            (.listSecretVersionIds, "us-west-2", #"{"SecretId":"app/db","IncludeDeprecated":true}"#),
            (.listSecrets, "us-west-2", #"{"MaxResults":1,"Filters":[{"Key":"name","Values":["app"]}]}"#),
            (.createSecret, "us-west-2", #"{"Name":"app/db","SecretString":"again"}"#),
            (.describeSecret, "us-west-2", #"{"SecretId":"nope"}"#),
            (.listSecrets, "us-west-2", #"{"MaxResults":0,"SortOrder":"up"}"#),
            (.listSecrets, "us-west-2", #"{"#),
            (.putSecretValue, "eu-west-3", #"{"SecretId":"app/db","SecretString":"x"}"#),
            (.deleteSecret, "us-west-2", #"{"SecretId":"app/db","RecoveryWindowInDays":3}"#),
            (.removeRegionsFromReplication, "us-west-2", #"{"SecretId":"app/db","RemoveReplicaRegions":["eu-west-3"]}"#),
        ]
        for (operation, region, body) in calls {
            let remote: Result<Data, AWSError>
            do { remote = .success(try await http.send(operation: operation, region: region, body: Data(body.utf8))) } catch let e as AWSError { remote = .failure(e) }
            let direct: Result<Data, AWSError>
            do { direct = .success(try await local.send(operation: operation, region: region, body: Data(body.utf8))) } catch let e as AWSError { direct = .failure(e) }
            #expect(remote == direct, "\(operation) \(body)\n\(remote.map { String(decoding: $0, as: UTF8.self) })\n\(direct.map { String(decoding: $0, as: UTF8.self) })")
        }
        await http.shutdown()
        await served.stop()
    }

    @Test func theRegionComesFromTheCredentialScopeAndEveryAnswerHasARequestId() async throws {
        let served = try await Served.start()
        let created = try RawConnection.exchange(port: served.port, served.signed("CreateSecret", region: "ap-south-2", body: #"{"Name":"r"}"#))
        #expect(created.status == 200)
        #expect(created.header("Content-Type") == "application/x-amz-json-1.1")
        #expect(created.json?["ARN"]?.stringValue?.hasPrefix("arn:aws:secretsmanager:ap-south-2:123456789012:secret:r-") == true)
        let missing = try RawConnection.exchange(port: served.port, served.signed("DescribeSecret", region: "eu-west-1", body: #"{"SecretId":"r"}"#))
        #expect(missing.status == 400)
        #expect(missing.json?["__type"]?.stringValue == "ResourceNotFoundException")
        for r in [created, missing] { #expect(UUID(uuidString: r.header("x-amzn-RequestId") ?? "") != nil) }
        // A Region that does not exist: the simulator's error, with a status the wire needs.
        let nowhere = try RawConnection.exchange(port: served.port, served.signed("ListSecrets", region: "xx-nowhere-1", body: "{}"))
        #expect(nowhere.status == 400)
        #expect(nowhere.json?["__type"]?.stringValue == "EndpointConnectionError")
        await served.stop()
    }

    @Test func authenticationErrorsAreAWSs() async throws {
        let served = try await Served.start()
        func call(_ bytes: [UInt8]) throws -> (Int, String, String) {
            let r = try RawConnection.exchange(port: served.port, bytes)
            return (r.status, r.json?["__type"]?.stringValue ?? "", r.json?["message"]?.stringValue ?? "")
        }
        let unsigned = "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: secretsmanager.ListSecrets\r\nContent-Length: 2\r\n\r\n{}"
        #expect(try call(Array(unsigned.utf8)) == (400, "MissingAuthenticationTokenException", "Missing Authentication Token"))

        let wrong = try call(served.signed("ListSecrets", body: "{}", secret: "not-the-secret"))
        #expect(wrong.0 == 400 && wrong.1 == "InvalidSignatureException")
        #expect(wrong.2.hasPrefix("The request signature we calculated does not match the signature you provided."))

        #expect(try call(served.signed("ListSecrets", body: "{}", key: "AKIDUNKNOWN")) == (400, "UnrecognizedClientException", "The security token included in the request is invalid."))

        let old = try call(served.signed("ListSecrets", body: "{}", date: Date().addingTimeInterval(-6 * 60)))
        #expect(old.0 == 400 && old.1 == "InvalidSignatureException" && old.2.hasPrefix("Signature expired: "))

        // The body changed after signing.
        var tampered = served.signed("ListSecrets", body: #"{"MaxResults":1}"#)
        tampered[tampered.count - 2] = UInt8(ascii: "2")
        #expect(try call(tampered).1 == "InvalidSignatureException")

        let incomplete = "POST / HTTP/1.1\r\nHost: x\r\nAuthorization: AWS4-HMAC-SHA256 Credential=test/20261201/us-east-1/secretsmanager/aws4_request\r\nX-Amz-Date: 20261201T000000Z\r\nContent-Length: 2\r\n\r\n{}"
        let inc = try call(Array(incomplete.utf8))
        #expect(inc.0 == 400 && inc.1 == "IncompleteSignatureException")
        #expect(inc.2.contains("Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter."))
        await served.stop()
    }

    @Test func credentialsFileKeysAndNoAuth() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smsh-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("credentials")
        try "[default]\naws_access_key_id = AKIDONE\naws_secret_access_key = one\n[other]\naws_access_key_id = AKIDTWO\naws_secret_access_key = two\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let keys = try ServerCredentials.load(path: file.path)
        let served = try await Served.start { $0.credentials = keys }
        #expect(try RawConnection.exchange(port: served.port, served.signed("ListSecrets", body: "{}", key: "AKIDTWO", secret: "two")).status == 200)
        #expect(try RawConnection.exchange(port: served.port, served.signed("ListSecrets", body: "{}", key: "test", secret: "test")).json?["__type"]?.stringValue == "UnrecognizedClientException")
        await served.stop()

        let open = try await Served.start { $0.credentials = nil }
        let unsigned = "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: secretsmanager.CreateSecret\r\nContent-Length: 12\r\n\r\n{\"Name\":\"u\"}"
        let r = try RawConnection.exchange(port: open.port, Array(unsigned.utf8))
        #expect(r.json?["ARN"]?.stringValue?.contains(":us-east-1:") == true)
        // A wrong signature is not checked, but its scope still names the Region.
        let w = try RawConnection.exchange(port: open.port, open.signed("CreateSecret", region: "eu-north-1", body: #"{"Name":"u"}"#, secret: "wrong"))
        #expect(w.json?["ARN"]?.stringValue?.contains(":eu-north-1:") == true)
        await open.stop()
    }

    /// The web view shows the banner's lines for clients: test/test by default, and with a
    /// credentials file its first key id and the file, never the secret key.
    @Test func theStateCarriesTheLinesForClients() async throws {
        let served = try await Served.start()
        let plain = try control(served.port, "GET", "/_smsh/state").json?["Environment"]?.stringValue
        #expect(plain == "export AWS_ENDPOINT_URL_SECRETS_MANAGER=http://127.0.0.1:\(served.port)\nexport AWS_ACCESS_KEY_ID=test\n"
                + "export AWS_SECRET_ACCESS_KEY=test\nexport AWS_DEFAULT_REGION=us-east-1\n")
        await served.stop()
        let keyed = try await Served.start {
            $0.credentials = ServerCredentials([Credentials(accessKeyId: "AKIDSERVE2", secretAccessKey: "CANARY-serve-secret"),
                                                Credentials(accessKeyId: "AKIDSERVE1", secretAccessKey: "CANARY-serve-secret")])
            $0.credentialsFile = "/etc/smsh/serve-credentials"
        }
        let lines = try control(keyed.port, "GET", "/_smsh/state").json?["Environment"]?.stringValue ?? ""
        #expect(lines.contains("export AWS_ACCESS_KEY_ID=AKIDSERVE1\n"), "\(lines)")
        #expect(lines.contains("# the secret of AKIDSERVE1 in /etc/smsh/serve-credentials"), "\(lines)")
        #expect(!lines.contains("CANARY"), "\(lines)")
        await keyed.stop()
    }

    @Test func controlEndpointsSetFaultsResetAndShowTheWorld() async throws {
        let served = try await Served.start()
        let health = try control(served.port, "GET", "/_smsh/health")
        #expect(health.status == 200 && health.json?["Status"]?.stringValue == "ok")

        #expect(try RawConnection.exchange(port: served.port, served.signed("CreateSecret", body: #"{"Name":"w","SecretString":"v"}"#)).status == 200)
        #expect(try RawConnection.exchange(port: served.port, served.signed("ReplicateSecretToRegions", body: #"{"SecretId":"w","AddReplicaRegions":[{"Region":"eu-west-3","KmsKeyId":"alias/k"}]}"#)).status == 200)
        let state = try control(served.port, "GET", "/_smsh/state").json
        let primary = state?["Secrets"]?.arrayValue?.first { $0["Region"]?.stringValue == "us-west-2" }
        let replica = primary?["Replicas"]?.arrayValue?.first
        #expect(replica?["Region"]?.stringValue == "eu-west-3")
        #expect(replica?["Status"]?.stringValue == "InProgress")
        #expect(replica?["KmsKeyId"]?.stringValue == "alias/k")
        if case .number(let left)? = replica?["SecondsLeft"] { #expect(left > 0 && left <= 30) } else { Issue.record("no SecondsLeft") }
        #expect(state?["Regions"]?.arrayValue?.contains { $0["Code"]?.stringValue == "eu-west-3" && $0["Name"]?.stringValue == "Europe (Paris)" && $0["Geography"]?.stringValue == "Europe" } == true)
        #expect(!(state?.compactText().contains("\"v\"") ?? true), "no secret value in the state view")

        let set = try control(served.port, "POST", "/_smsh/faults", #"{"type":"outage","region":"eu-west-3"}"#)
        #expect(set.status == 200)
        _ = try control(served.port, "POST", "/_smsh/faults", #"{"type":"latency","seconds":0.001}"#)
        let listed = try control(served.port, "GET", "/_smsh/faults").json?["Faults"]?.arrayValue?.compactMap { $0["simulate"]?.stringValue }
        #expect(listed == ["simulate outage eu-west-3", "simulate latency 1ms"])
        #expect(try await served.simulator.activeFaults() == [.outage(region: "eu-west-3"), .latency(seconds: 0.001)])
        _ = try control(served.port, "DELETE", "/_smsh/faults", #"{"type":"outage","region":"eu-west-3"}"#)
        #expect(try await served.simulator.activeFaults() == [.latency(seconds: 0.001)])
        let bad = try control(served.port, "POST", "/_smsh/faults", #"{"type":"meteor"}"#)
        #expect(bad.status == 400 && bad.json?["__type"]?.stringValue == "ValidationException")
        let badRegion = try control(served.port, "POST", "/_smsh/faults", #"{"type":"outage","region":"xx-1"}"#)
        #expect(badRegion.status == 400 && badRegion.json?["__type"]?.stringValue == "InvalidParameterException")
        _ = try control(served.port, "DELETE", "/_smsh/faults")
        #expect(try await served.simulator.activeFaults().isEmpty)

        #expect(try control(served.port, "POST", "/moto-api/reset").status == 200)
        #expect(try control(served.port, "GET", "/_smsh/state").json?["Secrets"]?.arrayValue?.isEmpty == true)
        #expect(try RawConnection.exchange(port: served.port, served.signed("CreateSecret", body: #"{"Name":"w"}"#)).status == 200, "the name is free again")
        #expect(try control(served.port, "POST", "/_smsh/reset").status == 200)
        #expect(try control(served.port, "GET", "/_smsh/nothing").status == 404)
        let page = try control(served.port, "GET", "/")
        #expect(page.status == 200 && page.header("Content-Type")?.hasPrefix("text/html") == true && page.text.contains("EventSource(\"/_smsh/events\")"))
        await served.stop()
    }

    @Test func theEventStreamCarriesEachCallWithItsAWSCLILine() async throws {
        let served = try await Served.start()
        let stream = try RawConnection(port: served.port)
        try stream.send("GET /_smsh/events HTTP/1.1\r\nHost: x\r\n\r\n")
        let head = try stream.read(until: "\r\n\r\n")
        #expect(head?.contains("text/event-stream") == true)
        _ = try stream.read(until: ": smsh serve\n\n")
        // The stream is open once its first comment has arrived: a call now is seen.
        _ = try RawConnection.exchange(port: served.port, served.signed("CreateSecret", body: #"{"Name":"feed","SecretString":"hidden"}"#))
        let event = try stream.read(until: "\n\n") ?? ""
        #expect(event.contains("event: call"))
        #expect(event.contains("aws secretsmanager create-secret --name feed --secret-string '********' --region us-west-2 --endpoint-url \(served.endpoint)"))
        #expect(!event.contains("hidden"))
        _ = try control(served.port, "POST", "/_smsh/faults", #"{"type":"throttle","percent":10}"#)
        #expect(try stream.read(until: "\n\n")?.contains("event: faults") == true)
        await served.stop()
        #expect(try stream.closedByServer() || true)
    }

    @Test func keepAliveMalformedOversizedAndIdleConnections() async throws {
        let served = try await Served.start { $0.idleTimeout = 0.3 }
        let c = try RawConnection(port: served.port)
        for i in 0..<5 {
            try c.send(served.signed("CreateSecret", body: #"{"Name":"k\#(i)"}"#))
            #expect(try c.response()?.status == 200)
        }
        // Idle past the timeout: the server closes it.
        #expect(try c.closedByServer())

        let garbage = try RawConnection(port: served.port)
        try garbage.send("THIS IS NOT HTTP\r\n\r\n")
        #expect(try garbage.response()?.status == 400)

        let big = try RawConnection(port: served.port)
        try big.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \(10 * 1024 * 1024)\r\n\r\n")
        let refused = try big.response()
        #expect(refused?.status == 413 && refused?.json?["__type"]?.stringValue == "RequestEntityTooLarge")
        #expect(try big.closedByServer())

        // Chunked, with no length up front: refused once it passes the bound.
        let chunked = try RawConnection(port: served.port)
        try chunked.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        let piece = String(repeating: "a", count: 256 * 1024)
        for _ in 0..<3 { try? chunked.send("\(String(piece.utf8.count, radix: 16))\r\n\(piece)\r\n") }
        #expect(try chunked.response()?.status == 413)

        // The server still answers.
        #expect(try RawConnection.exchange(port: served.port, served.signed("ListSecrets", body: "{}")).status == 200)
        await served.stop()
    }

    @Test func drainFinishesTheRequestsInFlightThenStopsListening() async throws {
        let served = try await Served.start()
        // The latency keeps the request in the server while the test sees it there; on a busy
        // machine this task can wait seconds for a thread, so the latency is long, and a request
        // answered before it was seen ends the test with a message instead of a wait forever.
        try await served.simulator.inject(.latency(seconds: 10))
        let port = served.port
        let bytes = served.signed("CreateSecret", body: #"{"Name":"slow"}"#)
        let answered = Flag()
        let answer = Task.detached {
            defer { answered.set() }
            return try RawConnection.exchange(port: port, bytes)
        }
        // Drain only once the request is in the server.
        while served.server.requestsInFlight == 0 {
            if answered.isSet {
                Issue.record("the request was answered before the test saw it in flight")
                return
            }
            try await Task.sleep(nanoseconds: 2_000_000)
        }
        await served.stop(grace: 60)
        let r = try await answer.value
        #expect(r.status == 200)
        #expect(r.header("Connection") == "close")
        #expect(throws: SocketError.self) { try RawConnection(port: port) }
    }
}

/// Set once, read from any thread.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
