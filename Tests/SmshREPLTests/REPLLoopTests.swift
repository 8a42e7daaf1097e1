import Foundation
import LineEditor
import SecretsCore
import SecretsModel
import SecretsSimulator
import SmshLanguage
import Testing
import TestSupport
@testable import SmshREPL
import SourceText

/// Ctrl-C (or SIGTERM, SIGHUP) on demand, for cancelling a command without a signal.
final class ManualInterrupts: @unchecked Sendable {
    private let lock = NSLock()
    private var handler: (@Sendable (SignalEvent) -> Void)?
    private var started = 0
    var watch: REPL.InterruptWatch {
        { h in
            self.lock.withLock { self.handler = h; self.started += 1 }
            return { self.lock.withLock { self.handler = nil } }
        }
    }
    /// Sends `event` while the `number`th command of the session runs (1-based), once `ready`
    /// says it got where the test wants it (a request sent). Waits for those events however long
    /// they take: the test's time limit catches a hang.
    func press(duringCommand number: Int, event: SignalEvent = .interrupt,
               once ready: @escaping @Sendable () -> Bool = { true }) async {
        while true {
            let h: (@Sendable (SignalEvent) -> Void)? = lock.withLock { started == number ? handler : nil }
            if let h, ready() {
                h(event)
                return
            }
            try? await Task.sleep(nanoseconds: 5_000_000)
        }
    }
}

/// The simulator, counting the requests that reached it: "a request is in flight" as an event.
final class CountingTransport: Transport, @unchecked Sendable {
    let inner: SimulatorTransport
    private let lock = NSLock()
    private var sent: [SecretsModel.Operation] = []
    init(_ inner: SimulatorTransport) { self.inner = inner }
    func count(_ op: SecretsModel.Operation) -> Int { lock.withLock { sent.filter { $0 == op }.count } }
    func send(operation: SecretsModel.Operation, region: String, body: Data) async throws -> Data {
        lock.withLock { sent.append(operation) }
        return try await inner.send(operation: operation, region: region, body: body)
    }
}

final class Session {
    let capture = Capture()
    let reader: ScriptedReader
    let repl: REPL
    let home: URL
    let historyPath: String
    let transport: CountingTransport

    deinit { try? FileManager.default.removeItem(at: home) }

    init(_ steps: [ScriptedReader.Step], delay: Double = 0, output: OutputFormat = .table,
         interrupts: ManualInterrupts = ManualInterrupts()) throws {
        reader = ScriptedReader(steps)
        let sim = try SimulatorTransport(options: SimulatorOptions(statePath: ":memory:", replicationDelay: delay))
        transport = CountingTransport(sim)
        let interpreter = Interpreter(session: SmshLanguage.Session(output: output, showResults: true), transport: transport, faults: sim,
                                      files: SourceFiles(), output: capture.sink, environment: [:])
        home = try temporaryDirectory()
        historyPath = home.path + "/smsh/history"
        let capture = self.capture
        repl = REPL(runner: ScriptRunner(interpreter: interpreter, color: false), reader: reader,
                    historyFile: HistoryFile(path: historyPath), out: capture.sink.out, err: capture.sink.err,
                    interrupts: interrupts.watch)
    }
}

@Suite struct REPLLoopTests {
    @Test func promptFollowsUseAndContinuesWhileABlockIsOpen() async throws {
        let s = try Session([.line("use region eu-west-3"), .line("for r in [a, b] {"), .line("print \"r=$r\""), .line("}")])
        let code = await s.repl.run()
        #expect(code == 0)
        #expect(s.reader.prompts == ["smsh local:us-east-1> ", "smsh local:eu-west-3> ", "...> ", "...> ", "smsh local:eu-west-3> "])
        #expect(s.capture.stdout == "r=a\nr=b\n")
    }

    @Test func errorsAreDiagnosticsWithACaretAndTheSessionGoesOn() async throws {
        let s = try Session([.line("describe Nope"), .line("print (1 +)"), .line("print \"still here\"")])
        let code = await s.repl.run()
        #expect(code == 0)
        #expect(s.capture.stderr.contains("<input>:1:1: error: ResourceNotFoundException"))
        #expect(s.capture.stderr.contains("describe Nope\n^~~~~~~~\n"))
        #expect(s.capture.stderr.contains("<input>:1:11: error:"))
        #expect(s.capture.stdout == "still here\n")
    }

