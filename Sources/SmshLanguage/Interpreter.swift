import AWSCLI
import Foundation
import SecretsCore
import SourceText

/// Runs checked programs against a backend. One interpreter is one session: the REPL feeds it
/// line after line, the script runner one whole file. Unchecked Sendable: a session runs one
/// statement at a time, on whichever task the front end starts for it, never two at once.
public final class Interpreter: @unchecked Sendable {
    public var session: Session
    public let files: SourceFiles
    /// The backend behind the session's rate ceiling: every call goes through `rateLimiter`.
    public let transport: any Transport
    let rateLimiter: RateLimiter
    /// The fault-injection side of the backend, when it has one (`simulate`).
    let faults: (any FaultInjecting)?
    let output: OutputSink
    let environment: [String: String]
    let globals: Scope
    var procedures: [String: (params: [String], body: Block)] = [:]
    /// Files being run right now (absolute paths), to refuse a cycle, and how each is named in
    /// messages (relative to the first file, so output does not depend on where it lives).
    var sourceStack: [String] = []
    var displayStack: [String] = []
    var callDepth = 0
    /// What an idempotent command skipped or did instead, for its log line.
    var commandNote: String?
    /// The errors whose catch blocks are running, innermost last (`rethrow`, `throw $e`).
    var handling: [RuntimeError] = []
    /// Loop passes run so far (wrapping): every 1024th gives way to other tasks.
    var loopPasses = 0
    static let maxCallDepth = 400
    /// Secret texts handed out as plain strings: scrubbed from errors and log lines.
    var secretTexts = SecretTexts()
    /// Secret-derived texts the call being compiled may carry, with where each came from.
    var secretArguments: [(text: String, range: SourceRange)] = []
    /// Compiling for `explain`: `value prompt` asks nobody.
    var explaining = false
    /// Set by a front end that can switch backends: called with the session as `use backend`,
    /// `use profile` or `use endpoint` would leave it; throwing refuses the change.
    public var sessionChanged: (@Sendable (Session) throws -> Void)?
    /// Set by a front end that can connect an aws line its own way (`--profile`, `--endpoint-url`,
    /// the timeouts and TLS options on the line): the transport for that one line given the
    /// session it runs in, nil when the session's serves it. Throws AWSError for a bad setting.
    public var lineTransport: (@Sendable (CLIConnection, Session) throws -> (any Transport)?)?
    /// Set by a front end that can ask the user: reads one secret without echo (`value prompt`);
    /// nil when the input has ended, CancellationError on Ctrl-C.
    public var readSecret: (@Sendable (_ prompt: String) throws -> String?)?
    /// Set by a front end that knows the secret names of the session's Region (the REPL, for
    /// completion): a not-found error then suggests a close one.
    public var knownSecretNames: (@Sendable () -> [String])?
    /// Set by a front end that can ask the user (the REPL): a yes/no question before
    /// `simulate reset`; nil (a script) goes ahead without asking.
    public var confirm: (@Sendable (_ question: String) throws -> Bool)?
    /// Set by a front end on a terminal: the full screen `watch` redraws; nil prints one frame.
    public var watchScreen: WatchScreen?
    /// The terminal's width in columns, when stderr is a terminal (the `wait` progress line).
    public var terminalWidth: (@Sendable () -> Int?)?
    /// What to do next about each Failed replica the last `status` found, shown after its result.
    var nextSteps: [String] = []
    /// The last call the running command sent (`use trace on` shows it when the command failed).
    var lastCall: ClientCall?
    /// In a parallel loop's body: the loops' stop flags and this body's iteration in each.
    var stops: [(flag: ParallelStop, iteration: Int)] = []

    public init(session: Session, transport: any Transport, faults: (any FaultInjecting)? = nil, files: SourceFiles,
                output: OutputSink, environment: [String: String] = ProcessInfo.processInfo.environment, args: [String] = []) {
        self.session = session
        rateLimiter = RateLimiter()
        rateLimiter.setRate(session.maxRate)
        self.transport = RateLimitedTransport(transport, limiter: rateLimiter)
        self.faults = faults
        self.files = files
        self.output = output
        self.environment = environment
        globals = Scope(parent: nil)
        globals.values["args"] = .list(args.map { .string($0) })
    }

