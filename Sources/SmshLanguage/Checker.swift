import SecretsCore
import AWSCLI
import SourceText

/// Static checks before anything runs: literal Regions, secret names, durations, statuses,
/// undefined $variables, break/continue outside a loop, return outside def, call arity.
public struct Checker {
    /// The replication statuses (the model's StatusType), in the order smsh names them.
    public static let replicationStatuses = ["InSync", "InProgress", "Failed"]
    /// `wait S until rotated`: not a replication status, the end of a rotation in every replica.
    public static let rotated = "rotated"
    /// `wait S until removed from R` and `wait S until deleted`: the end of a remove or a delete.
    public static let removed = "removed", deleted = "deleted"

    public private(set) var diagnostics: [Diagnostic] = []
    private var scopes: [Set<String>] = []
    /// Beside each scope: the result shape of each of its variables made from a command, where
    /// known (`let d = describe S`), nil where not (a later `let` of the name hides it).
    private var shapes: [[String: ResultShape?]] = [[:]]
    /// How many catch blocks enclose the point (`rethrow` needs one).
    private var catchDepth = 0
    private var loopDepth = 0
    private var inDef = false
    /// After `source`, variables may come from the other file: undefined-name checks stop.
    private var lenientScopes = 0
    private var procedures: [String: Int] = [:]
    /// Top-level `let` names, for procedure bodies; made a Set at the first `def`, since most
    /// scripts have none and hashing 20k names into a growing Set showed up in profiles.
    private var topLevelLets: [String] = []
    private var topLevelNames: Set<String>?
    /// The file sources another: procedures may come from there.
    private var sourcesFiles = false
    /// Set by `operands(of:)` only, so that `smsh check` of a large file collects nothing.
    private var collectsOperands = false
    private var operands = Operands()
    /// Inside a parallel loop's body: the scopes from this index on are the body's own, and a
    /// `break` at this loop depth would stop the parallel loop itself.
    private var parallelBody: (scopeBase: Int, loopDepth: Int)?

    public init(predefined: Set<String> = ["args"]) {
        scopes = [predefined]
    }

    public static func check(_ program: Program, predefined: Set<String> = ["args"], procedures known: [String: Int] = [:],
                             lenient: Bool = false) -> [Diagnostic] {
        var c = Checker(predefined: predefined)
        c.procedures = known
        // A sourced file may use variables of the file that sources it.
        if lenient { c.lenientScopes = 1 }
        c.collectDefinitions(program.statements, topLevel: true)
        // Every top-level `let` lands in the global scope: growing it one resize at a time
        // rehashed all its names each time (a 100k-line script declares 20k).
        c.scopes[0].reserveCapacity(c.scopes[0].count + c.topLevelLets.count)
        c.checkStatements(program.statements)
        return c.diagnostics
    }

    /// The secrets and Regions a program names literally: what `smsh rehearse` reads of an account.
    public struct Operands: Sendable, Equatable {
        /// Literal secret operands (names or ARNs), in the order first written.
        public var secrets: [String] = []
        /// Literal Regions, in the order first written.
        public var regions: [String] = []
        /// Some secret operand is computed ($name, a `source`d file's, `batch get prefix`), so the
        /// literal names may not be all the program touches.
        public var computedSecrets = false
    }

    public static func operands(of program: Program) -> Operands {
        var c = Checker(predefined: ["args"])
        c.collectsOperands = true
        c.collectDefinitions(program.statements, topLevel: true)
        c.checkStatements(program.statements)
        if c.sourcesFiles { c.operands.computedSecrets = true }
        return c.operands
    }

    /// Procedures are visible before their `def` (runbooks put helpers at the bottom), and a
    /// procedure body may use any top-level variable, because it runs when called.
    private mutating func collectDefinitions(_ statements: [Stmt], topLevel: Bool) {
        for s in statements {
            switch s {
            case .def(let name, let params, let body, _):
                procedures[name] = params.count
                collectDefinitions(body.statements, topLevel: false)
            case .letVar(let name, _, _) where topLevel:
                topLevelLets.append(name)
            case .source:
                sourcesFiles = true
            default: break
            }
        }
    }

    private mutating func error(_ message: String, _ range: SourceRange) {
        diagnostics.append(Diagnostic(message, at: range))
    }

