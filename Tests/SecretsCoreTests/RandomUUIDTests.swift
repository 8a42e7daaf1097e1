import Foundation
import Testing
import SecretsCore

@Suite struct RandomUUIDTests {
    /// What a client sees as a request id or a VersionId: a lowercase version 4 UUID, never twice
    /// the same, that Foundation reads back as a UUID.
    @Test func idsAreDistinctLowercaseVersionFourUUIDs() {
        var seen = Set<String>()
        for _ in 0..<20_000 {
            let id = RandomUUID.string()
            #expect(id.utf8.count == 36)
            #expect(id == id.lowercased())
            let parsed = UUID(uuidString: id)
            #expect(parsed?.uuidString.lowercased() == id)
            let bytes = Array(id.utf8)
            #expect(bytes[14] == UInt8(ascii: "4"))
            #expect([UInt8(ascii: "8"), UInt8(ascii: "9"), UInt8(ascii: "a"), UInt8(ascii: "b")].contains(bytes[19]))
            seen.insert(id)
        }
        #expect(seen.count == 20_000)
    }
}