    /// A copy of the session for one body of a parallel loop: its own output, variables and
    /// state, the same backend. Procedures see the globals but cannot assign them.
    init(forking parent: Interpreter, output: OutputSink, stop: ParallelStop, iteration: Int) {
        session = parent.session
        // A live progress line per body would overwrite the others' lines.
        session.interactiveProgress = false
        transport = parent.transport
        rateLimiter = parent.rateLimiter
        faults = parent.faults
        files = parent.files
        self.output = output
        environment = parent.environment
        globals = Scope(parent: parent.globals, isolates: true)
        procedures = parent.procedures
        sourceStack = parent.sourceStack
        displayStack = parent.displayStack
        callDepth = parent.callDepth
        secretTexts = parent.secretTexts
        explaining = parent.explaining
        stops = parent.stops + [(stop, iteration)]
    }

    /// Names the checker should treat as defined (the REPL checks each line against them).
    public var definedNames: Set<String> { globals.allNames }
    public var procedureArities: [String: Int] { procedures.mapValues { $0.params.count } }

    // MARK: - Running

    /// Runs a program's statements in the global scope. Throws RuntimeError, ExitSignal,
    /// CancellationError.
    public func run(_ program: Program, path: String? = nil) async throws {
        if let path {
            sourceStack.append(path)
            displayStack.append(files.path(Int32(program.file)))
        }
        defer {
            if path != nil {
                sourceStack.removeLast()
                displayStack.removeLast()
            }
        }
        hoistProcedures(program.statements)
        do {
            try await execute(program.statements, in: globals)
        } catch let e as RuntimeError {
            throw masked(e)
        }
    }

    /// An error as it may be shown: the secret texts it quotes masked, unless `use reveal on`.
    func masked(_ e: RuntimeError) -> RuntimeError {
        guard !session.reveal else { return e }
        var out = e
        out.message = secretTexts.scrub(e.message)
        return out
    }

    /// Text that leaves the interpreter (a log line, an error): scrubbed unless `use reveal on`.
    func shown(_ text: String) -> String { session.reveal ? text : secretTexts.scrub(text) }

    /// A value that becomes a command's argument: its secret texts are remembered, for `masked`
    /// and for the request member check in `compile`.
    func argument(_ e: Expr, in scope: Scope) async throws -> Value {
        let v = try await evaluate(e, in: scope)
        noteArgument(v, at: e.range)
        return v
    }

    func noteArgument(_ v: Value, at range: SourceRange) {
        guard v.isSecret else { return }
        secretTexts.note(v)
        for t in v.secretTexts where !t.isEmpty { secretArguments.append((t, range)) }
    }

    func hoistProcedures(_ statements: [Stmt]) {
        for case .def(let name, let params, let body, _) in statements {
            procedures[name] = (params, body)
        }
    }

    func execute(_ statements: [Stmt], in scope: Scope) async throws {
        for s in statements { try await execute(s, in: scope) }
    }

    func executeBlock(_ block: Block, in parent: Scope, binding: [(String, Value)] = []) async throws {
        let scope = Scope(parent: parent)
        for (k, v) in binding { scope.values[k] = v }
        try await execute(block.statements, in: scope)
    }

    /// One pass of a loop's body; false when it ended with `break`. Checks for cancellation first:
    /// a body that is empty, or never reaches a statement, would otherwise never look (Ctrl-C on
    /// `while true { }`).
    func iterate(_ body: Block, in scope: Scope, binding: [(String, Value)] = []) async throws -> Bool {
        try Task.checkCancellation()
        // A loop that never suspends (`while true { }`) would hold one of the few threads of
        // Swift's cooperative pool for good and starve every other task: give way now and then.
        loopPasses &+= 1
        if loopPasses & 1023 == 0 { await Task.yield() }
        do {
            try await executeBlock(body, in: scope, binding: binding)
        } catch ControlSignal.breakLoop { return false } catch ControlSignal.continueLoop {}
        return true
    }

