import Foundation
import Testing

/// The smsh executable end to end: modes, options, exit codes, signals.
struct CommandLineTests {
    /// `swift test` builds the executable next to the test bundle.
    static var binary: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("smsh")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return Harness.repositoryRoot.appendingPathComponent(".build/debug/smsh")
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func smsh(_ args: [String], stdin: String? = nil, environment extra: [String: String] = [:],
                     interruptAfter: Double? = nil) throws -> Result {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["XDG_DATA_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("smsh-cli-\(UUID().uuidString)").path
        for (k, v) in extra { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        if let delay = interruptAfter {
            Thread.sleep(forTimeInterval: delay)
            kill(p.processIdentifier, SIGINT)
        }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static func tempFile(_ text: String, name: String = "s.smsh") throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smsh-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    let mem = ["--state", ":memory:", "--replication-delay", "0"]

    @Test func runsTextWithDashC() throws {
        let r = try Self.smsh(mem + ["-c", "create X value \"v\"\nprint (status X)"])
        #expect(r.status == 0)
        #expect(r.stdout == "{}\n")
        #expect(r.stderr == "create X in us-east-1\n")
    }

    @Test func runsAFileWithArguments() throws {
        let f = try Self.tempFile("print $args[1], len($args)")
        let r = try Self.smsh(mem + [f.path, "a", "b", "--not-an-option"])
        #expect(r.stdout == "b 3\n")
        #expect(r.status == 0)
    }

    @Test func readsAScriptFromStdin() throws {
        let r = try Self.smsh(mem, stdin: "print 1 + 1\n")
        #expect(r.stdout == "2\n")
        #expect(r.status == 0)
    }

    @Test func checkMode() throws {
        let good = try Self.tempFile("replicate X to eu-west-3")
        let bad = try Self.tempFile("replicate X to eu-west-33\nsleep 5\n")
        #expect(try Self.smsh(["check", good.path]).status == 0)
        let r = try Self.smsh(["check", bad.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains(":1:16: error: 'eu-west-33' is not a Region: did you mean 'eu-west-3'?"))
        #expect(r.stderr.contains(":2:7: error: '5' is not a duration"))
        #expect(!r.stderr.contains("\u{1B}["))
    }

    @Test func exitCodes() throws {
        #expect(try Self.smsh(mem + ["-c", "describe Nope"]).status == 1)
        #expect(try Self.smsh(mem + ["-c", "print ("]).status == 2)
        #expect(try Self.smsh(mem + ["-c", "exit 7"]).status == 7)
        let timeout = try Self.smsh(mem + ["-c", "create T value \"t\" replicate to eu-west-3\nwait T until Failed timeout 200ms every 50ms"])
        #expect(timeout.status == 3)
        #expect(timeout.stderr.contains("WaitTimeout"))
    }

    @Test func awsBackendIsNotAvailableYet() throws {
        let r = try Self.smsh(["--backend", "aws", "-c", "print 1"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("the aws backend is not available yet"))
    }

    @Test func usageErrors() throws {
        #expect(try Self.smsh(["--region", "eu-west-33", "-c", "print 1"]).stderr.contains("did you mean 'eu-west-3'?"))
        #expect(try Self.smsh(["--output", "yaml", "-c", "print 1"]).status == 2)
        #expect(try Self.smsh(["--replication-delay", "soon", "-c", "print 1"]).status == 2)
        #expect(try Self.smsh(["/no/such/file.smsh"]).status == 2)
    }

    @Test func quietSilencesTheLog() throws {
        let r = try Self.smsh(mem + ["--quiet", "-c", "create Q value \"q\""])
        #expect(r.stderr == "")
        #expect(r.status == 0)
    }

    @Test func regionFromTheEnvironment() throws {
        let r = try Self.smsh(mem + ["-c", "create E value \"e\""], environment: ["AWS_REGION": "eu-west-3"])
        #expect(r.stderr == "create E in eu-west-3\n")
    }

    @Test func stateFilePersistsBetweenRuns() throws {
        let state = try Self.tempFile("", name: "state.sqlite").deletingLastPathComponent().appendingPathComponent("s.sqlite").path
        #expect(try Self.smsh(["--state", state, "-c", "create Kept value \"k\""]).status == 0)
        let r = try Self.smsh(["--state", state, "-c", "print (describe Kept).Name"])
        #expect(r.stdout == "Kept\n")
    }

    @Test func ctrlCEndsWith130() throws {
        let r = try Self.smsh(mem + ["-c", "print \"start\"\nsleep 30s\nprint \"never\""], interruptAfter: 0.5)
        #expect(r.status == 130)
        #expect(r.stdout == "start\n")
    }

    @Test func shebangScriptsRun() throws {
        let f = try Self.tempFile("#!/usr/bin/env smsh\nprint \"from a shebang\"\n", name: "run-me")
        chmod(f.path, 0o755)
        let p = Process()
        p.executableURL = f
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = Self.binary.deletingLastPathComponent().path + ":" + (env["PATH"] ?? "")
        p.environment = env
        p.arguments = []
        let out = Pipe()
        p.standardOutput = out
        p.standardError = Pipe()
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(String(decoding: o, as: UTF8.self) == "from a shebang\n")
    }
}
