import Foundation
import Testing

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
