import Foundation
import Testing
import TestSupport

/// The smsh executable end to end: modes, options, exit codes, signals.
struct CommandLineTests {
    /// smsh's environment in these tests: this process's, with a state folder of its own.
    static func environment(_ extra: [String: String]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["XDG_DATA_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("smsh-cli-\(UUID().uuidString)").path
        for (k, v) in extra { env[k] = v }
        return env
    }

    static func smsh(_ args: [String], stdin: String = "", environment extra: [String: String] = [:]) async throws -> ProcessResult {
        try await offThePool { try runProcess(smshBinary, args, environment: environment(extra), stdin: stdin) }
    }

    /// Runs smsh and sends it SIGINT `delay` seconds after its first line of output: a busy
    /// machine may take a while to start the process, and a signal before then proves nothing.
    static func smshInterrupted(_ args: [String], after delay: Double) async throws -> (status: Int32, stdout: String) {
        try await offThePool {
            let p = Process()
            p.executableURL = smshBinary
            p.arguments = args
            p.environment = environment([:])
            let out = Pipe()
            p.standardOutput = out
            p.standardError = FileHandle.nullDevice
            p.standardInput = FileHandle.nullDevice
            try p.run()
            var early = Data()
            let deadline = Date().addingTimeInterval(20)
            while !early.contains(UInt8(ascii: "\n")), Date() < deadline {
                early.append(out.fileHandleForReading.availableData)
            }
            Thread.sleep(forTimeInterval: delay)
            kill(p.processIdentifier, SIGINT)
            let rest = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return (p.terminationStatus, String(decoding: early + rest, as: UTF8.self))
        }
    }

    static func tempFile(_ text: String, name: String = "s.smsh") throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smsh-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    let mem = ["--state", ":memory:", "--replication-delay", "0"]

    @Test func runsTextWithDashC() async throws {
        let r = try await Self.smsh(mem + ["-c", "create X value \"v\"\nprint (status X)"])
        #expect(r.status == 0)
        #expect(r.stdout == "{}\n")
        #expect(r.stderr == "create X in us-east-1\n")
    }

    @Test func runsAFileWithArguments() async throws {
        let f = try Self.tempFile("print $args[1], len($args)")
        let r = try await Self.smsh(mem + [f.path, "a", "b", "--not-an-option"])
        #expect(r.stdout == "b 3\n")
        #expect(r.status == 0)
    }

    @Test func readsAScriptFromStdin() async throws {
        let r = try await Self.smsh(mem, stdin: "print 1 + 1\n")
        #expect(r.stdout == "2\n")
        #expect(r.status == 0)
    }

    @Test func checkMode() async throws {
        let good = try Self.tempFile("replicate X to eu-west-3")
        let bad = try Self.tempFile("replicate X to eu-west-33\nsleep 5\n")
        #expect(try await Self.smsh(["check", good.path]).status == 0)
        let r = try await Self.smsh(["check", bad.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains(":1:16: error: 'eu-west-33' is not a Region: did you mean 'eu-west-3'?"))
        #expect(r.stderr.contains(":2:7: error: '5' is not a duration"))
        #expect(!r.stderr.contains("\u{1B}["))
    }

    /// A warning is shown but does not fail `smsh check`, nor stop a run.
    @Test func checkWarningsDoNotFail() async throws {
        let f = try Self.tempFile("try { describe Nope } catch e { }\nprint \"ran\"\n")
        let checked = try await Self.smsh(["check", f.path])
        #expect(checked.status == 0)
        #expect(checked.stderr.contains(":1:23: warning: this 'catch' takes every error and does nothing with it"))
        let ran = try await Self.smsh(mem + [f.path])
        #expect(ran.status == 0)
        #expect(ran.stdout == "ran\n")
        #expect(ran.stderr.contains("warning: this 'catch'"))
    }

    /// `--strict` is `use strict on` from the start; `use strict off` ends it.
    @Test func strictOption() async throws {
        let text = "create C json {user: \"u\"}\nlet c = parse((get C).SecretString)\nprint $c.usr\n"
        let lax = try await Self.smsh(mem + ["-c", text])
        #expect(lax.status == 0)
        #expect(lax.stdout == "null\n")
        let strict = try await Self.smsh(mem + ["--strict", "-c", text])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains(":3:7: error: MissingField: no field 'usr' in the record"))
        let off = try await Self.smsh(mem + ["--strict", "-c", "use strict off\n" + text])
        #expect(off.stdout == "null\n")
    }

    @Test func checkReadsSourcedFiles() async throws {
        let main = try Self.tempFile("source \"lib.smsh\"\nprint helper()\n", name: "main.smsh")
        try "def helper() { return $undefinedInLib }\n".write(to: main.deletingLastPathComponent().appendingPathComponent("lib.smsh"),
                                                            atomically: true, encoding: .utf8)
        let r = try await Self.smsh(["check", main.path])
        #expect(r.status == 0, "a sourced file may use the sourcing file's variables")
        try "def helper( { }\n".write(to: main.deletingLastPathComponent().appendingPathComponent("lib.smsh"), atomically: true, encoding: .utf8)
        let bad = try await Self.smsh(["check", main.path])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("lib.smsh:1:13: error: expected a variable name after '(', found '{'"))
    }

