import Foundation
import LineEditor
import SecretsCore
import SmshLanguage
import SmshLessons

/// The interactive session: reads inputs (continuing while a block, bracket, string or `\` is
/// open), runs each on one interpreter, shows results and errors, and carries on until Ctrl-D or
/// `exit`. Ctrl-C abandons the line being typed or cancels the command that is running.
public final class REPL: @unchecked Sendable {
    let runner: ScriptRunner
    let reader: any LineReader
    let historyFile: HistoryFile?
    let names = SecretNameCache()
    let placements = SecretPlacementCache()
    /// The simulator's state file, when the session uses one: names another process adds to it
    /// are listed again when it changes.
    public var stateFile: String?
    private let stampLock = NSLock()
    private var stamp: StateFileStamp?
    let out: @Sendable (String) -> Void
    let err: @Sendable (String) -> Void
    let watchInterrupts: InterruptWatch
    /// What `history` lists: the file's entries at start and this session's inputs, redacted.
    var entries: [String] = []
    /// Where `learn` keeps the learner's place and the lessons' worlds.
    public var lessonProgress = LessonProgress.none
    /// The environment lessons run with.
    public var environment: [String: String] = [:]

    /// Calls its argument on Ctrl-C, SIGTERM or SIGHUP while a command runs; returns what stops watching.
    public typealias InterruptWatch = @Sendable (_ onSignal: @escaping @Sendable (SignalEvent) -> Void) -> @Sendable () -> Void

    /// The process's signals, through LineEditor's signal pipe.
    public static let terminalInterrupts: InterruptWatch = { onSignal in
        let watcher = InterruptWatcher(onSignal: onSignal)
        return { watcher.stop() }
    }

    public init(runner: ScriptRunner, reader: any LineReader, historyFile: HistoryFile?,
                out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void,
                interrupts: @escaping InterruptWatch = REPL.terminalInterrupts) {
        self.runner = runner
        self.reader = reader
        self.historyFile = historyFile
        self.out = out
        self.err = err
        self.watchInterrupts = interrupts
    }

    var interpreter: Interpreter { runner.interpreter }

    /// `reveal` in the prompt while secrets print in clear, so nobody shares a screen unawares.
    public var prompt: String {
        let s = interpreter.session
        return "smsh \(s.backend):\(s.region)\(s.reveal ? " reveal" : "")> "
    }
    public static let continuationPrompt = "...> "

    public func run() async -> Int32 {
        entries = historyFile?.load() ?? []
        for e in entries { reader.addHistory(e) }
        let names = self.names
        interpreter.knownSecretNames = { names.current }
        refreshNames()
        var pending = ""
        var lastCode: Int32 = 0
        defer { reader.close() }
        while true {
            let result = await read(prompt: pending.isEmpty ? prompt : REPL.continuationPrompt, pending: pending)
            switch result {
            case .endOfInput:
                // SIGTERM or SIGHUP while reading ends the read like Ctrl-D, with the shell's code.
                return TerminalSignals.terminationExitCode ?? lastCode
            case .interrupted:
                pending = ""
            case .line(let line):
                pending = pending.isEmpty ? line : pending + "\n" + line
                if Parser.isIncomplete(pending) { continue }
                let input = pending
                pending = ""
                guard !input.allSatisfy(\.isWhitespace) else { continue }
                remember(input)
                switch await handle(input) {
                case .ended(let code): return code
                case .finished(let code): lastCode = code
                }
                // The terminal went away (SIGHUP) or smsh was asked to stop (SIGTERM) meanwhile.
                if let code = TerminalSignals.terminationExitCode { return code }
            }
        }
    }

    enum Outcome {
        /// The input ran (or failed) with this code; the session goes on.
        case finished(Int32)
        /// `exit`: the session ends with this code.
        case ended(Int32)
    }

