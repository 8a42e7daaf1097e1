import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// `smsh serve` as a child process on a port the kernel picks; its banner read from stdout, its
/// log lines kept in a file. Killed at exit if a test leaves it running.
final class ServeProcess: @unchecked Sendable {
    let process: Process
    let endpoint: String
    let banner: String
    let log: URL

    var pid: Int32 { process.processIdentifier }
    var port: Int { Int(endpoint.split(separator: ":").last ?? "") ?? 0 }

    private init(process: Process, endpoint: String, banner: String, log: URL) {
        self.process = process
        self.endpoint = endpoint
        self.banner = banner
        self.log = log
    }

    static func start(_ arguments: [String]) throws -> ServeProcess {
        let p = Process()
        p.executableURL = smshBinary
        p.arguments = ["serve", "--port", "0"] + arguments
        let out = Pipe()
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("smsh-serve-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        p.standardOutput = out
        p.standardError = try FileHandle(forWritingTo: log)
        p.standardInput = FileHandle.nullDevice
        try p.run()
        ServeProcess.register(p.processIdentifier)
        // The banner ends with the AWS_DEFAULT_REGION line; the process writes nothing more to stdout.
        var text = ""
        while !text.contains("AWS_DEFAULT_REGION") {
            let data = out.fileHandleForReading.availableData
            if data.isEmpty {
                p.waitUntilExit()
                let err = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                throw SocketError(description: "smsh serve ended (\(p.terminationStatus)) before listening:\n\(text)\(err)")
            }
            text += String(decoding: data, as: UTF8.self)
        }
        guard let range = text.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) else {
            throw SocketError(description: "no endpoint in the banner:\n\(text)")
        }
        return ServeProcess(process: p, endpoint: String(text[range]), banner: text, log: log)
    }

    /// Waits for the process to end; its exit status (128 + n for a signal, as a shell reports it).
    func wait() -> Int32 {
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }

    func stop() {
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: log)
    }

    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// The environment the banner tells a user to paste, with a home that holds no AWS files.
    var clientEnvironment: [String: String] {
        var env: [String: String] = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": "/nonexistent", "AWS_CONFIG_FILE": "/nonexistent/config", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/credentials",
        ]
        for line in banner.split(separator: "\n") where line.hasPrefix("export ") {
            let pair = line.dropFirst("export ".count).split(separator: "=", maxSplits: 1)
            if pair.count == 2 { env[String(pair[0])] = String(pair[1]) }
        }
        return env
    }

    nonisolated(unsafe) private static var pids: [Int32] = []
    private static let lock = NSLock()
    private static let hook: Void = { atexit { ServeProcess.lock.withLock { for p in ServeProcess.pids { kill(p, SIGKILL) } } } }()
    private static func register(_ pid: Int32) {
        _ = hook
        lock.withLock { pids.append(pid) }
    }
}

/// The Python clients beside this file.
let clientsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Clients")

func runClient(_ script: String, _ arguments: [String], environment: [String: String]? = nil) throws -> ProcessResult {
    var env = environment ?? ProcessInfo.processInfo.environment
    env["PYTHONPATH"] = clientsFolder.path
    return try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", clientsFolder.appendingPathComponent(script).path] + arguments,
                          environment: env)
}

/// A tool a test needs: missing under CI is a failure (scripts/test installs it), elsewhere the
/// test says so and stops.
func requireTool(_ name: String) -> String? {
    let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map { "\($0)/\(name)" }
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    if path == nil {
        let message = "\(name) is not installed (scripts/test installs it)"
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            Issue.record(Comment(rawValue: message))
        } else {
            print("skipped: \(message)")
        }
    }
    return path
}

