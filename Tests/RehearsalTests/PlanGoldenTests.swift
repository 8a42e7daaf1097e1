import Foundation
import Rehearsal
import SecretsCore
import Testing
import TestSupport

/// Every `Golden/NAME.smsh` is rehearsed on the account `Golden/NAME.account.smsh` builds (a
/// simulator read through the same read-only path as AWS); the plan must equal `NAME.plan` (text)
/// and `NAME.json` (`--json`), and the runbook's own output `NAME.stderr`. Version ids are random
/// UUIDs, numbered in order of appearance. `SMSH_UPDATE_GOLDEN=1` rewrites the expectations.
struct PlanGoldenTests {
    static var directory: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden") }

    static var names: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".smsh") && !$0.hasSuffix(".account.smsh") }.map { String($0.dropLast(5)) }.sorted()
    }

    @Test func thereAreGoldenPlans() {
        #expect(Self.names.count >= 2)
    }

    @Test(arguments: names)
    func golden(_ name: String) async throws {
        let dir = Self.directory
        let account = try await Account.make(try String(contentsOf: dir.appendingPathComponent("\(name).account.smsh"), encoding: .utf8))
        let text = try String(contentsOf: dir.appendingPathComponent("\(name).smsh"), encoding: .utf8)
        var rehearsal = Rehearsal(text: text, path: "\(name).smsh", region: "us-east-1")
        rehearsal.random = Account.seeded(11)
        rehearsal.environment = [:]
        let capture = Capture()
        guard case .plan(let plan) = await rehearsal.run(from: .aws(account), output: capture.sink) else {
            Issue.record("no plan: \(capture.stderr)")
            return
        }
        let update = ProcessInfo.processInfo.environment["SMSH_UPDATE_GOLDEN"] == "1"
        let outputs = [("plan", plan.text), ("json", plan.json.prettyText() + "\n"), ("stderr", capture.stderr + capture.stdout)]
        for (ext, actual) in outputs {
            let normalised = normalisingUUIDs(actual)
            let url = dir.appendingPathComponent("\(name).\(ext)")
            if update {
                try normalised.write(to: url, atomically: true, encoding: .utf8)
                continue
            }
            let want = (try? String(contentsOf: url, encoding: .utf8)) ?? "<missing \(name).\(ext)>"
            #expect(normalised == want, "\(name).\(ext) differs")
        }
    }
}
