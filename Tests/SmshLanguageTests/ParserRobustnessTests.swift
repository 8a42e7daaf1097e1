import Foundation
import Testing
import TestSupport
@testable import SmshLanguage
import SourceText

/// Mangled scripts must give diagnostics, never a crash or a hang: every golden script is cut,
/// spliced and sprinkled with syntax characters (deterministic seed), then parsed and checked.
struct ParserRobustnessTests {

    static let pieces: [String] = ["{", "}", "(", ")", "[", "]", "\"", "'", "$", "${", "\\", "\n", ",", ";", ":", ".", "..",
                                   "==", "=", "-", "#", "if ", "for ", "def ", "try ", "catch ", "else ", "replicate ", " to ",
                                   " key ", "wait ", "until ", "\u{00e9}", "\t", " ", "0", "5s"]

    @Test(.timeLimit(.minutes(2)))
    func mangledScriptsOnlyProduceDiagnostics() throws {
        let dir = GoldenScriptTests.scriptsDirectory
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".smsh") }.sorted()
        let sources = try names.map { try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8) }
        var rng = SeededGenerator(seed: 42)
        var withErrors = 0
        for i in 0..<3000 {
            var bytes = Array(sources[i % sources.count].utf8)
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                let at = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes.insert(contentsOf: Array(Self.pieces.randomElement(using: &rng)!.utf8), at: at)
                case 1: if at < bytes.count { bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...8, using: &rng))) }
                default:
                    let other = Array(sources.randomElement(using: &rng)!.utf8)
                    if !other.isEmpty {
                        let s = Int.random(in: 0..<other.count, using: &rng)
                        bytes.insert(contentsOf: other[s..<min(other.count, s + 40)], at: at)
                    }
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let problems = ScriptRunner.problems(in: text, path: "fuzz.smsh", files: SourceFiles())
            if !problems.isEmpty { withErrors += 1 }
            _ = Parser.isIncomplete(text)
            for p in problems {
                #expect(p.range.line >= 1 && p.range.column >= 1, "bad position in \(p) for:\n\(text)")
            }
        }
        #expect(withErrors > 1000)
    }
}
