import SecretsCore
import SourceText

extension Interpreter {
    func evaluate(_ e: Expr, in scope: Scope) async throws -> Value {
        switch e {
        case .null: return .null
        case .bool(let b, _): return .bool(b)
        case .number(let n, _): return .number(n)
        case .duration(let d, _): return .duration(d)
        case .word(let w, _), .quoted(let w, _): return .string(w)
        case .string(let segments, _):
            var out = "", masked = ""
            var secret = false
            for seg in segments {
                switch seg {
                case .text(let t): out += t; masked += t
                case .expr(let x):
                    let v = try await evaluate(x, in: scope)
                    if v.isSecret { secret = true }
                    out += v.plainText
                    masked += v.maskedText
                }
            }
            return secret ? .secret(out, masked: masked) : .string(out)
        case .variable(let name, let r):
            guard let v = scope.lookup(name) else {
                throw RuntimeError(code: "NameError", message: "undefined variable '$\(name)'", range: r)
            }
            return v
        case .field(let base, let name, let r):
            let b = try await evaluate(base, in: scope)
            if case .record(let rec) = b, let v = rec[name] { return v }
            if session.strict { throw missingField(name, in: b, range: r) }
            return .null
        case .index(let base, let indexExpr, let r):
            let b = try await evaluate(base, in: scope)
            let i = try await evaluate(indexExpr, in: scope)
            return try index(b, i, range: r)
        case .list(let items, let r):
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for x in items { out.append(try Operators.nestable(try await evaluate(x, in: scope), r)) }
            return .list(out)
        case .record(let fields, let r):
            var rec = Record()
            for (k, x) in fields { rec[k] = try Operators.nestable(try await evaluate(x, in: scope), r) }
            return .record(rec)
        case .unary(let op, let x, let r):
            let v = try await evaluate(x, in: scope)
            switch op {
            case .not: return .bool(!v.isTruthy)
            case .negate:
                switch v {
                case .number(let n): return .number(-n)
                case .duration(let d): return .duration(-d)
                default: throw RuntimeError(code: "TypeError", message: "cannot negate a \(v.typeName)", range: r)
                }
            }
        case .binary(let op, let a, let b, let r):
            if op == .and {
                let l = try await evaluate(a, in: scope)
                return l.isTruthy ? .bool(try await evaluate(b, in: scope).isTruthy) : .bool(false)
            }
            if op == .or {
                let l = try await evaluate(a, in: scope)
                return l.isTruthy ? .bool(true) : .bool(try await evaluate(b, in: scope).isTruthy)
            }
            let l = try await evaluate(a, in: scope)
            let rv = try await evaluate(b, in: scope)
            return try Operators.apply(op, l, rv, range: r)
        case .range(let a, let b, let r):
            let (lo, hi) = try await rangeEnds(a, b, range: r, in: scope)
            guard hi - lo < 10_000_000 else {
                throw RuntimeError(code: "ValueError", message: "a range of more than 10 million numbers", range: r)
            }
            if lo > hi { return .list([]) }
            return .list(stride(from: lo, through: hi, by: 1).map { .number($0) })
        case .call(let name, let argExprs, let r):
            var args: [Value] = []
            for x in argExprs { args.append(try await evaluate(x, in: scope)) }
            return try await call(name, args, range: r)
        case .command(let c, let r):
            return try await runCommand(c, range: r, in: scope)
        case .loop(let l, let r):
            return try await runLoop(l, range: r, in: scope)
        }
    }

    /// The ends of `a..b`, checked. `for` steps through them without making the list.
    func rangeEnds(_ a: Expr, _ b: Expr, range r: SourceRange, in scope: Scope) async throws -> (Double, Double) {
        let l = try await evaluate(a, in: scope), h = try await evaluate(b, in: scope)
        guard case .number(let lo) = l, case .number(let hi) = h, lo == lo.rounded(), hi == hi.rounded() else {
            throw RuntimeError(code: "TypeError", message: "a range needs whole numbers: 1..5", range: r)
        }
        // From 2^53 on, adding 1 to a Double changes nothing: counting up would never end.
        guard abs(lo) < JSONValue.maxExactInteger, abs(hi) < JSONValue.maxExactInteger else {
            throw RuntimeError(code: "ValueError", message: "a range's ends must be whole numbers below 2^53 (9007199254740992)", range: r)
        }
        return (lo, hi)
    }

