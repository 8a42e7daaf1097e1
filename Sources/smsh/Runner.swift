import Foundation
import AWSCLI
import SecretsCore
import SecretsSimulator
import LineEditor
import SmshLanguage
import SourceText

/// Turns the parsed options into a session and runs the requested mode; returns the exit code.
struct Runner {
    let options: SmshOptions
    let environment = ProcessInfo.processInfo.environment
    let sink = OutputSink(out: { Output.write($0, to: .standardOutput) }, err: { Output.write($0, to: .standardError) })

    var color: Bool {
        !options.noColor && environment["NO_COLOR"] == nil && isatty(2) == 1
    }

    func usage(_ message: String) -> Int32 {
        Output.write("smsh: error: \(message)\n", to: .standardError)
        return awsLine ? AWSCLIExitCode.usage : 2
    }

    /// `smsh aws ...` answers with the aws CLI's exit codes.
    var awsLine: Bool { options.arguments.first == "aws" }

    func main() async -> Int32 {
        if options.arguments.first == "aws" {
            // `smsh aws secretsmanager ...`: smsh's own options may stand among the aws arguments.
            var adopted = options
            if let problem = Runner.adoptSmshOptions(&adopted) { return usage(problem) }
            return await Runner(options: adopted).start()
        }
        if options.arguments.first == "rehearse" { return await rehearse() }
        return await start()
    }

