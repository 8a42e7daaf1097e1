import AWSCLI
import SourceText
/// Recursive-descent parser with panic-mode recovery: a syntax error is recorded, the rest of the
/// statement is skipped, and parsing goes on, so one run reports every error in the file.
public struct Parser {
    struct Failure: Error {}

    /// Tokens are pulled from the lexer as needed: `cur` is the current token, `ahead` holds
    /// lookahead (rarely more than two, and usually empty, so the common step touches no array).
    var lexer: Lexer
    var cur: Token
    var ahead: [Token] = []
    var aheadHead = 0
    /// Lookahead is `ahead[aheadHead..<aheadEnd]`; slots past the end are reused rather than
    /// removed, since emptying the array was a generic call on most statements.
    var aheadEnd = 0
    /// Where the last consumed token was, and the last one that was not a line end (for error
    /// positions). Ranges, not tokens: copying a token costs a retain.
    var previousRange: SourceRange
    var lastSignificantRange: SourceRange?
    var parserFlags = ParserFlags()
    let files: SourceFiles?
    let file: Int
    /// Where relative `file://` paths of aws lines are read from (the script's directory).
    var directory: String?
    public internal(set) var diagnostics: [Diagnostic] = []
    /// How many brackets, blocks and prefix operators enclose the current point. The parser, the
    /// checker and the interpreter all recurse once per level, so an unbounded depth (a file of
    /// 10,000 '[') would overflow the stack: past `maxNesting` it is a syntax error instead.
    var nesting = 0
    /// A `source` statement was parsed (see `Program.containsSource`).
    var sawSource = false
    static let maxNesting = 100

    public init(lexer: Lexer, file: Int, files: SourceFiles? = nil) {
        self.lexer = lexer
        self.file = file
        self.files = files
        let first = self.lexer.next()
        cur = first
        previousRange = first.range
    }

    /// Every diagnostic so far: the lexer's and the parser's.
    var allDiagnostics: [Diagnostic] { lexer.diagnostics + diagnostics }

    /// Lexes and parses a whole text registered in `files`.
    public static func parse(_ text: String, path: String, files: SourceFiles, directory: String? = nil) -> Program {
        parse(bytes: Array(text.utf8), path: path, files: files, directory: directory)
    }

    /// Bytes straight from a file: no String is made of a script that may be large. The lexer and
    /// the registry share the one array.
    public static func parse(bytes: [UInt8], path: String, files: SourceFiles, directory: String? = nil) -> Program {
        let id = files.add(path: path, bytes: bytes)
        var p = Parser(lexer: Lexer(bytes: bytes, file: id), file: id, files: files)
        p.directory = directory
        return p.parseProgram()
    }

    /// Whether `text` stops inside a block, bracket, string or after a trailing `\`: the REPL then
    /// reads another line instead of reporting an error.
    public static func isIncomplete(_ text: String) -> Bool {
        if let aws = awsLineIncomplete(text) { return aws }
        var lexer = Lexer(bytes: Array(text.utf8), file: -1)
        lexer.run()
        if lexer.endsInsideString || lexer.endsWithContinuation { return true }
        var depth = 0
        for t in lexer.tokens {
            switch t.kind {
            case .lparen, .lbracket, .lbrace: depth += 1
            case .rparen, .rbracket, .rbrace: depth -= 1
            default: break
            }
        }
        return depth > 0
    }

    /// An aws line typed at the prompt follows the shell's rules, not smsh's: it goes on after an
    /// open quote or a trailing `\`, and an unbalanced `[` in shorthand is an error, not more input.
    /// nil when the text is not a lone aws line.
    static func awsLineIncomplete(_ text: String) -> Bool? {
        var rest = Substring(text).drop(while: { $0 == " " || $0 == "\t" })
        if rest.hasPrefix("explain ") { rest = rest.dropFirst(8).drop(while: { $0 == " " || $0 == "\t" }) }
        guard rest.hasPrefix("aws ") || rest.hasPrefix("aws\t") else { return nil }
        let bytes = Array(text.utf8)
        do {
            let scanned = try ShellWords.scan(bytes, from: 0)
            // Another statement after `;` goes by smsh's rules.
            if scanned.end < bytes.count, bytes[scanned.end] != 0x0A { return nil }
        } catch {
            return error.message.hasPrefix("unterminated")
        }
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0A { end -= 1 }
        return end > 0 && bytes[end - 1] == UInt8(ascii: "\\")
    }

    // MARK: - Token helpers

    var current: Token { cur }

    mutating func peek(_ n: Int = 1) -> Token {
        if n == 0 { return cur }
        while aheadEnd - aheadHead < n {
            let last = aheadEnd > aheadHead ? ahead[aheadEnd - 1] : cur
            if last.kind == .eof { return last }
            let t = lexer.next()
            if aheadEnd < ahead.count { ahead[aheadEnd] = t } else { ahead.append(t) }
            aheadEnd += 1
        }
        return ahead[aheadHead + n - 1]
    }

