import Foundation
import Testing
import TestSupport

/// The worked example of docs/runbooks.md ("Rehearse before you run") prints what the page shows.
struct DocsExampleTests {
    /// The indented block that follows the line containing `marker`, unindented.
    func block(after marker: String, in page: String) throws -> String {
        let lines = page.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.contains(marker) }, "docs/runbooks.md no longer has '\(marker)'")
        var body: [String] = []
        for line in lines[(start + 1)...] {
            if line.isEmpty {
                if !body.isEmpty { body.append("") }
                continue
            }
            guard line.hasPrefix("    ") else { break }
            body.append(String(line.dropFirst(4)))
        }
        while body.last == "" { body.removeLast() }
        return body.joined(separator: "\n") + "\n"
    }

    /// Full version ids, and the page's shortened ones, numbered in order of appearance.
    func numberingIds(_ text: String, pattern: String) throws -> String {
        let regex = try NSRegularExpression(pattern: pattern)
        var seen: [String: Int] = [:]
        var out = "", last = text.startIndex
        for m in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let r = Range(m.range, in: text) else { continue }
            let id = String(text[r].prefix(8))
            let n = seen[id] ?? seen.count + 1
            seen[id] = n
            out += text[last..<r.lowerBound] + "<id-\(n)>"
            last = r.upperBound
        }
        return out + text[last...]
    }

    @Test func theWorkedExamplePrintsThePlanThePageShows() async throws {
        let page = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/runbooks.md"), encoding: .utf8)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smsh-rehearse-doc-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let env = ["HOME": dir.path, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        let state = dir.appendingPathComponent("demo.sqlite").path

        let setupBlock = try block(after: "A worked example on the simulator", in: page)
        let setup = try #require(setupBlock.split(separator: "'", omittingEmptySubsequences: false).dropFirst().first.map(String.init))
        let made = try await offThePool { try runProcess(smshBinary, ["--state", state, "--replication-delay", "0", "-c", setup], environment: env) }
        try #require(made.status == 0, "\(made)")

        let runbook = dir.appendingPathComponent("deploy.smsh")
        try block(after: "`deploy.smsh`:", in: page).write(to: runbook, atomically: true, encoding: .utf8)
        let r = try await offThePool {
            try runProcess(smshBinary, ["--state", state, "rehearse", runbook.path, "--from-backend", "local"], environment: env)
        }
        #expect(r.status == 0, "\(r)")
        let shown = try block(after: "shortened here):", in: page)
        let uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
        let plan = r.stdout.replacingOccurrences(of: runbook.path, with: "deploy.smsh")
        let got = try numberingIds(plan, pattern: uuid), want = try numberingIds(shown, pattern: "[0-9a-f]{8}-\\.\\.\\.")
        #expect(got == want, "the plan:\n\(got)\nthe page:\n\(want)")
    }
}
