import Foundation
import SecretsCore
import SmshLanguage
import SmshLessons
import SourceText
import Testing
import TestSupport

/// A learner that types what it is given, one line per prompt, and records everything shown.
final class ScriptedLearner: LessonIO, @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String]
    private var shown = ""
    private(set) var prompts: [String] = []
    let isTerminal = false

    init(_ lines: [String]) { self.lines = lines }

    var transcript: String { lock.withLock { shown } }

    func read(prompt: String, interpreter: Interpreter) async -> LessonInput {
        lock.withLock {
            prompts.append(prompt)
            guard !lines.isEmpty else { return .end }
            let line = lines.removeFirst()
            shown += prompt + line + "\n"
            return .line(line)
        }
    }

    func out(_ text: String) { lock.withLock { shown += text } }
    func err(_ text: String) { lock.withLock { shown += text } }

    func run(_ input: String, on runner: ScriptRunner) async -> InteractiveOutcome {
        await runner.runInteractive(text: input)
    }
}

func builtIn(_ name: String) throws -> (Lesson, SourceFiles) {
    let files = SourceFiles()
    guard case .lesson(let lesson) = LessonCatalog.find(name, files: files) else {
        Issue.record("lesson \(name) does not load")
        throw CancellationError()
    }
    return (lesson, files)
}

/// Each suggestion, then each right answer: what a learner who follows the lesson types.
func suggestedInputs(_ lesson: Lesson, wrongFirst: String? = nil) -> [String] {
    lesson.steps.flatMap { step in (wrongFirst.map { [$0] } ?? []) + [step.suggest] } + lesson.questions.map { "\($0.answer + 1)" }
}

func run(_ lesson: Lesson, files: SourceFiles, _ inputs: [String], progress: LessonProgress = .none) async -> (code: Int32, learner: ScriptedLearner) {
    let learner = ScriptedLearner(inputs)
    let code = await LessonRunner(lesson: lesson, files: files, io: learner, progress: progress, delay: 0).run()
    return (code, learner)
}

func temporaryProgress() -> LessonProgress {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smsh-learn-\(UUID().uuidString)").path
    return LessonProgress(path: dir + "/state/lessons.json", worldDirectory: dir + "/data/lessons")
}

struct LessonRunTests {
    @Test(arguments: LessonCatalog.names)
    func builtInLessonPassesEndToEnd(name: String) async throws {
        let (lesson, files) = try builtIn(name)
        let (code, learner) = await run(lesson, files: files, suggestedInputs(lesson))
        let transcript = learner.transcript
        #expect(code == 0)
        #expect(transcript.contains("Lesson complete: \(lesson.title)"), "\(transcript)")
        #expect(!transcript.contains("Not yet"), "\(transcript)")
        #expect(!transcript.contains("Not quite"), "\(transcript)")
        #expect(transcript.components(separatedBy: "\n✓ ").count - 1 == lesson.steps.count)
        #expect(transcript.components(separatedBy: "Right. ").count - 1 == lesson.questions.count)
    }

    /// A command that changes nothing never passes a step (no check holds before its step's
    /// command), and the learner gets the step's hint. Steps that wait are the exception: with
    /// no replication delay, time alone has done what they ask (see the next test).
    @Test(arguments: LessonCatalog.names)
    func wrongCommandGetsTheHint(name: String) async throws {
        let (lesson, files) = try builtIn(name)
        let (code, learner) = await run(lesson, files: files, suggestedInputs(lesson, wrongFirst: "print \"not the step\""))
        let transcript = learner.transcript
        #expect(code == 0)
        for step in lesson.steps where !step.suggest.hasPrefix("wait ") {
            #expect(transcript.contains("not the step\nNot yet. Hint: \(step.hint)\n"), "\(step.title)\n\(transcript)")
        }
        #expect(transcript.contains("Lesson complete"), "\(transcript)")
    }

    /// While replicas are still InProgress, a step that waits for InSync is not done.
    @Test func aWaitStepIsNotDoneBeforeTheReplicasAre() async throws {
        let (lesson, files) = try builtIn("replicate")
        let learner = ScriptedLearner(Array(lesson.steps.prefix(2).map(\.suggest)) + ["print \"too soon\"", "quit"])
        let code = await LessonRunner(lesson: lesson, files: files, io: learner, progress: .none, delay: 3600).run()
        #expect(code == 0)
        #expect(learner.transcript.contains("too soon\nNot yet. Hint: \(lesson.steps[2].hint)\n"), "\(learner.transcript)")
    }

