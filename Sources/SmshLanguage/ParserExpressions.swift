import SourceText
extension Parser {
    // expr := or ;  or := and ('or' and)* ;  and := not ('and' not)* ;  not := 'not' not | cmp
    // cmp := range (CMPOP range)? ;  range := add ('..' add)? ;  add := mul (('+'|'-') mul)*
    // mul := unary (('*'|'/'|'%') unary)* ;  unary := '-' unary | postfix
    // postfix := primary ('.' FIELD | '[' expr ']')*     (no space before '[')
    // The binary levels are parsed by precedence climbing: one loop instead of a call per level,
    // which matters for `smsh check` speed on large files.
    mutating func parseExpr(noRecord: Bool = false) throws(Failure) -> Expr {
        let saved = forbidRecord
        forbidRecord = noRecord
        defer { forbidRecord = saved }
        return try parseBinary(1)
    }

    var forbidRecord: Bool {
        get { parserFlags.forbidRecord }
        set { parserFlags.forbidRecord = newValue }
    }

    static let notLevel = 3, comparisonLevel = 4, rangeLevel = 5

    /// The binary operator at the current token and its level (higher binds tighter).
    func binaryOperator() -> (BinaryOp?, Int)? {
        switch current.kind {
        case .eq: return (.eq, Parser.comparisonLevel)
        case .ne: return (.ne, Parser.comparisonLevel)
        case .lt: return (.lt, Parser.comparisonLevel)
        case .le: return (.le, Parser.comparisonLevel)
        case .gt: return (.gt, Parser.comparisonLevel)
        case .ge: return (.ge, Parser.comparisonLevel)
        case .dotdot: return (nil, Parser.rangeLevel)
        case .plus: return (.add, 6)
        case .minus: return (.sub, 6)
        case .star: return (.mul, 7)
        case .slash: return (.div, 7)
        case .percent: return (.mod, 7)
        case .word:
            if lexer.textEquals(current, "or") { return (.or, 1) }
            if lexer.textEquals(current, "and") { return (.and, 2) }
            return nil
        default: return nil
        }
    }

    mutating func parseBinary(_ minLevel: Int) throws(Failure) -> Expr {
        // Every bracket and `not` comes back through here.
        nesting += 1
        defer { nesting -= 1 }
        try checkNesting()
        var left: Expr
        if minLevel <= Parser.notLevel, isWord("not") {
            let r = advance().range
            left = .unary(.not, try parseBinary(Parser.notLevel), r)
        } else {
            left = try parseUnary()
        }
        // Comparisons and ranges do not chain: `a == b == c` is an error, as before.
        var usedComparison = false, usedRange = false
        while true {
            if current.kind == .assign, minLevel <= Parser.comparisonLevel {
                throw error("'=' assigns only in let/set; compare with '=='")
            }
            guard let (op, level) = binaryOperator(), level >= minLevel else { return left }
            if level == Parser.comparisonLevel {
                if usedComparison { return left }
                usedComparison = true
            }
            if level == Parser.rangeLevel {
                if usedRange { return left }
                usedRange = true
            }
            let r = advance().range
            skipNewlinesIfNested()
            let right = try parseBinary(level + 1)
            if let op {
                left = .binary(op, left, right, r)
            } else {
                left = .range(left, right, r)
            }
        }
    }

    mutating func parseUnary() throws(Failure) -> Expr {
        if current.kind == .minus {
            nesting += 1
            defer { nesting -= 1 }
            try checkNesting()
            let r = advance().range
            return .unary(.negate, try parseUnary(), r)
        }
        return try parsePostfix()
    }

