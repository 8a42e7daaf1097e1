/// Recursive-descent parser with panic-mode recovery: a syntax error is recorded, the rest of the
/// statement is skipped, and parsing goes on, so one run reports every error in the file.
public struct Parser {
    struct Failure: Error {}

    var tokens: [Token]
    var pos = 0
    var parserFlags = ParserFlags()
    let files: SourceFiles?
    let file: Int
    public internal(set) var diagnostics: [Diagnostic] = []

    public init(tokens: [Token], file: Int, files: SourceFiles? = nil, lexDiagnostics: [Diagnostic] = []) {
        self.tokens = tokens
        self.file = file
        self.files = files
        self.diagnostics = lexDiagnostics
    }

    /// Lexes and parses a whole text registered in `files`.
    public static func parse(_ text: String, path: String, files: SourceFiles) -> Program {
        let id = files.add(path: path, text: text)
        var lexer = Lexer(bytes: Array(text.utf8), file: id)
        lexer.run()
        var p = Parser(tokens: lexer.tokens, file: id, files: files, lexDiagnostics: lexer.diagnostics)
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

    var current: Token { tokens[pos] }
    func peek(_ n: Int = 1) -> Token { tokens[min(pos + n, tokens.count - 1)] }

    @discardableResult
    mutating func advance() -> Token {
        let t = tokens[pos]
        if pos < tokens.count - 1 { pos += 1 }
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
        if current.kind == .eof, let last = tokens[..<pos].last(where: { $0.kind != .newline && $0.kind != .semicolon }) {
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
        // Lexer errors come first in the list; people read them in source order.
        let ordered = diagnostics.enumerated().sorted { a, b in
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
