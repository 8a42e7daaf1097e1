import SecretsCore

/// The tree of a compiled expression.
indirect enum Node: Sendable {
    case identity
    case field(String)
    case literal(JSONValue)
    /// Each child applied to the previous one's result (`a.b`, `a[0]`).
    case chain([Node])
    /// The same evaluation as `chain`, kept apart because the grammar extends the two differently.
    case indexExpression([Node])
    case index(Int)
    case slice(Int?, Int?, Int?)
    /// `left` must give an array; `right` is applied to each element, nulls dropped.
    case projection(Node, Node)
    /// `left.*`: `right` applied to each value of an object.
    case valueProjection(Node, Node)
    case filterProjection(Node, Node, condition: Node)
    case flatten(Node)
    case pipe(Node, Node)
    case or(Node, Node)
    case and(Node, Node)
    case not(Node)
    case comparison(TokenKind, Node, Node)
    case multiSelectList([Node])
    case multiSelectHash([(String, Node)])
    case function(String, [Node], offset: Int)
    case expref(Node)
}

/// A top-down operator precedence parser with the reference implementation's binding powers, so
/// that an expression means what it means to the aws CLI.
struct Parser {
    private let tokens: [Token]
    private var index = 0
    private static let projectionStop = 10

    private init(tokens: [Token]) { self.tokens = tokens }

    static func parse(_ text: String) throws(JMESPathError) -> Node {
        var parser = Parser(tokens: try Lexer.tokenize(text))
        let node = try parser.expression(0)
        let t = parser.token
        guard t.kind == .eof else { throw JMESPathError(.syntax, "unexpected \(t.kind.name)", at: t.offset) }
        return node
    }

    private var token: Token { tokens[index] }
    private func lookahead(_ n: Int) -> TokenKind { tokens[min(index + n, tokens.count - 1)].kind }
    private mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    private func unexpected(_ t: Token, expecting: String? = nil) -> JMESPathError {
        if t.kind == .eof {
            return JMESPathError(.syntax, "incomplete expression" + (expecting.map { ": expected \($0)" } ?? ""), at: t.offset)
        }
        return JMESPathError(.syntax, "unexpected \(t.kind.name)" + (expecting.map { ", expected \($0)" } ?? ""), at: t.offset)
    }

    private mutating func match(_ kind: TokenKind) throws(JMESPathError) {
        guard token.kind == kind else { throw unexpected(token, expecting: kind.name) }
        advance()
    }

    private mutating func expression(_ bindingPower: Int) throws(JMESPathError) -> Node {
        let t = token
        advance()
        var left = try nud(t)
        while bindingPower < token.kind.bindingPower {
            let t = token
            advance()
            left = try led(t, left)
        }
        return left
    }

    private mutating func nud(_ t: Token) throws(JMESPathError) -> Node {
        switch t.kind {
        case .literal: return .literal(t.value)
        case .unquotedIdentifier: return .field(t.text)
        case .quotedIdentifier:
            if token.kind == .lparen {
                throw JMESPathError(.syntax, "a quoted identifier cannot name a function", at: t.offset)
            }
            return .field(t.text)
        case .star:
            let right: Node = token.kind == .rbracket ? .identity : try projectionRHS(TokenKind.star.bindingPower)
            return .valueProjection(.identity, right)
        case .filter: return try filter(.identity)
        case .lbrace: return try multiSelectHash()
        case .lparen:
            let inner = try expression(0)
            try match(.rparen)
            return inner
        case .flatten:
            return .projection(.flatten(.identity), try projectionRHS(TokenKind.flatten.bindingPower))
        case .not: return .not(try expression(TokenKind.not.bindingPower))
        case .lbracket:
            if token.kind == .number || token.kind == .colon {
                let right = try indexExpression()
                return try projectIfSlice(.identity, right)
            }
            if token.kind == .star, lookahead(1) == .rbracket {
                advance()
                advance()
                return .projection(.identity, try projectionRHS(TokenKind.star.bindingPower))
            }
            return try multiSelectList()
        case .current: return .identity
        case .expref: return .expref(try expression(0))
        default: throw unexpected(t)
        }
    }

