import AWSBackend
import AWSConfig
import Foundation
import TestSupport
import SecretsCore

#if canImport(Glibc)
import Glibc
#endif

/// A moto_server on 127.0.0.1: the one scripts/test started (SMSH_TEST_MOTO_URL), or one this
/// process starts on a free port and stops by pid when the test process exits, so that
/// `swift test` alone works too.
enum Moto {
    /// The shared server for tests that use names of their own.
    static let shared: Result<URL, MotoError> = {
        if let url = ProcessInfo.processInfo.environment["SMSH_TEST_MOTO_URL"], !url.isEmpty, let u = URL(string: url) {
            return .success(u)
        }
        return Result { try MotoProcess.start() }.mapError { $0 as? MotoError ?? MotoError(message: "\($0)") }
    }()

    /// The first call may start the server, which blocks: done off the cooperative pool.
    static func url() async throws -> URL { try await offThePool { try shared.get() } }
}

struct MotoError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Pids of servers started here, killed at exit even when a test fails.
nonisolated(unsafe) private var startedPids: [pid_t] = []
private let pidsLock = NSLock()
private let registerExitHook: Void = {
    atexit {
        pidsLock.lock()
        for pid in startedPids { kill(pid, SIGKILL) }
        pidsLock.unlock()
    }
}()

/// A moto_server child process.
final class MotoProcess: @unchecked Sendable {
    let process: Process
    let url: URL

    private init(process: Process, url: URL) {
        self.process = process
        self.url = url
    }

    /// A server of its own, for tests whose fixed secret names need an empty account.
    static func own(environment extra: [String: String] = [:]) throws -> MotoProcess {
        let port = try freePort()
        let p = Process()
        guard let exe = findOnPath("moto_server") else {
            throw MotoError(message: "moto_server is not on PATH (pip install 'moto[server]'; scripts/test installs it)")
        }
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = ["-H", "127.0.0.1", "-p", String(port)]
        var env = ProcessInfo.processInfo.environment
        env["AWS_ACCESS_KEY_ID"] = "test"
        env["AWS_SECRET_ACCESS_KEY"] = "test"
        for (k, v) in extra { env[k] = v }
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        _ = registerExitHook
        pidsLock.lock()
        startedPids.append(p.processIdentifier)
        pidsLock.unlock()
        // The event waited for is the port listening; the bound is only for a server that hangs.
        // Loaded machines (many tests start moto at once, each importing moto for seconds) need
        // far more than an idle one.
        let deadline = Date().addingTimeInterval(300)
        while !canConnect(port: port) {
            guard p.isRunning, Date() < deadline else {
                p.terminate()
                throw MotoError(message: "moto_server did not start listening on 127.0.0.1:\(port)")
            }
            usleep(50_000)
        }
        guard let url = URL(string: "http://127.0.0.1:\(port)") else { throw MotoError(message: "bad url") }
        return MotoProcess(process: p, url: url)
    }

    static func start() throws -> URL { try own().url }

    /// moto_server exits on SIGTERM only once its connection threads end, so after a grace
    /// period it is killed outright.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(0.5)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    static func findOnPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// A port the kernel just handed out on 127.0.0.1 and nobody holds.
func freePort() throws -> UInt16 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw MotoError(message: "socket() failed") }
    defer { close(fd) }
    var addr = loopbackAddress(port: 0)
    let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    guard bound == 0 else { throw MotoError(message: "bind() failed") }
    return try boundPort(fd)
}

/// A loopback port that refuses connections for as long as this is alive: bound, never
/// listening. A port found free and then let go can be taken by a server another test starts
/// (CI once saw a "refused" endpoint answered by a moto).
final class RefusingPort: @unchecked Sendable {
    let port: UInt16
    private let fd: Int32

    init() throws {
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard s >= 0 else { throw MotoError(message: "socket() failed") }
        var addr = loopbackAddress(port: 0)
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, let p = try? boundPort(s) else { close(s); throw MotoError(message: "bind() failed") }
        fd = s
        port = p
    }

    var url: String { "http://127.0.0.1:\(port)" }

    deinit { close(fd) }
}

func loopbackAddress(port: UInt16) -> sockaddr_in {
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = port.bigEndian
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    return addr
}

func boundPort(_ fd: Int32) throws -> UInt16 {
    var addr = sockaddr_in()
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    let r = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
    guard r == 0 else { throw MotoError(message: "getsockname() failed") }
    return UInt16(bigEndian: addr.sin_port)
}

func connectLoopback(port: UInt16) -> Int32? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    var addr = loopbackAddress(port: port)
    let r = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    if r != 0 {
        close(fd)
        return nil
    }
    return fd
}

func canConnect(port: UInt16) -> Bool {
    guard let fd = connectLoopback(port: port) else { return false }
    close(fd)
    return true
}

/// Fake credentials and files in a temporary directory: nothing here reads the real home.
struct TestEnvironment {
    let directory: URL
    let environment: [String: String]

    init(extra: [String: String] = [:], config: String = "", credentials: String = "") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("smsh-aws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let configFile = directory.appendingPathComponent("config"), credentialsFile = directory.appendingPathComponent("credentials")
        try config.write(to: configFile, atomically: true, encoding: .utf8)
        try credentials.write(to: credentialsFile, atomically: true, encoding: .utf8)
        var env: [String: String] = [
            "HOME": directory.path,
            "AWS_CONFIG_FILE": configFile.path,
            "AWS_SHARED_CREDENTIALS_FILE": credentialsFile.path,
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        ]
        // An empty value in `extra` removes the variable.
        for (k, v) in extra {
            if v.isEmpty { env.removeValue(forKey: k) } else { env[k] = v }
        }
        environment = env
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// A transport to `endpoint` with zero backoff, so retried tests stay fast.
    func transport(endpoint: URL, profile: String? = nil, debug: (@Sendable (String) -> Void)? = nil,
                   requestTimeout: TimeInterval = 30) throws -> HTTPTransport {
        let config = try AWSConfiguration(environment: environment, profile: profile, endpointURL: endpoint.absoluteString)
        var options = HTTPTransportOptions()
        options.jitter = { 0 }
        options.debug = debug
        options.requestTimeout = requestTimeout
        options.connectTimeout = 5
        return HTTPTransport(configuration: config, options: options)
    }
}

/// Lines written by `--debug`, collected for checks.
final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ line: String) { lock.withLock { stored.append(line) } }
    var lines: [String] { lock.withLock { stored } }
}

func uniqueName(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }

/// Starts `python3 -c SCRIPT ARGUMENTS...` for a test server that prints the port it listens on as
/// its first line; reading that line also waits until it listens. Its stdin is a pipe held open
/// for as long as `process` lives.
func startPortPrintingServer(_ process: Process, script: String, arguments: [String], what: String) throws -> Int {
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    process.standardInput = Pipe()
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    var line = Data()
    while !line.contains(UInt8(ascii: "\n")) {
        let chunk = out.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        line.append(chunk)
    }
    guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
        process.terminate()
        throw MotoError(message: "\(what) did not start")
    }
    return port
}
