import AWSCLI
import Foundation
import SecretsCore
import SourceText

/// What a body of a parallel loop wrote, kept until the bodies before it have been shown.
final class OutputBuffer: @unchecked Sendable {
    private var parts: [(toErr: Bool, text: String)] = []
    private let lock = NSLock()

    var sink: OutputSink {
        OutputSink(out: { self.append(false, $0) }, err: { self.append(true, $0) })
    }

    private func append(_ toErr: Bool, _ text: String) {
        lock.lock()
        defer { lock.unlock() }
        parts.append((toErr, text))
    }

    func replay(to output: OutputSink) {
        lock.lock()
        let all = parts
        parts = []
        lock.unlock()
        for p in all { p.toErr ? output.err(p.text) : output.out(p.text) }
    }
}

/// The first failed iteration of a parallel loop: the bodies after it stop at their next
/// statement, the ones before it run to the end (a sequential loop would have run them).
final class ParallelStop: @unchecked Sendable {
    private var first = Int.max
    private let lock = NSLock()

    var index: Int {
        lock.lock()
        defer { lock.unlock() }
        return first
    }

    func stop(at i: Int) {
        lock.lock()
        defer { lock.unlock() }
        first = min(first, i)
    }
}

/// The items a loop runs over: a counted range is never made into a list.
enum LoopItems {
    case range(Double, Double)
    case list([Value])

    var count: Int {
        switch self {
        case .range(let lo, let hi): return hi < lo ? 0 : Int(hi - lo) + 1
        case .list(let l): return l.count
        }
    }

    subscript(i: Int) -> Value {
        switch self {
        case .range(let lo, _): return .number(lo + Double(i))
        case .list(let l): return l[i]
        }
    }
}

/// A scope handed to the bodies of a parallel loop, which only read it.
private struct SharedScope: @unchecked Sendable {
    let scope: Scope
}

/// How one pass of a loop's body ended.
enum BodyEnd: Sendable {
    case value(Value)
    case skipped
    case broke
}

/// One finished body of a parallel loop, sent back to the loop.
private struct Finished: Sendable {
    var index: Int
    var outcome: Result<BodyEnd, any Error>
    var buffer: OutputBuffer
    var secretTexts: SecretTexts
}

extension Interpreter {
    func checkStops() throws {
        for s in stops where s.flag.index < s.iteration { throw CancellationError() }
    }

    /// `for` as a value, or a parallel loop: the bodies' values in iteration order (a list), or
    /// null for a parallel loop that stands as a statement.
    func runLoop(_ l: ForLoop, range r: SourceRange, in scope: Scope) async throws -> Value {
        let items = try await loopItems(l.sequence, in: scope)
        if l.explaining { return try await explainLoop(l, items: items, range: r, in: scope) }
        guard let widthExpr = l.parallel else {
            var results: [Value] = []
            for i in 0..<items.count {
                try Task.checkCancellation()
                loopPasses &+= 1
                if loopPasses & 1023 == 0 { await Task.yield() }
                switch try await runBody(l.body, in: scope, binding: (l.name, items[i]), collects: l.collects) {
                case .value(let v): results.append(v)
                case .skipped: continue
                case .broke: return .list(results)
                }
            }
            return .list(results)
        }
        let w = try await evaluate(widthExpr, in: scope)
        guard case .number(let n) = w, n >= 1, n <= Double(Checker.maxParallel), n == n.rounded() else {
            throw RuntimeError(code: "TypeError", message: "'parallel' takes a whole number from 1 to \(Checker.maxParallel), not \(w.display(reveal: false))",
                               range: widthExpr.range)
        }
        return try await runParallel(l, items: items, width: Int(n), range: r, in: scope)
    }

