import AWSBackend
import AWSCLI
import AWSConfig
import Foundation
import LineEditor
import SecretsCore
import SecretsSimulator
import SmshLanguage
import SecretsModel

/// The session's backend behind one Transport, so that `use backend`, `use profile` and
/// `use endpoint` can switch what the interpreter talks to without it knowing either kind.
/// The simulator and each AWS configuration are made on first use only.
final class BackendRouter: Transport, @unchecked Sendable {
    private struct AWSKey: Hashable {
        let profile: String?
        let endpoint: String?
        /// An aws line's own timeouts and TLS options; empty for the session's transports.
        var http = CLIConnection()
    }

    private let lock = NSLock()
    private var current: any Transport
    private var local: LazySimulator?
    private let makeLocal: @Sendable () throws -> SimulatorTransport
    private var aws: [AWSKey: HTTPTransport] = [:]
    private let environment: [String: String]
    private let options: HTTPTransportOptions

    /// `current` is the backend the session starts on; `local` when it is the simulator.
    init(start session: Session, environment: [String: String], options: HTTPTransportOptions,
         makeLocal: @escaping @Sendable () throws -> SimulatorTransport) throws {
        self.environment = environment
        self.options = options
        self.makeLocal = makeLocal
        self.current = EmptyTransport()
        try select(session)
    }

    /// The simulator, when the session started on it (for `simulate`).
    var localTransport: LazySimulator? { lock.withLock { local } }

    /// Points later calls at the session's backend; throws (and changes nothing) when that
    /// backend cannot be set up, e.g. a config file that does not parse.
    func select(_ session: Session) throws {
        lock.lock()
        defer { lock.unlock() }
        if session.backend == "aws" {
            let key = AWSKey(profile: session.profile, endpoint: session.endpoint)
            if let t = aws[key] {
                current = t
                return
            }
            // The session's Region is also where STS is called for assumed roles, as in botocore.
            let t = try BackendRouter.makeAWS(profile: session.profile, endpoint: session.endpoint, region: session.region,
                                              environment: environment, options: options)
            aws[key] = t
            current = t
        } else {
            let l = local ?? LazySimulator(make: makeLocal)
            local = l
            current = l
        }
    }

    /// The transport of an aws line that says how it connects (`--profile`, `--endpoint-url`, the
    /// timeouts, TLS), made once for each setting and kept; nil when the session's serves it.
    /// On the simulator only `--endpoint-url` leaves it (for that endpoint with AWS credentials,
    /// where the aws CLI would go): `--profile` alone stays on the simulator, so that a pasted
    /// runbook reaches no AWS account from a simulator session unless a line names an endpoint,
    /// and timeouts and TLS mean nothing to a backend without HTTP.
    func transport(for line: CLIConnection, session: Session) throws -> (any Transport)? {
        guard session.backend == "aws" || line.endpointURL != nil else { return nil }
        var http = line
        http.profile = nil
        http.endpointURL = nil
        let key = AWSKey(profile: line.profile ?? session.profile, endpoint: line.endpointURL ?? session.endpoint, http: http)
        return try lock.withLock {
            if let t = aws[key] { return t }
            var o = options
            if let v = line.readTimeout { o.requestTimeout = v }
            if let v = line.connectTimeout { o.connectTimeout = v }
            o.verifyCertificates = line.verifySSL
            if let v = line.caBundle { o.caBundle = v }
            let t = try BackendRouter.makeAWS(profile: key.profile, endpoint: key.endpoint, region: session.region,
                                              environment: environment, options: o)
            aws[key] = t
            return t
        }
    }

    static func configuration(profile: String?, endpoint: String?, region: String? = nil,
                              environment: [String: String]) throws -> AWSConfiguration {
        do {
            let config = try AWSConfiguration(environment: environment, profile: profile, region: region, endpointURL: endpoint)
            // A profile that does not exist is refused now, where `use profile` names it,
            // rather than at the next call.
            _ = try config.profileSettings()
            return config
        } catch {
            throw HTTPTransport.error(error)
        }
    }

    static func makeAWS(profile: String?, endpoint: String?, region: String?, environment: [String: String],
                        options: HTTPTransportOptions) throws -> HTTPTransport {
        HTTPTransport(configuration: try configuration(profile: profile, endpoint: endpoint, region: region, environment: environment),
                      options: options)
    }

    func send(operation: SecretsModel.Operation, region: String, body: Data) async throws -> Data {
        let t = lock.withLock { current }
        return try await t.send(operation: operation, region: region, body: body)
    }

