import Foundation
import SecretsCore
import SecretsSimulator
import SmshLanguage
import SourceText

/// What the learner typed at a lesson's prompt.
public enum LessonInput: Sendable, Equatable {
    case line(String)
    case interrupted
    case end
}

/// The terminal (or a test's scripted learner) a lesson talks to.
public protocol LessonIO: Sendable {
    /// One line of the learner's; `interpreter` is the lesson's, for completion.
    func read(prompt: String, interpreter: Interpreter) async -> LessonInput
    func out(_ text: String)
    func err(_ text: String)
    /// Runs one input of the learner's as the REPL runs it (Ctrl-C cancels it).
    func run(_ input: String, on runner: ScriptRunner) async -> InteractiveOutcome
    /// Whether output goes to a terminal (`wait` then draws its progress in place).
    var isTerminal: Bool { get }
}

/// Runs a lesson on its own simulator: shows each step, runs what the learner types, moves on
/// when the step's checks hold, and keeps the position so that the learner can come back.
public final class LessonRunner: @unchecked Sendable {
    public let lesson: Lesson
    let files: SourceFiles
    let io: any LessonIO
    let progress: LessonProgress
    let delay: Double
    let environment: [String: String]
    var runner: ScriptRunner?
    var world: SimulatorTransport?

    /// The words the lesson's prompt takes besides smsh input.
    public enum Word: String, CaseIterable, Sendable { case hint, skip, `repeat`, restart, quit, help }

    /// `files` is where the lesson was parsed, so errors in its setup show the lesson's lines;
    /// `delay` overrides the lesson's own replication delay.
    public init(lesson: Lesson, files: SourceFiles, io: any LessonIO, progress: LessonProgress, delay: Double? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.lesson = lesson
        self.files = files
        self.io = io
        self.progress = progress
        self.delay = delay ?? lesson.delay
        self.environment = environment
    }

    static let controls = "Type the suggested command, or any command that does the same. Also: hint, skip (run the suggestion), repeat (show the step again), restart, quit (your place is kept); help TOPIC explains a concept.\n"

    /// 0 when the lesson ends or the learner leaves it; 1 when its world cannot be made.
    public func run() async -> Int32 {
        var position = progress.position(of: lesson.name)
        let resuming = position > 0 && position < lesson.length && progress.hasWorld(for: lesson.name)
        if !resuming { position = 0 }
        io.out("Lesson: \(lesson.title)\n")
        if !lesson.summary.isEmpty { io.out(lesson.summary + "\n") }
        io.out(LessonRunner.controls)
        do {
            try await openWorld(fresh: !resuming)
        } catch {
            io.err("smsh: learn: cannot make the lesson's world: \(error)\n")
            return 1
        }
        if resuming { io.out("Resuming at \(place(position)) ('restart' begins again).\n") }
        while position < lesson.length {
            let next: Int?
            if position < lesson.steps.count {
                next = await runStep(position)
            } else {
                next = await ask(position - lesson.steps.count)
            }
            guard let next else {
                progress.save(position, for: lesson.name)
                io.out("Your place is kept: 'smsh learn \(lesson.name)' goes on from \(place(position)).\n")
                return 0
            }
            position = next
            progress.save(position, for: lesson.name)
        }
        runner = nil
        world = nil
        progress.removeWorld(for: lesson.name)
        io.out("\nLesson complete: \(lesson.title). 'smsh learn' lists the others.\n")
        return 0
    }

    func place(_ position: Int) -> String {
        position < lesson.steps.count
            ? "step \(position + 1) of \(lesson.steps.count)"
            : "question \(position - lesson.steps.count + 1) of \(lesson.questions.count)"
    }

    /// A new world (the old one thrown away), or the one the learner left.
    func openWorld(fresh: Bool) async throws {
        runner = nil
        world = nil
        if fresh { progress.removeWorld(for: lesson.name) }
        let path = progress.worldPath(for: lesson.name)
        if path != ":memory:" {
            let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        var options = SimulatorOptions(statePath: path, replicationDelay: delay)
        options.rotationTime = delay
        let world = try SimulatorTransport(options: options)
        let session = Session(region: lesson.region, backend: "local", output: .table,
                              interactiveProgress: io.isTerminal, showResults: true)
        let io = self.io
        let interpreter = Interpreter(session: session, transport: world, faults: world, files: files,
                                      output: OutputSink(out: { io.out($0) }, err: { io.err($0) }), environment: environment)
        let runner = ScriptRunner(interpreter: interpreter, color: false)
        self.runner = runner
        self.world = world
        if fresh, let setup = lesson.setup {
            interpreter.session.quiet = true
            interpreter.session.showResults = false
            let code = await runner.execute(setup, path: nil)
            interpreter.session = session
            if code != 0 { throw LessonError(message: "its setup failed (exit code \(code))") }
        }
    }

    struct LessonError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    func show(_ index: Int) {
        let step = lesson.steps[index]
        io.out("\n== Step \(index + 1) of \(lesson.steps.count): \(step.title) ==\n\n")
        io.out(LessonRunner.indented(step.explain) + "\n\n")
        io.out("  Try:  \(step.suggest)\n\n")
    }

    static func indented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n")
    }