    private mutating func led(_ t: Token, _ left: Node) throws(JMESPathError) -> Node {
        switch t.kind {
        case .dot:
            if token.kind == .star {
                advance()
                return .valueProjection(left, try projectionRHS(TokenKind.dot.bindingPower))
            }
            let right = try dotRHS(TokenKind.dot.bindingPower)
            if case .chain(let children) = left { return .chain(children + [right]) }
            return .chain([left, right])
        case .pipe: return .pipe(left, try expression(TokenKind.pipe.bindingPower))
        case .or: return .or(left, try expression(TokenKind.or.bindingPower))
        case .and: return .and(left, try expression(TokenKind.and.bindingPower))
        case .lparen:
            guard case .field(let name) = left else {
                throw JMESPathError(.syntax, "only a name can be called as a function", at: t.offset)
            }
            var args: [Node] = []
            while token.kind != .rparen {
                let arg = try expression(0)
                if token.kind == .comma { try match(.comma) }
                args.append(arg)
            }
            try match(.rparen)
            return .function(name, args, offset: t.offset)
        case .filter: return try filter(left)
        case .eq, .ne, .lt, .lte, .gt, .gte:
            return .comparison(t.kind, left, try expression(t.kind.bindingPower))
        case .flatten:
            return .projection(.flatten(left), try projectionRHS(TokenKind.flatten.bindingPower))
        case .lbracket:
            if token.kind == .number || token.kind == .colon {
                let right = try indexExpression()
                if case .indexExpression(let children) = left { return .indexExpression(children + [right]) }
                return try projectIfSlice(left, right)
            }
            try match(.star)
            try match(.rbracket)
            return .projection(left, try projectionRHS(TokenKind.star.bindingPower))
        default: throw unexpected(t)
        }
    }

    private mutating func filter(_ left: Node) throws(JMESPathError) -> Node {
        let condition = try expression(0)
        try match(.rbracket)
        let right: Node = token.kind == .flatten ? .identity : try projectionRHS(TokenKind.filter.bindingPower)
        return .filterProjection(left, right, condition: condition)
    }

    private mutating func projectIfSlice(_ left: Node, _ right: Node) throws(JMESPathError) -> Node {
        let indexed = Node.indexExpression([left, right])
        if case .slice = right { return .projection(indexed, try projectionRHS(TokenKind.star.bindingPower)) }
        return indexed
    }

    private mutating func indexExpression() throws(JMESPathError) -> Node {
        if lookahead(0) == .colon || lookahead(1) == .colon { return try sliceExpression() }
        let n = token.number
        advance()
        try match(.rbracket)
        return .index(n)
    }

    private mutating func sliceExpression() throws(JMESPathError) -> Node {
        var parts: [Int?] = [nil, nil, nil]
        var i = 0
        while token.kind != .rbracket, i < 3 {
            switch token.kind {
            case .colon:
                i += 1
                if i == 3 { throw unexpected(token) }
                advance()
            case .number:
                parts[i] = token.number
                advance()
            default: throw unexpected(token, expecting: "a number, ':' or ']'")
            }
        }
        try match(.rbracket)
        return .slice(parts[0], parts[1], parts[2])
    }

    private mutating func projectionRHS(_ bindingPower: Int) throws(JMESPathError) -> Node {
        switch token.kind {
        case let k where k.bindingPower < Parser.projectionStop: return .identity
        case .lbracket, .filter: return try expression(bindingPower)
        case .dot:
            advance()
            return try dotRHS(bindingPower)
        default: throw unexpected(token)
        }
    }

    private mutating func dotRHS(_ bindingPower: Int) throws(JMESPathError) -> Node {
        switch token.kind {
        case .quotedIdentifier, .unquotedIdentifier, .star: return try expression(bindingPower)
        case .lbracket:
            advance()
            return try multiSelectList()
        case .lbrace:
            advance()
            return try multiSelectHash()
        default: throw unexpected(token, expecting: "an identifier, '[' or '{'")
        }
    }

    private mutating func multiSelectList() throws(JMESPathError) -> Node {
        var items: [Node] = []
        while true {
            items.append(try expression(0))
            if token.kind == .rbracket { break }
            try match(.comma)
        }
        try match(.rbracket)
        return .multiSelectList(items)
    }

    private mutating func multiSelectHash() throws(JMESPathError) -> Node {
        var pairs: [(String, Node)] = []
        while true {
            let key = token
            guard key.kind == .quotedIdentifier || key.kind == .unquotedIdentifier else {
                throw unexpected(key, expecting: "an identifier")
            }
            advance()
            try match(.colon)
            pairs.append((key.text, try expression(0)))
            if token.kind == .comma {
                advance()
            } else if token.kind == .rbrace {
                advance()
                break
            }
        }
        return .multiSelectHash(pairs)
    }
}
