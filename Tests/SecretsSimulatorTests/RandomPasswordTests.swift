import Foundation
import Testing
import SecretsCore
import SecretsModel
@testable import SecretsSimulator

@Suite struct RandomPasswordTests {
    static func password(_ sim: Sim, _ body: String) async throws -> String {
        try #require(try await sim.call(.getRandomPassword, body)["RandomPassword"]?.stringValue)
    }

    @Test func defaultsAreThirtyTwoCharactersOfEveryType() async throws {
        let sim = try Sim()
        for _ in 0..<200 {
            let p = try await Self.password(sim, "{}")
            #expect(p.count == 32)
            #expect(p.contains(where: \.isLowercase) && p.contains(where: \.isUppercase) && p.contains(where: \.isNumber))
            #expect(p.contains { RandomPassword.punctuation.contains($0) })
            #expect(!p.contains(" "))
        }
    }

    @Test func exclusionsAndSpaceAndLengthBounds() async throws {
        let sim = try Sim()
        for _ in 0..<200 {
            let p = try await Self.password(sim, #"{"PasswordLength": 12, "ExcludePunctuation": true, "ExcludeUppercase": true, "ExcludeCharacters": "abc0"}"#)
            #expect(p.count == 12)
            #expect(p.allSatisfy { ($0.isLowercase || $0.isNumber) && !"abc0".contains($0) }, "\(p)")
            #expect(p.contains(where: \.isNumber) && p.contains(where: \.isLowercase))
        }
        #expect(try await Self.password(sim, #"{"PasswordLength": 1, "RequireEachIncludedType": false}"#).count == 1)
        #expect(try await Self.password(sim, #"{"PasswordLength": 4096}"#).count == 4096)
        let spaces = try await Self.password(sim, #"{"PasswordLength": 4096, "IncludeSpace": true}"#)
        #expect(spaces.contains(" "))
        let e1 = await awsError { try await sim.call(.getRandomPassword, #"{"PasswordLength": 4097}"#) }
        #expect(e1?.message == "1 validation error detected: Value '4097' at 'passwordLength' failed to satisfy constraint: Member must have value less than or equal to 4096")
        let e2 = await awsError { try await sim.call(.getRandomPassword, #"{"PasswordLength": 0}"#) }
        #expect(e2?.code == "ValidationException")
        let e3 = await awsError { try await sim.call(.getRandomPassword, #"{"PasswordLength": 3}"#) }
        #expect(e3?.code == "InvalidParameterException")
        let e4 = await awsError { try await sim.call(.getRandomPassword, #"{"ExcludeNumbers": true, "ExcludePunctuation": true, "ExcludeUppercase": true, "ExcludeLowercase": true}"#) }
        #expect(e4?.code == "InvalidParameterException")
        let e5 = await awsError { try await sim.call(.getRandomPassword, #"{"IncludeSpace": "yes"}"#) }
        #expect(e5?.code == "SerializationException")
    }

    /// Over many draws every allowed character turns up, in shares near its expected one: a
    /// generator biased to a class or position fails. Bounds are wide (about 6 standard
    /// deviations), so a fair generator fails with negligible probability.
    @Test func characterClassesAreDistributedAsTheAlphabet() async throws {
        let sim = try Sim()
        var counts: [Character: Int] = [:]
        var firstIsDigit = 0
        let draws = 400
        for _ in 0..<draws {
            let p = try await Self.password(sim, #"{"PasswordLength": 100, "RequireEachIncludedType": false}"#)
            for c in p { counts[c, default: 0] += 1 }
            if p.first?.isNumber == true { firstIsDigit += 1 }
        }
        let alphabet = RandomPassword.lowercase + RandomPassword.uppercase + RandomPassword.digits + RandomPassword.punctuation
        #expect(Set(counts.keys) == Set(alphabet))
        let total = Double(draws * 100)
        for (name, type) in [("lower", RandomPassword.lowercase), ("upper", RandomPassword.uppercase),
                             ("digit", RandomPassword.digits), ("punct", RandomPassword.punctuation)] {
            let expected = Double(type.count) / Double(alphabet.count)
            let share = Double(type.reduce(0) { $0 + (counts[$1] ?? 0) }) / total
            let sd = (expected * (1 - expected) / total).squareRoot()
            #expect(abs(share - expected) < 6 * sd, "\(name): \(share) vs \(expected)")
        }
        let digitShare = Double(RandomPassword.digits.count) / Double(alphabet.count)
        let sd = (digitShare * (1 - digitShare) / Double(draws)).squareRoot()
        #expect(abs(Double(firstIsDigit) / Double(draws) - digitShare) < 6 * sd)
    }
}