    func index(_ b: Value, _ i: Value, range r: SourceRange) throws -> Value {
        switch (b, i) {
        case (.list(let l), .number(let n)):
            guard n == n.rounded() else { throw RuntimeError(code: "TypeError", message: "a list index is a whole number", range: r) }
            // Beyond Int (1e300, infinity) is past either end, like any other index out of range.
            guard let whole = Int(exactly: n) else { return .null }
            let k = whole < 0 ? l.count + whole : whole
            return k >= 0 && k < l.count ? l[k] : .null
        case (.record(let rec), _):
            guard let key = i.text else { return .null }
            if session.strict, rec[key] == nil { throw missingField(key, in: b, range: r) }
            return rec[key] ?? .null
        case (.string(let s), .number(let n)), (.secret(let s, _), .number(let n)):
            guard let whole = Int(exactly: n) else { return .null }
            let chars = Array(s)
            let k = whole < 0 ? chars.count + whole : whole
            guard k >= 0, k < chars.count else { return .null }
            return b.isSecret ? .secret(String(chars[k])) : .string(String(chars[k]))
        case (.null, _): return .null
        default:
            throw RuntimeError(code: "TypeError", message: "cannot index a \(b.typeName) with a \(i.typeName)", range: r)
        }
    }

    /// `use strict on`: reading a field that is not there is an error, naming the fields there are
    /// (unless they are a secret's keys).
    func missingField(_ name: String, in v: Value, range r: SourceRange) -> RuntimeError {
        guard case .record(let rec) = v else {
            return RuntimeError(code: "MissingField", message: "no field '\(name)': the value is \(v.typeName == "null" ? "null" : "a \(v.typeName)"), not a record (use strict off reads it as null)", range: r)
        }
        var m = "no field '\(name)' in the record"
        if !rec.keysSecret || session.reveal {
            let names = rec.fields.map(\.0)
            if let s = Spelling.closest(to: name, among: names, maxDistance: 3) { m += "; did you mean '\(s)'?" }
            else { m += " (its fields: \(names.isEmpty ? "none" : names.joined(separator: ", ")))" }
        }
        return RuntimeError(code: "MissingField", message: m, range: r)
    }

    func call(_ name: String, _ args: [Value], range r: SourceRange) async throws -> Value {
        if let proc = procedures[name] {
            guard proc.params.count == args.count else {
                throw RuntimeError(code: "TypeError", message: "\(name)() takes \(proc.params.count) arguments, not \(args.count)", range: r)
            }
            guard callDepth < Interpreter.maxCallDepth else {
                throw RuntimeError(code: "RecursionError", message: "procedure calls nested more than \(Interpreter.maxCallDepth) deep", range: r)
            }
            callDepth += 1
            defer { callDepth -= 1 }
            let scope = Scope(parent: globals)
            for (p, a) in zip(proc.params, args) { scope.values[p] = a }
            do {
                try await execute(proc.body.statements, in: scope)
            } catch ControlSignal.returnValue(let v) {
                return v
            } catch ControlSignal.breakLoop {
                throw RuntimeError(code: "SyntaxError", message: "'break' outside a loop", range: r)
            }
            return .null
        }
        if name == "exists", args.count == 1 || args.count == 2 { return try await exists(args, range: r) }
        guard let spec = Builtins.specs[name] else {
            throw RuntimeError(code: "NameError", message: "unknown function '\(name)'", range: r)
        }
        guard spec.arity.contains(args.count) else {
            throw RuntimeError(code: "TypeError", message: "\(name)() takes \(spec.arity.lowerBound) arguments, not \(args.count)", range: r)
        }
        do {
            return try Builtins.call(name, args, environment: environment)
        } catch {
            // The message may quote an argument's text.
            for a in args { secretTexts.note(a) }
            throw RuntimeError(code: "ValueError", message: error.message, range: r)
        }
    }
}

