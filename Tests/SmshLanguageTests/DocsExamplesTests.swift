import TestSupport
import Foundation
import Testing
@testable import SmshLanguage

/// Every fenced example in docs/language.md, docs/aws-cli.md and docs/runbooks.md runs, on a fresh simulator, without an error.
struct DocsExamplesTests {
    static var examples: [String] {
        var blocks: [String] = []
        for doc in ["docs/language.md", "docs/aws-cli.md", "docs/runbooks.md"] {
            let url = repositoryRoot.appendingPathComponent(doc)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            blocks += fencedBlocks(text)
        }
        return blocks
    }

    static func fencedBlocks(_ text: String) -> [String] {
        var blocks: [String] = []
        var current: [String]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                if let c = current { blocks.append(c.joined(separator: "\n")); current = nil } else { current = [] }
            } else if current != nil {
                current?.append(String(line))
            }
        }
        return blocks
    }

    @Test func thereAreExamples() {
        #expect(Self.examples.count >= 10)
    }

    @Test(arguments: examples.indices)
    func exampleRuns(_ index: Int) async throws {
        let text = Self.examples[index]
        let r = try await Harness.run(text, name: "example-\(index).smsh")
        #expect(r.exit == 0, "example \(index):\n\(text)\n---\n\(r.stderr)")
    }
}
