import TestSupport
import Foundation
import Testing

/// The first session README.md shows a newcomer runs as written.
struct ReadmeExampleTests {
    @Test func theFirstSessionInTheReadmeRuns() async throws {
        let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let marker = "    scripts/smsh --state :memory: --replication-delay 1s -c '"
        let start = try #require(readme.range(of: marker), "README's first session moved")
        let end = try #require(readme[start.upperBound...].firstIndex(of: "'"))
        let script = String(readme[start.upperBound..<end])
        let r = try await CommandLineTests.smsh(["--state", ":memory:", "--replication-delay", "1s", "-c", script])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"eu-west-3\": \"InSync\""))
        #expect(r.stdout.contains("aws secretsmanager replicate-secret-to-regions --secret-id MyTestSecret"))
        #expect(r.stderr.contains("promote MyTestSecret in ap-southeast-2"))
    }
}