    func loopItems(_ seqExpr: Expr, in scope: Scope) async throws -> LoopItems {
        if case .range(let a, let b, let r) = seqExpr {
            let (lo, hi) = try await rangeEnds(a, b, range: r, in: scope)
            return .range(lo, hi)
        }
        let seq = try await evaluate(seqExpr, in: scope)
        switch seq {
        case .list(let l): return .list(l)
        case .record(let rec): return .list(rec.keyValues)
        case .null: return .list([])
        default:
            throw RuntimeError(code: "TypeError", message: "'for' needs a list, a range or a record, not a \(seq.typeName)", range: seqExpr.range)
        }
    }

    /// One pass of a body in its own scope. Collecting, the last statement's value is the pass's
    /// value when it is a command or an expression (a bare command then logs nothing, as in `let`).
    func runBody(_ body: Block, in parent: Scope, binding: (String, Value), collects: Bool) async throws -> BodyEnd {
        let scope = Scope(parent: parent)
        scope.values[binding.0] = binding.1
        do {
            let statements = body.statements
            guard collects, let last = statements.last else {
                try await execute(statements, in: scope)
                return .value(.null)
            }
            try await execute(Array(statements.dropLast()), in: scope)
            switch last {
            case .command(let c, let r):
                try Task.checkCancellation()
                if !stops.isEmpty { try checkStops() }
                return .value(try await runCommand(c, range: r, in: scope))
            case .expression(let e, _):
                try Task.checkCancellation()
                if !stops.isEmpty { try checkStops() }
                return .value(try await evaluate(e, in: scope))
            default:
                try await execute(last, in: scope)
                return .value(.null)
            }
        } catch ControlSignal.breakLoop {
            return .broke
        } catch ControlSignal.continueLoop {
            return .skipped
        }
    }

    /// At most `width` bodies at once, each on a copy of the interpreter that writes to a buffer;
    /// the buffers are shown in iteration order, so the output is the sequential loop's. The first
    /// failure (in iteration order) stops the later bodies; `keep going` runs them all and reports
    /// every failure at the end.
    func runParallel(_ l: ForLoop, items: LoopItems, width: Int, range r: SourceRange, in scope: Scope) async throws -> Value {
        let count = items.count
        // The bodies read the loop's variables through one scope that refuses `set`; nothing
        // writes to the scopes beyond it while the loop runs (this task is waiting for it).
        let barrier = SharedScope(scope: Scope(parent: scope, isolates: true))
        let stop = ParallelStop()
        var results: [Value] = []
        var failures: [(index: Int, error: any Error)] = []
        var finished: [Int: Finished] = [:]
        var shown = 0, started = 0, running = 0
        var cancelledAll = false
        let window = width * 8

        await withTaskGroup(of: Finished.self) { group in
            func startNext() -> Bool {
                // The window: bodies that finished early wait in `finished` for the ones before
                // them, so a slow body holds back the start of new ones rather than letting
                // buffers pile up behind it.
                guard started < count, started <= stop.index, started < shown + window, !Task.isCancelled else { return false }
                let i = started, item = items[i], buffer = OutputBuffer()
                let body = Interpreter(forking: self, output: buffer.sink, stop: stop, iteration: i)
                let binding = (l.name, item), collects = l.collects, block = l.body
                group.addTask {
                    let outcome: Result<BodyEnd, any Error>
                    do {
                        outcome = .success(try await body.runBody(block, in: barrier.scope, binding: binding, collects: collects))
                    } catch {
                        outcome = .failure(error)
                    }
                    return Finished(index: i, outcome: outcome, buffer: buffer, secretTexts: body.secretTexts)
                }
                started += 1
                running += 1
                return true
            }
            while running < width, startNext() {}
            while let f = await group.next() {
                running -= 1
                secretTexts.merge(f.secretTexts)
                if case .failure(let e) = f.outcome, !(e is CancellationError) {
                    failures.append((f.index, e))
                    if !l.keepGoing || e is ExitSignal { stop.stop(at: f.index) }
                }
                finished[f.index] = f
                // Shown in order, up to and including the iteration that stopped the loop.
                while shown <= stop.index, let g = finished.removeValue(forKey: shown) {
                    g.buffer.replay(to: output)
                    if l.collects, case .success(.value(let v)) = g.outcome { results.append(v) }
                    shown += 1
                }
                // Every body before the failed one has ended: the ones after it need not finish
                // their current call.
                if stop.index != Int.max, shown > stop.index, !cancelledAll {
                    cancelledAll = true
                    group.cancelAll()
                }
                while running < width, startNext() {}
            }
        }
        try Task.checkCancellation()
        failures.sort { $0.index < $1.index }
        if let first = failures.first, stop.index != Int.max {
            throw iterationError(first.error, l, index: first.index, of: count, item: items[first.index])
        }
        if !failures.isEmpty {
            throw keepGoingError(failures, l, items: items, range: r)
        }
        return l.collects ? .list(results) : .null
    }