    func execute(_ s: Stmt, in scope: Scope) async throws {
        try Task.checkCancellation()
        if !stops.isEmpty { try checkStops() }
        switch s {
        case .letVar(let name, let e, _):
            scope.values[name] = try await evaluate(e, in: scope)
        case .setVar(let name, .binary(.add, .variable(let base, let br), let addendExpr, let ar), let r) where base == name:
            // `set l = $l + [x]` in a loop: with the variable's own reference dropped, `v` is the
            // only owner and grows in place, so n appends take linear, not quadratic, time.
            var v = try await evaluate(.variable(base, br), in: scope)
            let addend = try await evaluate(addendExpr, in: scope)
            guard scope.assign(name, .null) else { throw unassignable(name, in: scope, range: r) }
            do {
                try Operators.add(into: &v, addend, range: ar)
            } catch {
                _ = scope.assign(name, v)
                throw error
            }
            _ = scope.assign(name, v)
        case .setVar(let name, let e, let r):
            let v = try await evaluate(e, in: scope)
            if !scope.assign(name, v) { throw unassignable(name, in: scope, range: r) }
        case .print(let items, _):
            var parts: [String] = []
            for e in items {
                parts.append(ResultFormatter.printed(try await evaluate(e, in: scope), as: session.output, reveal: session.reveal))
            }
            output.out(parts.joined(separator: " ") + "\n")
        case .ifElse(let branches, let elseBlock, _):
            for (cond, block) in branches where try await evaluate(cond, in: scope).isTruthy {
                try await executeBlock(block, in: scope)
                return
            }
            if let e = elseBlock { try await executeBlock(e, in: scope) }
        case .forIn(let name, let seqExpr, let body, _):
            if case .range(let a, let b, let r) = seqExpr {
                // Counted, not materialised: `for i in 1..100000000` starts at once and can be cancelled.
                let (lo, hi) = try await rangeEnds(a, b, range: r, in: scope)
                var i = lo
                while i <= hi, try await iterate(body, in: scope, binding: [(name, .number(i))]) { i += 1 }
                return
            }
            let seq = try await evaluate(seqExpr, in: scope)
            let items: [Value]
            switch seq {
            case .list(let l): items = l
            case .record(let r): items = r.keyValues
            case .null: items = []
            default:
                throw RuntimeError(code: "TypeError", message: "'for' needs a list, a range or a record, not a \(seq.typeName)", range: seqExpr.range)
            }
            for item in items {
                guard try await iterate(body, in: scope, binding: [(name, item)]) else { break }
            }
        case .whileLoop(let cond, let body, _):
            while try await evaluate(cond, in: scope).isTruthy, try await iterate(body, in: scope) {}
        case .repeatLoop(let countExpr, let body, _):
            let n = try await evaluate(countExpr, in: scope)
            guard case .number(let count) = n, count >= 0, count == count.rounded() else {
                throw RuntimeError(code: "TypeError", message: "'repeat' needs a whole number, not \(n.display(reveal: false))", range: countExpr.range)
            }
            var i = 0.0
            while i < count, try await iterate(body, in: scope) { i += 1 }
        case .breakLoop: throw ControlSignal.breakLoop
        case .continueLoop: throw ControlSignal.continueLoop
        case .def(let name, let params, let body, _):
            procedures[name] = (params, body)
        case .returnValue(let e, _):
            throw ControlSignal.returnValue(try await e.asyncMap { try await evaluate($0, in: scope) } ?? .null)
        case .expression(let e, _):
            _ = try await evaluate(e, in: scope)
        case .command(let c, let r):
            try await runBare(c, range: r, in: scope)
        case .tryCatch(let body, let clauses, let finally, _):
            do {
                do {
                    try await executeBlock(body, in: scope)
                } catch let e as RuntimeError {
                    try await handle(masked(e), clauses, in: scope)
                }
            } catch where finally != nil && !(error is CancellationError) {
                // Whatever ends the try or a catch (an error, break, return, exit) runs the
                // finally block first; an error in the finally block replaces it.
                if let finally { try await executeBlock(finally, in: scope) }
                throw error
            }
            if let finally { try await executeBlock(finally, in: scope) }
        case .throwError(nil, let r):
            guard let e = handling.last else {
                throw RuntimeError(code: "SyntaxError", message: "'rethrow' outside a 'catch'", range: r)
            }
            throw e
        case .throwError(let e?, let r):
            throw try await thrown(try await evaluate(e, in: scope), at: e.range, statement: r)
        case .fail(let e, let r):
            let v = try await evaluate(e, in: scope)
            throw RuntimeError(code: "Fail", message: v.display(reveal: session.reveal), range: r)
        case .assert(let cond, let messageExpr, let r, let span):
            guard try await evaluate(cond, in: scope).isTruthy else {
                var message = "assertion failed"
                if let m = messageExpr {
                    message = try await evaluate(m, in: scope).display(reveal: session.reveal)
                } else if let text = sourceText(of: span) {
                    message = "assertion failed: \(text)"
                }
                throw RuntimeError(code: "AssertionFailed", message: message, range: r)
            }
        case .sleep(let e, _):
            let seconds = try await durationSeconds(e, in: scope, what: "sleep")
            // Nanoseconds in a UInt64 reach about 584 years; converting a longer (or infinite)
            // duration would trap instead of reporting the script's mistake.
            guard seconds.isFinite, seconds < Interpreter.longestSleep else {
                let given = seconds.isFinite ? Value.formatDuration(seconds) : "an endless duration"
                throw RuntimeError(code: "ValueError", message: "'sleep' takes at most \(Value.formatDuration(Interpreter.longestSleep)), not \(given)",
                                   range: e.range)
            }
            try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
        case .exit(let e, let r):
            var code: Int32 = 0
            if let e {
                let v = try await evaluate(e, in: scope)
                guard case .number(let n) = v, n >= 0, n <= 255, n == n.rounded() else {
                    throw RuntimeError(code: "TypeError", message: "an exit code is a whole number from 0 to 255", range: r)
                }
                code = Int32(n)
            }
            throw ExitSignal(code: code)
        case .source(let e, let r):
            let v = try await argument(e, in: scope)
            guard let path = v.text else {
                throw RuntimeError(code: "TypeError", message: "'source' needs a file name", range: e.range)
            }
            try await source(path, range: r)
        case .use(let setting, let e, _):
            try await use(setting, try await argument(e, in: scope), range: e.range)
        }
    }