    @Test func anotherCommandThatReachesTheStateCounts() async throws {
        let (lesson, files) = try builtIn("replicate")
        var inputs = suggestedInputs(lesson)
        inputs[0] = "aws secretsmanager create-secret --name MyTestSecret --secret-string hello"
        let (_, learner) = await run(lesson, files: files, inputs)
        #expect(learner.transcript.contains("✓ MyTestSecret now exists"), "\(learner.transcript)")
        #expect(learner.transcript.contains("Lesson complete"))
    }

    @Test func skipRunsTheSuggestionAndRepeatShowsTheStepAgain() async throws {
        let (lesson, files) = try builtIn("replicate")
        let inputs = ["repeat", "hint", "skip"] + suggestedInputs(lesson).dropFirst()
        let (_, learner) = await run(lesson, files: files, inputs)
        let t = learner.transcript
        #expect(t.components(separatedBy: "== Step 1 of 5: Create the primary secret ==").count - 1 == 2, "\(t)")
        #expect(t.contains("Hint: \(lesson.steps[0].hint)\n"))
        #expect(t.contains("> \(lesson.steps[0].suggest)\n"))
        #expect(t.contains("Lesson complete"), "\(t)")
    }

    @Test func aWrongAnswerIsRefusedAndTheRightOneAccepted() async throws {
        let (lesson, files) = try builtIn("replicate")
        var inputs = lesson.steps.map(\.suggest)
        let q = lesson.questions[0]
        inputs += ["\((q.answer + 1) % q.choices.count + 1)", "seven", "\(q.answer + 1)", "skip"]
        let (_, learner) = await run(lesson, files: files, inputs)
        let t = learner.transcript
        #expect(t.contains("Not quite; think again"), "\(t)")
        #expect(t.contains("Type the number of your answer, 1 to \(q.choices.count)"))
        #expect(t.contains("Right. \(q.why)"))
        #expect(t.contains("The answer is \(lesson.questions[1].answer + 1))"))
        #expect(t.contains("Lesson complete"))
    }

    @Test func quittingKeepsThePlaceAndTheWorld() async throws {
        let (lesson, files) = try builtIn("replicate")
        let progress = temporaryProgress()
        let inputs = suggestedInputs(lesson)
        let first = await run(lesson, files: files, Array(inputs.prefix(2)) + ["quit"], progress: progress)
        #expect(first.code == 0)
        #expect(first.learner.transcript.contains("goes on from step 3 of 5"), "\(first.learner.transcript)")
        #expect(progress.position(of: "replicate") == 2)
        #expect(progress.hasWorld(for: "replicate"))
        #expect(LessonCatalog.listing(progress: progress).contains("at step 3 of 5"))

        // The world is the one left: MyTestSecret and its replicas are there for step 3.
        let second = await run(lesson, files: files, Array(inputs.dropFirst(2)), progress: progress)
        let t = second.learner.transcript
        #expect(t.contains("Resuming at step 3 of 5"), "\(t)")
        #expect(!t.contains("== Step 1 of 5"))
        #expect(t.contains("Lesson complete"), "\(t)")
        #expect(progress.position(of: "replicate") == lesson.length)
        #expect(!progress.hasWorld(for: "replicate"))
        #expect(LessonCatalog.listing(progress: progress).contains("done"))
    }

    @Test func endOfInputKeepsThePlaceToo() async throws {
        let (lesson, files) = try builtIn("conflicts")
        let progress = temporaryProgress()
        _ = await run(lesson, files: files, [lesson.steps[0].suggest], progress: progress)
        #expect(progress.position(of: "conflicts") == 1)
        let again = await run(lesson, files: files, ["restart"] + suggestedInputs(lesson), progress: progress)
        #expect(again.learner.transcript.contains("Starting again, in a new world."))
        #expect(again.learner.transcript.contains("Lesson complete"), "\(again.learner.transcript)")
    }
}
