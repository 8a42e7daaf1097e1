import AWSCLI
import Foundation
import SecretsCore
import SecretsModel
import SecretsSimulator
import SigV4

/// A request as the HTTP layer received it: whole, body bounded.
public struct ReceivedRequest: Sendable {
    public var method: String
    public var uri: String
    public var headers: [(String, String)]
    public var body: [UInt8]
    public var client: String

    public init(method: String, uri: String, headers: [(String, String)], body: [UInt8], client: String = "-") {
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
        self.client = client
    }

    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name }?.1 }
    var path: String { String(uri.prefix(while: { $0 != "?" })) }
}

/// What the HTTP layer sends back: a whole response, or the start of an event stream.
public enum Reply: Sendable {
    case full(status: Int, headers: [(String, String)], body: [UInt8])
    case eventStream
}

/// `smsh serve` without the sockets: Secrets Manager's JSON 1.1 protocol in front of the
/// simulator, the control endpoints under `/_smsh/`, and the web view. Every answer of the
/// service is the simulator's own bytes, so a client cannot tell it from `--backend local`.
public final class ServerCore: Sendable {
    public let simulator: SimulatorTransport
    public let options: ServeOptions
    public let events = EventHub()
    let authenticator: Authenticator
    /// `http://host:port`, known once the socket is bound: the aws CLI lines of the call feed name it.
    private let endpointBox = LockedValue<String>("")
    /// Requests received and not yet answered (the HTTP layer counts them): a drain waits for them.
    let inFlight = LockedValue(0)

    public init(simulator: SimulatorTransport, options: ServeOptions) {
        self.simulator = simulator
        self.options = options
        self.authenticator = Authenticator(credentials: options.credentials)
    }

    public var endpoint: String {
        get { endpointBox.get() }
        set { endpointBox.set(newValue) }
    }

    static let jsonType = "application/x-amz-json-1.1"
    public static let controlPrefix = "/_smsh/"

