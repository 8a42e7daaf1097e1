/// The words that start a statement or a command: the one list the parser, the checker's
/// suggestions, the AST's command names, completion, help and SmshLine's quoting all read.
/// The parser dispatches on these for every statement; recognising them from the token's bytes
/// instead of switching over a String made for each one (and compared against up to 18 cases)
/// is a measurable share of `smsh check`.
public enum Keyword: String, CaseIterable, Sendable {
    case `let`, set, print, `if`, `for`, `while`, `repeat`, `break`, `continue`, def, `return`
    case `try`, fail, assert, sleep, exit, source, use, `else`, `catch`
    case create, replicate, remove, promote, describe, status, wait, get, put, update, delete
    case restore, list, tag, untag, versions, label, password, rotate, cancel, policy, batch, explain, skeleton, simulate
    case `throw`, rethrow, finally
    case snapshot
    case watch

    /// Whether the word starts a command (each calls Secrets Manager or shows what it would).
    public var isCommand: Bool {
        switch self {
        case .create, .replicate, .remove, .promote, .describe, .status, .wait, .get, .put, .update,
             .delete, .restore, .list, .tag, .untag, .versions, .label, .password, .rotate, .cancel, .policy, .batch, .explain, .skeleton, .simulate:
            return true
        case .snapshot, .watch:
            return true
        default:
            return false
        }
    }

    /// Whether the word starts a statement (`else`, `catch` and `finally` only continue one).
    public var startsStatement: Bool { !isCommand && self != .else && self != .catch && self != .finally }

    /// The statement words, in the order help lists them.
    public static let statements: [String] = allCases.filter(\.startsStatement).map(\.rawValue)
    /// The command words, in the order help lists them.
    public static let commands: [String] = allCases.filter(\.isCommand).map(\.rawValue)

    /// The words each command takes after its secret (`create X value V key K replicate to R`),
    /// for completion, for SmshLine's quoting of a word that would read as one, and for the
    /// redactor's end of a `value`.
    public static let options: [Keyword: [String]] = [
        .create: ["value", "json", "description", "key", "replicate", "force", "noforce", "if"],
        .replicate: ["to", "key", "force", "noforce"],
        .remove: ["from"], .promote: ["in"], .describe: ["in"], .status: ["in"],
        .wait: ["in", "until", "from", "timeout", "every"],
        .get: ["in", "version", "stage"], .put: ["value", "json"], .update: ["description", "key"],
        .delete: ["recovery", "now"], .list: ["prefix", "in"], .tag: ["with"], .versions: ["in"], .label: ["to", "from"],
        .password: ["length", "exclude", "no", "space", "each"],
        .rotate: ["using", "every", "schedule", "now", "later"], .cancel: ["rotation"],
        .policy: ["put", "delete", "validate", "block"], .batch: ["get", "prefix", "in"],
        .snapshot: ["save", "restore", "list"],
    ]
}

extension Lexer {
    /// The keyword a word token spells, if any.
    func keyword(_ t: Token) -> Keyword? {
        guard t.kind == .word, t.decoded < 0, t.length >= 2, t.length <= 9 else { return nil }
        let s = Int(t.start), n = Int(t.length)
        guard s >= 0, s + n <= source.count else { return nil }
        next: for candidate in keywordsByFirstByte[Int(source[s])] where candidate.spelling.count == n {
            var i = 1
            while i < n {
                if source[s + i] != candidate.spelling[i] { continue next }
                i += 1
            }
            return candidate.keyword
        }
        return nil
    }

    /// Whether a token's bytes form an identifier (`Parser.isIdentifier` without a String).
    func isIdentifier(_ t: Token) -> Bool {
        guard t.decoded < 0, t.length > 0 else { return false }
        let s = Int(t.start), e = s + Int(t.length)
        guard s >= 0, e <= source.count, Lexer.isIdentStart(source[s]) else { return false }
        var i = s + 1
        while i < e {
            if !Lexer.isIdentByte(source[i]) { return false }
            i += 1
        }
        return true
    }
}

/// Each keyword under its first byte, with its spelling's bytes: a word is compared only with
/// the few keywords that start as it does (at most six, for "s").
private let keywordsByFirstByte: [[(spelling: [UInt8], keyword: Keyword)]] = {
    var table = [[(spelling: [UInt8], keyword: Keyword)]](repeating: [], count: 256)
    for keyword in Keyword.allCases {
        let spelling = Array(keyword.rawValue.utf8)
        table[Int(spelling[0])].append((spelling, keyword))
    }
    return table
}()
