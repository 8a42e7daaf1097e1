extension Parser {
    // statement := let | set | print | if | for | while | repeat | break | continue | def | return
    //            | try | fail | assert | sleep | exit | source | use | COMMAND | NAME(ARGS)
    mutating func parseStatement() throws(Failure) -> Stmt {
        let t = current
        guard t.kind == .word else {
            if t.kind == .variable {
                throw error("a statement cannot start with '$\(t.text)'; did you mean 'set \(t.text) = ...'?")
            }
            throw error("expected a statement, found \(t.display)")
        }
        let r = t.range
        if peek().kind == .lparen, !peek().spaceBefore {
            let e = try parsePostfix()
            return .expression(e, r)
        }
        switch t.text {
        case "let", "set":
            advance()
            let name = try parseVarName(after: t.text)
            _ = try expect(.assign, "after '\(t.text) \(name)'")
            let value = try parseValueOrCommand()
            return t.text == "let" ? .letVar(name, value, r) : .setVar(name, value, r)
        case "print":
            advance()
            if current.isEndOfStatement { return .print([], r) }
            if let c = try parseCommandIfPresent() { return .print([c], r) }
            var items = [try parseExpr()]
            while match(.comma) { items.append(try parseExpr()) }
            return .print(items, r)
        case "if": return try parseIf()
        case "for":
            advance()
            let name = try parseVarName(after: "for")
            try expectWord("in", "after 'for \(name)'")
            let seq = try parseExpr(noRecord: true)
            let body = try parseBlock(owner: "for", ownerRange: r)
            return .forIn(name, seq, body, r)
        case "while":
            advance()
            let cond = try parseExpr(noRecord: true)
            return .whileLoop(cond, try parseBlock(owner: "while", ownerRange: r), r)
        case "repeat":
            advance()
            let n = try parseExpr(noRecord: true)
            return .repeatLoop(n, try parseBlock(owner: "repeat", ownerRange: r), r)
        case "break": advance(); return .breakLoop(r)
        case "continue": advance(); return .continueLoop(r)
        case "def": return try parseDef()
        case "return":
            advance()
            if current.isEndOfStatement || current.kind == .rbrace { return .returnValue(nil, r) }
            return .returnValue(try parseValueOrCommand(), r)
        case "try":
            advance()
            let body = try parseBlock(owner: "try", ownerRange: r)
            skipNewlinesBefore("catch")
            guard isWord("catch") else { throw error("expected 'catch NAME { ... }' after the 'try' block at line \(r.line)") }
            let catchTok = advance()
            let name = try parseVarName(after: "catch")
            let handler = try parseBlock(owner: "catch", ownerRange: catchTok.range)
            return .tryCatch(body, name, handler, r)
        case "fail":
            advance()
            if current.isEndOfStatement { throw error("'fail' needs a message: fail \"what went wrong\"") }
            return .fail(try parseExpr(), r)
        case "assert":
            advance()
            let first = current.range
            let cond = try parseExpr()
            let span = first.through(previous.range)
            var message: Expr?
            if match(.comma) { message = try parseExpr() }
            return .assert(cond, message, r, conditionSpan: span)
        case "sleep":
            advance()
            if current.isEndOfStatement { throw error("'sleep' needs a duration, such as 'sleep 500ms'") }
            return .sleep(try parseExpr(), r)
        case "exit":
            advance()
            if current.isEndOfStatement || current.kind == .rbrace { return .exit(nil, r) }
            return .exit(try parseExpr(), r)
        case "source":
            advance()
            if current.isEndOfStatement { throw error("'source' needs a file name: source \"other.smsh\"") }
            return .source(try parseArg(nameLike: true), r)
        case "use": return try parseUse()
        default:
            if Command.names.contains(t.text) {
                let c = try parseCommand()
                return .command(c, r)
            }
            if ["else", "catch"].contains(t.text) {
                throw error("'\(t.text)' without a matching '\(t.text == "else" ? "if" : "try")'")
            }
            var message = "unknown statement or command '\(t.text)'"
            if let s = Parser.suggestion(for: t.text) { message += "; did you mean '\(s)'?" }
            throw error(message)
        }
    }

    static let statementWords = ["let", "set", "print", "if", "for", "while", "repeat", "break", "continue",
                                 "def", "return", "try", "fail", "assert", "sleep", "exit", "source", "use"]

    static func suggestion(for word: String) -> String? {
        var best: (String, Int)?
        for candidate in statementWords + Command.names.sorted() {
            let d = editDistance(word.lowercased(), candidate)
            if d <= 2, d < (best?.1 ?? Int.max) { best = (candidate, d) }
        }
        return best?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8), b = Array(b.utf8)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }

    /// A variable name in a binding position: `let x`, `for r in`, `catch e` (a `$` is tolerated).
    mutating func parseVarName(after keyword: String) throws(Failure) -> String {
        let t = current
        if t.kind == .variable { advance(); return t.text }
        if t.kind == .word, Parser.isIdentifier(t.text) { advance(); return t.text }
        throw error("expected a variable name after '\(keyword)', found \(t.display)")
    }

    static func isIdentifier(_ s: String) -> Bool {
        guard let f = s.utf8.first, Lexer.isIdentStart(f) else { return false }
        return s.utf8.allSatisfy(Lexer.isIdentByte)
    }

    mutating func skipNewlinesBefore(_ word: String) {
        var n = 0
        while peek(n).kind == .newline { n += 1 }
        let t = peek(n)
        if t.kind == .word, t.text == word {
            for _ in 0..<n { advance() }
        }
    }

    // if EXPR { ... } else if EXPR { ... } else { ... }
    mutating func parseIf() throws(Failure) -> Stmt {
        let r = advance().range
        var branches: [(Expr, Block)] = []
        let cond = try parseExpr(noRecord: true)
        branches.append((cond, try parseBlock(owner: "if", ownerRange: r)))
        var elseBlock: Block?
        while true {
            skipNewlinesBefore("else")
            guard isWord("else") else { break }
            let elseTok = advance()
            if isWord("if") {
                let ifTok = advance()
                let c = try parseExpr(noRecord: true)
                branches.append((c, try parseBlock(owner: "if", ownerRange: ifTok.range)))
            } else {
                elseBlock = try parseBlock(owner: "else", ownerRange: elseTok.range)
                break
            }
        }
        return .ifElse(branches, elseBlock, r)
    }

    // def NAME(a, b) { ... }
    mutating func parseDef() throws(Failure) -> Stmt {
        let r = advance().range
        guard current.kind == .word, Parser.isIdentifier(current.text) else {
            throw error("expected a procedure name after 'def', found \(current.display)")
        }
        let name = advance().text
        let open = try expect(.lparen, "after 'def \(name)' (parameters, even if none: def \(name)() { ... })")
        var params: [String] = []
        skipNewlinesInside()
        if current.kind != .rparen {
            repeat {
                skipNewlinesInside()
                let p = try parseVarName(after: "'(' or ','")
                if params.contains(p) { throw error("parameter '\(p)' appears twice in 'def \(name)'") }
                params.append(p)
                skipNewlinesInside()
            } while match(.comma)
        }
        if current.kind != .rparen { throw error("expected ')' to close the '(' at line \(open.range.line)") }
        advance()
        return .def(name, params, try parseBlock(owner: "def", ownerRange: r), r)
    }

    mutating func skipNewlinesInside() {
        while current.kind == .newline { advance() }
    }

    // use region R | profile P | endpoint URL | backend local|aws | output table|json|text | reveal on|off
    mutating func parseUse() throws(Failure) -> Stmt {
        let r = advance().range
        guard current.kind == .word, let setting = UseSetting(rawValue: current.text) else {
            throw error("expected what to use: region, profile, endpoint, backend, output or reveal; found \(current.display)")
        }
        advance()
        if current.isEndOfStatement { throw error("'use \(setting.rawValue)' needs a value") }
        let value = try parseArg(nameLike: true)
        return .use(setting, value, r)
    }

    /// The right side of let/set/return: a command, or an expression.
    mutating func parseValueOrCommand() throws(Failure) -> Expr {
        if current.isEndOfStatement { throw error("expected a value, found \(current.display)") }
        if let c = try parseCommandIfPresent() { return c }
        return try parseExpr()
    }

    /// A command word where a value is wanted starts a command unless it is called (`list(...)`)
    /// or used as a plain word in an expression (`status == x`).
    mutating func parseCommandIfPresent() throws(Failure) -> Expr? {
        let t = current
        guard t.kind == .word, Command.names.contains(t.text) else { return nil }
        let next = peek()
        if next.kind == .lparen, !next.spaceBefore { return nil }
        switch next.kind {
        case .eq, .ne, .lt, .le, .gt, .ge, .plus, .star, .slash, .percent, .comma, .dotdot: return nil
        case .word where next.text == "and" || next.text == "or": return nil
        default: break
        }
        let c = try parseCommand()
        return .command(c, t.range)
    }
}