/// Arithmetic, joining and comparison.
enum Operators {
    static func apply(_ op: BinaryOp, _ a: Value, _ b: Value, range r: SourceRange) throws -> Value {
        func typeError() -> RuntimeError {
            RuntimeError(code: "TypeError", message: "cannot apply '\(op.rawValue)' to a \(a.typeName) and a \(b.typeName)", range: r)
        }
        switch op {
        case .eq: return .bool(Value.equal(a, b))
        case .ne: return .bool(!Value.equal(a, b))
        case .lt, .le, .gt, .ge:
            let order: Int
            switch (a, b) {
            case let (.number(x), .number(y)), let (.duration(x), .duration(y)):
                order = x < y ? -1 : (x > y ? 1 : 0)
            default:
                guard let x = a.text, let y = b.text else { throw typeError() }
                order = x < y ? -1 : (x > y ? 1 : 0)
            }
            switch op {
            case .lt: return .bool(order < 0)
            case .le: return .bool(order <= 0)
            case .gt: return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        case .add:
            switch (a, b) {
            case let (.number(x), .number(y)): return .number(try finite(x + y, r))
            case let (.duration(x), .duration(y)): return .duration(try duration(x + y, r))
            case let (.list(x), .list(y)): return .list(x + y)
            case (.list(let x), _): return .list(x + [try nestable(b, r)])
            case let (.record(x), .record(y)):
                var merged = x
                for (k, v) in y.fields { merged[k] = v }
                merged.keysSecret = x.keysSecret || y.keysSecret
                return .record(merged)
            default:
                if a.text != nil || b.text != nil {
                    let s = a.plainText + b.plainText
                    return a.isSecret || b.isSecret ? .secret(s, masked: a.maskedText + b.maskedText) : .string(s)
                }
                throw typeError()
            }
        case .sub, .mul, .div, .mod:
            switch (a, b) {
            case let (.number(x), .number(y)):
                return .number(try arithmetic(op, x, y, r))
            case let (.duration(x), .duration(y)) where op == .sub:
                return .duration(try duration(x - y, r))
            case let (.duration(x), .duration(y)) where op == .div:
                return .number(try arithmetic(op, x, y, r))
            case let (.duration(x), .number(y)) where op == .mul || op == .div:
                return .duration(try duration(arithmetic(op, x, y, r), r))
            case let (.number(x), .duration(y)) where op == .mul:
                return .duration(try duration(x * y, r))
            default: throw typeError()
            }
        case .and, .or:
            return .bool(op == .and ? a.isTruthy && b.isTruthy : a.isTruthy || b.isTruthy)
        }
    }

    /// `a + b` stored back into `a`, growing a list, string or record in place when `a` holds
    /// the only reference to it (it leaves `a` as it was when it throws).
    static func add(into a: inout Value, _ b: Value, range r: SourceRange) throws {
        if case .list(var x) = a {
            let tail = try b.listItems ?? [nestable(b, r)]
            a = .null
            x.append(contentsOf: tail)
            a = .list(x)
        } else if case .string(var s) = a, !b.isSecret {
            a = .null
            s += b.plainText
            a = .string(s)
        } else if case .record(var x) = a, case .record(let y) = b {
            a = .null
            for (k, v) in y.fields { x[k] = v }
            a = .record(x)
        } else {
            a = try apply(.add, a, b, range: r)
        }
    }

    static func arithmetic(_ op: BinaryOp, _ x: Double, _ y: Double, _ r: SourceRange) throws -> Double {
        switch op {
        case .sub: return try finite(x - y, r)
        case .mul: return try finite(x * y, r)
        case .div:
            guard y != 0 else { throw RuntimeError(code: "ZeroDivision", message: "division by zero", range: r) }
            return try finite(x / y, r)
        default:
            guard y != 0 else { throw RuntimeError(code: "ZeroDivision", message: "division by zero", range: r) }
            return x.truncatingRemainder(dividingBy: y)
        }
    }

    /// A number past a double's range would print as `null` and go to the service as `null`:
    /// it is an error where it is made instead.
    /// A duration is held to the nanosecond, so that `100ms + 200ms == 300ms` as it reads
    /// (in seconds, 0.1 + 0.2 is 0.30000000000000004).
    static func duration(_ seconds: Double, _ r: SourceRange) throws -> Double {
        let s = try finite(seconds, r)
        // Past 2^53 ns (about 104 days) a double holds no fraction of a nanosecond to drop.
        guard abs(s) < 9e6 else { return s }
        return (s * 1e9).rounded() / 1e9
    }

    static func finite(_ x: Double, _ r: SourceRange) throws -> Double {
        guard x.isFinite else {
            throw RuntimeError(code: "ValueError", message: "number too large: numbers are doubles, at most about 1.8e308", range: r)
        }
        return x
    }

    /// `v`, checked that it may go inside a list or record: past `JSONValue.maxDepth` levels,
    /// printing, comparing or even freeing the value would overflow the stack.
    static func nestable(_ v: Value, _ r: SourceRange) throws -> Value {
        switch v {
        case .list, .record:
            guard v.depth < JSONValue.maxDepth else {
                throw RuntimeError(code: "ValueError",
                                   message: "lists and records nest at most \(JSONValue.maxDepth) deep", range: r)
            }
            return v
        default: return v
        }
    }
}