    /// Reported, but the script still runs.
    private mutating func warning(_ message: String, _ range: SourceRange) {
        diagnostics.append(Diagnostic(message, at: range, severity: .warning))
    }

    /// A number literal, negative ones included (`-1` parses as a negation).
    static func literalNumber(_ e: Expr) -> Double? {
        switch e {
        case .number(let n, _): return n
        case .unary(.negate, .number(let n, _), _): return -n
        default: return nil
        }
    }

    private func isDefined(_ name: String) -> Bool {
        if lenientScopes > 0 { return true }
        if scopes.contains(where: { $0.contains(name) }) { return true }
        return inDef && topLevelNames?.contains(name) == true
    }

    private mutating func declare(_ name: String, shape: ResultShape? = nil) {
        scopes[scopes.count - 1].insert(name)
        // Most variables hold no command's result: only a known shape, or one hiding another, is kept.
        if shape != nil || variableShape(name) != nil { shapes[shapes.count - 1][name] = shape }
    }

    /// The shape of a variable's value where the checker knows it.
    private func variableShape(_ name: String) -> ResultShape? {
        for i in scopes.indices.reversed() where scopes[i].contains(name) {
            return shapes[i][name] ?? nil
        }
        return nil
    }

    private mutating func withScope(_ names: [String] = [], shapes named: [String: ResultShape?] = [:], _ body: (inout Checker) -> Void) {
        scopes.append(Set(names))
        shapes.append(named)
        let lenient = lenientScopes
        body(&self)
        lenientScopes = lenient
        scopes.removeLast()
        shapes.removeLast()
    }

    /// What an expression's value can hold, where a command's result decides it.
    func shape(of e: Expr) -> ResultShape? {
        switch e {
        case .command(let c, _): return ResultShape.of(c)
        case .variable(let name, _): return variableShape(name)
        case .field(let base, let name, _):
            if case .found(let s)? = shape(of: base)?.field(name) { return s }
            return nil
        case .index(let base, _, _): return shape(of: base)?.element
        default: return nil
        }
    }

    mutating func checkStatements(_ statements: [Stmt]) {
        for s in statements { checkStatement(s) }
    }

    private mutating func checkBlock(_ block: Block, declaring names: [String] = [], shapes named: [String: ResultShape?] = [:]) {
        withScope(names, shapes: named) { $0.checkStatements(block.statements) }
    }