    @Test func versionsShowAsATableWhateverTheOutputFormat() async throws {
        let s = try Session([.line("create A value v"), .line("put A value w"), .line("versions A")], output: .json)
        #expect(await s.repl.run() == 0)
        let lines = s.capture.stdout.split(separator: "\n").suffix(3).map(String.init)
        #expect(lines.count == 3)
        #expect(lines.first?.hasPrefix("VersionId") == true, "\(s.capture.stdout)")
        #expect(lines.first?.contains("VersionStages") == true)
        #expect(lines.dropFirst().first?.contains(#"["AWSCURRENT"]"#) == true, "\(s.capture.stdout)")
        #expect(lines.last?.contains(#"["AWSPREVIOUS"]"#) == true)
    }

    @Test func exitEndsTheSessionWithItsCode() async throws {
        let s = try Session([.line("exit 3"), .line("print \"never\"")])
        #expect(await s.repl.run() == 3)
        #expect(s.capture.stdout.isEmpty)
    }

    @Test func ctrlCOnTheLineDropsAnOpenBlock() async throws {
        let s = try Session([.line("for r in [a] {"), .interrupt, .line("print 2")])
        _ = await s.repl.run()
        #expect(s.reader.prompts == ["smsh local:us-east-1> ", "...> ", "smsh local:us-east-1> ", "smsh local:us-east-1> "])
        #expect(s.capture.stdout == "2\n")
    }

    // Every wait here is for an event (the command started, its request reached the backend,
    // the session ended). The replication delay is an hour, so only cancelling ends the wait; a
    // request that was not cancelled would end after its 60 s latency without "interrupted".
    // The time limit only catches a hang.
    @Test(.timeLimit(.minutes(5))) func ctrlCCancelsAWaitAndTheSessionContinues() async throws {
        let interrupts = ManualInterrupts()
        let s = try Session([.line("create A value v replicate to eu-west-3"), .line("wait A until InSync every 50ms"),
                             .line("print \"after\"")], delay: 3600, interrupts: interrupts)
        async let code = s.repl.run()
        let transport = s.transport
        await interrupts.press(duringCommand: 2) { transport.count(.describeSecret) > 0 }
        #expect(await code == 0)
        #expect(s.capture.stderr.contains("interrupted\n"))
        #expect(s.capture.stdout.hasSuffix("after\n"))
    }

    @Test(.timeLimit(.minutes(5))) func ctrlCCancelsARequestInFlight() async throws {
        let interrupts = ManualInterrupts()
        let s = try Session([.line("create A value v"), .line("simulate latency 60s"), .line("describe A"),
                             .line("simulate clear"), .line("print \"after\"")], interrupts: interrupts)
        async let code = s.repl.run()
        let transport = s.transport
        await interrupts.press(duringCommand: 3) { transport.count(.describeSecret) > 0 }
        #expect(await code == 0)
        #expect(s.capture.stderr.contains("interrupted\n"))
        #expect(s.capture.stdout.hasSuffix("after\n"))
    }

    @Test(.timeLimit(.minutes(5)), arguments: [Int32(143), 129])
    func sigtermOrSighupCancelsTheCommandAndEndsTheSession(code: Int32) async throws {
        let interrupts = ManualInterrupts()
        let s = try Session([.line("create A value v replicate to eu-west-3"), .line("wait A until InSync"),
                             .line("print \"never\"")], delay: 3600, interrupts: interrupts)
        async let ended = s.repl.run()
        let transport = s.transport
        await interrupts.press(duringCommand: 2, event: .terminate(exitCode: code)) { transport.count(.describeSecret) > 0 }
        #expect(await ended == code)
        #expect(!s.capture.stdout.contains("never"))
        // The input that was running is in the history file: it was saved before it ran.
        let history = try String(contentsOfFile: s.historyPath, encoding: .utf8)
        #expect(history.contains("wait A until InSync"))
    }