    func handle(_ input: String) async -> Outcome {
        if let command = SessionCommand(input) {
            if case .learn(let name) = command {
                // A lesson runs on its own simulator; the session's world is left as it was.
                let io = LessonTerminal(reader: reader, isTerminal: interpreter.session.interactiveProgress, out: out, err: err,
                                        interrupts: watchInterrupts)
                return .finished(await LessonTerminal.learn(name, io: io, progress: lessonProgress, color: runner.color,
                                                            environment: environment))
            }
            perform(command)
            return .finished(0)
        }
        let runner = self.runner
        let task = Task { await runner.runInteractive(text: input) }
        let termination = Termination()
        let stopWatching = watchInterrupts { event in
            if case .terminate(let code) = event { termination.code = code }
            task.cancel()
        }
        let outcome = await task.value
        stopWatching()
        // SIGTERM or SIGHUP: the command was cancelled and the session ends (the input is
        // already in the history file: `remember` wrote it before it ran).
        if let code = termination.code { return .ended(code) }
        if REPL.mayChangeSecrets(input) { refreshNames() }
        switch outcome {
        case .exit(let code):
            return .ended(code)
        case .interrupted:
            err("interrupted\n")
            return .finished(130)
        case .finished(let code):
            return .finished(code)
        }
    }

    /// Reads on a thread of its own: libedit blocks, and the cooperative pool is small.
    func read(prompt: String, pending: String) async -> ReadResult {
        let context = CompletionContext(secretNames: [], variables: interpreter.globalVariables.map(\.name),
                                        procedures: interpreter.procedureNames)
        let names = self.names
        let prefix = pending.isEmpty ? "" : pending + "\n"
        let placements = self.placements
        let transport = interpreter.transport
        let region = interpreter.session.region
        noticeOtherWriters(wait: false)
        let onTab: TabHandler = { [weak self] before, columns in
            self?.noticeOtherWriters(wait: true)
            var c = context
            c.secretNames = names.current
            c.placement = { placements.placement(of: $0, transport: transport, region: region) }
            return TabCompletion.action(for: Completer.complete(prefix + before, context: c), columns: columns)
        }
        let reader = self.reader
        return await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: reader.readLine(prompt: prompt, onTab: onTab)) }
            thread.start()
        }
    }

    func remember(_ input: String) {
        let entry = SourceRedactor.redact(input)
        if entries.last != entry { entries.append(entry) }
        let limit = historyFile?.limit ?? 1000
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
        reader.addHistory(entry)
        do {
            try historyFile?.append(entry)
        } catch {
            err("smsh: history: \(error)\n")
        }
    }

    @discardableResult
    func refreshNames() -> Task<Void, Never> {
        placements.forget()
        if let stateFile { stampLock.withLock { stamp = StateFileStamp(path: stateFile) } }
        return names.refresh(transport: interpreter.transport, region: interpreter.session.region)
    }

    /// Lists the names again when the state file changed since they were listed (another smsh
    /// on the same file); on Tab, waits a moment (at most 0.15 s: a class writing one file all
    /// the time must not make every Tab slow) for the listing, so the new names are offered.
    func noticeOtherWriters(wait: Bool) {
        guard let stateFile, interpreter.session.backend == "local" else { return }
        let now = StateFileStamp(path: stateFile)
        guard stampLock.withLock({ stamp != now }) else { return }
        let listing = refreshNames()
        guard wait else { return }
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            await listing.value
            done.signal()
        }
        _ = done.wait(timeout: .now() + 0.15)
    }

    /// Whether an input may create, delete or move secrets (or change Region): the names are
    /// listed again after it.
    static func mayChangeSecrets(_ input: String) -> Bool {
        // simulate (reset, advance past a deletion window) and snapshot (restore) change the whole world.
        let changing: Set<Keyword> = [.create, .replicate, .remove, .promote, .delete, .restore, .use, .source, .simulate, .snapshot]
        return InputTokens(input).tokens.contains { t in t.kind == .word && Keyword(rawValue: t.text).map(changing.contains) == true }
    }
}

/// The exit code a SIGTERM or SIGHUP asked for while a command ran, set from the watcher's queue.
private final class Termination: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int32?
    var code: Int32? {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}