    private mutating func checkStatement(_ s: Stmt) {
        switch s {
        case .letVar(let name, let e, _):
            checkExpr(e)
            declare(name, shape: shape(of: e))
        case .setVar(let name, let e, let r):
            checkExpr(e)
            if !isDefined(name) { error("'set \(name)' needs an existing variable; create it with 'let \(name) = ...'", r) }
            else if let p = parallelBody, !scopes[p.scopeBase...].contains(where: { $0.contains(name) }) {
                error(Checker.parallelSetMessage(name), r)
            }
            // The value may now be another command's, or none: the name's shape is no longer known.
            if let i = scopes.indices.reversed().first(where: { scopes[$0].contains(name) }), shapes[i][name] != nil {
                shapes[i][name] = .some(nil)
            }
        case .print(let items, _): items.forEach { checkExpr($0) }
        case .ifElse(let branches, let elseBlock, _):
            for (c, b) in branches { checkExpr(c); checkBlock(b) }
            if let e = elseBlock { checkBlock(e) }
        case .forIn(let name, let seq, let body, _):
            checkExpr(seq)
            if case .word(let w, let r) = seq {
                var m = "'for' over the word '\(w)', a text, not a list"
                if Keyword(rawValue: w)?.isCommand == true { m += ": to loop over the result of the command, write 'for \(name) in (\(w))'" }
                error(m, r)
            }
            loopDepth += 1
            checkBlock(body, declaring: [name], shapes: [name: shape(of: seq)?.element])
            loopDepth -= 1
        case .whileLoop(let c, let body, _):
            checkExpr(c)
            loopDepth += 1
            checkBlock(body)
            loopDepth -= 1
        case .repeatLoop(let n, let body, _):
            checkExpr(n)
            if let count = Checker.literalNumber(n), count < 0 || count != count.rounded() {
                error("'repeat' needs a whole number of times, 0 or more, not \(JSONValue.formatNumber(count))", n.range)
            }
            loopDepth += 1
            checkBlock(body)
            loopDepth -= 1
        case .breakLoop(let r):
            if loopDepth == 0 { error("'break' outside a loop", r) }
            else if parallelBody?.loopDepth == loopDepth { error("'break' cannot stop a parallel loop: its bodies run at once (use 'fail' to stop them all)", r) }
        case .continueLoop(let r): if loopDepth == 0 { error("'continue' outside a loop", r) }
        case .def(let name, let params, let body, let r):
            if parallelBody != nil { error("'def \(name)' cannot be inside a parallel loop's body: define it before the loop", r) }
            if topLevelNames == nil { topLevelNames = Set(topLevelLets) }
            let savedLoop = loopDepth, savedDef = inDef, savedParallel = parallelBody
            loopDepth = 0
            inDef = true
            parallelBody = nil
            // A body sees its parameters and the globals, not the caller's locals.
            let saved = scopes, savedShapes = shapes, savedCatch = catchDepth
            scopes = [scopes[0]]
            // A procedure runs when called: the globals may hold anything by then.
            shapes = [[:]]
            catchDepth = 0
            checkBlock(body, declaring: params)
            scopes = saved
            shapes = savedShapes
            catchDepth = savedCatch
            loopDepth = savedLoop
            inDef = savedDef
            parallelBody = savedParallel
        case .returnValue(let e, let r):
            if let e { checkExpr(e) }
            if !inDef { error("'return' outside a 'def'", r) }
            else if parallelBody != nil { error("'return' cannot leave a parallel loop's body: each body runs on its own", r) }
        case .expression(let e, _): checkExpr(e)
        case .command(let c, let r): checkCommand(c, r)
        case .tryCatch(let body, let clauses, let finally, _):
            checkBlock(body)
            for clause in clauses {
                if let c = clause.condition {
                    withScope([clause.name], shapes: [clause.name: ResultShape.caughtError]) { $0.checkExpr(c) }
                } else if clause.body.statements.isEmpty {
                    warning("this 'catch' takes every error and does nothing with it: add 'if $\(clause.name).code == ...' to catch only the errors you expect, or handle it", clause.range)
                }
                catchDepth += 1
                checkBlock(clause.body, declaring: [clause.name], shapes: [clause.name: ResultShape.caughtError])
                catchDepth -= 1
            }
            if let finally { checkBlock(finally) }
        case .throwError(let e, let r):
            if let e { checkExpr(e) } else if catchDepth == 0 { error("'rethrow' outside a 'catch' block: there is no error to throw again", r) }
        case .fail(let e, _): checkExpr(e)
        case .assert(let c, let m, _, _):
            checkExpr(c)
            if let m { checkExpr(m) }
        case .sleep(let e, _): checkDuration(e)
        case .exit(let e, _):
            if let e {
                checkExpr(e)
                if case .number(let n, let r) = e, n < 0 || n > 255 || n != n.rounded() {
                    error("an exit code is a whole number from 0 to 255", r)
                }
            }
        case .source(let e, let r):
            checkExpr(e)
            if parallelBody != nil { error("'source' cannot run inside a parallel loop's body: source the file before the loop", r) }
            lenientScopes += 1
        case .use(let setting, let e, let r):
            checkExpr(e)
            if parallelBody != nil, [.backend, .profile, .endpoint, .maxRate].contains(setting) {
                error("'use \(setting.rawValue)' is for the whole session, not inside a parallel loop's body: use it before the loop", r)
            }
            guard let text = e.literalText else { return }
            switch setting {
            case .region: checkRegion(e)
            case .output: checkChoice(text, OutputFormat.allCases.map(\.rawValue), "an output format", e.range)
            case .reveal: checkChoice(text, ["on", "off"], "'use reveal'", e.range)
            case .strict: checkChoice(text, ["on", "off"], "'use strict'", e.range)
            case .backend: checkChoice(text, ["local", "aws"], "a backend", e.range)
            case .trace: checkChoice(text, ["on", "off"], "'use trace'", e.range)
            case .replicationDelay: checkDuration(e)
            case .maxRate:
                if case .failure(let problem) = RateLimiter.parse(text) { error(problem.message, e.range) }
            case .profile, .endpoint: break
            }
        }
    }

    private mutating func checkChoice(_ text: String, _ choices: [String], _ what: String, _ r: SourceRange) {
        if !choices.contains(text) {
            error("'\(text)' is not \(what): use \(choices.joined(separator: ", "))", r)
        }
    }