    @Test func replicationStatusIsATable() async throws {
        let s = try Session([.line("create A value v replicate to eu-west-3, ap-south-1")], delay: 60)
        _ = await s.repl.run()
        let lines = s.capture.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("ReplicationStatus:"))
        #expect(lines.contains("  Region      KmsKeyId                  Status      StatusMessage  LastAccessedDate"))
        #expect(lines.contains("  eu-west-3   alias/aws/secretsmanager  InProgress"))
        #expect(lines.contains("  ap-south-1  alias/aws/secretsmanager  InProgress"))
        #expect(lines.contains { $0.hasPrefix("Name") && $0.hasSuffix("A") })
    }

    @Test func jsonOutputWhenTheSessionAsksForIt() async throws {
        let s = try Session([.line("use output json"), .line("create A value v")])
        _ = await s.repl.run()
        #expect(s.capture.stdout.contains("\"Name\": \"A\""))
    }

    @Test func helpVarsAndHistory() async throws {
        let s = try Session([.line("let regions = [eu-west-3]"), .line("create A value \"s3cr3t\""), .line("help"),
                             .line("help replicate"), .line("help nope"), .line("vars"), .line("history")])
        _ = await s.repl.run()
        let out = s.capture.stdout
        for command in Completer.commands + Completer.statements + Completer.replCommands {
            #expect(out.contains("\n  \(command) "), "\(command)")
        }
        #expect(out.contains("syntax:  replicate SECRET to REGION"))
        #expect(out.contains("API:     ReplicateSecretToRegions"))
        #expect(out.contains("example: replicate MyTestSecret to eu-west-3"))
        #expect(s.capture.stderr.contains("help: no topic 'nope'"))
        #expect(out.contains("$regions = [\"eu-west-3\"]"))
        #expect(out.contains("2  create A value ********\n"))
        #expect(!out.contains("s3cr3t"))
    }

    @Test func historyIsRedactedInMemoryAndOnDisk() async throws {
        let s = try Session([.line("create A value \"hunter2\""), .line("put A json {password: \"pw123\"}"), .line("describe A")])
        _ = await s.repl.run()
        #expect(s.reader.history == ["create A value ********", "put A json ********", "describe A"])
        let text = try String(contentsOfFile: s.historyPath, encoding: .utf8)
        #expect(text == "create A value ********\nput A json ********\ndescribe A\n")
    }

    @Test func tabCompletesSecretNamesListedFromTheBackend() async throws {
        let s = try Session([.line("create MyTestSecret value v"), .line("create MyOther value v"), .tab("describe MyT"),
                             .tab("replicate MyTestSecret to eu-west-"), .line("let region = x"), .tab("print $reg")])
        _ = await s.repl.run()
        #expect(s.reader.tabs == [.insert("estSecret "), .list("eu-west-1  eu-west-2  eu-west-3\n"), .insert("ion ")])
    }

    /// An aws line with --output prints as the CLI does (text page by page), secret values masked
    /// even where --query picks them out.
    @Test func awsLinesWithOutputPrintAsTheCLIDoes() async throws {
        let s = try Session([.line("create A value v1"), .line("create B value v2"), .line("print \"--\""),
                             .line("aws secretsmanager list-secrets --page-size 1 --query 'SecretList[].Name' --output text"),
                             .line("aws secretsmanager get-secret-value --secret-id A --query SecretString --output text"),
                             .line("aws secretsmanager describe-secret --secret-id A --query Missing --output json"),
                             .line("aws secretsmanager list-secrets --page-size 1 --query 'SecretList[].Name' --output yaml-stream"),
                             .line("aws secretsmanager get-secret-value --secret-id A --query '{Name: Name, Value: SecretString}' --output yaml")])
        #expect(await s.repl.run() == 0)
        let shown = s.capture.stdout.components(separatedBy: "--\n").last
        // yaml-stream: one list item a page; yaml quotes the mask, whose `*` would start an alias.
        #expect(shown == "A\nB\n\(SmshLanguage.Value.mask)\nnull\n- - A\n- - B\nName: A\nValue: '\(SmshLanguage.Value.mask)'\n",
                "\(s.capture.stdout)\n\(s.capture.stderr)")
    }
}
