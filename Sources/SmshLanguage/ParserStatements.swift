import SecretsCore
extension Parser {
    // statement := let | set | print | if | for | while | repeat | break | continue | def | return
    //            | try | fail | assert | sleep | exit | source | use | COMMAND | NAME(ARGS)
    mutating func parseStatement() throws(Failure) -> Stmt {
        let t = current
        // `(describe $s).Name` as a statement: the value of a collecting loop's body.
        if t.kind == .lparen { return .expression(try parseExpr(), t.range) }
        guard t.kind == .word else {
            if t.kind == .variable {
                throw error("a statement cannot start with '$\(text(t))'; did you mean 'set \(text(t)) = ...'?")
            }
            throw error("expected a statement, found \(lexer.display(t))")
        }
        let r = t.range
        if isAWSLineStart { return .command(try parseAWSLine(), r) }
        if peek().kind == .lparen, !peek().spaceBefore {
            let e = try parsePostfix()
            return .expression(e, r)
        }
        let keyword = lexer.keyword(t)
        switch keyword {
        case .let?, .set?:
            skip()
            let word = keyword == .let ? "let" : "set"
            let name = try parseVarName(after: word)
            _ = try expect(.assign, "after '\(word) \(name)'")
            let value = try parseValueOrCommand()
            return keyword == .let ? .letVar(name, value, r) : .setVar(name, value, r)
        case .print?:
            skip()
            if current.isEndOfStatement { return .print([], r) }
            if let c = try parseCommandIfPresent() { return .print([c], r) }
            var items = [try parseExpr()]
            while match(.comma) { items.append(try parseExpr()) }
            return .print(items, r)
        case .if?: return try parseIf()
        case .for?:
            let loop = try parseForLoop(collects: false)
            if loop.parallel == nil { return .forIn(loop.name, loop.sequence, loop.body, r) }
            return .expression(.loop(loop, r), r)
        case .while?:
            skip()
            let cond = try parseExpr(noRecord: true)
            return .whileLoop(cond, try parseBlock(owner: "while", ownerRange: r), r)
        case .repeat?:
            skip()
            let n = try parseExpr(noRecord: true)
            return .repeatLoop(n, try parseBlock(owner: "repeat", ownerRange: r), r)
        case .break?: advance(); return .breakLoop(r)
        case .continue?: advance(); return .continueLoop(r)
        case .def?: return try parseDef()
        case .return?:
            skip()
            if current.isEndOfStatement || current.kind == .rbrace { return .returnValue(nil, r) }
            return .returnValue(try parseValueOrCommand(), r)
        case .try?:
            skip()
            let body = try parseBlock(owner: "try", ownerRange: r)
            var clauses: [CatchClause] = []
            while true {
                skipNewlinesBefore("catch")
                guard isWord("catch") else { break }
                let catchTok = advance()
                let name = try parseVarName(after: "catch")
                var condition: Expr?
                if matchWord("if") { condition = try parseExpr(noRecord: true) }
                let handler = try parseBlock(owner: "catch", ownerRange: catchTok.range)
                clauses.append(CatchClause(name: name, condition: condition, body: handler, range: catchTok.range))
            }
            var finally: Block?
            skipNewlinesBefore("finally")
            if isWord("finally") {
                let finallyTok = advance()
                finally = try parseBlock(owner: "finally", ownerRange: finallyTok.range)
            }
            if clauses.isEmpty, finally == nil {
                throw error("expected 'catch NAME { ... }' or 'finally { ... }' after the 'try' block at line \(r.line)")
            }
            return .tryCatch(body, clauses, finally, r)
        case .throw?:
            skip()
            if current.isEndOfStatement || current.kind == .rbrace {
                throw error("'throw' needs an error: throw $e (a caught error), throw {code: \"MyError\", message: \"...\"} or throw \"message\"")
            }
            return .throwError(try parseExpr(), r)
        case .rethrow?:
            skip()
            return .throwError(nil, r)
        case .fail?:
            skip()
            if current.isEndOfStatement { throw error("'fail' needs a message: fail \"what went wrong\"") }
            return .fail(try parseExpr(), r)
        case .assert?:
            skip()
            let first = current.range
            let cond = try parseExpr()
            let span = first.through(previousRange)
            var message: Expr?
            if match(.comma) { message = try parseExpr() }
            return .assert(cond, message, r, conditionSpan: span)
        case .sleep?:
            skip()
            if current.isEndOfStatement { throw error("'sleep' needs a duration, such as 'sleep 500ms'") }
            return .sleep(try parseExpr(), r)
        case .exit?:
            skip()
            if current.isEndOfStatement || current.kind == .rbrace { return .exit(nil, r) }
            return .exit(try parseExpr(), r)
        case .source?:
            sawSource = true
            skip()
            if current.isEndOfStatement { throw error("'source' needs a file name: source \"other.smsh\"") }
            return .source(try parseArg(nameLike: true), r)
        case .use?: return try parseUse()
        default:
            if keyword == .explain, peek().kind == .word, lexer.keyword(peek()) == .for {
                skip()
                var loop = try parseForLoop(collects: false)
                loop.explaining = true
                return .expression(.loop(loop, r), r)
            }
            if let keyword, keyword.isCommand {
                let c = try parseCommand()
                return .command(c, r)
            }
            if keyword == .else || keyword == .catch || keyword == .finally {
                throw error("'\(text(t))' without a matching '\(text(t) == "else" ? "if" : "try")'")
            }
            // Pasted shell `NAME=$(...)`: the lexer's message at the `$(` says how to write it.
            if text(t).hasSuffix("="), peek().kind == .invalid, !peek().spaceBefore { throw Failure() }
            var message = "unknown statement or command '\(text(t))'"
            if let s = Parser.suggestion(for: text(t)) { message += "; did you mean '\(s)'?" }
            throw error(message)
        }
    }

