import AWSConfig
import Foundation
import SecretsCore
import SecretsModel
import SecretsSimulator
import SigV4
import SmshServer
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A server in this process on a port the kernel picks, over a simulator the test also holds.
struct Served {
    let server: HTTPServer
    let port: Int
    var simulator: SimulatorTransport { server.core.simulator }
    var endpoint: String { "http://127.0.0.1:\(port)" }

    static func start(_ configure: (inout ServeOptions) -> Void = { _ in },
                      simulator: SimulatorOptions = SimulatorOptions(statePath: ":memory:", replicationDelay: 30)) async throws -> Served {
        var options = ServeOptions()
        options.port = 0
        options.quiet = true
        options.threads = 2
        configure(&options)
        let server = HTTPServer(core: ServerCore(simulator: try SimulatorTransport(options: simulator), options: options))
        let port = try await server.start()
        return Served(server: server, port: port)
    }

    func stop(grace: Double = 5) async { await server.drain(grace: grace) }

    /// A request signed by smsh's own signer for `region`, as the aws backend sends it.
    func signed(_ target: String, region: String = "us-west-2", body: String, key: String = "test", secret: String = "test",
                date: Date = Date()) -> [UInt8] {
        let endpoint = ResolvedEndpoint(scheme: "http", host: "127.0.0.1", port: port, source: "test")
        let operation = SecretsModel.Operation(rawValue: target) ?? .listSecrets
        let prepared = JSONRequestBuilder.build(operation: operation, region: region, endpoint: endpoint, body: Array(body.utf8),
                                                credentials: Credentials(accessKeyId: key, secretAccessKey: secret), date: date,
                                                userAgent: "smsh-tests")
        var text = "POST / HTTP/1.1\r\n"
        for h in prepared.headers { text += "\(h.name): \(h.value)\r\n" }
        text += "Content-Length: \(prepared.body.count)\r\n\r\n"
        return Array(text.utf8) + prepared.body
    }
}

/// A response as read off the socket.
struct RawResponse {
    let status: Int
    let headers: [(String, String)]
    let body: [UInt8]
    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    var text: String { String(decoding: body, as: UTF8.self) }
    var json: JSONValue? { try? JSONValue.parse(body) }
}

struct SocketError: Error, CustomStringConvertible {
    let description: String
}

/// One blocking TCP connection that sends exact bytes, malformed ones included. Reads time out
/// after 60 s: that bound only turns a hang into a failure.
final class RawConnection: @unchecked Sendable {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketError(description: "socket() failed") }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(port).bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let r = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard r == 0 else {
            Glibc.close(fd)
            throw SocketError(description: "connect() to \(port) failed: errno \(errno)")
        }
        var tv = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { Glibc.close(fd) }

    func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw SocketError(description: "send failed: errno \(errno)") }
            sent += n
        }
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// More bytes into the buffer; false at end of stream.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n < 0 { throw SocketError(description: "recv failed: errno \(errno)") }
        if n == 0 { return false }
        buffer += chunk[0..<n]
        return true
    }

    /// Bytes up to and including `marker`; nil if the stream ends first.
    func read(until marker: String) throws -> String? {
        let m = Array(marker.utf8)
        while true {
            if let r = find(m) {
                let out = Array(buffer[..<r.upperBound])
                buffer.removeFirst(r.upperBound)
                return String(decoding: out, as: UTF8.self)
            }
            guard try fill() else { return nil }
        }
    }

    private func find(_ m: [UInt8]) -> Range<Int>? {
        guard buffer.count >= m.count else { return nil }
        for i in 0...(buffer.count - m.count) where buffer[i] == m[0] && Array(buffer[i..<(i + m.count)]) == m { return i..<(i + m.count) }
        return nil
    }

    /// One response with a Content-Length body; nil if the connection closes first.
    func response() throws -> RawResponse? {
        guard let head = try read(until: "\r\n\r\n") else { return nil }
        var lines = head.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let statusLine = lines.removeFirst()
        let status = Int(statusLine.split(separator: " ")[1]) ?? 0
        let headers = lines.compactMap { line -> (String, String)? in
            guard let c = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<c]), line[line.index(after: c)...].trimmingCharacters(in: .whitespaces))
        }
        if status == 100 { return try response() }
        let length = Int(headers.first { $0.0.lowercased() == "content-length" }?.1 ?? "0") ?? 0
        while buffer.count < length { guard try fill() else { return nil } }
        let body = Array(buffer[..<length])
        buffer.removeFirst(length)
        return RawResponse(status: status, headers: headers, body: body)
    }

    /// True when the server closed the connection (reads end) before sending anything more.
    func closedByServer() throws -> Bool {
        if !buffer.isEmpty { return false }
        return try !fill()
    }

    static func exchange(port: Int, _ bytes: [UInt8]) throws -> RawResponse {
        let c = try RawConnection(port: port)
        try c.send(bytes)
        guard let r = try c.response() else { throw SocketError(description: "no response") }
        return r
    }
}

/// A request to a control endpoint.
func control(_ port: Int, _ method: String, _ path: String, _ body: String = "") throws -> RawResponse {
    try RawConnection.exchange(port: port, Array("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8))
}

/// A seeded generator behind a lock: two simulators given equal ones make the same ARNs and ids.
final class SeededRandom: @unchecked Sendable {
    private let lock = NSLock()
    private var generator: SeededGenerator
    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }
    func next() -> Double { lock.withLock { Double.random(in: 0..<1, using: &generator) } }
}
