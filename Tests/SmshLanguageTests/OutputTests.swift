import TestSupport
import SecretsCore
import SecretsSimulator
import Testing
@testable import SmshLanguage
import SourceText

struct OutputTests {
    let result = Value(json: .object([
        ("Name", .string("S")), ("SecretString", .string("pw")),
        ("ReplicationStatus", .array([.object([("Region", .string("eu-west-3")), ("Status", .string("InSync"))])])),
    ]))

    @Test func jsonIsIndentedAndMasked() {
        #expect(ResultFormatter.format(result, as: .json, reveal: false) == """
        {
          "Name": "S",
          "SecretString": "********",
          "ReplicationStatus": [
            {
              "Region": "eu-west-3",
              "Status": "InSync"
            }
          ]
        }

        """)
    }

    @Test func textIsOnePathPerLine() {
        #expect(ResultFormatter.format(result, as: .text, reveal: true) == "Name\tS\nSecretString\tpw\nReplicationStatus[0].Region\teu-west-3\nReplicationStatus[0].Status\tInSync\n")
    }

    @Test func tableAlignsColumns() {
        let list = Value.list([
            Value(json: .object([("Name", .string("a")), ("PrimaryRegion", .string("us-east-1"))])),
            Value(json: .object([("Name", .string("longer-name"))])),
        ])
        #expect(ResultFormatter.format(list, as: .table, reveal: false) == """
        Name         PrimaryRegion
        a            us-east-1
        longer-name

        """)
        // A list of records inside a record is a table of its own under the field's name (the REPL's ReplicationStatus).
        #expect(ResultFormatter.format(result, as: .table, reveal: false) == """
        Name          S
        SecretString  ********

        ReplicationStatus:
          Region     KmsKeyId  Status  StatusMessage  LastAccessedDate
          eu-west-3            InSync

        """)
    }

    /// The REPL shows results in full, per `use output`, instead of a log line.
    @Test func sessionsThatShowResults() async throws {
        var session = Session()
        session.showResults = true
        let r = try await Harness.run("create X value \"v\"\nuse output text\nstatus X\nlist", session: session)
        #expect(r.exit == 0)
        #expect(r.stderr == "")
        #expect(r.stdout.contains("\"Name\": \"X\""))
        #expect(r.stdout.contains("[0].Name\tX"))
    }

    /// An hour's replication delay keeps the replica InProgress whatever the machine's speed (an
    /// outage turns Failed after 10 s, which a busy machine can reach). The wait is stopped
    /// (as Ctrl-C would) once the line under test has appeared, so a busy machine only makes the
    /// test slower, never wrong.
    static let stuckWait = """
    use replication-delay 1h
    create H value "h" replicate to eu-west-3
    wait H until InSync timeout 5m every 50ms
    """

    func runUntil(_ session: Session, stderrContains marker: String) async throws -> (Int32, String) {
        let capture = Capture()
        let sim = try SimulatorTransport(options: SimulatorOptions(statePath: ":memory:", replicationDelay: 0))
        let interp = Interpreter(session: session, transport: sim, faults: sim, files: SourceFiles(), output: capture.sink)
        let runner = ScriptRunner(interpreter: interp, color: false)
        let task = Task { await runner.run(text: Self.stuckWait, displayName: "w.smsh", path: nil) }
        let deadline = ContinuousClock.now + .seconds(60)
        while !capture.stderr.contains(marker), ContinuousClock.now < deadline {
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        task.cancel()
        return (await task.value, capture.stderr)
    }

    @Test func waitHeartbeatOffATerminal() async throws {
        var session = Session()
        session.heartbeat = 0.1
        let (code, stderr) = try await runUntil(session, stderrContains: "still waiting")
        #expect(code == 130)
        #expect(stderr.contains("\nwait H: still waiting after "))
        #expect(stderr.contains("s: eu-west-3 InProgress\n"))
    }

    @Test func waitProgressLineOnATerminal() async throws {
        var session = Session()
        session.interactiveProgress = true
        let (code, stderr) = try await runUntil(session, stderrContains: "waiting for H")
        #expect(code == 130)
        #expect(stderr.contains("\r\u{1B}[Kwaiting for H until InSync: eu-west-3 InProgress ("))
        // The progress line is cleared when the wait ends.
        #expect(stderr.contains("\r\u{1B}[Ksmsh: interrupted\n"))
    }
}
