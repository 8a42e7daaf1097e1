import Foundation
import SmshLanguage

// What several test targets need alike: child processes, a seeded generator, the smsh binary,
// captured output. One copy here instead of one per target.

/// The repository's root folder (this file is Tests/TestSupport/TestSupport.swift).
public let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The smsh executable the tests run: the release build (what `scripts/smsh` runs and users get)
/// when SMSH_TEST_RELEASE_BINARY names it, as scripts/test does; otherwise the one `swift test`
/// builds next to the test bundle.
public var smshBinary: URL {
    if let release = ProcessInfo.processInfo.environment["SMSH_TEST_RELEASE_BINARY"], !release.isEmpty {
        return URL(fileURLWithPath: release)
    }
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent("smsh")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    return repositoryRoot.appendingPathComponent(".build/debug/smsh")
}

/// What a finished child process wrote.
public struct ProcessResult: Sendable, CustomStringConvertible {
    public let status: Int32
    public let stdout: String
    public let stderr: String
    public var description: String { "exit \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }
}

/// Runs `executable` to its end. `stdin` is written and closed (no stdin: /dev/null); stdout
/// and stderr are read at the same time, since a child that fills one pipe while the other is
/// being read would never finish. `environment` nil: this process's own.
public func runProcess(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
                       stdin: String? = nil) throws -> ProcessResult {
    let p = Process()
    p.executableURL = executable
    p.arguments = arguments
    if let environment { p.environment = environment }
    let out = Pipe(), err = Pipe(), input = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = stdin == nil ? FileHandle.nullDevice : input
    try p.run()
    // Threads of their own, not Dispatch's global queue, whose few threads may all be blocked
    // waiting for processes like this one.
    let errText = LockedText()
    let done = DispatchGroup()
    onNewThread(done) { errText.set(String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)) }
    if let stdin {
        onNewThread(done) {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try? input.fileHandleForWriting.close()
        }
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    done.wait()
    p.waitUntilExit()
    return ProcessResult(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: errText.get())
}

private func onNewThread(_ group: DispatchGroup, _ body: @escaping @Sendable () -> Void) {
    group.enter()
    Thread {
        body()
        group.leave()
    }.start()
}

/// `python3 -c script`, found on the PATH.
/// Writes a file that a test then executes, through a close-on-exec descriptor: other tests
/// start processes at the same time, and a child that inherited an open write descriptor to the
/// file makes executing it fail with ETXTBSY ("Text file busy").
public func writeExecutable(_ text: String, to path: String) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
    guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
    defer { close(fd) }
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let n = bytes[offset...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { throw CocoaError(.fileWriteUnknown) }
        offset += n
    }
}

public func runPython(_ script: String, arguments: [String] = [], stdin: String? = nil) throws -> ProcessResult {
    try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script] + arguments, stdin: stdin)
}

/// Runs blocking work (waiting for a process) on a thread of its own: blocking the test
/// runner's cooperative threads, or Dispatch's few global ones, would stall the
/// timing-sensitive tests running beside it.
public func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// SplitMix64: a few lines, seeded, so that generated cases are the same on every run.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Collects what a session writes, for exact comparisons.
public final class Capture: @unchecked Sendable {
    private let lock = NSLock()
    private var outText = ""
    private var errText = ""

    public init() {}
    public var stdout: String { lock.withLock { outText } }
    public var stderr: String { lock.withLock { errText } }
    public var sink: OutputSink {
        OutputSink(out: { s in self.lock.withLock { self.outText += s } },
                   err: { s in self.lock.withLock { self.errText += s } })
    }
}

private final class LockedText: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    func set(_ t: String) { lock.withLock { text = t } }
    func get() -> String { lock.withLock { text } }
}
