import Foundation
import LineEditor
import SecretsCore
import SecretsSimulator
import SmshServer

/// `smsh serve`: the simulator as a Secrets Manager endpoint, until SIGINT or SIGTERM drains it.
extension Runner {
    static let serveHelp = """
        smsh serve [OPTIONS]: the simulator as a Secrets Manager endpoint (JSON 1.1 over HTTP), with a
        live web view at / and control endpoints under /_smsh/.

          --host H                  the address to listen on (default 127.0.0.1; others print a warning)
          --port N                  the port (default \(ServeOptions.defaultPort); 0: any free port, printed)
          --state PATH|:memory:     the simulator's state file (default: smsh's own)
          --replication-delay DUR   how long replicas stay InProgress (default 3s)
          --latency DUR             every request takes DUR longer (as `simulate latency DUR`)
          --credentials FILE        the access keys to accept, in the aws credentials format
                                    (default: the one pair test/test)
          --no-auth                 accept any request, signed or not
          --idle-timeout DUR        close a connection quiet for DUR (default 60s)
          --threads N               event loop threads (default: one per core but one)
          --quiet                   no log line per request on stderr
        SIGINT or SIGTERM: finish the requests in flight, then exit 0.
        """

    func serve() async -> Int32 {
        var args = options.arguments.dropFirst()
        var shared = options
        var serve = ServeOptions()
        var latency: Double?
        var credentialsPath: String?
        var noAuth = false
        // The session options that make no sense for a server stay refused here.
        let notForServe: Set<String> = ["-c", "--backend", "--region", "--profile", "--endpoint-url", "--output", "--no-color", "--debug"]
        while let word = args.popFirst() {
            var name = word
            var inline: String?
            if word.hasPrefix("--"), let eq = word.firstIndex(of: "=") {
                name = String(word[..<eq])
                inline = String(word[word.index(after: eq)...])
            }
            func value() -> String? { inline ?? args.popFirst() }
            switch name {
            case "-h", "--help":
                Output.write(Runner.serveHelp + "\n", to: .standardOutput)
                return 0
            case "--no-auth":
                noAuth = true
            case "--host":
                guard let v = value(), !v.isEmpty else { return usage("option '--host' needs a value") }
                serve.host = v
            case "--port":
                guard let v = value() else { return usage("option '--port' needs a value") }
                guard let p = Int(v), (0...65535).contains(p) else { return usage("'\(v)' is not a port (0 to 65535)") }
                serve.port = p
            case "--latency", "--idle-timeout":
                guard let v = value() else { return usage("option '\(name)' needs a value") }
                guard let d = Runner.parseDuration(v) else { return usage("'\(v)' is not a duration (e.g. 0, 50ms, 3s)") }
                if name == "--latency" {
                    guard d <= 60 else { return usage("--latency must be at most 60s") }
                    latency = d
                } else {
                    guard d > 0 else { return usage("--idle-timeout must be above 0") }
                    serve.idleTimeout = d
                }
            case "--threads":
                guard let v = value() else { return usage("option '--threads' needs a value") }
                guard let n = Int(v), (1...256).contains(n) else { return usage("'\(v)' is not a number of threads (1 to 256)") }
                serve.threads = n
            case "--credentials":
                guard let v = value() else { return usage("option '--credentials' needs a value") }
                credentialsPath = v
            default:
                switch shared.take(word, from: &args, excluding: notForServe) {
                case .taken: continue
                case .usageError(let message): return usage(message)
                case .notAnOption: return usage("'\(word)' is not an option of smsh serve (see smsh serve --help)")
                }
            }
        }
        if noAuth, credentialsPath != nil { return usage("--no-auth and --credentials cannot be used together") }
        if noAuth {
            serve.credentials = nil
        } else if let path = credentialsPath {
            do { serve.credentials = try ServerCredentials.load(path: path) } catch { return usage("\(error)") }
            serve.credentialsFile = path
        }
        var delay = 3.0
        if let text = shared.replicationDelay {
            guard let d = Runner.parseDuration(text) else { return usage("'\(text)' is not a duration (e.g. 0, 500ms, 3s)") }
            delay = d
        }
        let account = environment["SMSH_ACCOUNT_ID"] ?? SimulatorOptions.defaultAccountId
        guard account.utf8.count == 12, account.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            return usage("SMSH_ACCOUNT_ID must be a 12-digit AWS account id, not '\(account)'")
        }
        let statePath = shared.state ?? SimulatorOptions.defaultStatePath(environment: environment)
        serve.quiet = shared.quiet
        serve.log = { Output.write($0, to: .standardError) }

        let simulator: SimulatorTransport
        do {
            simulator = try SimulatorTransport(options: SimulatorOptions(statePath: statePath, replicationDelay: delay, accountId: account))
            if let latency { try await simulator.inject(.latency(seconds: latency)) }
        } catch {
            Output.write("smsh serve: error: \(error)\n", to: .standardError)
            return 1
        }
        // Handlers before the socket opens: a signal in between would otherwise kill the process.
        TerminalSignals.install()
        let server = HTTPServer(core: ServerCore(simulator: simulator, options: serve))
        do {
            _ = try await server.start()
        } catch {
            Output.write("smsh serve: error: cannot listen on \(serve.host):\(serve.port): \(error)\n", to: .standardError)
            await server.drain(grace: 0)
            return 1
        }
        if !ServeOptions.isLoopback(serve.host) {
            Output.write("smsh serve: warning: listening on \(serve.host), reachable from other machines: anyone who can connect can read and change every secret\(noAuth ? " (and --no-auth checks no signature)" : "")\n",
                         to: .standardError)
        }
        let endpoint = server.core.endpoint
        let auth = serve.credentials == nil ? "no signature checked" : "SigV4 checked"
        let banner = """
            smsh serve: Secrets Manager on \(endpoint) (state \(statePath), replication delay \(Runner.formatSeconds(delay)), \(auth))
            web view: \(endpoint)/
            for the aws CLI, boto3 and smsh --backend aws:

            """
        Output.write(banner + serve.clientEnvironment(endpoint: endpoint), to: .standardOutput)

        let signal = await Runner.nextSignal()
        if !serve.quiet { Output.write("smsh serve: stopping: finishing the requests in flight\n", to: .standardError) }
        await server.drain()
        // SIGHUP keeps its documented exit code; SIGINT and SIGTERM are how a server is stopped.
        return signal == .terminate(exitCode: 129) ? 129 : 0
    }

    /// Waits for SIGINT, SIGTERM or SIGHUP through the one signal watcher.
    static func nextSignal() async -> SignalEvent {
        let once = LockedOnce()
        var watcher: InterruptWatcher?
        let event = await withCheckedContinuation { (continuation: CheckedContinuation<SignalEvent, Never>) in
            watcher = InterruptWatcher { event in
                if once.first() { continuation.resume(returning: event) }
            }
        }
        watcher?.stop()
        return event
    }

    static func formatSeconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s))s" : "\(s)s"
    }

    final class LockedOnce: @unchecked Sendable {
        private let lock = NSLock()
        private var done = false
        func first() -> Bool {
            lock.withLock {
                defer { done = true }
                return !done
            }
        }
    }
}
