import Foundation
import SecretsCore
import SecretsSimulator
@testable import SmshLanguage
import TestSupport
import SecretsModel
import SourceText

struct RunResult {
    let stdout: String
    let stderr: String
    let exit: Int32
}

enum Harness {
    static let environment = ["SMSH_GREETING": "hello", "HOME": "/nonexistent"]

    /// Runs a script in-process on a fresh in-memory simulator with no replication delay.
    static func run(_ text: String, name: String = "test.smsh", path: String? = nil, args: [String] = [],
                    session: Session = Session(), transport: (any Transport)? = nil) async throws -> RunResult {
        let capture = Capture()
        var options = SimulatorOptions(statePath: ":memory:", replicationDelay: 0)
        // A Region in outage fails at once here; the wait for the connect timeout has its own tests.
        options.connectTimeout = 0
        let sim = try SimulatorTransport(options: options)
        let interp = Interpreter(session: session, transport: transport ?? sim, faults: transport == nil ? sim : nil,
                                 files: SourceFiles(), output: capture.sink, environment: environment, args: args)
        let code = await ScriptRunner(interpreter: interp, color: false).run(text: text, displayName: name, path: path)
        return RunResult(stdout: capture.stdout, stderr: capture.stderr, exit: code)
    }

    static var testsDirectory: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent() }
}

/// A transport that records calls and answers from a closure: unit tests of the interpreter
/// without a simulator.
final class FakeTransport: Transport, @unchecked Sendable {
    private let lock = NSLock()
    private var log: [(SecretsModel.Operation, String, JSONValue)] = []
    let answer: @Sendable (SecretsModel.Operation, String, JSONValue) throws -> JSONValue

    init(answer: @escaping @Sendable (SecretsModel.Operation, String, JSONValue) throws -> JSONValue = { _, _, _ in .object([]) }) {
        self.answer = answer
    }

    var calls: [(SecretsModel.Operation, String, JSONValue)] { lock.withLock { log } }

    func send(operation: SecretsModel.Operation, region: String, body: Data) async throws -> Data {
        let json = try JSONValue.parse(body)
        lock.withLock { log.append((operation, region, json)) }
        return try answer(operation, region, json).encoded()
    }
}
