import Foundation
import LineEditor
import SecretsCore
import SmshLanguage
import SmshLessons
import SourceText

/// A lesson on a terminal: read with the line editor (Tab completes as in the REPL, with the
/// lesson world's secret names), run with Ctrl-C cancelling. `smsh learn` and the REPL's
/// `learn` both use it.
public final class LessonTerminal: LessonIO, @unchecked Sendable {
    let reader: any LineReader
    let write: @Sendable (String) -> Void
    let writeError: @Sendable (String) -> Void
    let interrupts: REPL.InterruptWatch
    public let isTerminal: Bool
    let names = SecretNameCache()

    public init(reader: any LineReader, isTerminal: Bool, out: @escaping @Sendable (String) -> Void,
                err: @escaping @Sendable (String) -> Void, interrupts: @escaping REPL.InterruptWatch = REPL.terminalInterrupts) {
        self.reader = reader
        self.isTerminal = isTerminal
        self.write = out
        self.writeError = err
        self.interrupts = interrupts
    }

    public func out(_ text: String) { write(text) }
    public func err(_ text: String) { writeError(text) }

    public func read(prompt: String, interpreter: Interpreter) async -> LessonInput {
        names.refresh(transport: interpreter.transport, region: interpreter.session.region)
        let known = names
        interpreter.knownSecretNames = { known.current }
        let context = CompletionContext(secretNames: [], variables: interpreter.globalVariables.map(\.name),
                                        procedures: interpreter.procedureNames)
        let names = self.names
        let onTab: TabHandler = { before, columns in
            var c = context
            c.secretNames = names.current
            var result = Completer.complete(before, context: c)
            if !before.contains(" ") {
                result.candidates = (result.candidates + LessonRunner.Word.allCases.map(\.rawValue).filter { $0.hasPrefix(result.word) }).sorted()
            }
            return TabCompletion.action(for: result, columns: columns)
        }
        let reader = self.reader
        let result = await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: reader.readLine(prompt: prompt, onTab: onTab)) }.start()
        }
        switch result {
        case .line(let line):
            if !line.allSatisfy(\.isWhitespace) { reader.addHistory(SourceRedactor.redact(line)) }
            return .line(line)
        case .interrupted: return .interrupted
        case .endOfInput: return .end
        }
    }

    public func run(_ input: String, on runner: ScriptRunner) async -> InteractiveOutcome {
        // `help TOPIC` works in a lesson as in the REPL: a concept may be what the learner needs.
        if case .help(let name?)? = SessionCommand(input) {
            if let text = HelpTopics.text(for: name) {
                write(text)
                return .finished(0)
            }
            writeError("help: no topic '\(name)' (type 'help' outside the lesson for the list)\n")
            return .finished(2)
        }
        let task = Task { await runner.runInteractive(text: input) }
        let stop = interrupts { _ in task.cancel() }
        let outcome = await task.value
        stop()
        if outcome == .interrupted { writeError("interrupted\n") }
        return outcome
    }

    /// `learn` and `learn NAME|FILE`, for the REPL and `smsh learn`: the exit code (2 for a
    /// lesson that does not exist or does not check).
    public static func learn(_ name: String?, io: LessonTerminal, progress: LessonProgress, delay: Double? = nil,
                             color: Bool, environment: [String: String]) async -> Int32 {
        guard let name else {
            io.out(LessonCatalog.listing(progress: progress))
            return 0
        }
        let files = SourceFiles()
        switch LessonCatalog.find(name, files: files) {
        case .notFound(let message):
            io.err("smsh: learn: \(message)\n")
            return 2
        case .invalid(let problems):
            io.err(DiagnosticRenderer(files: files, color: color).render(problems))
            return 2
        case .lesson(let lesson):
            return await LessonRunner(lesson: lesson, files: files, io: io, progress: progress, delay: delay,
                                      environment: environment).run()
        }
    }
}