    @Test func exitCodes() async throws {
        #expect(try await Self.smsh(mem + ["-c", "describe Nope"]).status == 1)
        #expect(try await Self.smsh(mem + ["-c", "print ("]).status == 2)
        #expect(try await Self.smsh(mem + ["-c", "exit 7"]).status == 7)
        let timeout = try await Self.smsh(mem + ["-c", "create T value \"t\" replicate to eu-west-3\nwait T until Failed timeout 200ms every 50ms"])
        #expect(timeout.status == 3)
        #expect(timeout.stderr.contains("WaitTimeout"))
    }

    /// The aws backend connects on the first call only: a script that makes none runs even
    /// when the endpoint is unreachable. (Calls against moto are in AWSBackendTests.)
    @Test func awsBackendMakesNoCallUntilOneIsNeeded() async throws {
        let r = try await Self.smsh(["--backend", "aws", "--endpoint-url", "http://127.0.0.1:9", "--region", "us-west-2", "-c", "print 1"],
                                    environment: ["AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                                                  "AWS_CONFIG_FILE": "/nonexistent/config", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/credentials"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "1\n")
    }

    @Test func usageErrors() async throws {
        #expect(try await Self.smsh(["--region", "eu-west-33", "-c", "print 1"]).stderr.contains("did you mean 'eu-west-3'?"))
        #expect(try await Self.smsh(["--output", "yaml", "-c", "print 1"]).status == 2)
        #expect(try await Self.smsh(["--replication-delay", "soon", "-c", "print 1"]).status == 2)
        #expect(try await Self.smsh(["/no/such/file.smsh"]).status == 2)
    }

    @Test func helpAndUnknownOptions() async throws {
        let help = try await Self.smsh(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("smsh check FILE"))
        #expect(help.stdout.contains("--replication-delay"))
        let bogus = try await Self.smsh(["--bogus", "x.smsh"])
        #expect(bogus.status == 2)
        #expect(bogus.stderr == "smsh: error: unknown option '--bogus' (see smsh --help)\n")
    }

    @Test func optionValuesFollowASpaceOrAnEqualsSign() async throws {
        let arn = "print (create A value \"a\").ARN"
        let r = try await Self.smsh(["--state=:memory:", "--region", "eu-west-3", "--quiet", "-c", arn])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("arn:aws:secretsmanager:eu-west-3:"))
        #expect(r.stderr == "")
        // The last of a repeated option wins, and options may follow -c's text.
        let last = try await Self.smsh(["--region=us-west-1", "-c", arn, "--region=ap-south-1", "--quiet"] + mem)
        #expect(last.status == 0)
        #expect(last.stdout.hasPrefix("arn:aws:secretsmanager:ap-south-1:"))
    }

