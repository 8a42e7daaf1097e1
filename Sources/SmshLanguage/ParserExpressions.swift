extension Parser {
    // expr := or ;  or := and ('or' and)* ;  and := not ('and' not)* ;  not := 'not' not | cmp
    // cmp := range (CMPOP range)? ;  range := add ('..' add)? ;  add := mul (('+'|'-') mul)*
    // mul := unary (('*'|'/'|'%') unary)* ;  unary := '-' unary | postfix
    // postfix := primary ('.' FIELD | '[' expr ']')*     (no space before '[')
    mutating func parseExpr(noRecord: Bool = false) throws(Failure) -> Expr {
        let saved = forbidRecord
        forbidRecord = noRecord
        defer { forbidRecord = saved }
        return try parseOr()
    }

    var forbidRecord: Bool {
        get { parserFlags.forbidRecord }
        set { parserFlags.forbidRecord = newValue }
    }

    mutating func parseOr() throws(Failure) -> Expr {
        var left = try parseAnd()
        while isWord("or") {
            let r = advance().range
            skipNewlinesIfNested()
            left = .binary(.or, left, try parseAnd(), r)
        }
        return left
    }

    mutating func parseAnd() throws(Failure) -> Expr {
        var left = try parseNot()
        while isWord("and") {
            let r = advance().range
            skipNewlinesIfNested()
            left = .binary(.and, left, try parseNot(), r)
        }
        return left
    }

    mutating func parseNot() throws(Failure) -> Expr {
        if isWord("not") {
            let r = advance().range
            return .unary(.not, try parseNot(), r)
        }
        return try parseComparison()
    }

    mutating func parseComparison() throws(Failure) -> Expr {
        let left = try parseRange()
        let op: BinaryOp
        switch current.kind {
        case .eq: op = .eq
        case .ne: op = .ne
        case .lt: op = .lt
        case .le: op = .le
        case .gt: op = .gt
        case .ge: op = .ge
        case .assign: throw error("'=' assigns only in let/set; compare with '=='")
        default: return left
        }
        let r = advance().range
        skipNewlinesIfNested()
        return .binary(op, left, try parseRange(), r)
    }

    mutating func parseRange() throws(Failure) -> Expr {
        let left = try parseAdditive()
        if current.kind == .dotdot {
            let r = advance().range
            return .range(left, try parseAdditive(), r)
        }
        return left
    }

    mutating func parseAdditive() throws(Failure) -> Expr {
        var left = try parseMultiplicative()
        while current.kind == .plus || current.kind == .minus {
            let t = advance()
            skipNewlinesIfNested()
            left = .binary(t.kind == .plus ? .add : .sub, left, try parseMultiplicative(), t.range)
        }
        return left
    }

    mutating func parseMultiplicative() throws(Failure) -> Expr {
        var left = try parseUnary()
        while current.kind == .star || current.kind == .slash || current.kind == .percent {
            let t = advance()
            let op: BinaryOp = t.kind == .star ? .mul : (t.kind == .slash ? .div : .mod)
            skipNewlinesIfNested()
            left = .binary(op, left, try parseUnary(), t.range)
        }
        return left
    }

    mutating func parseUnary() throws(Failure) -> Expr {
        if current.kind == .minus {
            let r = advance().range
            return .unary(.negate, try parseUnary(), r)
        }
        return try parsePostfix()
    }

    mutating func parsePostfix() throws(Failure) -> Expr {
        var e = try parsePrimary()
        while true {
            if current.kind == .dot, !current.spaceBefore {
                advance()
                let f = try expect(.word, "after '.' (a field name)")
                e = .field(e, f.text, e.range.through(f.range))
            } else if current.kind == .lbracket, !current.spaceBefore {
                let open = advance()
                skipNewlinesInside()
                let index = try parseExpr()
                skipNewlinesInside()
                if current.kind != .rbracket { throw error("expected ']' to close the '[' at line \(open.range.line)") }
                let close = advance()
                e = .index(e, index, e.range.through(close.range))
            } else {
                return e
            }
        }
    }

    mutating func parsePrimary() throws(Failure) -> Expr {
        let t = current
        switch t.kind {
        case .number: advance(); return .number(t.number, t.range)
        case .duration: advance(); return .duration(t.number, t.range)
        case .string: advance(); return try stringExpr(t)
        case .variable: advance(); return .variable(t.text, t.range)
        case .word:
            advance()
            if current.kind == .lparen, !current.spaceBefore { return try parseCallArguments(name: t) }
            switch t.text {
            case "true": return .bool(true, t.range)
            case "false": return .bool(false, t.range)
            case "null": return .null(t.range)
            case "and", "or", "not": throw error("'\(t.text)' needs a value on each side", at: t.range)
            default: return .word(t.text, t.range)
            }
        case .lparen:
            advance()
            let saved = parserFlags
            parserFlags = ParserFlags(nested: true, forbidRecord: false)
            defer { parserFlags = saved }
            skipNewlinesInside()
            let inner: Expr
            if let c = try parseCommandIfPresent() { inner = c } else { inner = try parseExpr() }
            skipNewlinesInside()
            if current.kind != .rparen { throw error("expected ')' to close the '(' at line \(t.range.line), found \(current.display)") }
            advance()
            return inner
        case .lbracket: return try parseList()
        case .lbrace:
            // In an if/for/while head a '{' opens the body, unless it plainly starts a record.
            if forbidRecord, !(peek().kind == .word || peek().kind == .string || peek().kind == .number) || peek(2).kind != .colon {
                throw error("expected a value before '{' (put a record in parentheses here)")
            }
            return try parseRecord()
        case .eof, .newline, .semicolon: throw error("expected a value, found \(t.display)")
        default: throw error("expected a value, found \(t.display)")
        }
    }

    mutating func parseCallArguments(name: Token) throws(Failure) -> Expr {
        let open = advance()
        let saved = parserFlags
        parserFlags = ParserFlags(nested: true, forbidRecord: false)
        defer { parserFlags = saved }
        var args: [Expr] = []
        skipNewlinesInside()
        if current.kind != .rparen {
            repeat {
                skipNewlinesInside()
                if let c = try parseCommandIfPresent() { args.append(c) } else { args.append(try parseExpr()) }
                skipNewlinesInside()
            } while match(.comma)
        }
        if current.kind != .rparen { throw error("expected ')' to close the '(' of '\(name.text)(' at line \(open.range.line), found \(current.display)") }
        let close = advance()
        return .call(name.text, args, name.range.through(close.range))
    }

    mutating func parseList() throws(Failure) -> Expr {
        let open = advance()
        let saved = parserFlags
        parserFlags = ParserFlags(nested: true, forbidRecord: false)
        defer { parserFlags = saved }
        var items: [Expr] = []
        skipNewlinesInside()
        while current.kind != .rbracket {
            if current.kind == .eof { throw error("expected ']' to close the '[' at line \(open.range.line)") }
            items.append(try parseExpr())
            skipNewlinesInside()
            if !match(.comma) { break }
            skipNewlinesInside()
        }
        if current.kind != .rbracket { throw error("expected ',' or ']' to close the '[' at line \(open.range.line), found \(current.display)") }
        advance()
        return .list(items, open.range)
    }

    // record := '{' (KEY ':' expr (',' KEY ':' expr)*)? '}'   KEY is a word or a string
    mutating func parseRecord() throws(Failure) -> Expr {
        let open = advance()
        let saved = parserFlags
        parserFlags = ParserFlags(nested: true, forbidRecord: false)
        defer { parserFlags = saved }
        var fields: [(String, Expr)] = []
        skipNewlinesInside()
        while current.kind != .rbrace {
            if current.kind == .eof { throw error("expected '}' to close the '{' at line \(open.range.line)") }
            let k = current
            let key: String
            if k.kind == .word || k.kind == .number { key = k.text } else if k.kind == .string, let s = Parser.plainText(k) { key = s } else {
                throw error("expected a field name in the record, found \(k.display)")
            }
            advance()
            _ = try expect(.colon, "after the field name '\(key)'")
            skipNewlinesInside()
            fields.append((key, try parseExpr()))
            skipNewlinesInside()
            if !match(.comma) { break }
            skipNewlinesInside()
        }
        if current.kind != .rbrace { throw error("expected ',' or '}' to close the '{' at line \(open.range.line), found \(current.display)") }
        advance()
        return .record(fields, open.range)
    }

    static func plainText(_ t: Token) -> String? {
        if t.parts.isEmpty { return "" }
        if t.parts.count == 1, case .text(let s) = t.parts[0] { return s }
        return nil
    }

    mutating func skipNewlinesIfNested() {
        if parserFlags.nested { skipNewlinesInside() }
    }

    /// Turns a string token's pieces into segments; `$x.A[0]` and `${...}` are parsed here.
    mutating func stringExpr(_ t: Token) throws(Failure) -> Expr {
        var segments: [StringSegment] = []
        for piece in t.parts {
            switch piece {
            case .text(let s): segments.append(.text(s))
            case .code(let code, let f, let line, let column, let braced):
                guard let e = parseEmbedded(code, file: f, line: line, column: column, braced: braced) else { throw Failure() }
                segments.append(.expr(e))
            }
        }
        return .string(segments, t.range)
    }

    /// Parses the code inside a string on its own token stream, reporting errors at their real
    /// positions; a command may stand bare inside `${ }`.
    mutating func parseEmbedded(_ code: String, file f: Int32, line: Int32, column: Int32, braced: Bool) -> Expr? {
        let lexer = Lexer(bytes: Array(code.utf8), file: Int(f), line: Int(line), column: Int(column))
        var sub = Parser(lexer: lexer, file: Int(f), files: files)
        sub.parserFlags = ParserFlags(nested: true, forbidRecord: false)
        let result: Expr?
        do {
            sub.skipNewlinesInside()
            if sub.current.kind == .eof {
                throw sub.error(braced ? "'${}' needs an expression inside" : "expected a variable")
            }
            var e: Expr
            if let c = try sub.parseCommandIfPresent() { e = c } else { e = try sub.parseExpr() }
            sub.skipNewlinesInside()
            if sub.current.kind != .eof { throw sub.error("unexpected \(sub.current.display) inside '${ }'") }
            if case .word(let w, let r) = e, !braced { e = .word(w, r) }
            result = e
        } catch {
            result = nil
        }
        diagnostics += sub.allDiagnostics
        return result
    }
}

struct ParserFlags {
    /// Inside (), [] or a record: newlines do not end anything.
    var nested = false
    /// In an `if`/`while`/`for` head, where `{` starts the body rather than a record.
    var forbidRecord = false
}