    /// The first catch clause whose condition accepts the error runs; none does: it goes on up.
    func handle(_ e: RuntimeError, _ clauses: [CatchClause], in scope: Scope) async throws {
        let record = e.record(files: files)
        for clause in clauses {
            let binding = [(clause.name, record)]
            if let condition = clause.condition {
                let test = Scope(parent: scope)
                test.values[clause.name] = record
                guard try await evaluate(condition, in: test).isTruthy else { continue }
            }
            handling.append(e)
            defer { handling.removeLast() }
            try await executeBlock(clause.body, in: scope, binding: binding)
            return
        }
        throw e
    }

    /// `throw VALUE`: a caught error's record throws that error again as it was (code, exit
    /// status, where it happened); another record makes a new error from its code, message and
    /// exit; text is a `Fail` with that message.
    func thrown(_ v: Value, at range: SourceRange, statement r: SourceRange) async throws -> RuntimeError {
        if let same = handling.last(where: { Value.equal($0.record(files: files), v) }) { return same }
        switch v {
        case .record(let rec):
            guard let code = rec["code"]?.text, !code.isEmpty else {
                throw RuntimeError(code: "TypeError", message: "'throw' needs a record with a code, such as {code: \"MyError\", message: \"...\"}", range: range)
            }
            var e = RuntimeError(code: code, message: rec["message"].map { $0.display(reveal: session.reveal) } ?? "", range: r)
            if let exit = rec["exit"] {
                guard case .number(let n) = exit, n >= 1, n <= 255, n == n.rounded() else {
                    throw RuntimeError(code: "TypeError", message: "an error's exit status is a whole number from 1 to 255", range: range)
                }
                e.exitCode = Int32(n)
            }
            e.operation = rec["operation"]?.text
            e.region = rec["region"]?.text
            e.secret = rec["secret"]?.text
            if let s = rec["statuses"], !Value.equal(s, .null) { e.statuses = s }
            return e
        case .string, .secret:
            return RuntimeError(code: "Fail", message: v.display(reveal: session.reveal), range: r)
        default:
            throw RuntimeError(code: "TypeError", message: "'throw' needs an error record or a message, not a \(v.typeName)", range: range)
        }
    }

    /// Why `set NAME` found nothing to assign: no such variable, or one beyond a parallel body.
    func unassignable(_ name: String, in scope: Scope, range r: SourceRange) -> RuntimeError {
        if scope.lookup(name) != nil {
            return RuntimeError(code: "NameError", message: Checker.parallelSetMessage(name), range: r)
        }
        return RuntimeError(code: "NameError", message: "'set \(name)' needs an existing variable; create it with 'let'", range: r)
    }

