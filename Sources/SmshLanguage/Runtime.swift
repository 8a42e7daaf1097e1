import SecretsCore
import SourceText

/// A runtime error: an AWS error from a command, or a language error (`fail`, a type error, ...).
/// Outside `try` it ends the script: `FILE:LINE:COL: error: CODE: message`, exit `exitCode`.
public struct RuntimeError: Error, Sendable {
    public var code: String
    public var message: String
    public var range: SourceRange
    public var exitCode: Int32
    /// The call that failed (a service error), or the command's first call.
    public var operation: String?
    public var region: String?
    public var secret: String?
    /// A failed or timed-out `wait`: each replica's status when it ended (Region -> status).
    var statuses: Value?
    /// More fields of the record a `catch` sees (a parallel loop's iteration and its errors).
    var details: [(String, Value)] = []

    public init(code: String, message: String, range: SourceRange, exitCode: Int32 = 1) {
        self.code = code
        self.message = message
        self.range = range
        self.exitCode = exitCode
    }

    public var diagnostic: Diagnostic { Diagnostic("\(code): \(message)", at: range) }

    /// The record a `catch NAME` block sees: what failed, where, and (for a wait) the replicas'
    /// statuses; `exit` is the exit status the error would end the script with.
    func record(files: SourceFiles) -> Value {
        func text(_ s: String?) -> Value { s.map { .string($0) } ?? .null }
        return .record(Record([
            ("code", .string(code)), ("message", .string(message)),
            ("file", range.file >= 0 ? .string(files.path(range.file)) : .null),
            ("line", .number(Double(range.line))), ("column", .number(Double(range.column))),
            ("operation", text(operation)), ("region", text(region)), ("secret", text(secret)),
            ("statuses", statuses ?? .null), ("exit", .number(Double(exitCode))),
        ] + details))
    }
}

/// `exit N`.
struct ExitSignal: Error { let code: Int32 }
/// Unwinds to the nearest loop or procedure call.
enum ControlSignal: Error {
    case breakLoop
    case continueLoop
    case returnValue(Value)
}

/// Where a session writes: stdout for `print` and results, stderr for logs and diagnostics.
public struct OutputSink: Sendable {
    public var out: @Sendable (String) -> Void
    public var err: @Sendable (String) -> Void

    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void) {
        self.out = out
        self.err = err
    }
}

public enum OutputFormat: String, Sendable, CaseIterable { case table, json, text }

/// What a session can change with `use` and the command-line options.
public struct Session: Sendable {
    public var region: String
    public var profile: String?
    public var endpoint: String?
    public var backend: String
    public var output: OutputFormat
    public var reveal: Bool
    /// `use strict on`, `--strict`: a missing field read, or a null sent, is an error.
    public var strict = false
    /// No log line per bare command.
    public var quiet: Bool
    /// stderr is a terminal: `wait` draws live progress instead of heartbeat lines.
    public var interactiveProgress: Bool
    public var color: Bool
    /// Whether bare commands show their full result (the REPL) rather than a log line (scripts).
    public var showResults: Bool
    /// How often a `wait` off a terminal logs that it is still waiting.
    public var heartbeat: Double = 10
    /// `use trace on`: after each command, its call as an aws CLI line and a boto3 call.
    public var trace = false
    /// The most calls per second the session makes (`use max-rate`, `--max-rate`); nil for no ceiling.
    public var maxRate: Double?

    public init(region: String = "us-east-1", profile: String? = nil, endpoint: String? = nil, backend: String = "local",
                output: OutputFormat = .json, reveal: Bool = false, quiet: Bool = false,
                interactiveProgress: Bool = false, color: Bool = false, showResults: Bool = false) {
        self.region = region
        self.profile = profile
        self.endpoint = endpoint
        self.backend = backend
        self.output = output
        self.reveal = reveal
        self.quiet = quiet
        self.interactiveProgress = interactiveProgress
        self.color = color
        self.showResults = showResults
    }
}

/// A block's variables; a procedure call starts a new chain from the globals.
final class Scope {
    var values: [String: Value] = [:]
    let parent: Scope?
    /// A parallel loop's body sees the variables beyond this scope but cannot assign them: the
    /// other bodies read them at the same time.
    let isolates: Bool

    init(parent: Scope?, isolates: Bool = false) {
        self.parent = parent
        self.isolates = isolates
    }

    func lookup(_ name: String) -> Value? {
        var s: Scope? = self
        while let cur = s {
            if let v = cur.values[name] { return v }
            s = cur.parent
        }
        return nil
    }

    /// Assigns to the nearest scope that has `name`; false when none does.
    func assign(_ name: String, _ value: Value) -> Bool {
        var s: Scope? = self
        while let cur = s {
            if cur.values[name] != nil { cur.values[name] = value; return true }
            if cur.isolates { return false }
            s = cur.parent
        }
        return false
    }

    var allNames: Set<String> {
        var names = Set(values.keys)
        if let p = parent { names.formUnion(p.allNames) }
        return names
    }
}
