import Foundation
import SmshLessons
import SourceText
import Testing
import TestSupport

/// `smsh learn` and `smsh check FILE.lesson` as a user runs them, and the example lesson of
/// docs/teaching.md.
struct LessonCommandLineTests {
    static func smsh(_ args: [String], stdin: String = "", home: URL) async throws -> ProcessResult {
        let env = ["HOME": home.path, "PATH": "/usr/bin:/bin", "XDG_DATA_HOME": home.path + "/data", "XDG_STATE_HOME": home.path + "/state"]
        return try await offThePool { try runProcess(smshBinary, args, environment: env, stdin: stdin) }
    }

    static func home() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("smsh-learn-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static var docsExample: String {
        get throws {
            let doc = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/teaching.md"), encoding: .utf8)
            let start = try #require(doc.range(of: "```lesson\n"))
            let end = try #require(doc[start.upperBound...].range(of: "```"))
            return String(doc[start.upperBound..<end.lowerBound])
        }
    }

    @Test func theDocsExampleLessonChecksAndRunsToTheEnd() async throws {
        let home = try Self.home()
        defer { try? FileManager.default.removeItem(at: home) }
        let file = home.appendingPathComponent("tags.lesson")
        try Self.docsExample.write(to: file, atomically: true, encoding: .utf8)
        let check = try await Self.smsh(["check", file.path], home: home)
        #expect(check.status == 0, "\(check)")
        let files = SourceFiles()
        let lesson = try #require(LessonFile.parse(text: try Self.docsExample, path: "tags.lesson", files: files).lesson)
        let inputs = lesson.steps.map(\.suggest) + lesson.questions.map { "\($0.answer + 1)" }
        let run = try await Self.smsh(["--replication-delay", "0", "learn", file.path], stdin: inputs.joined(separator: "\n") + "\n", home: home)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("Lesson complete: Tags travel with the secret."), "\(run)")
    }

    @Test func aBrokenLessonIsLocatedAndExitsTwo() async throws {
        let home = try Self.home()
        defer { try? FileManager.default.removeItem(at: home) }
        let file = home.appendingPathComponent("my.lesson")
        try (try Self.docsExample).replacingOccurrences(of: "suggest:", with: "sugest:").write(to: file, atomically: true, encoding: .utf8)
        for args in [["check", file.path], ["learn", file.path]] {
            let r = try await Self.smsh(args, home: home)
            #expect(r.status == 2, "\(r)")
            #expect(r.stderr.hasPrefix("\(file.path):10:1: error: step 'Tag the primary' has no 'suggest:'"), "\(r)")
            #expect(r.stderr.contains("\(file.path):14:1: error: unknown field 'sugest': did you mean 'suggest'?"))
        }
    }

    @Test func learnListsAndRefusesAnUnknownLesson() async throws {
        let home = try Self.home()
        defer { try? FileManager.default.removeItem(at: home) }
        let list = try await Self.smsh(["learn"], home: home)
        #expect(list.status == 0)
        for name in LessonCatalog.names { #expect(list.stdout.contains("\n  \(name) "), "\(name)") }
        let unknown = try await Self.smsh(["learn", "replicat"], home: home)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.hasPrefix("smsh: learn: no lesson 'replicat': did you mean 'replicate'?"), "\(unknown)")
        let usage = try await Self.smsh(["learn", "a", "b"], home: home)
        #expect(usage.status == 2)
        #expect(usage.stderr == "smsh: error: usage: smsh learn [LESSON | FILE]\n")
    }
}
