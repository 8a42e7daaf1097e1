/// Recursive-descent parser with panic-mode recovery: a syntax error is recorded, the rest of the
/// statement is skipped, and parsing goes on, so one run reports every error in the file.
public struct Parser {
    struct Failure: Error {}

    /// Tokens are pulled from the lexer as needed; `buffer[0]` is the current token and the rest
    /// is lookahead (rarely more than two).
    var lexer: Lexer
    var buffer: [Token] = []
    /// The last token consumed, and the last one that was not a line end (for error positions).
    var previous: Token
    var lastSignificant: Token?
    var parserFlags = ParserFlags()
    let files: SourceFiles?
    let file: Int
    public internal(set) var diagnostics: [Diagnostic] = []

    public init(lexer: Lexer, file: Int, files: SourceFiles? = nil) {
        self.lexer = lexer
        self.file = file
        self.files = files
        let first = self.lexer.next()
        buffer = [first]
        previous = first
    }

    /// Every diagnostic so far: the lexer's and the parser's.
    var allDiagnostics: [Diagnostic] { lexer.diagnostics + diagnostics }

    /// Lexes and parses a whole text registered in `files`.
    public static func parse(_ text: String, path: String, files: SourceFiles) -> Program {
        let id = files.add(path: path, text: text)
        var p = Parser(lexer: Lexer(bytes: Array(text.utf8), file: id), file: id, files: files)
        return p.parseProgram()
    }

    /// Whether `text` stops inside a block, bracket, string or after a trailing `\`: the REPL then
    /// reads another line instead of reporting an error.
    public static func isIncomplete(_ text: String) -> Bool {
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

    // MARK: - Token helpers

    var current: Token { buffer[0] }

    mutating func peek(_ n: Int = 1) -> Token {
        while buffer.count <= n {
            if let last = buffer.last, last.kind == .eof { return last }
            buffer.append(lexer.next())
        }
        return buffer[n]
    }

    /// Consumes the current token; the end of the file is never consumed.
    @discardableResult
    mutating func advance() -> Token {
        let t = buffer[0]
        if t.kind == .eof { return t }
        previous = t
        if t.kind != .newline && t.kind != .semicolon { lastSignificant = t }
        buffer.removeFirst()
        if buffer.isEmpty { buffer.append(lexer.next()) }
        return t
    }

    func isWord(_ w: String) -> Bool { current.kind == .word && current.text == w }

    mutating func matchWord(_ w: String) -> Bool {
        if isWord(w) { advance(); return true }
        return false
    }

    mutating func match(_ k: Token.Kind) -> Bool {
        if current.kind == k { advance(); return true }
        return false
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
        if current.kind == .eof, let last = lastSignificant {
            r = last.range
            r.column += r.length
            r.length = 1
        }
        diagnostics.append(Diagnostic(message, at: r))
        return Failure()
    }

    mutating func expect(_ k: Token.Kind, _ context: String) throws(Failure) -> Token {
        if current.kind == k { return advance() }
        throw error("expected \(k.display) \(context), found \(current.display)")
    }

    mutating func expectWord(_ w: String, _ context: String) throws(Failure) {
        if matchWord(w) { return }
        throw error("expected '\(w)' \(context), found \(current.display)")
    }

    mutating func skipNewlines() {
        while current.kind == .newline || current.kind == .semicolon { advance() }
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
            advance()
        }
    }

    // MARK: - Program and blocks

    public mutating func parseProgram() -> Program {
        var statements: [Stmt] = []
        skipNewlines()
        while current.kind != .eof {
            if current.kind == .rbrace {
                diagnostics.append(Diagnostic("unexpected '}' with no open block", at: current.range))
                advance()
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
        return Program(statements: statements, diagnostics: ordered, file: file)
    }

    mutating func parseStatementRecovering() -> Stmt? {
        do {
            let s = try parseStatement()
            if !current.isEndOfStatement && current.kind != .rbrace {
                throw error("expected end of line after the statement, found \(current.display)")
            }
            return s
        } catch {
            synchronize()
            return nil
        }
    }

    /// `{ statements }`; `owner` names the construct for "expected '}' to close the 'for' at line 3".
    mutating func parseBlock(owner: String, ownerRange: SourceRange) throws(Failure) -> Block {
        let open = current
        guard current.kind == .lbrace else {
            throw error("expected '{' to start the body of the '\(owner)', found \(current.display)")
        }
        advance()
        var statements: [Stmt] = []
        skipNewlines()
        while current.kind != .rbrace {
            if current.kind == .eof {
                throw error("expected '}' to close the '\(owner)' at line \(ownerRange.line)")
            }
            if let s = parseStatementRecovering() { statements.append(s) }
            skipNewlines()
        }
        advance()
        return Block(statements: statements, range: open.range)
    }
}
