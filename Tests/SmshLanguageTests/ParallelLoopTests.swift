import Foundation
import SecretsCore
import SecretsModel
@testable import SmshLanguage
import Testing

/// A backend that holds every call until `width` calls are in flight together (or every call
/// has started), then lets them all go: a loop that runs fewer bodies at once never gets past
/// its first call, one that runs more shows it in `most`.
final class GateTransport: Transport, @unchecked Sendable {
    private let lock = NSLock()
    private let width: Int, total: Int
    private var inFlight = 0, started = 0, mostInFlight = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(width: Int, total: Int) {
        self.width = width
        self.total = total
    }

    var most: Int { lock.withLock { mostInFlight } }

    func send(operation: SecretsModel.Operation, region: String, body: Data) async throws -> Data {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let release: [CheckedContinuation<Void, Never>] = lock.withLock {
                inFlight += 1
                started += 1
                mostInFlight = max(mostInFlight, inFlight)
                waiting.append(c)
                guard inFlight == width || started == total else { return [] }
                defer { waiting = [] }
                return waiting
            }
            release.forEach { $0.resume() }
        }
        lock.withLock { inFlight -= 1 }
        return Data(#"{"Name": "x"}"#.utf8)
    }
}

struct ParallelLoopTests {
    @Test(arguments: [1, 3, 8])
    func atMostNBodiesRunAtOnceAndNGetTheChance(width: Int) async throws {
        let gate = GateTransport(width: width, total: 24)
        let r = try await Harness.run("""
            let rs = for i in 1..24 parallel \(width) { describe "s-$i" }
            print len($rs)
            """, transport: gate)
        #expect(r.exit == 0, "\(r.stderr)")
        #expect(r.stdout == "24\n")
        #expect(gate.most == width)
    }

    @Test func theParallelLoopPrintsWhatTheSequentialLoopPrints() async throws {
        let body = """
            {
              sleep (5 - $i % 5) * 5ms
              print "body $i"
              if $i % 3 == 0 { describe "s-$i" }
              print (for j in 1..2 parallel 2 { ("$i.$j") })
            }
            """
        let sequential = try await Harness.run("for i in 1..12 " + body)
        let parallel = try await Harness.run("for i in 1..12 parallel 5 " + body)
        #expect(sequential.exit == 1)
        #expect(parallel.stdout == sequential.stdout)
        #expect(parallel.stderr == sequential.stderr.replacingOccurrences(of: "specified secret.", with: "specified secret. (iteration 3 of 12, i = 3)"))
        #expect(parallel.exit == sequential.exit)
    }
}
