import Foundation
import Testing
@testable import SmshLanguage

/// Every `Scripts/NAME.smsh` runs in-process on a fresh in-memory simulator (replication delay 0);
/// its stdout, stderr and exit code must equal `NAME.stdout`, `NAME.stderr` and `NAME.exit`.
/// `SMSH_UPDATE_GOLDEN=1 swift test` rewrites the expectations (review the diff before committing).
struct GoldenScriptTests {
    static var scriptsDirectory: URL { Harness.testsDirectory.appendingPathComponent("Scripts") }

    static var names: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: scriptsDirectory.path)) ?? []
        return files.filter { $0.hasSuffix(".smsh") && !$0.hasPrefix("_") }.map { String($0.dropLast(5)) }.sorted()
    }

    @Test func thereAreGoldenScripts() {
        #expect(Self.names.count >= 40)
    }

    @Test(arguments: names)
    func golden(_ name: String) async throws {
        let dir = Self.scriptsDirectory
        let script = dir.appendingPathComponent("\(name).smsh")
        let text = try String(contentsOf: script, encoding: .utf8)
        let result = try await Harness.run(text, name: "\(name).smsh", path: script.path, args: ["one", "two"])
        let update = ProcessInfo.processInfo.environment["SMSH_UPDATE_GOLDEN"] == "1"
        let expected: [(String, String)] = [("stdout", result.stdout), ("stderr", result.stderr), ("exit", "\(result.exit)\n")]
        for (ext, actual) in expected {
            let url = dir.appendingPathComponent("\(name).\(ext)")
            if update {
                try actual.write(to: url, atomically: true, encoding: .utf8)
                continue
            }
            let want = (try? String(contentsOf: url, encoding: .utf8)) ?? "<missing \(name).\(ext)>"
            #expect(actual == want, "\(name).\(ext) differs")
        }
    }
}