    public func respond(_ request: ReceivedRequest) async -> Reply {
        let started = DispatchTime.now().uptimeNanoseconds
        let path = request.path
        switch (request.method, path) {
        case ("GET", "/"), ("GET", "/index.html"):
            return finish(request, started, .full(status: 200, headers: [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")],
                                                  body: Array(WebView.html.utf8)))
        case ("GET", "/_smsh/health"):
            return finish(request, started, json(200, .object([("Status", .string("ok")), ("Endpoint", .string(endpoint)),
                                                            // Not counting this one.
                                                            ("RequestsInFlight", .number(Double(max(0, inFlight.get() - 1))))])))
        case ("GET", "/_smsh/state"):
            return finish(request, started, state())
        case ("GET", "/_smsh/events"):
            log(request, started, status: 200, detail: "event stream")
            return .eventStream
        case ("POST", "/_smsh/reset"), ("POST", "/moto-api/reset"):
            return finish(request, started, reset())
        case ("GET", "/_smsh/faults"), ("POST", "/_smsh/faults"), ("DELETE", "/_smsh/faults"):
            return finish(request, started, await faults(request))
        default:
            if path.hasPrefix(Self.controlPrefix) || path.hasPrefix("/moto-api/") || request.method != "POST" {
                return finish(request, started, json(404, error("NotFound", "No such endpoint: \(request.method) \(path). The service takes POST /; smsh's own endpoints are under /_smsh/ (see the README).")))
            }
            let (reply, delay) = serviceNow(request, started)
            if delay > 0 { try? await Task.sleep(nanoseconds: UInt64(delay * 1e9)) }
            return reply
        }
    }

    /// A Secrets Manager call (what is not a page or a control endpoint): answered by
    /// `serviceNow`, without a hop off the connection's thread.
    public func isServiceCall(_ request: ReceivedRequest) -> Bool {
        let path = request.path
        return request.method == "POST" && !path.hasPrefix(Self.controlPrefix) && !path.hasPrefix("/moto-api/")
    }

    // MARK: The service

    /// The answer to a Secrets Manager call and how long a latency fault holds it back.
    public func serviceNow(_ request: ReceivedRequest, _ started: UInt64 = DispatchTime.now().uptimeNanoseconds) -> (Reply, delay: Double) {
        let target = request.header("x-amz-target") ?? ""
        var delay = 0.0
        let status: Int
        let body: [UInt8]
        var region = "-"
        var failure: AWSError?
        switch authenticator.authenticate(method: request.method, uri: request.uri, headers: request.headers, body: request.body, now: options.clock()) {
        case .failure(let e):
            failure = e
            (status, body) = (e.httpStatus, Array(e.body.encoded()))
        case .success(let r):
            region = r
            let (outcome, latency) = simulator.handleNow(target: target, region: r, body: Data(request.body))
            delay = latency
            do {
                let data = try outcome.get()
                (status, body) = (200, Array(data))
            } catch let e as AWSError {
                failure = e
                // An error the in-process simulator raises without a status (a Region that does
                // not exist) still needs one on the wire.
                (status, body) = (e.httpStatus == 0 ? 400 : e.httpStatus, Array(e.body.encoded()))
            } catch {
                let e = AWSError(code: "InternalServiceError", message: "simulator: \(error)", httpStatus: 500)
                failure = e
                (status, body) = (500, Array(e.body.encoded()))
            }
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6 + delay * 1000
        log(request, started, status: status, detail: "\(target) \(region)" + (failure.map { " \($0.code)" } ?? ""), added: delay)
        if events.hasSubscribers {
            events.publish("call", callEvent(target: target, region: region, body: request.body, status: status, failure: failure, milliseconds: elapsed))
        }
        return (.full(status: status, headers: [("Content-Type", Self.jsonType), ("x-amzn-RequestId", RandomUUID.string())], body: body), delay)
    }

    private func callEvent(target: String, region: String, body: [UInt8], status: Int, failure: AWSError?, milliseconds: Double) -> JSONValue {
        let name = target.hasPrefix("secretsmanager.") ? String(target.dropFirst("secretsmanager.".count)) : target
        var m: [(String, JSONValue)] = [
            ("Time", .number(Date().timeIntervalSince1970)),
            ("Operation", .string(name)),
            ("Region", .string(region)),
            ("Status", .number(Double(status))),
            ("Milliseconds", .number((milliseconds * 10).rounded() / 10)),
        ]
        if let failure {
            m.append(("Error", .string(failure.code)))
            m.append(("Message", .string(failure.message)))
        }
        if let op = SecretsModel.Operation(rawValue: name), let json = try? JSONValue.parse(body), Regions.isKnown(region) {
            // Secret values masked: the feed is for a room to watch.
            m.append(("CLI", .string(CLILine.render(operation: op, region: region, body: json, reveal: false) + " --endpoint-url \(endpoint)")))
        }
        return .object(m)
    }

    // MARK: Control endpoints

    private func state() -> Reply {
        do {
            guard case .object(var members) = try simulator.worldSnapshot() else { return json(500, error("InternalServiceError", "no snapshot")) }
            members.append(("Endpoint", .string(endpoint)))
            members.append(("Environment", .string(options.clientEnvironment(endpoint: endpoint))))
            members.append(("Regions", .array(Regions.all.map { r in
                .object([("Code", .string(r.code)), ("Name", .string(r.name)), ("Geography", .string(r.geography)), ("OptIn", .bool(r.optIn))])
            })))
            return json(200, .object(members))
        } catch {
            return json(500, self.error("InternalServiceError", "\(error)"))
        }
    }

    private func reset() -> Reply {
        do {
            try simulator.reset()
            events.publish("reset", .object([("Time", .number(Date().timeIntervalSince1970))]))
            return json(200, .object([("status", .string("ok"))]))
        } catch {
            return json(500, self.error("InternalServiceError", "\(error)"))
        }
    }

    private func faults(_ request: ReceivedRequest) async -> Reply {
        do {
            switch request.method {
            case _ where request.method == "POST" || (request.method == "DELETE" && !request.body.isEmpty):
                let parsed: JSONValue
                do { parsed = try JSONValue.parse(request.body) } catch { return json(400, self.error("SerializationException", "The request body is not valid JSON: \(error)")) }
                let fault: Fault
                switch FaultDescription.parse(parsed) {
                case .success(let f): fault = f
                case .failure(let e): return json(400, e.body)
                }
                if request.method == "POST" { try await simulator.inject(fault) } else { try await simulator.removeFault(fault) }
            case "DELETE":
                try await simulator.clearFaults()
            default:
                break
            }
            let list = JSONValue.array(try await simulator.activeFaults().map(FaultDescription.json))
            if request.method != "GET" { events.publish("faults", .object([("Faults", list)])) }
            return json(200, .object([("Faults", list)]))
        } catch let e as AWSError {
            return json(400, e.body)
        } catch {
            return json(500, self.error("InternalServiceError", "\(error)"))
        }
    }

    // MARK: Helpers

    private func json(_ status: Int, _ value: JSONValue) -> Reply {
        .full(status: status, headers: [("Content-Type", "application/json")], body: value.bytes(indent: nil))
    }

    private func error(_ code: String, _ message: String) -> JSONValue { AWSError(code: code, message: message).body }

    private func finish(_ request: ReceivedRequest, _ started: UInt64, _ reply: Reply) -> Reply {
        if case .full(let status, _, _) = reply { log(request, started, status: status, detail: nil) }
        return reply
    }

    /// One line per request: when, who, what, the answer and how long it took; never a body.
    func log(_ request: ReceivedRequest, _ started: UInt64, status: Int, detail: String?, added: Double = 0) {
        guard !options.quiet else { return }
        let ms = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6 + added * 1000
        let stamp = Self.timestamp(Date())
        var line = "\(stamp) \(request.client) \(request.method) \(request.path)"
        if let detail { line += " " + detail }
        line += " \(status) \(String(format: "%.1f", ms))ms\n"
        options.log(line)
    }
}

extension ServerCore {
    /// `2026-12-01T18:40:01.123Z`, from the signer's UTC arithmetic (no DateFormatter per line).
    static func timestamp(_ date: Date) -> String {
        let a = Array(SigV4Timestamp(date).amzDate)
        let millis = Int((date.timeIntervalSince1970 * 1000).rounded(.down)) % 1000
        let ms = String(millis)
        return "\(String(a[0..<4]))-\(String(a[4..<6]))-\(String(a[6..<8]))T\(String(a[9..<11])):\(String(a[11..<13])):\(String(a[13..<15])).\(String(repeating: "0", count: 3 - ms.count))\(ms)Z"
    }
}

/// A value shared between threads behind a lock.
final class LockedValue<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T
    init(_ value: T) { self.value = value }
    func get() -> T { lock.withLock { value } }
    func set(_ v: T) { lock.withLock { value = v } }
    func update<R>(_ body: (inout T) -> R) -> R { lock.withLock { body(&value) } }
}
