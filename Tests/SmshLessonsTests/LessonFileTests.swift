import Foundation
import SmshLanguage
import SmshLessons
import SourceText
import Testing
import TestSupport

struct LessonFileTests {
    static let good = """
        # a comment
        lesson: tiny
        title: A tiny lesson
        delay: 0

        step: Make it
        explain:
          Two lines
          of text.
        suggest: create X value "v"
        check: (describe X).Name == "X"
        hint: create X value "v"
        then: Done.

        question: Is it made?
        choice: yes
        choice: no
        answer: 1
        why: Because.
        """

    func problems(_ text: String) -> String {
        let files = SourceFiles()
        let (_, problems) = LessonFile.parse(text: text, path: "t.lesson", files: files)
        return DiagnosticRenderer(files: files, color: false).render(problems)
    }

    @Test func aGoodLessonParses() throws {
        let files = SourceFiles()
        let (lesson, problems) = LessonFile.parse(text: Self.good, path: "t.lesson", files: files)
        #expect(problems.isEmpty)
        let l = try #require(lesson)
        #expect(l.name == "tiny")
        #expect(l.delay == 0)
        #expect(l.steps.count == 1)
        #expect(l.steps[0].explain == "Two lines\nof text.")
        #expect(l.steps[0].suggest == "create X value \"v\"")
        #expect(l.steps[0].checks.map(\.text) == ["(describe X).Name == \"X\""])
        #expect(l.questions[0].answer == 0)
    }

    @Test(arguments: LessonCatalog.names)
    func everyBuiltInLessonChecks(name: String) {
        let files = SourceFiles()
        let text = LessonCatalog.builtIn.first { $0.name == name }?.text ?? ""
        let (lesson, problems) = LessonFile.parse(text: text, path: name, files: files)
        #expect(problems.isEmpty, "\(DiagnosticRenderer(files: files, color: false).render(problems))")
        #expect(lesson?.name == name)
        #expect((lesson?.questions.count ?? 0) >= 1)
    }

    /// The built-in lessons are the files in the repository, compiled in: one source.
    @Test func builtInLessonsAreTheRepositoryFiles() throws {
        for (name, text) in LessonCatalog.builtIn {
            let url = repositoryRoot.appendingPathComponent(LessonCatalog.builtInPath(name))
            #expect(try String(contentsOf: url, encoding: .utf8) == text)
        }
        let dir = repositoryRoot.appendingPathComponent("Sources/SmshLessons/Lessons")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".lesson") }
        #expect(Set(files) == Set(LessonCatalog.names.map { $0 + ".lesson" }))
    }

    @Test func anUnknownFieldIsLocatedWithASuggestion() {
        let text = Self.good.replacingOccurrences(of: "suggest:", with: "sugest:")
        #expect(problems(text).contains("t.lesson:10:1: error: unknown field 'sugest': did you mean 'suggest'?"))
        #expect(problems(text).contains("t.lesson:6:1: error: step 'Make it' has no 'suggest:'"))
    }

    @Test func aCheckThatIsNotSmshIsLocatedInTheLessonFile() {
        let text = Self.good.replacingOccurrences(of: "check: (describe X).Name == \"X\"", with: "check: (describe X).Name == ")
        let out = problems(text)
        #expect(out.hasPrefix("t.lesson:11:"), "\(out)")
        #expect(out.contains("check: (describe X).Name == \n"), "the lesson's own line is shown: \(out)")
    }

    @Test func aSuggestionWithABadCommandIsLocatedAtItsColumn() {
        let text = Self.good.replacingOccurrences(of: "suggest: create X value \"v\"", with: "suggest: replicate X too eu-west-3")
        let out = problems(text)
        #expect(out.hasPrefix("t.lesson:10:2"), "\(out)")
    }

    @Test func aCheckMayReadTheLessonsVariablesAndAStepsVariables() {
        var text = Self.good.replacingOccurrences(of: "suggest: create X value \"v\"", with: "suggest: let x = 1")
        text = text.replacingOccurrences(of: "check: (describe X).Name == \"X\"", with: "check: $x == 1 and $region != \"\" and len($faults) == 0")
        #expect(problems(text) == "")
        #expect(problems(text.replacingOccurrences(of: "$x == 1", with: "$y == 1")).contains("t.lesson:11:8: error:"))
    }

    @Test func structuralMistakes() {
        #expect(problems("title: x\n").contains("t.lesson:1:1: error: a lesson needs 'lesson: NAME'"))
        #expect(problems(Self.good.replacingOccurrences(of: "answer: 1", with: "answer: 3")).contains("t.lesson:18:9: error: 'answer:' is the number of the right choice, 1 to 2"))
        #expect(problems(Self.good.replacingOccurrences(of: "delay: 0", with: "delay: soon")).contains("t.lesson:4:8: error: 'soon' is not a duration"))
        #expect(problems(Self.good + "\nregion: mars-1\n").contains("t.lesson:20:1: error: 'region' belongs to the lesson's header"))
        #expect(problems(Self.good.replacingOccurrences(of: "lesson: tiny", with: "lesson: Tiny One")).contains("t.lesson:2:9: error: a lesson's name is lowercase letters"))
        #expect(problems("  floating\n").contains("t.lesson:1:3: error: indented text outside a field"))
        #expect(problems(Self.good.replacingOccurrences(of: "hint: create X value \"v\"\n", with: "")).contains("has no 'hint:'"))
        #expect(problems(Self.good.replacingOccurrences(of: "question: Is it made?", with: "remark Is it made?")).contains("t.lesson:15:1: error: expected a field ('explain: TEXT'), found 'remark'"))
    }
}