    // for NAME in EXPR [parallel N [keep going]] { ... }
    mutating func parseForLoop(collects: Bool) throws(Failure) -> ForLoop {
        let r = advance().range
        let name = try parseVarName(after: "for")
        try expectWord("in", "after 'for \(name)'")
        let seq = try parseExpr(noRecord: true)
        var parallel: Expr?, keepGoing = false
        if matchWord("parallel") {
            if current.kind == .lbrace { throw error("'parallel' needs how many bodies may run at once: for \(name) in ... parallel 16 { ... }") }
            parallel = try parseExpr(noRecord: true)
            if matchWord("keep") {
                try expectWord("going", "after 'keep' (parallel N keep going)")
                keepGoing = true
            }
        }
        let body = try parseBlock(owner: "for", ownerRange: r)
        return ForLoop(name: name, sequence: seq, body: body, parallel: parallel, keepGoing: keepGoing, collects: collects, explaining: false)
    }

    static func suggestion(for word: String) -> String? {
        Spelling.closest(to: word.lowercased(), among: Keyword.statements + Command.names.sorted(), maxDistance: 2)
    }

    /// A variable name in a binding position: `let x`, `for r in`, `catch e` (a `$` is tolerated).
    mutating func parseVarName(after keyword: String) throws(Failure) -> String {
        let t = current
        if t.kind == .variable { skip(); return text(t) }
        if t.kind == .word, lexer.isIdentifier(t) { skip(); return text(t) }
        throw error("expected a variable name after '\(keyword)', found \(lexer.display(t))")
    }

    mutating func skipNewlinesBefore(_ word: StaticString) {
        var n = 0
        while peek(n).kind == .newline { n += 1 }
        let t = peek(n)
        if t.kind == .word, lexer.textEquals(t, word) {
            for _ in 0..<n { skip() }
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
        guard current.kind == .word, lexer.isIdentifier(current) else {
            throw error("expected a procedure name after 'def', found \(lexer.display(current))")
        }
        let name = text(advance())
        let open = try expect(.lparen, "after 'def \(name)' (parameters, even if none: def \(name)() { ... })")
        var params: [String] = []
        skipNewlinesInside()
        if current.kind != .rparen {
            repeat {
                skipNewlinesInside()
                let p = try parseVarName(after: params.isEmpty ? "(" : ",")
                if params.contains(p) { throw error("parameter '\(p)' appears twice in 'def \(name)'") }
                params.append(p)
                skipNewlinesInside()
            } while match(.comma)
        }
        if current.kind != .rparen { throw error("expected ')' to close the '(' at line \(open.range.line)") }
        skip()
        return .def(name, params, try parseBlock(owner: "def", ownerRange: r), r)
    }

    mutating func skipNewlinesInside() {
        while current.kind == .newline { skip() }
    }

    // use region R | profile P | endpoint URL | backend local|aws | output table|json|text | reveal on|off
    mutating func parseUse() throws(Failure) -> Stmt {
        let r = advance().range
        guard current.kind == .word, let setting = UseSetting(rawValue: text(current)) else {
            throw error("expected what to use: region, profile, endpoint, backend, output, reveal, strict, trace, replication-delay or max-rate; found \(lexer.display(current))")
        }
        skip()
        if current.isEndOfStatement { throw error("'use \(setting.rawValue)' needs a value") }
        // A delay is a duration (10s), not a name-like word.
        let value = try parseArg(nameLike: setting != .replicationDelay)
        return .use(setting, value, r)
    }

    /// The right side of let/set/return: a command, or an expression.
    mutating func parseValueOrCommand() throws(Failure) -> Expr {
        if current.isEndOfStatement { throw error("expected a value, found \(lexer.display(current))") }
        if current.kind == .word, lexer.keyword(current) == .for {
            let r = current.range
            return .loop(try parseForLoop(collects: true), r)
        }
        if let c = try parseCommandIfPresent() { return c }
        return try parseExpr()
    }

    /// A command word where a value is wanted starts a command unless it is called (`list(...)`)
    /// or used as a plain word in an expression (`status == x`).
    mutating func parseCommandIfPresent() throws(Failure) -> Expr? {
        let t = current
        if isAWSLineValue { return .command(try parseAWSLine(), t.range) }
        guard t.kind == .word, lexer.keyword(t)?.isCommand == true else { return nil }
        let next = peek()
        if next.kind == .lparen, !next.spaceBefore { return nil }
        switch next.kind {
        case .eq, .ne, .lt, .le, .gt, .ge, .plus, .star, .slash, .percent, .comma, .dotdot: return nil
        case .word where lexer.textEquals(next, "and") || lexer.textEquals(next, "or"): return nil
        default: break
        }
        let c = try parseCommand()
        return .command(c, t.range)
    }
}
