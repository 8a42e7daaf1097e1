import SecretsCore
import SecretsSimulator
import Testing
@testable import SmshLanguage

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
        #expect(ResultFormatter.format(result, as: .table, reveal: false).hasPrefix("Name               S\nSecretString       ********\n"))
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

    /// An outage keeps the replica InProgress whatever the machine's speed; the wait times out.
    static let stuckWait = """
    simulate outage eu-west-3
    create H value "h" replicate to eu-west-3
    try { wait H until InSync timeout 1500ms every 50ms } catch e { print $e.code }
    """

    @Test func waitHeartbeatOffATerminal() async throws {
        var session = Session()
        session.heartbeat = 0.1
        let r = try await Harness.run(Self.stuckWait, session: session)
        #expect(r.exit == 0)
        #expect(r.stdout == "WaitTimeout\n")
        #expect(r.stderr.contains("\nwait H: still waiting after "))
        #expect(r.stderr.contains("s: eu-west-3 InProgress\n"))
    }

    @Test func waitProgressLineOnATerminal() async throws {
        var session = Session()
        session.interactiveProgress = true
        let r = try await Harness.run(Self.stuckWait, session: session)
        #expect(r.stdout == "WaitTimeout\n")
        #expect(r.stderr.contains("\r\u{1B}[Kwaiting for H until InSync: eu-west-3 InProgress ("))
        // The progress line is cleared when the wait ends.
        #expect(r.stderr.hasSuffix("\r\u{1B}[K"))
    }
}
