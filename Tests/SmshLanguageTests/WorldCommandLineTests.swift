import Foundation
import Testing
import TestSupport

/// The world controls through the smsh binary: state shared between processes, the connect
/// timeout from the environment.
struct WorldCommandLineTests {
    func state() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("smsh-world-\(UUID().uuidString)/state.sqlite").path
    }

    @Test func snapshotsAndTheClockAreSharedThroughTheStateFile() async throws {
        let path = state()
        let first = try await CommandLineTests.smsh(["--state", path, "--replication-delay", "1h", "-c", """
            use region us-west-2
            create Shared value "v" replicate to eu-west-3
            snapshot save start
            simulate advance 1h
            """])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try await CommandLineTests.smsh(["--state", path, "-c", """
            use region us-west-2
            print (status Shared in eu-west-3)
            print json(snapshot list)
            remove Shared from eu-west-3
            snapshot restore start
            print (status Shared in eu-west-3)
            """])
        #expect(second.status == 0, "\(second.stderr)")
        // The restored world has the clock of its moment: the replica is InProgress again.
        #expect(second.stdout == "InSync\n[\"start\"]\nInProgress\n")
        let snapshot = path + ".snapshots/start.sqlite"
        let mode = try FileManager.default.attributesOfItem(atPath: snapshot)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func theConnectTimeoutOfAnOutageComesFromTheEnvironment() async throws {
        let script = """
            simulate outage eu-west-3
            try { list in eu-west-3 } catch e { print $e.code }
            """
        let start = ContinuousClock.now
        let r = try await CommandLineTests.smsh(["--state", ":memory:", "-c", script], environment: ["SMSH_CONNECT_TIMEOUT": "0.2"])
        #expect(r.stdout == "ConnectTimeoutError\n", "\(r.stderr)")
        // Three attempts of 0.2 s: never less (a busy machine only makes it longer).
        #expect(ContinuousClock.now - start >= .milliseconds(600))
        let bad = try await CommandLineTests.smsh(["--state", ":memory:", "-c", "print 1"], environment: ["SMSH_CONNECT_TIMEOUT": "soon"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("SMSH_CONNECT_TIMEOUT must be a number of seconds above 0, not 'soon'"))
    }
}