    // MARK: - Expressions

    mutating func checkExpr(_ e: Expr) {
        switch e {
        case .null, .bool, .number, .duration, .word, .quoted: break
        case .string(let segs, _):
            for case .expr(let x) in segs { checkExpr(x) }
        case .variable(let name, let r):
            if !isDefined(name) {
                var m = "undefined variable '$\(name)'"
                if let s = suggestion(for: name) { m += "; did you mean '$\(s)'?" }
                error(m, r)
            }
        case .field(let b, let name, let r):
            checkExpr(b)
            if case .missing(let what, let suggestion)? = shape(of: b)?.field(name) {
                var m = "\(what) has no field '\(name)'"
                if let suggestion { m += "; did you mean '\(suggestion)'?" }
                error(m, r)
            }
        case .index(let b, let i, _): checkExpr(b); checkExpr(i)
        case .list(let items, _): items.forEach { checkExpr($0) }
        case .record(let fields, _): fields.forEach { checkExpr($0.1) }
        case .unary(_, let x, _): checkExpr(x)
        case .binary(_, let a, let b, _): checkExpr(a); checkExpr(b)
        case .range(let a, let b, _): checkExpr(a); checkExpr(b)
        case .call(let name, let args, let r):
            if name == "exists", procedures[name] == nil, (1...2).contains(args.count) {
                if let secret = args.first { checkSecret(secret) }
                if args.count == 2 { checkRegion(args[1]) }
            } else {
                args.forEach { checkExpr($0) }
            }
            if let spec = Builtins.specs[name] {
                if !spec.arity.contains(args.count) {
                    let n = spec.arity.lowerBound
                    error("\(name)() takes \(n) argument\(n == 1 ? "" : "s"), not \(args.count): \(spec.usage)", r)
                }
            } else if let n = procedures[name] {
                if n != args.count { error("\(name)() takes \(n) argument\(n == 1 ? "" : "s"), not \(args.count)", r) }
            } else if !sourcesFiles {
                error("unknown function '\(name)'", r)
            }
        case .command(let c, let r): checkCommand(c, r)
        case .loop(let l, _): checkLoop(l)
        }
    }

    static func parallelSetMessage(_ name: String) -> String {
        "a parallel loop's body cannot set '$\(name)', a variable outside the loop: each body runs on its own (collect the results instead: let rs = for ... parallel N { ... })"
    }

    /// The widest `parallel N`: each body is a task and a copy of the session's interpreter.
    public static let maxParallel = 1000

    private mutating func checkLoop(_ l: ForLoop) {
        checkExpr(l.sequence)
        if let p = l.parallel {
            checkExpr(p)
            if case .number(let n, let r) = p, n < 1 || n > Double(Checker.maxParallel) || n != n.rounded() {
                error("'parallel' takes a whole number from 1 to \(Checker.maxParallel)", r)
            } else if let w = p.literalText {
                error("'\(w)' is not a number of bodies to run at once: parallel 16", p.range)
            }
        }
        if l.explaining {
            for s in l.body.statements {
                guard case .command = s else {
                    error("'explain for' shows the calls of a body made of commands only", s.range)
                    continue
                }
            }
        }
        loopDepth += 1
        let saved = parallelBody
        if l.parallel != nil { parallelBody = (scopes.count, loopDepth) }
        checkBlock(l.body, declaring: [l.name])
        parallelBody = saved
        loopDepth -= 1
    }

    private mutating func checkPrompt(_ value: SecretValueSpec?) {
        if parallelBody != nil, case .prompt(let r)? = value {
            error("'value prompt' cannot ask inside a parallel loop's body: bodies run at once", r)
        }
    }

    private func suggestion(for name: String) -> String? {
        var best: (String, Int)?
        for scope in scopes {
            for candidate in scope {
                let d = Spelling.editDistance(name, candidate)
                if d <= 2, d < name.count, d < (best?.1 ?? Int.max) { best = (candidate, d) }
            }
        }
        return best?.0
    }

    // MARK: - Commands

