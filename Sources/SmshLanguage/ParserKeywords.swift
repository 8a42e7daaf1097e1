/// The words that start a statement or a command. The parser dispatches on these for every
/// statement; recognising them from the token's bytes instead of switching over a String made
/// for each one (and compared against up to 18 cases) is a measurable share of `smsh check`.
enum Keyword {
    case `let`, set, print, `if`, `for`, `while`, `repeat`, `break`, `continue`, def, `return`
    case `try`, fail, assert, sleep, exit, source, use, `else`, `catch`
    case create, replicate, remove, promote, describe, status, wait, get, put, update, delete
    case restore, list, explain, skeleton, simulate

    /// Whether the word starts a command (`Command.names`).
    var isCommand: Bool {
        switch self {
        case .create, .replicate, .remove, .promote, .describe, .status, .wait, .get, .put, .update,
             .delete, .restore, .list, .explain, .skeleton, .simulate:
            return true
        default:
            return false
        }
    }
}

extension Lexer {
    /// The keyword a word token spells, if any.
    func keyword(_ t: Token) -> Keyword? {
        guard t.kind == .word, t.decoded < 0, t.length >= 2, t.length <= 9 else { return nil }
        let s = Int(t.start)
        guard s >= 0, s + Int(t.length) <= source.count else { return nil }
        switch source[s] {
        case UInt8(ascii: "a"): return textEquals(t, "assert") ? .assert : nil
        case UInt8(ascii: "b"): return textEquals(t, "break") ? .break : nil
        case UInt8(ascii: "c"):
            if textEquals(t, "create") { return .create }
            if textEquals(t, "continue") { return .continue }
            return textEquals(t, "catch") ? .catch : nil
        case UInt8(ascii: "d"):
            if textEquals(t, "describe") { return .describe }
            if textEquals(t, "delete") { return .delete }
            return textEquals(t, "def") ? .def : nil
        case UInt8(ascii: "e"):
            if textEquals(t, "else") { return .else }
            if textEquals(t, "exit") { return .exit }
            return textEquals(t, "explain") ? .explain : nil
        case UInt8(ascii: "f"):
            if textEquals(t, "for") { return .for }
            return textEquals(t, "fail") ? .fail : nil
        case UInt8(ascii: "g"): return textEquals(t, "get") ? .get : nil
        case UInt8(ascii: "i"): return textEquals(t, "if") ? .if : nil
        case UInt8(ascii: "l"):
            if textEquals(t, "let") { return .let }
            return textEquals(t, "list") ? .list : nil
        case UInt8(ascii: "p"):
            if textEquals(t, "print") { return .print }
            if textEquals(t, "put") { return .put }
            return textEquals(t, "promote") ? .promote : nil
        case UInt8(ascii: "r"):
            if textEquals(t, "replicate") { return .replicate }
            if textEquals(t, "remove") { return .remove }
            if textEquals(t, "return") { return .return }
            if textEquals(t, "repeat") { return .repeat }
            return textEquals(t, "restore") ? .restore : nil
        case UInt8(ascii: "s"):
            if textEquals(t, "set") { return .set }
            if textEquals(t, "status") { return .status }
            if textEquals(t, "sleep") { return .sleep }
            if textEquals(t, "source") { return .source }
            if textEquals(t, "skeleton") { return .skeleton }
            return textEquals(t, "simulate") ? .simulate : nil
        case UInt8(ascii: "t"): return textEquals(t, "try") ? .try : nil
        case UInt8(ascii: "u"):
            if textEquals(t, "use") { return .use }
            return textEquals(t, "update") ? .update : nil
        case UInt8(ascii: "w"):
            if textEquals(t, "wait") { return .wait }
            return textEquals(t, "while") ? .while : nil
        default: return nil
        }
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
