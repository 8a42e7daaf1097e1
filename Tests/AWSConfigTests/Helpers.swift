import Foundation
import Testing
import TestSupport
@testable import AWSConfig
import SecretsCore

/// A private directory per test, so no test reads or writes the real ~/.aws. Callers remove it
/// with `defer`, which also keeps it alive for as long as the test needs its files.
struct TempDir {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "smsh-awsconfig-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    func remove() { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ text: String, executable: Bool = false) throws -> String {
        let full = path + "/" + name
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard executable else {
            try text.write(toFile: full, atomically: true, encoding: .utf8)
            return full
        }
        try writeExecutable(text, to: full)
        return full
    }

    /// An environment whose HOME is this directory and nothing else from the real process.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        ["HOME": path, "PATH": "/usr/bin:/bin"].merging(extra) { _, new in new }
    }
}

/// Runs a Python script with a JSON file as its argument and returns its JSON output. Fails the
/// test, rather than skipping, when python3 or botocore is missing: scripts/test installs them.
func runPython(_ script: String, input: JSONValue) throws -> JSONValue {
    let dir = try TempDir()
    defer { dir.remove() }
    let scriptPath = try dir.write("check.py", script)
    let inputPath = try dir.write("input.json", input.compactText())
    let env = ProcessInfo.processInfo.environment
    let output = try systemProcessRunner(["python3", scriptPath, inputPath], env)
    let stderr = String(decoding: output.stderr, as: UTF8.self)
    try #require(output.status == 0, "python3 failed (is botocore installed?): \(stderr)")
    return try JSONValue.parse(output.stdout)
}