    private mutating func checkCommand(_ c: Command, _ r: SourceRange) {
        switch c {
        case .create(let secret, let value, let description, let key, let replicas, _, _):
            checkSecret(secret, creating: true)
            checkPrompt(value)
            if case .json(let e)? = value { checkExpr(e) }
            if case .string(let e)? = value { checkExpr(e) }
            if let d = description { checkExpr(d) }
            if let k = key { checkExpr(k) }
            checkReplicas(replicas)
        case .replicate(let secret, let replicas, _):
            checkSecret(secret)
            checkReplicas(replicas)
        case .replicateJSON(let e):
            checkExpr(e)
            checkReplicateJSON(e)
        case .remove(let secret, let regions):
            checkSecret(secret)
            regions.forEach { checkRegion($0) }
        case .promote(let secret, let region):
            checkSecret(secret)
            checkRegion(region)
        case .describe(let secret, let region), .status(let secret, let region):
            checkSecret(secret)
            if let region { checkRegion(region) }
        case .wait(let secret, let regions, let status, let timeout, let every):
            checkSecret(secret)
            regions.forEach { checkRegion($0) }
            checkExpr(status)
            if let s = status.literalText, !Checker.replicationStatuses.contains(s), ![Checker.rotated, Checker.removed, Checker.deleted].contains(s) {
                var m = "'\(s)' is not a replication status: use InSync, InProgress, Failed, rotated, removed from REGION or deleted"
                if let best = Checker.replicationStatuses.first(where: { Spelling.editDistance($0.lowercased(), s.lowercased()) <= 2 }) {
                    m = "'\(s)' is not a replication status; did you mean '\(best)'?"
                }
                error(m, status.range)
            }
            if let t = timeout { checkDuration(t) }
            if let e = every {
                checkDuration(e)
                if case .duration(let d, let r) = e, d < Interpreter.minimumPollInterval {
                    error("'every \(Value.formatDuration(d))' is shorter than wait's minimum poll interval, \(Value.formatDuration(Interpreter.minimumPollInterval))", r)
                }
            }
        case .get(let secret, let region, let version, let stage):
            checkSecret(secret)
            if let region { checkRegion(region) }
            if let v = version { checkExpr(v) }
            if let s = stage { checkExpr(s) }
        case .put(let secret, let value):
            checkSecret(secret)
            checkPrompt(value)
            switch value {
            case .string(let e), .json(let e): checkExpr(e)
            case .prompt: break
            }
        case .update(let secret, let d, let k):
            checkSecret(secret)
            if let d { checkExpr(d) }
            if let k { checkExpr(k) }
        case .delete(let secret, let recovery, _):
            checkSecret(secret)
            if let recovery {
                checkExpr(recovery)
                if case .number(let n, let rr) = recovery, n < 7 || n > 30 || n != n.rounded() {
                    error("the recovery window is a whole number of days from 7 to 30 (or use 'now')", rr)
                } else if case .word(let w, let rr) = recovery {
                    error("'\(w)' is not a number of days (7 to 30)", rr)
                }
            }
        case .restore(let secret): checkSecret(secret)
        case .list(let prefix, let region):
            if let p = prefix { checkExpr(p) }
            if let region { checkRegion(region) }
        case .tag(let secret, let tags):
            checkSecret(secret)
            for t in tags {
                checkExpr(t)
                guard let text = t.literalText else { continue }
                guard let eq = text.firstIndex(of: "=") else {
                    error("'\(text)' is not a tag: write KEY=VALUE", t.range)
                    continue
                }
                checkTag(key: String(text[..<eq]), value: String(text[text.index(after: eq)...]), t.range)
            }
        case .untag(let secret, let keys):
            checkSecret(secret)
            for k in keys {
                checkExpr(k)
                guard let text = k.literalText else { continue }
                if text.contains("=") {
                    error("'untag' takes tag keys, not KEY=VALUE: untag SECRET \(text.prefix { $0 != "=" })", k.range)
                } else {
                    checkTag(key: text, value: "", k.range)
                }
            }
        case .rotate(let secret, let lambda, let days, let schedule, _):
            checkSecret(secret)
            if let l = lambda {
                checkExpr(l)
                if let t = l.literalText, !Checker.isLambdaARN(t) {
                    error("'\(t)' is not a Lambda function's ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME)", l.range)
                }
            }
            if let d = days {
                checkExpr(d)
                if case .number(let n, let rr) = d, n < 1 || n > 1000 || n != n.rounded() {
                    error("rotation is every 1 to 1000 days", rr)
                } else if case .word(let w, let rr) = d {
                    error("'\(w)' is not a number of days (1 to 1000)", rr)
                }
            }
            if let s = schedule {
                checkExpr(s)
                if let t = s.literalText, let problem = Checker.scheduleProblem(t) { error("'\(t)' is not a rotation schedule: \(problem)", s.range) }
            }
        case .cancelRotation(let secret): checkSecret(secret)
        case .batchGet(let secrets, let prefix, let region):
            secrets.forEach { checkSecret($0) }
            if secrets.count > 20, let extra = secrets.dropFirst(20).first {
                error("'batch get' reads at most 20 secrets by name (this names \(secrets.count)); use 'batch get prefix P'", extra.range)
            }
            if let p = prefix {
                checkExpr(p)
                if collectsOperands { operands.computedSecrets = true }
            }
            if let region { checkRegion(region) }
        case .policy(let secret, let action):
            if let secret { checkSecret(secret) }
            switch action {
            case .get, .delete: break
            case .put(let p, _), .validate(let p):
                checkExpr(p)
                if let t = p.literalText {
                    do {
                        guard case .object = try JSONValue.parse(t) else {
                            error("a resource policy is a JSON object, such as {Version, Statement}", p.range)
                            break
                        }
                    } catch {
                        self.error("the policy is not JSON: \(error.description)", p.range)
                    }
                }
            }
        case .password(let spec):
            if let n = spec.length {
                checkExpr(n)
                if case .number(let v, let rr) = n, v < 1 || v > 4096 || v != v.rounded() {
                    error("a password length is a whole number from 1 to 4096", rr)
                } else if case .word(let w, let rr) = n {
                    error("'\(w)' is not a password length (1 to 4096)", rr)
                }
            }
            if let x = spec.exclude { checkExpr(x) }
            if Set(spec.without).count == PasswordClass.allCases.count, !spec.space {
                error("'password' leaves out every kind of character: drop one 'no ...'", r)
            }
        case .versions(let secret, let region):
            checkSecret(secret)
            if let region { checkRegion(region) }
        case .label(let secret, let label, let to, let from):
            checkSecret(secret)
            checkLabel(label)
            if let to { checkVersionId(to) }
            if let from { checkVersionId(from) }
            if to == nil, label.literalText == "AWSCURRENT" {
                error("AWSCURRENT can only move to another version, not be removed: add 'to VERSION'", label.range)
            }
        case .explain(let inner): checkCommand(inner, r)
        case .aws(let a):
            // The same literal checks as the smsh form: `--region eu-west-33` is caught before running.
            for (region, range) in a.regionLiterals { checkRegion(.word(region, range)) }
            for s in a.secretLiterals where !s.text.hasPrefix("file://") { checkSecret(.quoted(s.text, s.range), creating: s.creating) }
        case .skeleton(let op, _):
            checkExpr(op)
            if let t = op.literalText, Skeletons.operation(named: t) == nil {
                error("'\(t)' is not an operation: use a command name (replicate) or an API name (ReplicateSecretToRegions)", op.range)
            }
        case .simulate(let s):
            switch s {
            case .outage(let region): checkRegion(region)
            case .missingKey(let key, let region): checkExpr(key); checkRegion(region)
            case .throttle(let e):
                checkExpr(e)
                // `throttle N%` is N / 100.
                if case .binary(.div, let n, .number(100, _), _) = e, let share = Checker.literalNumber(n), share < 0 || share > 100 {
                    error("'throttle' takes a share from 0% to 100%, not \(JSONValue.formatNumber(share))%", n.range)
                }
            case .latency(let e): checkDuration(e)
            case .rotationFailure(let secret): checkSecret(secret)
            case .clear, .reset: break
            case .advance(let e): checkDuration(e)
            }
        case .snapshot(let action):
            switch action {
            case .save(let e), .restore(let e):
                checkExpr(e)
                if let t = e.literalText, !Checker.isSnapshotName(t) {
                    error("'\(t)' is not a snapshot name: use 1-64 letters, digits, '.', '_' or '-', not starting with '.'", e.range)
                }
            case .list: break
            }
        case .watch(let secret):
            if let secret { checkSecret(secret) }
        }
    }

