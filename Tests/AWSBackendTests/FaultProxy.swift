import Foundation
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A small HTTP/1.1 proxy on 127.0.0.1 in front of moto that answers the next requests with
/// scripted faults (an error status, a connection reset, silence) and forwards the rest. It
/// records every request it sees, so tests can count attempts and compare their bodies.
final class FaultProxy: @unchecked Sendable {
    enum Fault: Sendable {
        /// Answer with this status and JSON body instead of forwarding.
        case respond(status: Int, body: String)
        /// Close the connection with a TCP reset before answering.
        case reset
        /// Never answer; the connection stays open until the client gives up.
        case hang
        /// Forward the request, then reset the connection instead of answering: the call took
        /// effect upstream but the client never hears so, and must retry it idempotently.
        case forwardThenReset
    }

    struct Seen: Sendable {
        let target: String
        let authorization: String
        let body: [UInt8]
        /// The upstream's answer, when the request was forwarded.
        var response: [UInt8] = []
    }

    let upstreamPort: UInt16
    private(set) var port: UInt16 = 0
    private let listenFD: Int32
    private let lock = NSLock()
    private var faults: [Fault] = []
    private var seen: [Seen] = []
    private var stopped = false
    private var chaos: (fraction: Double, faults: [Fault], generator: SeededGenerator)?
    private var chaosCount = 0

