import Foundation
import GRDB
import SecretsCore
import SecretsSimulator
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// kill -9 in the middle of writes to a state file: whatever smsh reported done must be there
/// when the file is opened again, and the file must stay a valid database, round after round on
/// the same file (each round starts from the hot WAL the last kill left behind).
@Suite(.serialized) struct DurabilityTests {
    static let rounds = 12
    static let writesPerRound = 1_000

    /// Runs `smsh` writing `count` secrets, each printed once its CreateSecret has returned, and
    /// kills it with SIGKILL once `killAfter` lines are out (or lets it finish when that is more
    /// than it writes). Returns every line it printed, which is every write it reported done.
    static func writeAndKill(smsh: URL, state: String, round: Int, count: Int, killAfter: Int) throws -> (acknowledged: [String], killed: Bool) {
        let p = Process()
        p.executableURL = smsh
        // The name is printed only after create returned: a printed name is an acknowledged write.
        p.arguments = ["--quiet", "--state", state, "--region", "us-west-2", "--replication-delay", "0", "-c",
                       "for i in 1..\(count) { create \"dur/r\(round)-$i\" value \"v\(round)-$i\"\nprint \"dur/r\(round)-$i\" }"]
        p.environment = ["PATH": "/usr/bin:/bin", "HOME": FileManager.default.temporaryDirectory.path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let fd = out.fileHandleForReading.fileDescriptor
        var text: [UInt8] = []
        var lines = 0
        var killed = false
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            text += chunk[..<n]
            lines += chunk[..<n].filter { $0 == UInt8(ascii: "\n") }.count
            if !killed, lines >= killAfter {
                kill(p.processIdentifier, SIGKILL)
                killed = true
            }
        }
        p.waitUntilExit()
        if !killed {
            #expect(p.terminationStatus == 0, "smsh failed before it was killed")
        } else {
            #expect(p.terminationReason == .uncaughtSignal || p.terminationStatus == 0)
        }
        // A line cut off by the kill was not fully reported: only whole lines count.
        let printed = String(decoding: text, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        let whole = text.last == UInt8(ascii: "\n") ? printed : printed.dropLast()
        return (whole.map(String.init), killed)
    }

    @Test func killNineMidWritesLosesNoAcknowledgedWrite() async throws {
        let smsh = smshBinary
        try #require(FileManager.default.isExecutableFile(atPath: smsh.path), "build smsh first (swift build --build-tests)")
        let path = temporaryPath("durable.sqlite")
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path) }
        // Fixed kill points spread over the run, so a failure repeats; the last round runs to the end.
        var generator = SeededGenerator(seed: 0x5eed_d00a)
        var everyAcknowledged: [String] = []
        var kills = 0
        for round in 0..<Self.rounds {
            let killAfter = round == Self.rounds - 1 ? Self.writesPerRound + 1 : Int(generator.next() % 900) + 1
            let result = try await offThePool {
                try Self.writeAndKill(smsh: smsh, state: path, round: round, count: Self.writesPerRound, killAfter: killAfter)
            }
            if result.killed { kills += 1 }
            #expect(result.acknowledged.count >= min(killAfter, Self.writesPerRound), "round \(round): fewer lines than waited for")
            everyAcknowledged += result.acknowledged

            // The file opens and SQLite finds nothing wrong with it. Names are read straight from
            // the table, so that nothing between the file and the test could hide a lost write.
            let (check, stored) = try await DatabaseQueue(path: path).read { db in
                (try String.fetchAll(db, sql: "PRAGMA integrity_check"),
                 try String.fetchAll(db, sql: "SELECT name FROM secret WHERE region = 'us-west-2'"))
            }
            #expect(check == ["ok"], "round \(round): \(check)")
            let names = Set(stored)

            // Every acknowledged write is there; the last one's value reads back through the simulator.
            let transport = try SimulatorTransport(options: SimulatorOptions(statePath: path, replicationDelay: 0))
            let client = SecretsManagerClient(transport: transport, region: "us-west-2")
            let missing = everyAcknowledged.filter { !names.contains($0) }
            #expect(missing.isEmpty, "round \(round): \(missing.count) acknowledged writes lost, e.g. \(missing.prefix(3))")
            if let last = result.acknowledged.last {
                let value = try await client.getSecretValue(GetSecretValueRequest(SecretId: last)).SecretString
                #expect(value == "v" + last.dropFirst("dur/r".count))
            }
        }
        #expect(kills >= Self.rounds - 1, "most rounds must be cut short by the kill")
        #expect(everyAcknowledged.count >= Self.writesPerRound)
    }
}