    mutating func parsePostfix() throws(Failure) -> Expr {
        var e = try parsePrimary()
        while true {
            if current.kind == .dot, !current.spaceBefore {
                skip()
                let f = try expect(.word, "after '.' (a field name)")
                e = .field(e, text(f), e.range.through(f.range))
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
        case .variable: advance(); return .variable(text(t), t.range)
        case .word:
            skip()
            if current.kind == .lparen, !current.spaceBefore { return try parseCallArguments(name: t) }
            // By bytes: most words here are plain text, and only they need a String.
            if t.length <= 5 {
                if lexer.textEquals(t, "true") { return .bool(true, t.range) }
                if lexer.textEquals(t, "false") { return .bool(false, t.range) }
                if lexer.textEquals(t, "null") { return .null(t.range) }
                if lexer.textEquals(t, "and") || lexer.textEquals(t, "or") || lexer.textEquals(t, "not") {
                    throw error("'\(text(t))' needs a value on each side", at: t.range)
                }
            }
            return .word(text(t), t.range)
        case .lparen:
            skip()
            let saved = parserFlags
            parserFlags = ParserFlags(nested: true, forbidRecord: false)
            defer { parserFlags = saved }
            skipNewlinesInside()
            let inner: Expr
            if current.kind == .word, lexer.keyword(current) == .for {
                let r = current.range
                inner = .loop(try parseForLoop(collects: true), r)
            } else if let c = try parseCommandIfPresent() { inner = c } else { inner = try parseExpr() }
            skipNewlinesInside()
            if current.kind != .rparen { throw error("expected ')' to close the '(' at line \(t.range.line), found \(lexer.display(current))") }
            skip()
            return inner
        case .lbracket: return try parseList()
        case .lbrace:
            // In an if/for/while head a '{' opens the body, unless it plainly starts a record.
            if forbidRecord, !(peek().kind == .word || peek().kind == .string || peek().kind == .number) || peek(2).kind != .colon {
                throw error("expected a value before '{' (put a record in parentheses here)")
            }
            return try parseRecord()
        case .eof, .newline, .semicolon: throw error("expected a value, found \(lexer.display(t))")
        default: throw error("expected a value, found \(lexer.display(t))")
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
                // exists(NAME in REGION): the Region is its second argument.
                if args.count == 1, lexer.textEquals(name, "exists"), matchWord("in") {
                    args.append(try requireArg("a Region", after: "in"))
                    skipNewlinesInside()
                }
            } while match(.comma)
        }
        if current.kind != .rparen { throw error("expected ')' to close the '(' of '\(text(name))(' at line \(open.range.line), found \(lexer.display(current))") }
        let close = advance()
        return .call(text(name), args, name.range.through(close.range))
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
        if current.kind != .rbracket { throw error("expected ',' or ']' to close the '[' at line \(open.range.line), found \(lexer.display(current))") }
        skip()
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
            if k.kind == .word || k.kind == .number { key = text(k) } else if k.kind == .string, let s = plainText(k) { key = s } else {
                throw error("expected a field name in the record, found \(lexer.display(k))")
            }
            skip()
            _ = try expect(.colon, "after the field name '\(key)'")
            skipNewlinesInside()
            fields.append((key, try parseExpr()))
            skipNewlinesInside()
            if !match(.comma) { break }
            skipNewlinesInside()
        }
        if current.kind != .rbrace { throw error("expected ',' or '}' to close the '{' at line \(open.range.line), found \(lexer.display(current))") }
        skip()
        return .record(fields, open.range)
    }

    func plainText(_ t: Token) -> String? {
        t.pieces < 0 ? text(t) : nil
    }

    mutating func skipNewlinesIfNested() {
        if parserFlags.nested { skipNewlinesInside() }
    }

    /// Turns a string token's pieces into segments; `$x.A[0]` and `${...}` are parsed here.
    mutating func stringExpr(_ t: Token) throws(Failure) -> Expr {
        if t.pieces < 0 { return .quoted(text(t), t.range) }
        let pieces = lexer.takePieces(of: t)
        var segments: [StringSegment] = []
        segments.reserveCapacity(pieces.count)
        for piece in pieces {
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
    mutating func parseEmbedded(_ code: Range<Int>, file f: Int32, line: Int32, column: Int32, braced: Bool) -> Expr? {
        if !braced, let name = plainVariable(code) {
            return .variable(name, SourceRange(file: Int(f), line: Int(line), column: Int(column), length: code.count))
        }
        let lexer = Lexer(bytes: self.lexer.source, file: Int(f), line: Int(line), column: Int(column), range: code)
        var sub = Parser(lexer: lexer, file: Int(f), files: files)
        // A string inside `${ }` inside a string nests like a bracket.
        sub.nesting = nesting + 1
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
            if sub.current.kind != .eof { throw sub.error("unexpected \(sub.lexer.display(sub.current)) inside '${ }'") }
            if case .word(let w, let r) = e, !braced { e = .word(w, r) }
            result = e
        } catch {
            result = nil
        }
        diagnostics += sub.allDiagnostics
        return result
    }
}

extension Parser {
    /// The name in `"...$name..."` when that is all the code is: the tree a parser would build
    /// for it, without starting one (a string's `$x` is the most common interpolation). Nil when
    /// a parser is needed, including near the nesting limit, whose error it reports.
    func plainVariable(_ code: Range<Int>) -> String? {
        let bytes = lexer.source
        guard code.count >= 2, code.lowerBound >= 0, code.upperBound <= bytes.count,
              bytes[code.lowerBound] == UInt8(ascii: "$"), Lexer.isIdentStart(bytes[code.lowerBound + 1]),
              nesting + 2 <= Parser.maxNesting else { return nil }
        for i in code.lowerBound + 2..<code.upperBound where !Lexer.isIdentByte(bytes[i]) { return nil }
        return lexer.text(of: code.lowerBound + 1..<code.upperBound)
    }
}

struct ParserFlags {
    /// Inside (), [] or a record: newlines do not end anything.
    var nested = false
    /// In an `if`/`while`/`for` head, where `{` starts the body rather than a record.
    var forbidRecord = false
}