    /// Closes every AWS connection pool that was opened.
    func shutdown() async {
        let all = lock.withLock { Array(aws.values) }
        for t in all { await t.shutdown() }
    }

    /// The placeholder until `select` runs in `init`; never called.
    private struct EmptyTransport: Transport {
        func send(operation: SecretsModel.Operation, region: String, body: Data) async throws -> Data {
            throw AWSError(code: "NoBackend", message: "no backend selected", httpStatus: 0)
        }
    }
}

/// The simulator, opened on its first request: a script that never calls it (`print 1`,
/// `use backend aws` first) starts without opening SQLite, switching the file to WAL and syncing
/// it, which was most of smsh's start-up. A file that cannot be opened fails that request, and
/// the next request tries again.
final class LazySimulator: Transport, FaultInjecting, @unchecked Sendable {
    private let lock = NSLock()
    private var opened: SimulatorTransport?
    private let make: @Sendable () throws -> SimulatorTransport

    init(make: @escaping @Sendable () throws -> SimulatorTransport) { self.make = make }

    func simulator() throws -> SimulatorTransport {
        try lock.withLock {
            if let opened { return opened }
            let made = try make()
            opened = made
            return made
        }
    }

    func send(operation: SecretsModel.Operation, region: String, body: Data) async throws -> Data {
        try await simulator().send(operation: operation, region: region, body: body)
    }

    func inject(_ fault: Fault) async throws { try await simulator().inject(fault) }
    func clearFaults() async throws { try await simulator().clearFaults() }
    func activeFaults() async throws -> [Fault] { try await simulator().activeFaults() }
}

extension LazySimulator: WorldControlling {
    func advanceClock(by seconds: Double) async throws -> Double { try await simulator().advanceClock(by: seconds) }
    func simulatedNow() async throws -> Date { try await simulator().simulatedNow() }
    func setReplicationDelay(_ seconds: Double) async throws { try await simulator().setReplicationDelay(seconds) }
    func resetWorld() async throws { try await simulator().resetWorld() }
    func saveSnapshot(_ name: String) async throws -> String { try await simulator().saveSnapshot(name) }
    func restoreSnapshot(_ name: String) async throws { try await simulator().restoreSnapshot(name) }
    func snapshotNames() async throws -> [String] { try await simulator().snapshotNames() }
    func replicaReadyAt(secret: String, primaryRegion: String, replicaRegion: String) async throws -> Date? {
        try await simulator().replicaReadyAt(secret: secret, primaryRegion: primaryRegion, replicaRegion: replicaRegion)
    }
}

extension Runner {
    /// The aws backend's HTTP settings from the command line and the environment.
    /// SMSH_CONNECT_TIMEOUT and SMSH_REQUEST_TIMEOUT are seconds.
    func httpOptions() throws -> HTTPTransportOptions {
        var o = HTTPTransportOptions()
        if let v = try seconds("SMSH_CONNECT_TIMEOUT") { o.connectTimeout = v }
        if let v = try seconds("SMSH_REQUEST_TIMEOUT") { o.requestTimeout = v }
        if options.debug {
            o.debug = { line in Output.write(line, to: .standardError) }
        }
        o.warning = { line in Output.write(line, to: .standardError) }
        // A role's MFA code is typed, without echo, only when someone is at a terminal; in a
        // script such a role is an error rather than a wait for input that never comes.
        if isatty(0) == 1 {
            o.mfaCode = { prompt in
                switch SecretInput.readLine(prompt: prompt, isCancelled: { Task.isCancelled }) {
                case .line(let code): return code
                case .endOfInput: throw CancellationError()
                case .interrupted: throw CancellationError()
                }
            }
        }
        return o
    }

    func seconds(_ name: String) throws -> Double? {
        guard let text = environment[name], !text.isEmpty else { return nil }
        guard let v = Double(text), v > 0, v.isFinite else {
            throw AWSError(code: "ConfigError", message: "\(name) must be a number of seconds above 0, not '\(text)'", httpStatus: 0)
        }
        return v
    }

    /// The aws backend's Region: --region, AWS_REGION, AWS_DEFAULT_REGION, the profile's, and
    /// then us-east-1 as for the simulator (the documented default of --region), so that a
    /// runbook that starts with `use region` needs no flag.
    func awsRegion() throws -> String {
        let config = try BackendRouter.configuration(profile: options.profile, endpoint: options.endpointURL,
                                                     region: options.region, environment: environment)
        do {
            return try config.resolveRegion().value
        } catch .noRegion {
            return "us-east-1"
        } catch {
            throw HTTPTransport.error(error)
        }
    }
}