    /// The simulator's rule for a snapshot's name (it becomes a file name).
    static func isSnapshotName(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= 64 && !s.hasPrefix(".")
            && s.utf8.allSatisfy { c in
                switch c {
                case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"): return true
                default: return false
                }
            }
    }

    static func isLambdaARN(_ s: String) -> Bool {
        let p = s.split(separator: ":", omittingEmptySubsequences: false)
        return p.count >= 7 && p[0] == "arn" && p[2] == "lambda" && p[5] == "function" && !p[6].isEmpty
            && p[4].count == 12 && p[4].allSatisfy(\.isNumber)
    }

    /// RotationRules' ScheduleExpression: rate(1 day), rate(N days) up to 1000, rate(N hours) from
    /// 4 to 23, or a six-field cron(); the fields of a cron are left to the service.
    static func scheduleProblem(_ s: String) -> String? {
        if s.hasPrefix("rate("), s.hasSuffix(")") {
            let words = s.dropFirst(5).dropLast().split(separator: " ")
            guard words.count == 2, let n = Int(words[0]), n > 0 else { return "write rate(N days) or rate(N hours)" }
            switch words[1] {
            case "day" where n == 1, "days" where n > 1 && n <= 1000, "hours" where n >= 4 && n <= 23: return nil
            case "day", "days": return "a rate is 1 to 1000 days"
            case "hours", "hour": return "a rate in hours is 4 to 23 hours"
            default: return "write rate(N days) or rate(N hours)"
            }
        }
        if s.hasPrefix("cron("), s.hasSuffix(")") {
            return s.dropFirst(5).dropLast().split(separator: " ").count == 6 ? nil : "a cron() has six fields: minutes hours day-of-month month day-of-week year"
        }
        return "write rate(10 days), rate(6 hours) or cron(0 8 1 * ? *)"
    }

