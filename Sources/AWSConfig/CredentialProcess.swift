import Foundation
import SecretsCore

/// What a finished child process left behind.
public struct ProcessOutput: Sendable, Equatable {
    public let status: Int32
    public let stdout: [UInt8]
    public let stderr: [UInt8]
    public init(status: Int32, stdout: [UInt8], stderr: [UInt8]) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// Runs argv with exactly the given environment. Injected so that tests can count calls or
/// fail on purpose; `systemProcessRunner` is the real one.
public typealias ProcessRunner = @Sendable (_ argv: [String], _ environment: [String: String]) throws -> ProcessOutput

public struct ProcessLaunchError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

/// Starts the program without a shell (botocore does the same), looking it up on the PATH of
/// the environment given, and reads both pipes to the end.
public let systemProcessRunner: ProcessRunner = { argv, environment in
    guard let program = argv.first, !program.isEmpty else { throw ProcessLaunchError(description: "empty command") }
    let executable: String
    if program.contains("/") {
        executable = program
    } else {
        let dirs = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        guard let found = dirs.map({ "\($0)/\(program)" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw ProcessLaunchError(description: "\(program): command not found on PATH")
        }
        executable = found
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = Array(argv.dropFirst())
    process.environment = environment
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    do {
        try process.run()
    } catch {
        throw ProcessLaunchError(description: "\(executable): \(error.localizedDescription)")
    }
    // Read stderr on another thread: a child that fills one pipe while we block on the other
    // would otherwise deadlock.
    let errBox = ByteBox()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errBox.set(Array(err.fileHandleForReading.readDataToEndOfFile()))
        group.leave()
    }
    let stdout = Array(out.fileHandleForReading.readDataToEndOfFile())
    group.wait()
    process.waitUntilExit()
    return ProcessOutput(status: process.terminationStatus, stdout: stdout, stderr: errBox.get())
}

private final class ByteBox: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8] = []
    func set(_ b: [UInt8]) { lock.lock(); bytes = b; lock.unlock() }
    func get() -> [UInt8] { lock.lock(); defer { lock.unlock() }; return bytes }
}

/// The `credential_process` protocol: the program prints
/// `{"Version": 1, "AccessKeyId": ..., "SecretAccessKey": ..., "SessionToken"?: ..., "Expiration"?: ISO 8601}`.
enum CredentialProcess {
    static func run(command: String, profile: String, environment: [String: String], runner: ProcessRunner) throws(AWSConfigError) -> ResolvedCredentials {
        let argv: [String]
        do {
            argv = try ShellWords.split(command)
        } catch {
            throw .credentialProcess(profile: profile, message: "the command has an unclosed quote")
        }
        guard !argv.isEmpty else { throw .credentialProcess(profile: profile, message: "the command is empty") }
        let output: ProcessOutput
        do {
            output = try runner(argv, environment)
        } catch {
            throw .credentialProcess(profile: profile, message: "could not start: \(error)")
        }
        guard output.status == 0 else {
            // stderr is shown (botocore does too) but cut short; stdout never is, as it may
            // hold half-written credentials.
            let text = String(decoding: output.stderr.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw .credentialProcess(profile: profile, message: "exited with status \(output.status)" + (text.isEmpty ? "" : ": \(text)"))
        }
        return try parse(output.stdout, profile: profile)
    }

    static func parse(_ stdout: [UInt8], profile: String) throws(AWSConfigError) -> ResolvedCredentials {
        guard let json = try? JSONValue.parse(stdout), case .object = json else {
            throw .credentialProcess(profile: profile, message: "its output is not a JSON object")
        }
        guard case .number(let version)? = json["Version"], version == 1 else {
            let shown: String
            switch json["Version"] {
            case nil: shown = "<Version key not provided>"
            case .number(let n)?: shown = JSONValue.formatNumber(n)
            case let other?: shown = other.compactText()
            }
            throw .credentialProcess(profile: profile, message: "unsupported Version '\(shown)', supported versions: 1")
        }
        guard let keyId = json["AccessKeyId"]?.stringValue, !keyId.isEmpty else {
            throw .credentialProcess(profile: profile, message: "missing required key AccessKeyId in its output")
        }
        guard let secret = json["SecretAccessKey"]?.stringValue, !secret.isEmpty else {
            throw .credentialProcess(profile: profile, message: "missing required key SecretAccessKey in its output")
        }
        let token = json["SessionToken"]?.stringValue
        var expiration: Date?
        if let text = json["Expiration"]?.stringValue {
            guard let date = parseISO8601(text) else {
                throw .credentialProcess(profile: profile, message: "Expiration '\(text)' is not an ISO 8601 time")
            }
            expiration = date
        }
        return ResolvedCredentials(
            credentials: .init(accessKeyId: keyId, secretAccessKey: secret, sessionToken: token),
            source: "credential_process of profile '\(profile)'", expiration: expiration)
    }

    static func parseISO8601(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let d = plain.date(from: text) { return d }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