    init(upstream: URL) throws {
        guard let p = upstream.port else { throw MotoError(message: "upstream has no port") }
        upstreamPort = UInt16(p)
        listenFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listenFD >= 0 else { throw MotoError(message: "socket() failed") }
        var one: Int32 = 1
        setsockopt(listenFD, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = loopbackAddress(port: 0)
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listenFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(listenFD, 64) == 0 else {
            close(listenFD)
            throw MotoError(message: "bind/listen on 127.0.0.1 failed")
        }
        port = try boundPort(listenFD)
        let fd = listenFD
        Thread.detachNewThread { [self] in acceptLoop(fd) }
    }

    var url: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// The next requests, in order, get these faults; later ones are forwarded.
    func inject(_ list: [Fault]) { lock.withLock { faults += list } }

    var requests: [Seen] { lock.withLock { seen } }

    /// From now on each request that `inject` did not script gets one of `faults` (picked
    /// uniformly) with probability `fraction`, from a seeded generator so the sequence repeats.
    func injectRandomly(fraction: Double, faults: [Fault], seed: UInt64) {
        lock.withLock { chaos = (fraction, faults, SeededGenerator(seed: seed)) }
    }

    /// How many requests `injectRandomly` answered with a fault.
    var randomFaults: Int { lock.withLock { chaosCount } }

    /// Idempotent: closing the descriptor twice could close another test's socket that got
    /// the same number in between.
    func stop() {
        let first = lock.withLock { () -> Bool in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        shutdown(listenFD, Int32(SHUT_RDWR))
        close(listenFD)
    }

    deinit { stop() }

    private func acceptLoop(_ fd: Int32) {
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            Thread.detachNewThread { [self] in serve(client) }
        }
    }

    private func serve(_ client: Int32) {
        var buffer: [UInt8] = []
        defer { close(client) }
        while let request = FaultProxy.readMessage(client, buffer: &buffer, isResponse: false) {
            let target = request.headers["x-amz-target"] ?? ""
            var index = 0
            let fault: Fault? = lock.withLock {
                index = seen.count
                seen.append(Seen(target: target, authorization: request.headers["authorization"] ?? "", body: request.body))
                if !faults.isEmpty { return faults.removeFirst() }
                guard var c = chaos, !c.faults.isEmpty else { return nil }
                let roll = Double(c.generator.next() >> 11) / Double(1 << 53)
                let pick = Int(c.generator.next() % UInt64(c.faults.count))
                chaos = c
                guard roll < c.fraction else { return nil }
                chaosCount += 1
                return c.faults[pick]
            }
            switch fault {
            case .respond(let status, let body)?:
                let bytes = Array(body.utf8)
                let head = "HTTP/1.1 \(status) Fault\r\nContent-Type: application/x-amz-json-1.1\r\nx-amzn-RequestId: fault-\(UUID().uuidString)\r\nContent-Length: \(bytes.count)\r\n\r\n"
                guard FaultProxy.writeAll(client, Array(head.utf8) + bytes) else { return }
            case .reset?:
                // SO_LINGER with a zero timeout makes close() send RST instead of FIN.
                var l = linger(l_onoff: 1, l_linger: 0)
                setsockopt(client, SOL_SOCKET, SO_LINGER, &l, socklen_t(MemoryLayout<linger>.size))
                return
            case .hang?:
                // Wait until the client closes its end, which is what cancelling (or its request
                // timeout) does. Bounded only so a broken client cannot hold the thread forever;
                // longer than any test's time limit, so a client that never gives up fails its test.
                var pfd = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
                _ = poll(&pfd, 1, 600_000)
                return
            case .forwardThenReset?:
                _ = forward(request.raw)
                var l = linger(l_onoff: 1, l_linger: 0)
                setsockopt(client, SOL_SOCKET, SO_LINGER, &l, socklen_t(MemoryLayout<linger>.size))
                return
            case nil:
                guard let response = forward(request.raw) else { return }
                lock.withLock { if index < seen.count { seen[index].response = response.body } }
                guard FaultProxy.writeAll(client, response.raw) else { return }
                if response.closeAfter { return }
            }
        }
    }

    private func forward(_ raw: [UInt8]) -> Message? {
        guard let up = connectLoopback(port: upstreamPort) else { return nil }
        defer { close(up) }
        guard FaultProxy.writeAll(up, raw) else { return nil }
        var buffer: [UInt8] = []
        return FaultProxy.readMessage(up, buffer: &buffer, isResponse: true)
    }

    struct Message {
        var raw: [UInt8]
        var headers: [String: String]
        var body: [UInt8]
        /// A response without Content-Length ends at EOF, so the client connection must end too.
        var closeAfter: Bool
    }

    /// Reads one HTTP/1.1 message with a Content-Length body (or, for a response without one,
    /// up to EOF). Returns nil at EOF before a complete head.
    static func readMessage(_ fd: Int32, buffer: inout [UInt8], isResponse: Bool) -> Message? {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int?
        while true {
            if let i = find(separator, in: buffer) {
                headEnd = i
                break
            }
            guard readSome(fd, into: &buffer) else { return nil }
        }
        guard let end = headEnd else { return nil }
        let head = String(decoding: buffer[..<end], as: UTF8.self)
        var headers: [String: String] = [:]
        for line in head.split(separator: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let bodyStart = end + 4
        if let lengthText = headers["content-length"], let length = Int(lengthText) {
            while buffer.count < bodyStart + length {
                guard readSome(fd, into: &buffer) else { return nil }
            }
            let raw = Array(buffer[..<(bodyStart + length)])
            let body = Array(buffer[bodyStart..<(bodyStart + length)])
            buffer.removeFirst(bodyStart + length)
            return Message(raw: raw, headers: headers, body: body, closeAfter: headers["connection"]?.lowercased() == "close")
        }
        guard isResponse else {
            let raw = Array(buffer[..<bodyStart])
            buffer.removeFirst(bodyStart)
            return Message(raw: raw, headers: headers, body: [], closeAfter: false)
        }
        while readSome(fd, into: &buffer) {}
        return Message(raw: buffer, headers: headers, body: Array(buffer[bodyStart...]), closeAfter: true)
    }

    static func readSome(_ fd: Int32, into buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return false }
        buffer += chunk[..<n]
        return true
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if Array(haystack[i..<(i + needle.count)]) == needle { return i }
        }
        return nil
    }
}