    /// One step, until its checks hold: the next position, or nil when the learner leaves.
    func runStep(_ index: Int) async -> Int? {
        let step = lesson.steps[index]
        show(index)
        while let runner {
            let prompt = "learn \(lesson.name) \(index + 1)/\(lesson.steps.count)> "
            switch await io.read(prompt: prompt, interpreter: runner.interpreter) {
            case .end:
                return nil
            case .interrupted:
                continue
            case .line(let raw):
                let input = raw.trimmingCharacters(in: .whitespaces)
                if input.isEmpty { continue }
                switch Word(rawValue: input) {
                case .hint?:
                    io.out("Hint: \(step.hint)\n")
                    continue
                case .`repeat`?:
                    show(index)
                    continue
                case .help?:
                    io.out(LessonRunner.controls)
                    continue
                case .quit?:
                    return nil
                case .restart?:
                    do { try await openWorld(fresh: true) } catch {
                        io.err("smsh: learn: cannot make the lesson's world: \(error)\n")
                        return nil
                    }
                    io.out("Starting again, in a new world.\n")
                    return 0
                case .skip?:
                    io.out("> \(step.suggest)\n")
                    _ = await io.run(step.suggest, on: runner)
                case nil:
                    if case .exit = await io.run(input, on: runner) { return nil }
                }
                if await done(step, runner: runner) {
                    io.out("\n✓ " + LessonRunner.indented(step.then).dropFirst(2) + "\n")
                    if let aws = step.aws { io.out("\nOn AWS: " + LessonRunner.indented(aws).dropFirst(2) + "\n") }
                    return index + 1
                }
                io.out("Not yet. Hint: \(step.hint)\n")
            }
        }
        return nil
    }

    func done(_ step: Lesson.Step, runner: ScriptRunner) async -> Bool {
        let bindings = await LessonRunner.checkBindings(runner.interpreter, world: world)
        for check in step.checks where !(await runner.interpreter.holds(check.condition, bindings: bindings)) { return false }
        return true
    }

    /// What a check may read besides the session's variables: `$region`, the session's Region,
    /// and `$faults`, the simulator's active faults as `simulate` names them (`outage us-east-1`).
    public static let checkVariables = ["region", "faults"]

    static func checkBindings(_ interpreter: Interpreter, world: (any FaultInjecting)?) async -> [(String, Value)] {
        let faults = (try? await world?.activeFaults()) ?? []
        return [("region", .string(interpreter.session.region)), ("faults", .list(faults.map { .string($0.simulateWords) }))]
    }


    /// One question of the check of understanding: the next position, or nil when the learner leaves.
    func ask(_ index: Int) async -> Int? {
        let q = lesson.questions[index]
        io.out("\n== Check your understanding (\(index + 1) of \(lesson.questions.count)) ==\n\n")
        io.out(LessonRunner.indented(q.text) + "\n")
        for (i, c) in q.choices.enumerated() { io.out("  \(i + 1)) \(c)\n") }
        io.out("\n")
        while let runner {
            switch await io.read(prompt: "answer 1-\(q.choices.count)> ", interpreter: runner.interpreter) {
            case .end:
                return nil
            case .interrupted:
                continue
            case .line(let raw):
                let input = raw.trimmingCharacters(in: .whitespaces)
                if input.isEmpty { continue }
                if input == Word.quit.rawValue { return nil }
                if input == Word.skip.rawValue {
                    io.out("The answer is \(q.answer + 1)) \(q.choices[q.answer]). \(q.why)\n")
                    return lesson.steps.count + index + 1
                }
                guard let n = Int(input), n >= 1, n <= q.choices.count else {
                    io.out("Type the number of your answer, 1 to \(q.choices.count) (or skip, quit).\n")
                    continue
                }
                if n - 1 == q.answer {
                    io.out("Right. \(q.why)\n")
                    return lesson.steps.count + index + 1
                }
                io.out("Not quite; think again and choose another (skip shows the answer).\n")
            }
        }
        return nil
    }
}