    /// The labels the service reserves; any other label starting with AWS is a typo of one.
    public static let reservedLabels = ["AWSCURRENT", "AWSPREVIOUS", "AWSPENDING"]

    private mutating func checkLabel(_ e: Expr) {
        checkExpr(e)
        guard let text = e.literalText else { return }
        if text.isEmpty || text.count > 256 {
            error("a staging label has 1 to 256 characters", e.range)
        } else if text.uppercased().hasPrefix("AWS"), !Checker.reservedLabels.contains(text) {
            var m = "'\(text)' is not a staging label: labels starting with AWS are AWSCURRENT, AWSPREVIOUS and AWSPENDING"
            if let best = Checker.reservedLabels.first(where: { Spelling.editDistance($0, text.uppercased()) <= 2 }) {
                m = "'\(text)' is not a staging label; did you mean '\(best)'?"
            }
            error(m, e.range)
        }
    }

    /// The model's VersionIdType: 32 to 64 characters.
    private mutating func checkVersionId(_ e: Expr) {
        checkExpr(e)
        if let text = e.literalText, text.count < 32 || text.count > 64 {
            error("'\(text)' is not a version id: a version id has 32 to 64 characters", e.range)
        }
    }

    /// The service's limits on a tag (the model's TagKeyType and TagValueType).
    private mutating func checkTag(key: String, value: String, _ r: SourceRange) {
        if key.isEmpty { error("a tag needs a key before '=': KEY=VALUE", r) }
        else if key.count > 128 { error("a tag key has at most 128 characters, this one has \(key.count)", r) }
        if value.count > 256 { error("a tag value has at most 256 characters, this one has \(value.count)", r) }
    }

    private mutating func checkReplicas(_ replicas: [ReplicaSpec]) {
        for rep in replicas {
            let items: [Expr]
            if case .list(let l, _) = rep.region { items = l } else { items = [rep.region] }
            if let k = rep.key {
                checkExpr(k)
                if k.literalText == "" { error("an empty KMS key: leave out 'key' to use alias/aws/secretsmanager", k.range) }
            }
            for item in items {
                if case .record(let fields, _) = item {
                    checkReplicaRecord(fields, key: rep.key)
                } else {
                    checkRegion(item)
                    checkKeyRegion(rep.key, replica: item)
                }
            }
        }
    }

    /// `{Region: R, KmsKeyId: K}` in a replica list or an AddReplicaRegions literal.
    private mutating func checkReplicaRecord(_ fields: [(String, Expr)], key: Expr?) {
        for (name, value) in fields {
            if name == "Region" { checkRegion(value) } else { checkExpr(value) }
        }
        guard let region = fields.first(where: { $0.0 == "Region" })?.1 else { return }
        checkKeyRegion(fields.first(where: { $0.0 == "KmsKeyId" })?.1 ?? key, replica: region)
    }