    @Test func badOptionsAreUsageErrors() async throws {
        let cases: [([String], String)] = [
            (["--region"], "option '--region' needs a value"),
            (["-c"], "option '-c' needs a value"),
            (["--quiet=yes", "-c", "print 1"], "option '--quiet' takes no value"),
            (["-qc", "print 1"], "unknown option '-qc' (see smsh --help)"),
        ]
        for (args, message) in cases {
            let r = try await Self.smsh(args)
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr == "smsh: error: \(message)\n", "\(args)")
            #expect(r.stdout == "")
        }
    }

    @Test func wordsAfterTheFileAreTheScripts() async throws {
        let file = try Self.tempFile("print $args\n")
        // `--` ends smsh's options; the words after the file are $args, options or not.
        let r = try await Self.smsh(mem + ["--", file.path, "--quiet", "--region", "x"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("\"--quiet\""))
        #expect(r.stdout.contains("\"x\""))
    }

    @Test func quietSilencesTheLog() async throws {
        let r = try await Self.smsh(mem + ["--quiet", "-c", "create Q value \"q\""])
        #expect(r.stderr == "")
        #expect(r.status == 0)
    }

    @Test func regionFromTheEnvironment() async throws {
        let r = try await Self.smsh(mem + ["-c", "create E value \"e\""], environment: ["AWS_REGION": "eu-west-3"])
        #expect(r.stderr == "create E in eu-west-3\n")
    }

    @Test func stateFilePersistsBetweenRuns() async throws {
        let state = try Self.tempFile("", name: "state.sqlite").deletingLastPathComponent().appendingPathComponent("s.sqlite").path
        #expect(try await Self.smsh(["--state", state, "-c", "create Kept value \"k\""]).status == 0)
        let r = try await Self.smsh(["--state", state, "-c", "print (describe Kept).Name"])
        #expect(r.stdout == "Kept\n")
    }

    @Test func ctrlCEndsWith130() async throws {
        let r = try await Self.smshInterrupted(mem + ["-c", "print \"start\"\nsleep 30s\nprint \"never\""], after: 0.3)
        #expect(r.status == 130)
        #expect(r.stdout == "start\n")
    }

    @Test func shebangScriptsRun() async throws {
        // Not through tempFile: a descriptor another test's child inherited while it wrote
        // would keep the file busy.
        let f = try Self.tempFile("").deletingLastPathComponent().appendingPathComponent("run-me")
        try writeExecutable("#!/usr/bin/env smsh\nprint \"from a shebang\"\n", to: f.path)
        let binDir = smshBinary.deletingLastPathComponent().path
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = binDir + ":" + (env["PATH"] ?? "")
        let r = try await offThePool { [env] in try runProcess(f, [], environment: env) }
        let (status, output) = (r.status, r.stdout)
        #expect(status == 0)
        #expect(output == "from a shebang\n")
    }

    /// `--output` is how `print` shows a list or record, and it means the same in a script file,
    /// `-c` and a script on stdin; without it, JSON.
    @Test func outputFormatAppliesInEveryMode() async throws {
        let script = "print {Name: x, Tags: [a, b]}\n"
        let file = try Self.tempFile(script)
        let expected: [String?: String] = [
            nil: "{\n  \"Name\": \"x\",\n  \"Tags\": [\n    \"a\",\n    \"b\"\n  ]\n}\n",
            "json": "{\n  \"Name\": \"x\",\n  \"Tags\": [\n    \"a\",\n    \"b\"\n  ]\n}\n",
            "text": "Name\tx\nTags[0]\ta\nTags[1]\tb\n",
            "table": "Name  x\nTags  [\"a\",\"b\"]\n",
        ]
        for (format, want) in expected {
            let option = format.map { ["--output", $0] } ?? []
            let modes: [(String, [String], String)] = [("file", [file.path], ""), ("-c", ["-c", script], ""), ("stdin", [], script)]
            for (mode, args, stdin) in modes {
                let r = try await Self.smsh(mem + option + args, stdin: stdin)
                #expect(r.status == 0, "\(mode) --output \(format ?? "-"): \(r.stderr)")
                #expect(r.stdout == want, "\(mode) --output \(format ?? "-")")
            }
        }
    }

    /// A value nested past the limit is a located runtime error (exit 1) in the real binary, not a
    /// crash on a task's stack; at the limit, printing, comparing, JSON and freeing all work.
    @Test func deepValuesAreAnErrorNotACrash() async throws {
        let deep = try await Self.smsh(mem + ["-c", "let x = []; repeat 100000 { set x = [$x] }; print 1"])
        #expect(deep.status == 1)
        #expect(deep.stdout == "")
        #expect(deep.stderr.hasPrefix("-c:1:37: error: ValueError: lists and records nest at most 512 deep"), "\(deep.stderr)")
        let atLimit = try await Self.smsh(mem + ["-c", """
            let x = []; repeat 511 { set x = [$x] }
            let r = {}; repeat 511 { set r = {a: $r, b: [1, 2]} }
            print len(json($x)), $x == $x, $r == $r, len(str($r)) > 0
            print parse(json($x)) == $x
            """])
        #expect(atLimit.status == 0, "\(atLimit.stderr)")
        #expect(atLimit.stdout == "1024 true true true\ntrue\n")
        let printed = try await Self.smsh(mem + ["-c", "let x = []; repeat 511 { set x = [$x] }; print $x"])
        #expect(printed.status == 0)
        #expect(printed.stdout.hasPrefix("[\n  [\n    [\n"))
    }
}