    func start() async -> Int32 {
        if options.arguments.first == "serve" { return await serve() }
        if options.arguments.first == "check" {
            guard options.arguments.count == 2 else { return usage("usage: smsh check FILE") }
            if options.arguments[1].hasSuffix(".lesson") { return checkLesson(path: options.arguments[1]) }
            return check(path: options.arguments[1])
        }
        if options.arguments.first == "learn" { return await learn() }
        guard options.backend == "local" || options.backend == "aws" else {
            return usage("'\(options.backend)' is not a backend: use local or aws")
        }
        if options.backend == "local", options.endpointURL != nil {
            return usage("--endpoint-url needs the aws backend: the simulator is in smsh and has no endpoint (leave out --backend local)")
        }
        guard let format = OutputFormat(rawValue: options.output ?? "json") else {
            return usage("'\(options.output ?? "")' is not an output format: use table, json or text")
        }
        var region = options.region ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] ?? "us-east-1"
        if options.backend == "aws" {
            // The aws backend also takes the profile's region.
            do { region = try awsRegion() } catch { return usage("\(error)") }
        }
        guard Regions.isKnown(region) else {
            var m = "'\(region)' is not a Region"
            if let s = Regions.suggestion(for: region) { m += ": did you mean '\(s)'?" }
            return usage(m)
        }
        var delay = 3.0
        if let text = options.replicationDelay {
            guard let d = Runner.parseDuration(text) else { return usage("'\(text)' is not a duration (e.g. 0, 500ms, 3s)") }
            delay = d
        }
        var maxRate: Double?
        if let text = options.maxRate {
            switch RateLimiter.parse(text) {
            case .success(let rate): maxRate = rate
            case .failure(let e): return usage(e.message)
            }
        }
        let statePath = options.state ?? SimulatorOptions.defaultStatePath(environment: environment)
        let account = environment["SMSH_ACCOUNT_ID"] ?? SimulatorOptions.defaultAccountId
        guard account.utf8.count == 12, account.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            return usage("SMSH_ACCOUNT_ID must be a 12-digit AWS account id, not '\(account)'")
        }
        var simulatorOptions = SimulatorOptions(statePath: statePath, replicationDelay: delay, accountId: account)
        // One connect timeout for both backends: the simulator's outage waits it out too.
        do {
            if let t = try seconds("SMSH_CONNECT_TIMEOUT") { simulatorOptions.connectTimeout = t }
        } catch { return usage("\(error)") }
        let simulatorSettings = simulatorOptions
        // The state directory is made only when the simulator is used: an aws session leaves
        // no files behind.
        let makeLocal: @Sendable () throws -> SimulatorTransport = {
            if statePath != ":memory:" {
                let dir = URL(fileURLWithPath: statePath).deletingLastPathComponent().path
                // Owner only: the folder holds secret values (the state file and its WAL).
                try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                         attributes: [.posixPermissions: 0o700])
            }
            return try SimulatorTransport(options: simulatorSettings)
        }
        let startSession = Session(region: region, profile: options.profile, endpoint: options.endpointURL, backend: options.backend)
        let router: BackendRouter
        do {
            router = try BackendRouter(start: startSession, environment: environment, options: try httpOptions(),
                                       makeLocal: makeLocal)
        } catch {
            Output.write("smsh: error: \(error)\n", to: .standardError)
            return awsLine ? AWSCLIExitCode.configuration : 1
        }
        let code = awsLine
            ? await runAWSLine(router: router, region: region)
            : await run(router: router, region: region, format: format, maxRate: maxRate)
        await router.shutdown()
        return code
    }

    func run(router: BackendRouter, region: String, format: OutputFormat, maxRate: Double?) async -> Int32 {
        let interactiveInput = options.command == nil && options.arguments.isEmpty && isatty(0) == 1
        var session = Session(region: region, profile: options.profile, endpoint: options.endpointURL, backend: options.backend,
                              output: format, quiet: options.quiet, interactiveProgress: isatty(2) == 1,
                              color: color, showResults: interactiveInput)
        session.strict = options.strict
        session.maxRate = maxRate
        let files = SourceFiles()
        let scriptArgs = options.arguments.count > 1 ? Array(options.arguments.dropFirst()) : []
        let interpreter = Interpreter(session: session, transport: router, faults: router.localTransport, files: files,
                                      output: sink, environment: environment, args: scriptArgs)
        interpreter.sessionChanged = { try router.select($0) }
        interpreter.lineTransport = { try router.transport(for: $0, session: $1) }
        interpreter.readSecret = { prompt in
            switch SecretInput.readLine(prompt: prompt, isCancelled: { Task.isCancelled }) {
            case .line(let text): return text
            case .endOfInput: return nil
            case .interrupted: throw CancellationError()
            }
        }
        interpreter.terminalWidth = { FullScreen.size(of: 2)?.columns }
        if FullScreen.available() {
            let screen = FullScreen()
            interpreter.watchScreen = WatchScreen(size: { screen.size }, enter: { screen.enter() }, leave: { screen.leave() },
                                                  resized: { screen.resized() }, quitTyped: { screen.quitTyped() },
                                                  draw: { screen.draw($0) }, color: !options.noColor && FullScreen.colorAllowed(environment: environment))
        }
        if interactiveInput {
            interpreter.confirm = { question in
                guard let yes = Confirmation.ask(question, isCancelled: { Task.isCancelled }) else { throw CancellationError() }
                return yes
            }
        }
        let runner = ScriptRunner(interpreter: interpreter, color: color)

        if interactiveInput {
            if options.output == nil { interpreter.session.output = .table }
            let state = options.state ?? SimulatorOptions.defaultStatePath(environment: environment)
            return await ReplLauncher.run(interpreter: interpreter, color: color, environment: environment,
                                          stateFile: state == ":memory:" ? nil : state)
        }
        let text: String, name: String, path: String?
        if let c = options.command {
            (text, name, path) = (c, "-c", nil)
        } else if let file = options.arguments.first {
            guard let bytes = Runner.readBytes(file) else { return usage("cannot read '\(file)'") }
            (text, name, path) = (String(decoding: bytes, as: UTF8.self), file, file)
        } else {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            (text, name, path) = (String(decoding: data, as: UTF8.self), "<stdin>", nil)
        }
        return await Interrupts.run { await runner.run(text: text, displayName: name, path: path) }
    }

    func check(path: String) -> Int32 {
        guard let bytes = Runner.readBytes(path) else { return usage("cannot read '\(path)'") }
        HugePageHeap.prepare(forSourceBytes: bytes.count)
        let files = SourceFiles()
        let (program, problems) = ScriptRunner.check(bytes: bytes, path: path, files: files)
        if !problems.isEmpty {
            Output.write(DiagnosticRenderer(files: files, color: color).render(problems), to: .standardError)
        }
        // Exit while the tree is still alive: freeing a 200k-line program node by node takes
        // longer than checking it, and the process is ending anyway.
        withExtendedLifetime(program) { exit(problems.stopsTheRun ? 2 : 0) }
    }

    /// A script file. A regular file is read straight into the array the lexer uses: through Data
    /// the text was held twice and copied once more, and every megabyte of fresh memory costs
    /// ~1 ms in page faults. Anything else (a pipe, /dev/stdin) goes through FileManager.
    static func readBytes(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            return FileManager.default.contents(atPath: path).map { [UInt8]($0) }
        }
        let size = Int(info.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            while count < size {
                let n = read(fd, buffer.baseAddress.map { $0 + count }, size - count)
                if n < 0, errno == EINTR { continue }
                if n < 0 { failed = true; break }
                // The file shrank while being read: keep what is there.
                if n == 0 { break }
                count += n
            }
        }
        return failed ? nil : bytes
    }

    /// `0`, `2.5` (seconds), `500ms`, `3s`, `1m30s`.
    static func parseDuration(_ text: String) -> Double? {
        let lexer = Lexer.tokenize(text, file: -1)
        guard lexer.diagnostics.isEmpty, lexer.tokens.count == 2 else { return nil }
        let t = lexer.tokens[0]
        guard t.kind == .duration || t.kind == .number, t.number >= 0 else { return nil }
        return t.number
    }
}