    /// A KMS key named by ARN lives in one Region: a replica elsewhere cannot use it (it would Fail).
    private mutating func checkKeyRegion(_ key: Expr?, replica: Expr) {
        guard let key, let arn = key.literalText, let region = replica.literalText, Regions.isKnown(region) else { return }
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 6, parts[0] == "arn", parts[2] == "kms", !parts[3].isEmpty, parts[3] != region else { return }
        error("the key \(arn) is in \(parts[3]), but the replica is in \(region): a replica's KMS key must be in the replica's Region", key.range)
    }

    /// `replicate json` with a literal record or JSON text: its SecretId and Regions.
    private mutating func checkReplicateJSON(_ e: Expr) {
        switch e {
        case .record(let fields, _):
            for (name, value) in fields {
                switch (name, value) {
                case ("SecretId", _): checkSecret(value)
                case ("AddReplicaRegions", .list(let items, _)):
                    for case .record(let replica, _) in items { checkReplicaRecord(replica, key: nil) }
                default: break
                }
            }
        default:
            guard let text = e.literalText, let json = try? JSONValue.parse(text) else { return }
            if let id = json["SecretId"]?.stringValue { checkSecret(.quoted(id, e.range)) }
            for replica in json["AddReplicaRegions"]?.arrayValue ?? [] {
                guard let region = replica["Region"]?.stringValue else { continue }
                checkRegion(.quoted(region, e.range))
                if let key = replica["KmsKeyId"]?.stringValue { checkKeyRegion(.quoted(key, e.range), replica: .quoted(region, e.range)) }
            }
        }
    }

    private mutating func checkRegion(_ e: Expr) {
        checkExpr(e)
        guard let text = e.literalText else { return }
        if collectsOperands, Regions.isKnown(text), !operands.regions.contains(text) { operands.regions.append(text) }
        if Regions.isKnown(text) { return }
        var m = "'\(text)' is not a Region"
        if let s = Regions.suggestion(for: text) { m += ": did you mean '\(s)'?" }
        else if !Regions.isWellFormed(text) { m += " (a Region looks like eu-west-3)" }
        error(m, e.range)
    }

    private mutating func checkSecret(_ e: Expr, creating: Bool = false) {
        checkExpr(e)
        if collectsOperands {
            if let text = e.literalText, !text.hasPrefix("file://") {
                if !operands.secrets.contains(text) { operands.secrets.append(text) }
            } else {
                operands.computedSecrets = true
            }
        }
        guard let text = e.literalText else { return }
        // Other commands accept ARNs and partial ARNs too; only names are checked.
        if !creating, text.hasPrefix("arn:") { return }
        if Checker.isPlainSecretName(text) { return }
        if let problem = SecretName.problem(with: text) { error("'\(text)' is not a valid secret name: \(problem)", e.range) }
    }

    /// The common case, checked on bytes: `SecretName.problem` works on Characters, which costs a
    /// fifth of `smsh check`'s time on a large file. Anything unusual goes to the full rules.
    static func isPlainSecretName(_ s: String) -> Bool {
        // Over contiguous bytes: iterating a String's UTF8View byte by byte costs several times more.
        var s = s
        return s.withUTF8 { bytes in
            guard bytes.count >= 1, bytes.count <= SecretName.maxLength else { return false }
            for c in bytes {
                switch c {
                case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "/"), UInt8(ascii: "_"), UInt8(ascii: "+"),
                     UInt8(ascii: "="), UInt8(ascii: "."), UInt8(ascii: "@"), UInt8(ascii: "-"): continue
                default: return false
                }
            }
            return true
        }
    }

    private mutating func checkDuration(_ e: Expr) {
        checkExpr(e)
        switch e {
        case .number(let n, let r):
            error("'\(JSONValue.formatNumber(n))' is not a duration: add a unit, such as \(JSONValue.formatNumber(n))s or \(JSONValue.formatNumber(n))ms", r)
        case .word(let w, let r):
            error("'\(w)' is not a duration (use 500ms, 5s, 2m, 1h or 1m30s)", r)
        default: break
        }
    }
}
