import AWSCLI
import SourceText
/// The syntax tree. Value types throughout; only the cases that nest are `indirect`, so leaves
/// (words, numbers, variables) live inline instead of in a heap box each.
public enum Expr: Sendable {
    case null(SourceRange)
    case bool(Bool, SourceRange)
    case number(Double, SourceRange)
    case duration(Double, SourceRange)
    /// A bare word: a literal string that the checker may read as a Region, secret name, ...
    case word(String, SourceRange)
    case string([StringSegment], SourceRange)
    /// A quoted string without interpolation (no segment array for the common case).
    case quoted(String, SourceRange)
    case variable(String, SourceRange)
    indirect case field(Expr, String, SourceRange)
    indirect case index(Expr, Expr, SourceRange)
    case list([Expr], SourceRange)
    case record([(String, Expr)], SourceRange)
    indirect case unary(UnaryOp, Expr, SourceRange)
    indirect case binary(BinaryOp, Expr, Expr, SourceRange)
    indirect case range(Expr, Expr, SourceRange)
    /// Boxed so that no inline payload is larger than a word's (String and range): every Expr is
    /// then 32 bytes instead of 40, in every node and array that holds one.
    indirect case call(String, [Expr], SourceRange)
    /// Not `indirect`: a Command is already a single reference to its own box.
    case command(Command, SourceRange)
    /// A `for` loop that is a value (`let rs = for s in $xs { ... }`) or runs its bodies at once
    /// (`for s in $xs parallel 16 { ... }`).
    indirect case loop(ForLoop, SourceRange)

    public var range: SourceRange {
        switch self {
        case .null(let r), .bool(_, let r), .number(_, let r), .duration(_, let r), .word(_, let r),
             .string(_, let r), .quoted(_, let r), .variable(_, let r), .field(_, _, let r), .index(_, _, let r), .list(_, let r),
             .record(_, let r), .unary(_, _, let r), .binary(_, _, _, let r), .range(_, _, let r),
             .call(_, _, let r), .command(_, let r), .loop(_, let r):
            return r
        }
    }

    /// The literal text when the expression is a bare word or a plain string (for checks).
    var literalText: String? {
        switch self {
        case .word(let w, _), .quoted(let w, _): return w
        case .string(let segs, _):
            if segs.isEmpty { return "" }
            if segs.count == 1, case .text(let t) = segs[0] { return t }
            return nil
        default: return nil
        }
    }
}

/// `for NAME in SEQ [parallel N [keep going]] { BODY }` where it is more than the plain `for`
/// statement: a value, whose iterations each give the value of their body's last statement (a
/// command, a call or a parenthesised expression), or a parallel loop.
public struct ForLoop: Sendable {
    public var name: String
    public var sequence: Expr
    public var body: Block
    /// `parallel N`: at most N bodies at once, each on its own copy of the interpreter.
    public var parallel: Expr?
    /// `keep going`: every iteration runs; the failures are reported together at the end.
    public var keepGoing: Bool
    /// The loop is a value: the bodies' results, in iteration order.
    public var collects: Bool
    /// `explain for ...`: shows each iteration's calls and runs nothing.
    public var explaining: Bool
}

public enum StringSegment: Sendable {
    case text(String)
    case expr(Expr)
}

public enum UnaryOp: String, Sendable { case negate = "-", not }
public enum BinaryOp: String, Sendable {
    case add = "+", sub = "-", mul = "*", div = "/", mod = "%"
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case and, or
}

/// A replica in `replicate ... to`: a Region (or a $list of Regions/records) and an optional key.
public struct ReplicaSpec: Sendable {
    public var region: Expr
    public var key: Expr?
}

public enum SecretValueSpec: Sendable {
    case string(Expr)
    case json(Expr)
    /// `value prompt`: typed by the user when the command runs, without echo or history.
    case prompt(SourceRange)
}

/// The character classes `password ... no CLASS` leaves out (GetRandomPassword's Exclude* switches).
public enum PasswordClass: String, Sendable, CaseIterable {
    case numbers, punctuation, uppercase, lowercase