    /// Consumes the current token; the end of the file is never consumed.
    @discardableResult
    mutating func advance() -> Token {
        let t = cur
        skip()
        return t
    }

    /// `advance()` without handing the token back.
    mutating func skip() {
        let kind = cur.kind
        if kind == .eof { return }
        previousRange = cur.range
        if kind != .newline && kind != .semicolon { lastSignificantRange = previousRange }
        if aheadHead < aheadEnd {
            cur = ahead[aheadHead]
            aheadHead += 1
            if aheadHead == aheadEnd {
                aheadHead = 0
                aheadEnd = 0
            }
        } else {
            cur = lexer.next()
        }
    }

    func text(_ t: Token) -> String { lexer.text(of: t) }

    func isWord(_ w: StaticString) -> Bool { current.kind == .word && lexer.textEquals(current, w) }

    mutating func matchWord(_ w: StaticString) -> Bool {
        if isWord(w) { skip(); return true }
        return false
    }

    mutating func match(_ k: Token.Kind) -> Bool {
        if current.kind == k { skip(); return true }
        return false
    }

    mutating func checkNesting() throws(Failure) {
        if nesting > Parser.maxNesting {
            throw error("nested too deeply: at most \(Parser.maxNesting) levels of brackets, blocks and operators")
        }
    }

    mutating func error(_ message: String, at range: SourceRange? = nil) -> Failure {
        if let range {
            diagnostics.append(Diagnostic(message, at: range))
            return Failure()
        }
        // The lexer has already reported an invalid character; one message is enough.
        if current.kind == .invalid { return Failure() }
        var r = current.range
        // At the end of the file, point just past the last token rather than at an empty line.
        if current.kind == .eof, let last = lastSignificantRange {
            r = last
            r.column += r.length
            r.length = 1
        }
        diagnostics.append(Diagnostic(message, at: r))
        return Failure()
    }

    /// `context` is only built on failure: several callers interpolate names into it.
    mutating func expect(_ k: Token.Kind, _ context: @autoclosure () -> String) throws(Failure) -> Token {
        if current.kind == k { return advance() }
        throw error("expected \(k.display) \(context()), found \(lexer.display(current))")
    }

    mutating func expectWord(_ w: StaticString, _ context: @autoclosure () -> String) throws(Failure) {
        if matchWord(w) { return }
        throw error("expected '\(w)' \(context()), found \(lexer.display(current))")
    }

    mutating func skipNewlines() {
        while current.kind == .newline || current.kind == .semicolon { skip() }
    }

    /// Panic mode: skip to the end of the statement, stepping over any brackets opened on the way,
    /// but stop before a '}' that closes the enclosing block.
    mutating func synchronize() {
        var depth = 0
        while current.kind != .eof {
            switch current.kind {
            case .lparen, .lbracket, .lbrace: depth += 1
            case .rparen, .rbracket: if depth > 0 { depth -= 1 }
            case .rbrace:
                if depth == 0 { return }
                depth -= 1
            case .newline, .semicolon:
                if depth == 0 { return }
            default: break
            }
            skip()
        }
    }

    // MARK: - Program and blocks

    public mutating func parseProgram() -> Program {
        var statements: [Stmt] = []
        skipNewlines()
        while current.kind != .eof {
            if current.kind == .rbrace {
                diagnostics.append(Diagnostic("unexpected '}' with no open block", at: current.range))
                skip()
            } else if let s = parseStatementRecovering() {
                statements.append(s)
            }
            skipNewlines()
        }
        // Lexer and parser errors are collected apart; people read them in source order.
        let ordered = allDiagnostics.enumerated().sorted { a, b in
            let x = a.element.range, y = b.element.range
            if x.line != y.line { return x.line < y.line }
            if x.column != y.column { return x.column < y.column }
            return a.offset < b.offset
        }.map(\.element)
        return Program(statements: statements, diagnostics: ordered, file: file, containsSource: sawSource)
    }

    mutating func parseStatementRecovering() -> Stmt? {
        do {
            let s = try parseStatement()
            if !current.isEndOfStatement && current.kind != .rbrace {
                throw error("expected end of line after the statement, found \(lexer.display(current))")
            }
            return s
        } catch {
            synchronize()
            return nil
        }
    }

    /// `{ statements }`; `owner` names the construct for "expected '}' to close the 'for' at line 3".
    mutating func parseBlock(owner: String, ownerRange: SourceRange) throws(Failure) -> Block {
        nesting += 1
        defer { nesting -= 1 }
        try checkNesting()
        let open = current
        guard current.kind == .lbrace else {
            throw error("expected '{' to start the body of the '\(owner)', found \(lexer.display(current))")
        }
        skip()
        var statements: [Stmt] = []
        skipNewlines()
        while current.kind != .rbrace {
            if current.kind == .eof {
                throw error("expected '}' to close the '\(owner)' at line \(ownerRange.line)")
            }
            if let s = parseStatementRecovering() { statements.append(s) }
            skipNewlines()
        }
        skip()
        return Block(statements: statements, range: open.range)
    }
}