    /// How an iteration is named in an error: its number and its item.
    func iterationLabel(_ l: ForLoop, index: Int, of count: Int, item: Value) -> String {
        var text = session.reveal ? item.plainText : item.maskedText
        if text.count > 60 { text = String(text.prefix(57)) + "..." }
        return "iteration \(index + 1) of \(count), \(l.name) = \(text)"
    }

    func iterationError(_ error: any Error, _ l: ForLoop, index: Int, of count: Int, item: Value) -> any Error {
        guard var e = error as? RuntimeError else { return error }
        e = masked(e)
        e.message += " (\(iterationLabel(l, index: index, of: count, item: item)))"
        e.details.append(("iteration", .number(Double(index + 1))))
        return e
    }

    /// `keep going`: one error naming every failed iteration; its exit code is theirs when they
    /// agree (3 when every one was a wait that timed out), 1 otherwise.
    func keepGoingError(_ failures: [(index: Int, error: any Error)], _ l: ForLoop, items: LoopItems, range r: SourceRange) -> any Error {
        var lines: [String] = [], records: [Value] = [], codes = Set<Int32>()
        for f in failures {
            guard let e = (f.error as? RuntimeError).map(masked) else { return f.error }
            codes.insert(e.exitCode)
            lines.append("  \(iterationLabel(l, index: f.index, of: items.count, item: items[f.index])), line \(e.range.line): \(e.code): \(e.message)")
            records.append(.record(Record([("iteration", .number(Double(f.index + 1))), ("code", .string(e.code)),
                                           ("message", .string(e.message)), ("line", .number(Double(e.range.line)))])))
        }
        let n = failures.count
        var e = RuntimeError(code: "IterationsFailed", message: "\(n) of \(items.count) iteration\(items.count == 1 ? "" : "s") failed:\n" + lines.joined(separator: "\n"),
                             range: r, exitCode: codes.count == 1 ? codes.first ?? 1 : 1)
        e.details.append(("errors", .list(records)))
        return e
    }

    /// `explain for ...`: each iteration's calls, one aws CLI line each; runs nothing.
    func explainLoop(_ l: ForLoop, items: LoopItems, range r: SourceRange, in scope: Scope) async throws -> Value {
        var out = "for \(l.name) in \(items.count) item\(items.count == 1 ? "" : "s")"
        if let p = l.parallel {
            let w = try await evaluate(p, in: scope)
            out += ", at most \(w.display(reveal: false)) at once, output in iteration order, "
            out += l.keepGoing ? "every iteration runs and the failures are reported together" : "the first failure stops the others"
        } else {
            out += ", one after another"
        }
        out += "\n"
        for i in 0..<items.count {
            try Task.checkCancellation()
            let body = Scope(parent: scope)
            body.values[l.name] = items[i]
            for case .command(let c, let cr) in l.body.statements {
                let call = try await compileForExplain(c, range: cr, in: body)
                out += "\(i + 1): \(CLILine.render(call, reveal: session.reveal))\n"
            }
        }
        output.out(out)
        return .null
    }
}