    public var member: String { "Exclude" + rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

public struct PasswordSpec: Sendable {
    public var length: Expr?
    public var exclude: Expr?
    public var without: [PasswordClass] = []
    public var space = false
    public var eachType = false
}

/// What `policy` does with a secret's resource policy.
public enum PolicyAction: Sendable {
    case get
    /// The policy (a record, or JSON text) and whether to send BlockPublicPolicy true.
    case put(Expr, blockPublic: Bool)
    case delete
    case validate(Expr)
}

extension PolicyAction {
    var isGet: Bool { if case .get = self { return true }; return false }
}

/// `create ... if absent`: when the secret exists, `skip` leaves it (an error if its value differs),
/// `update` puts the new value and description instead.
public enum IfAbsent: Sendable { case skip, update }

/// `catch NAME [if EXPR] { ... }`: an error the condition turns down goes on to the next clause.
public struct CatchClause: Sendable {
    public var name: String
    public var condition: Expr?
    public var body: Block
    public var range: SourceRange
}

public enum Simulation: Sendable {
    case outage(Expr)
    case missingKey(key: Expr, region: Expr)
    case throttle(Expr)
    case latency(Expr)
    case rotationFailure(Expr)
    case clear
    /// Moves the simulator's clock forward by a duration.
    case advance(Expr)
    /// Empties the world: every secret, fault and clock offset.
    case reset
}

/// `snapshot save NAME`, `snapshot restore NAME`, `snapshot list`.
public enum SnapshotAction: Sendable {
    case save(Expr)
    case restore(Expr)
    case list
}


/// A command: one (or, for wait/status/list, a few) Secrets Manager calls.
public indirect enum Command: Sendable {
    /// `if absent` makes it idempotent: nothing is created when the secret exists (see `IfAbsent`).
    case create(secret: Expr, value: SecretValueSpec?, description: Expr?, key: Expr?, replicas: [ReplicaSpec], force: Bool?,
                ifAbsent: IfAbsent? = nil)
    case replicate(secret: Expr, replicas: [ReplicaSpec], force: Bool?)
    case replicateJSON(Expr)
    case remove(secret: Expr, regions: [Expr])
    case promote(secret: Expr, region: Expr)
    case describe(secret: Expr, region: Expr?)
    case status(secret: Expr, region: Expr?)
    case wait(secret: Expr, regions: [Expr], status: Expr, timeout: Expr?, every: Expr?)
    case get(secret: Expr, region: Expr?, version: Expr?, stage: Expr?)
    case put(secret: Expr, value: SecretValueSpec)
    case update(secret: Expr, description: Expr?, key: Expr?)
    case delete(secret: Expr, recovery: Expr?, now: Bool)
    case restore(secret: Expr)
    case list(prefix: Expr?, region: Expr?)
    /// Each tag is `KEY=VALUE` text or a record of them.
    case tag(secret: Expr, tags: [Expr])
    case untag(secret: Expr, keys: [Expr])
    case versions(secret: Expr, region: Expr?)
    case password(PasswordSpec)
    /// `now` sends RotateImmediately true, `later` false, neither leaves it out (the service rotates now).
    case rotate(secret: Expr, lambda: Expr?, everyDays: Expr?, schedule: Expr?, immediately: Bool?)
    case cancelRotation(secret: Expr)
    /// `batch get A, B [in R]` or `batch get prefix P [in R]`.
    case batchGet(secrets: [Expr], prefix: Expr?, region: Expr?)
    /// `policy validate EXPR` has no secret.
    case policy(secret: Expr?, PolicyAction)
    /// `label S LABEL to VERSION [from VERSION]`; without `from`, the version holding the label
    /// is read first. `label S LABEL from VERSION` (no `to`) removes the label.
    case label(secret: Expr, label: Expr, to: Expr?, from: Expr?)
    case explain(Command)
    case skeleton(operation: Expr, kind: SkeletonKind)
    case simulate(Simulation)
    case snapshot(SnapshotAction)
    /// `watch [NAME]`: the live view of the secrets' Regions and replicas.
    case watch(secret: Expr?)
    /// `aws secretsmanager OP ...`, already parsed by the aws CLI's rules (its body is literal).
    case aws(AWSCLICommand)

    public var name: String {
        if case .aws(let a) = self { return "aws " + a.operation.cliName }
        return keyword?.rawValue ?? ""
    }

    /// The word the command starts with; an aws line has none of smsh's.
    public var keyword: Keyword? {
        switch self {
        case .create: return .create
        case .replicate, .replicateJSON: return .replicate
        case .remove: return .remove
        case .promote: return .promote
        case .describe: return .describe
        case .status: return .status
        case .wait: return .wait
        case .get: return .get
        case .put: return .put
        case .update: return .update
        case .delete: return .delete
        case .restore: return .restore
        case .list: return .list
        case .tag: return .tag
        case .untag: return .untag
        case .versions: return .versions
        case .password: return .password
        case .rotate: return .rotate
        case .cancelRotation: return .cancel
        case .policy: return .policy
        case .batchGet: return .batch
        case .label: return .label
        case .explain: return .explain
        case .skeleton: return .skeleton
        case .simulate: return .simulate
        case .snapshot: return .snapshot
        case .watch: return .watch
        case .aws: return nil
        }
    }

    static let names = Set(Keyword.commands)
}

public enum UseSetting: String, Sendable, CaseIterable {
    case region, profile, endpoint, backend, output, reveal
    case strict
    case trace
    case replicationDelay = "replication-delay"
    case maxRate = "max-rate"
}

public struct Block: Sendable {
    public var statements: [Stmt]
    public var range: SourceRange
}

/// Boxed: stored inline in their arrays (72 bytes each), statements cost more to copy than their
/// boxes cost to allocate, and took no less memory (measured with `smsh check` on 100k lines).
public indirect enum Stmt: Sendable {
    case letVar(String, Expr, SourceRange)
    case setVar(String, Expr, SourceRange)
    case print([Expr], SourceRange)
    case ifElse([(Expr, Block)], Block?, SourceRange)
    case forIn(String, Expr, Block, SourceRange)
    case whileLoop(Expr, Block, SourceRange)
    case repeatLoop(Expr, Block, SourceRange)
    case breakLoop(SourceRange)
    case continueLoop(SourceRange)
    case def(String, [String], Block, SourceRange)
    case returnValue(Expr?, SourceRange)
    case expression(Expr, SourceRange)
    case command(Command, SourceRange)
    /// `try { } catch e [if EXPR] { } ... [finally { }]`: at least one catch or a finally.
    case tryCatch(Block, [CatchClause], Block?, SourceRange)
    /// `throw EXPR` (an error record such as a caught `$e`, or a message); nil is `rethrow`.
    case throwError(Expr?, SourceRange)
    case fail(Expr, SourceRange)
    /// The condition, an optional message, the statement, and the condition's source span.
    case assert(Expr, Expr?, SourceRange, conditionSpan: SourceRange)
    case sleep(Expr, SourceRange)
    case exit(Expr?, SourceRange)
    case source(Expr, SourceRange)
    case use(UseSetting, Expr, SourceRange)

    public var range: SourceRange {
        switch self {
        case .letVar(_, _, let r), .setVar(_, _, let r), .print(_, let r), .ifElse(_, _, let r),
             .forIn(_, _, _, let r), .whileLoop(_, _, let r), .repeatLoop(_, _, let r), .breakLoop(let r),
             .continueLoop(let r), .def(_, _, _, let r), .returnValue(_, let r), .expression(_, let r),
             .command(_, let r), .tryCatch(_, _, _, let r), .throwError(_, let r), .fail(_, let r), .assert(_, _, let r, _),
             .sleep(_, let r), .exit(_, let r), .source(_, let r), .use(_, _, let r):
            return r
        }
    }
}

/// A parsed file: its statements and every syntax error found in it.
public struct Program: Sendable {
    public var statements: [Stmt]
    public var diagnostics: [Diagnostic]
    public var file: Int
    /// Whether a `source` statement appears at any depth: only then does SourcePrecheck walk
    /// the tree (a third pass over every node of a large script, for nothing).
    public var containsSource = false
}
