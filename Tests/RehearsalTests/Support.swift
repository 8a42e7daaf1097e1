import Foundation
import Rehearsal
import SecretsCore
import SecretsModel
import SecretsSimulator
import SmshLanguage
import SourceText
import Testing
import TestSupport

enum Account {
    /// A simulator standing in for an AWS account (or the local state), built by running `setup`.
    static func make(_ setup: String, statePath: String = ":memory:") async throws -> SimulatorTransport {
        let sim = try SimulatorTransport(options: SimulatorOptions(statePath: statePath, replicationDelay: 0, random: seeded(7)))
        let capture = Capture()
        let interpreter = Interpreter(session: Session(quiet: true), transport: sim, faults: sim, files: SourceFiles(), output: capture.sink)
        let code = await ScriptRunner(interpreter: interpreter, color: false).run(text: setup, displayName: "setup.smsh", path: nil)
        try #require(code == 0, "the account's set-up failed: \(capture.stderr)")
        return sim
    }

    /// A generator that repeats: the copy's ARN suffixes are the same on every run.
    static func seeded(_ seed: UInt64) -> @Sendable () -> Double {
        let generator = LockedGenerator(seed: seed)
        return { generator.next() }
    }
}

final class LockedGenerator: @unchecked Sendable {
    private var generator: SeededGenerator
    private let lock = NSLock()
    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }
    func next() -> Double { lock.withLock { Double(generator.next() >> 11) / Double(1 << 53) } }
}

/// Records every operation that reaches it.
final class SeenTransport: Transport, @unchecked Sendable {
    private let base: any Transport
    private let lock = NSLock()
    private var seen: [SecretsModel.Operation] = []
    init(_ base: any Transport) { self.base = base }
    var operations: [SecretsModel.Operation] { lock.withLock { seen } }
    func send(operation: SecretsModel.Operation, region: String, body: Data) async throws -> Data {
        lock.withLock { seen.append(operation) }
        return try await base.send(operation: operation, region: region, body: body)
    }
}

/// Version ids and tokens are random UUIDs: numbered in order of appearance instead.
func normalisingUUIDs(_ text: String) -> String {
    guard let regex = try? NSRegularExpression(pattern: "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}") else { return text }
    var numbers: [String: Int] = [:]
    var out = ""
    var last = text.startIndex
    for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
        guard let range = Range(match.range, in: text) else { continue }
        let uuid = text[range].lowercased()
        let n = numbers[uuid] ?? (numbers.count + 1)
        numbers[uuid] = n
        out += text[last..<range.lowerBound] + "<uuid-\(n)>"
        last = range.upperBound
    }
    return out + text[last...]
}
