import Foundation
import Testing

/// The first session README.md shows a newcomer runs as written.
struct ReadmeExampleTests {
    @Test func theFirstSessionInTheReadmeRuns() async throws {
        let readme = try String(contentsOf: Harness.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
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

struct SimulatorAccountTests {
    @Test func theSimulatedAccountComesFromSMSH_ACCOUNT_ID() async throws {
        let mem = ["--state", ":memory:", "--replication-delay", "0"]
        let r = try await CommandLineTests.smsh(mem + ["-c", "create A value x\nprint (describe A).ARN"], environment: ["SMSH_ACCOUNT_ID": "210987654321"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("arn:aws:secretsmanager:us-east-1:210987654321:secret:A-"))
        let bad = try await CommandLineTests.smsh(mem + ["-c", "print 1"], environment: ["SMSH_ACCOUNT_ID": "12ab"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("SMSH_ACCOUNT_ID must be a 12-digit AWS account id"))
    }
}