    /// The source text of a span on one line (an assert's condition, for its default message).
    func sourceText(of r: SourceRange) -> String? {
        guard let line = files.line(r.line, in: r.file) else { return nil }
        let bytes = Array(line.utf8)
        let start = Int(r.column) - 1, end = min(bytes.count, start + Int(r.length))
        guard start >= 0, start < end else { return nil }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// A year: longer than any runbook pause, and far inside what `Task.sleep` can represent.
    static let longestSleep: Double = 365 * 24 * 3600

    func durationSeconds(_ e: Expr, in scope: Scope, what: String) async throws -> Double {
        let v = try await evaluate(e, in: scope)
        if let d = Interpreter.seconds(of: v) { return d }
        throw RuntimeError(code: "TypeError", message: "'\(what)' needs a duration such as 5s, not \(v.display(reveal: false))", range: e.range)
    }

    /// A duration, or text that spells one (`"5s"`).
    static func seconds(of v: Value) -> Double? {
        switch v {
        case .duration(let d): return d
        case .string(let s):
            var lexer = Lexer(bytes: Array(s.utf8), file: -1)
            lexer.run()
            if lexer.tokens.count == 2, lexer.tokens[0].kind == .duration { return lexer.tokens[0].number }
        default: break
        }
        return nil
    }

    // MARK: - source and use

    func source(_ path: String, range r: SourceRange) async throws {
        let (full, display) = SourcePath.resolve(path, from: sourceStack.last, shownAs: displayStack.last)
        if sourceStack.contains(full) {
            let chain = (displayStack + [display]).joined(separator: " -> ")
            throw RuntimeError(code: "SourceCycle", message: "'\(path)' is already being sourced (\(chain))", range: r, exitCode: 1)
        }
        guard let data = FileManager.default.contents(atPath: full) else {
            throw RuntimeError(code: "SourceNotFound", message: "cannot read '\(display)'", range: r)
        }
        let program = Parser.parse(String(decoding: data, as: UTF8.self), path: display, files: files,
                                   directory: URL(fileURLWithPath: full).deletingLastPathComponent().path)
        var problems = program.diagnostics
        if problems.isEmpty {
            problems = Checker.check(program, predefined: globals.allNames, procedures: procedureArities, lenient: true)
        }
        if problems.stopsTheRun {
            throw SourceProblems(diagnostics: problems)
        }
        try await run(program, path: full)
    }

    func use(_ setting: UseSetting, _ v: Value, range r: SourceRange) async throws {
        let text = v.plainText
        switch setting {
        case .region:
            guard Regions.isKnown(text) else {
                var m = "'\(text)' is not a Region"
                if let s = Regions.suggestion(for: text) { m += ": did you mean '\(s)'?" }
                throw RuntimeError(code: "InvalidRegion", message: m, range: r)
            }
            session.region = text
        case .profile, .endpoint, .backend:
            var next = session
            switch setting {
            case .profile: next.profile = text
            case .endpoint: next.endpoint = text
            default: next.backend = text
            }
            if let change = sessionChanged {
                do {
                    try change(next)
                } catch let e as AWSError {
                    throw RuntimeError(code: e.code, message: e.message, range: r)
                } catch {
                    throw RuntimeError(code: "BackendUnavailable", message: "\(error)", range: r)
                }
            } else if next.backend != session.backend {
                throw RuntimeError(code: "BackendUnavailable",
                                   message: text == "aws" ? "this session cannot switch to the aws backend: it was started without one (the smsh command line provides it)" : "'\(text)' is not a backend (local or aws)",
                                   range: r)
            }
            session = next
        case .output:
            guard let f = OutputFormat(rawValue: text) else {
                throw RuntimeError(code: "ValueError", message: "'\(text)' is not an output format: use table, json or text", range: r)
            }
            session.output = f
        case .reveal, .strict:
            guard text == "on" || text == "off" else {
                throw RuntimeError(code: "ValueError", message: "use \(setting.rawValue) on|off", range: r)
            }
            if setting == .reveal { session.reveal = text == "on" } else { session.strict = text == "on" }
        case .trace:
            guard text == "on" || text == "off" else {
                throw RuntimeError(code: "ValueError", message: "use trace on|off", range: r)
            }
            session.trace = text == "on"
        case .replicationDelay:
            try await useReplicationDelay(v, range: r)
        case .maxRate:
            switch RateLimiter.parse(text) {
            case .success(let rate):
                session.maxRate = rate
                rateLimiter.setRate(rate)
            case .failure(let e):
                throw RuntimeError(code: "ValueError", message: e.message, range: r)
            }
        }
    }
}

/// Syntax or check errors found in a sourced file: reported like the main file's (exit 2).
public struct SourceProblems: Error, Sendable {
    public let diagnostics: [Diagnostic]
}

extension Optional {
    func asyncMap<T>(_ f: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let w = self else { return nil }
        return try await f(w)
    }
}
