import Foundation
import Testing
@testable import SmshREPL

@Suite struct HistoryFileTests {
    @Test func pathFollowsXDGStateHome() {
        #expect(HistoryFile.defaultPath(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/smsh/history")
        #expect(HistoryFile.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/state/smsh/history")
        #expect(HistoryFile.defaultPath(environment: ["XDG_STATE_HOME": "relative", "HOME": "/h"]) == "/h/.local/state/smsh/history")
        #expect(HistoryFile.defaultPath(environment: [:]) == nil)
    }

    @Test func multiLineEntriesRoundTripAndTheFileIsPrivate() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = HistoryFile(path: dir.path + "/state/smsh/history")
        try file.append("for r in [a, b] {\n  print \"\\$r\"\n}")
        try file.append("describe X")
        try file.append("describe X")
        #expect(file.load() == ["for r in [a, b] {\n  print \"\\$r\"\n}", "describe X"])
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/state/smsh")
        #expect(leftovers == ["history"])
    }

    @Test func keepsTheNewestEntries() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = HistoryFile(path: dir.path + "/history", limit: 1000)
        try file.save((1...1005).map { "print \($0)" })
        try file.append("print last")
        let entries = file.load()
        #expect(entries.count == 1000)
        #expect(entries.first == "print 7")
        #expect(entries.last == "print last")
    }
}
