import AWSCLI
extension Parser {
    /// Where a command ends: end of statement, or the ')' / '}' of an enclosing construct.
    var atCommandEnd: Bool {
        switch current.kind {
        case .newline, .semicolon, .eof, .rparen, .rbrace: return true
        default: return false
        }
    }

    /// A command argument: a word, a string, a number, a $variable (with fields and indexes),
    /// a list literal, or a parenthesised expression. `nameLike` keeps `007` and `5s` as text.
    mutating func parseArg(nameLike: Bool = false) throws(Failure) -> Expr {
        let t = current
        switch t.kind {
        case .word:
            skip()
            return .word(text(t), t.range)
        case .number, .duration:
            skip()
            if nameLike { return .word(text(t), t.range) }
            return t.kind == .number ? .number(t.number, t.range) : .duration(t.number, t.range)
        case .string, .variable, .lparen, .lbracket:
            return try parsePostfix()
        default:
            throw error("expected a value, found \(lexer.display(t))")
        }
    }

    mutating func requireArg(_ what: String, after keyword: String, nameLike: Bool = true) throws(Failure) -> Expr {
        if atCommandEnd || current.kind == .comma {
            throw error("'\(keyword)' needs \(what)")
        }
        return try parseArg(nameLike: nameLike)
    }

    mutating func parseCommand() throws(Failure) -> Command {
        let t = advance()
        let keyword = lexer.keyword(t)
        switch keyword {
        case .create?: return try parseCreate()
        case .replicate?:
            if isWord("json"), !(peek().kind == .word && lexer.textEquals(peek(), "to")) {
                skip()
                return .replicateJSON(try parseExpr())
            }
            let secret = try requireArg("a secret name", after: "replicate")
            try expectWord("to", "after 'replicate SECRET' (replicate SECRET to REGION)")
            let replicas = try parseReplicas()
            let force = try parseForce()
            return .replicate(secret: secret, replicas: replicas, force: force)
        case .remove?:
            let secret = try requireArg("a secret name", after: "remove")
            try expectWord("from", "after 'remove SECRET' (remove SECRET from REGION)")
            return .remove(secret: secret, regions: try parseArgList("a Region", after: "from"))
        case .promote?:
            let secret = try requireArg("a secret name", after: "promote")
            try expectWord("in", "after 'promote SECRET' (promote SECRET in REPLICA-REGION)")
            return .promote(secret: secret, region: try requireArg("the replica's Region", after: "in"))
        case .describe?, .status?:
            let secret = try requireArg("a secret name", after: keyword == .describe ? "describe" : "status")
            let region = try parseOptionalIn()
            return keyword == .describe ? .describe(secret: secret, region: region) : .status(secret: secret, region: region)
        case .wait?: return try parseWait()
        case .get?:
            let secret = try requireArg("a secret name", after: "get")
            var region: Expr?, version: Expr?, stage: Expr?
            while !atCommandEnd {
                if matchWord("in") { region = try requireArg("a Region", after: "in") }
                else if matchWord("version") { version = try requireArg("a version id", after: "version") }
                else if matchWord("stage") { stage = try requireArg("a stage label such as AWSCURRENT", after: "stage") }
                else { throw unexpectedOption("get", ["in", "version", "stage"]) }
            }
            return .get(secret: secret, region: region, version: version, stage: stage)
        case .put?:
            let secret = try requireArg("a secret name", after: "put")
            guard let value = try parseValueSpec() else {
                throw error("'put' needs a value: put SECRET value \"text\" or put SECRET json EXPR")
            }
            if !atCommandEnd { throw unexpectedOption("put", []) }
            return .put(secret: secret, value: value)
        case .update?:
            let secret = try requireArg("a secret name", after: "update")
            var description: Expr?, key: Expr?
            while !atCommandEnd {
                if matchWord("description") { description = try requireArg("a description", after: "description") }
                else if matchWord("key") { key = try parseKey() }
                else { throw unexpectedOption("update", ["description", "key"]) }
            }
            return .update(secret: secret, description: description, key: key)
        case .delete?:
            let secret = try requireArg("a secret name", after: "delete")
            var recovery: Expr?, now = false
            while !atCommandEnd {
                if matchWord("recovery") { recovery = try requireArg("a number of days (7 to 30)", after: "recovery", nameLike: false) }
                else if matchWord("now") { now = true }
                else { throw unexpectedOption("delete", ["recovery", "now"]) }
            }
            if now, let r = recovery { throw error("'delete' takes 'recovery DAYS' or 'now', not both", at: r.range) }
            return .delete(secret: secret, recovery: recovery, now: now)
        case .restore?:
            let secret = try requireArg("a secret name", after: "restore")
            return .restore(secret: secret)
        case .list?:
            var prefix: Expr?, region: Expr?
            while !atCommandEnd {
                if matchWord("prefix") { prefix = try requireArg("a name prefix", after: "prefix") }
                else if matchWord("in") { region = try requireArg("a Region", after: "in") }
                else { throw unexpectedOption("list", ["prefix", "in"]) }
            }
            return .list(prefix: prefix, region: region)
        case .tag?:
            let secret = try requireArg("a secret name", after: "tag")
            try expectWord("with", "after 'tag SECRET' (tag SECRET with KEY=VALUE)")
            let tags = try parseArgList("a tag (KEY=VALUE or a record)", after: "with")
            if !atCommandEnd { throw unexpectedOption("tag", [","]) }
            return .tag(secret: secret, tags: tags)
        case .untag?:
            let secret = try requireArg("a secret name", after: "untag")
            let keys = try parseArgList("a tag key", after: "untag SECRET")
            if !atCommandEnd { throw unexpectedOption("untag", [","]) }
            return .untag(secret: secret, keys: keys)
        case .rotate?:
            let secret = try requireArg("a secret name", after: "rotate")
            var lambda: Expr?, days: Expr?, schedule: Expr?, immediately: Bool?
            while !atCommandEnd {
                if matchWord("using") { lambda = try requireArg("a rotation Lambda function's ARN", after: "using") }
                else if matchWord("every") {
                    days = try requireArg("a number of days (1 to 1000)", after: "every", nameLike: false)
                    if !matchWord("days"), !matchWord("day") {
                        throw error("expected 'days' after 'every N' (rotate SECRET every 30 days), found \(lexer.display(current))")
                    }
                }
                else if matchWord("schedule") { schedule = try requireArg("a schedule such as \"rate(10 days)\" or \"cron(0 8 1 * ? *)\"", after: "schedule") }
                else if matchWord("now") { immediately = true }
                else if matchWord("later") { immediately = false }
                else { throw unexpectedOption("rotate", ["using", "every", "schedule", "now", "later"]) }
            }
            if let d = days, schedule != nil { throw error("'rotate' takes 'every N days' or 'schedule EXPR', not both", at: d.range) }
            return .rotate(secret: secret, lambda: lambda, everyDays: days, schedule: schedule, immediately: immediately)
        case .batch?:
            try expectWord("get", "after 'batch' (batch get SECRET, SECRET ...)")
            var secrets: [Expr] = [], prefix: Expr?
            if matchWord("prefix") { prefix = try requireArg("a name prefix", after: "prefix") }
            else { secrets = try parseArgList("a secret name (or a $list of them)", after: "batch get") }
            let region = try parseOptionalIn()
            return .batchGet(secrets: secrets, prefix: prefix, region: region)
        case .policy?:
            if matchWord("validate") {
                if atCommandEnd { throw error("'validate' needs a policy, such as a {Version, Statement} record") }
                return .policy(secret: nil, .validate(try parseExpr()))
            }
            let secret = try requireArg("a secret name", after: "policy")
            var action = PolicyAction.get
            if matchWord("put") {
                if atCommandEnd { throw error("'put' needs a policy, such as a {Version, Statement} record") }
                let policy = try parseExpr()
                var block = false
                if matchWord("block") {
                    try expectWord("public", "after 'block' (policy SECRET put POLICY block public)")
                    block = true
                }
                action = .put(policy, blockPublic: block)
            } else if matchWord("delete") {
                action = .delete
            } else if matchWord("validate") {
                if atCommandEnd { throw error("'validate' needs a policy, such as a {Version, Statement} record") }
                action = .validate(try parseExpr())
            }
            if !atCommandEnd { throw unexpectedOption("policy", action.isGet ? ["put", "delete", "validate"] : []) }
            return .policy(secret: secret, action)
        case .cancel?:
            try expectWord("rotation", "after 'cancel' (cancel rotation SECRET)")
            let secret = try requireArg("a secret name", after: "cancel rotation")
            if !atCommandEnd { throw unexpectedOption("cancel rotation", []) }
            return .cancelRotation(secret: secret)
        case .password?:
            var spec = PasswordSpec()
            while !atCommandEnd {
                if matchWord("length") { spec.length = try requireArg("a number of characters (1 to 4096)", after: "length", nameLike: false) }
                else if matchWord("exclude") { spec.exclude = try requireArg("the characters to leave out, such as \"'\\\"\"", after: "exclude") }
                else if matchWord("no") {
                    guard current.kind == .word, let c = PasswordClass(rawValue: text(current)) else {
                        throw error("expected numbers, punctuation, uppercase or lowercase after 'no', found \(lexer.display(current))")
                    }
                    skip()
                    spec.without.append(c)
                }
                else if matchWord("space") { spec.space = true }
                else if matchWord("each") {
                    try expectWord("type", "after 'each' (password each type: at least one of every included type)")
                    spec.eachType = true
                }
                else { throw unexpectedOption("password", ["length", "exclude", "no", "space", "each type"]) }
            }
            return .password(spec)
        case .versions?:
            let secret = try requireArg("a secret name", after: "versions")
            return .versions(secret: secret, region: try parseOptionalIn())
        case .label?:
            let secret = try requireArg("a secret name", after: "label")
            let label = try requireArg("a staging label such as AWSCURRENT", after: "label SECRET")
            var to: Expr?, from: Expr?
            if matchWord("to") { to = try requireArg("a version id", after: "to") }
            if matchWord("from") { from = try requireArg("a version id", after: "from") }
            if to == nil, from == nil {
                throw error("expected 'to' or 'from' after 'label SECRET LABEL' (label SECRET AWSCURRENT to VERSION-ID, label SECRET LABEL from VERSION-ID), found \(lexer.display(current))")
            }
            if !atCommandEnd { throw unexpectedOption("label", from == nil ? ["from"] : []) }
            return .label(secret: secret, label: label, to: to, from: from)
        case .explain?:
            if isAWSLineStart { return .explain(try parseAWSLine()) }
            guard let inner = lexer.keyword(current), inner.isCommand, inner != .explain else {
                throw error("'explain' needs a command to explain, such as 'explain replicate X to eu-west-3' or 'explain aws secretsmanager ...'")
            }
            return .explain(try parseCommand())
        case .skeleton?:
            let op = try requireArg("an operation (replicate or ReplicateSecretToRegions)", after: "skeleton")
            var kind = SkeletonKind.input
            if !atCommandEnd {
                guard current.kind == .word, let k = SkeletonKind(rawValue: text(current)) else {
                    throw error("expected input, yaml-input or output after 'skeleton OPERATION', found \(lexer.display(current))")
                }
                skip()
                kind = k
            }
            return .skeleton(operation: op, kind: kind)
        case .simulate?: return try parseSimulate()
        case .snapshot?:
            if matchWord("save") { return .snapshot(.save(try requireArg("a snapshot name", after: "save"))) }
            if matchWord("restore") { return .snapshot(.restore(try requireArg("a snapshot name", after: "restore"))) }
            if matchWord("list") { return .snapshot(.list) }
            throw error("expected save NAME, restore NAME or list after 'snapshot', found \(lexer.display(current))")
        case .watch?:
            if atCommandEnd { return .watch(secret: nil) }
            let secret = try requireArg("a secret name", after: "watch")
            if !atCommandEnd { throw unexpectedOption("watch", []) }
            return .watch(secret: secret)
        default:
            throw error("unknown command '\(text(t))'", at: t.range)
        }
    }

    mutating func unexpectedOption(_ command: String, _ options: [String]) -> Failure {
        let list = options.isEmpty ? "end of line" : options.map { "'\($0)'" }.joined(separator: ", ") + " or end of line"
        return error("unexpected \(lexer.display(current)) in '\(command)': expected \(list)")
    }

    mutating func parseOptionalIn() throws(Failure) -> Expr? {
        if matchWord("in") { return try requireArg("a Region", after: "in") }
        if !atCommandEnd { throw error("expected 'in REGION' or end of line, found \(lexer.display(current))") }
        return nil
    }

    mutating func parseArgList(_ what: String, after keyword: String) throws(Failure) -> [Expr] {
        var items = [try requireArg(what, after: keyword)]
        while match(.comma) { items.append(try requireArg(what, after: ",")) }
        return items
    }

    // REPLICAS := REPLICA (',' REPLICA)* ;  REPLICA := REGION ['key' KMS] | $list
    mutating func parseReplicas() throws(Failure) -> [ReplicaSpec] {
        var replicas: [ReplicaSpec] = []
        repeat {
            let region = try requireArg("a Region (or a $list of Regions)", after: replicas.isEmpty ? "to" : ",")
            var key: Expr?
            if matchWord("key") { key = try parseKey() }
            replicas.append(ReplicaSpec(region: region, key: key))
        } while match(.comma)
        return replicas
    }

    /// The KMS key after `key`. An unquoted `force` or `noforce` there is the option that follows
    /// a key left out (`replicate S to eu-west-3 key force`), not a key: no KMS key is named so.
    mutating func parseKey() throws(Failure) -> Expr {
        if isWord("force") || isWord("noforce") {
            throw error("'key' needs a KMS key id, ARN or alias before '\(text(current))'")
        }
        return try requireArg("a KMS key id, ARN or alias", after: "key")
    }

    mutating func parseForce() throws(Failure) -> Bool? {
        var force: Bool?
        while !atCommandEnd {
            if matchWord("force") { force = true }
            else if matchWord("noforce") { force = false }
            else { throw unexpectedOption("replicate", ["force", "noforce", ","]) }
        }
        return force
    }

    mutating func parseValueSpec() throws(Failure) -> SecretValueSpec? {
        if matchWord("value") {
            if isWord("prompt") {
                let r = current.range
                skip()
                return .prompt(r)
            }
            return .string(try requireArg("the secret value", after: "value"))
        }
        if matchWord("json") {
            if atCommandEnd { throw error("'json' needs a value, such as json {user: \"u\"}") }
            return .json(try parseExpr())
        }
        return nil
    }

    // create SECRET [value STR | json EXPR] [description STR] [key KMS] [replicate to REPLICAS [force]]
    mutating func parseCreate() throws(Failure) -> Command {
        let secret = try requireArg("a secret name", after: "create")
        var value: SecretValueSpec?, description: Expr?, key: Expr?
        var replicas: [ReplicaSpec] = []
        var force: Bool?
        var ifAbsent: IfAbsent?
        while !atCommandEnd {
            if isWord("value") || isWord("json") {
                value = try parseValueSpec()
            } else if matchWord("description") {
                description = try requireArg("a description", after: "description")
            } else if matchWord("key") {
                key = try parseKey()
            } else if matchWord("replicate") {
                try expectWord("to", "after 'replicate' in 'create' (replicate to REGION)")
                replicas = try parseReplicas()
            } else if matchWord("force") {
                force = true
            } else if matchWord("noforce") {
                force = false
            } else if matchWord("if") {
                try expectWord("absent", "after 'if' in 'create' (create SECRET value V if absent)")
                ifAbsent = .skip
                if matchWord("else") {
                    try expectWord("update", "after 'if absent else' (create SECRET value V if absent else update)")
                    ifAbsent = .update
                }
            } else {
                throw unexpectedOption("create", ["value", "json", "description", "key", "replicate to", "if absent"])
            }
        }
        if force != nil, replicas.isEmpty {
            throw error("'force' applies to replicas: add 'replicate to REGION'")
        }
        return .create(secret: secret, value: value, description: description, key: key, replicas: replicas, force: force, ifAbsent: ifAbsent)
    }

    // wait SECRET [in REGION [, REGION ...]] until STATUS [timeout DUR] [every DUR]
    mutating func parseWait() throws(Failure) -> Command {
        let secret = try requireArg("a secret name", after: "wait")
        var regions: [Expr] = []
        if matchWord("in") { regions = try parseArgList("a Region", after: "in") }
        try expectWord("until", "in 'wait' (wait SECRET until InSync)")
        let status = try requireArg("a status (InSync, InProgress or Failed)", after: "until")
        if status.literalText == Checker.removed {
            if !regions.isEmpty { throw error("'wait ... until removed' names its Regions after 'from': wait SECRET until removed from REGION", at: regions[0].range) }
            try expectWord("from", "after 'until removed' (wait SECRET until removed from REGION)")
            regions = try parseArgList("a Region", after: "from")
        }
        var timeout: Expr?, every: Expr?
        while !atCommandEnd {
            if matchWord("timeout") { timeout = try requireArg("a duration such as 2m", after: "timeout", nameLike: false) }
            else if matchWord("every") { every = try requireArg("a duration such as 2s", after: "every", nameLike: false) }
            else { throw unexpectedOption("wait", ["timeout", "every"]) }
        }
        return .wait(secret: secret, regions: regions, status: status, timeout: timeout, every: every)
    }

    // simulate outage R | missing key K in R | throttle N% | latency DUR | clear | advance DUR | reset
    mutating func parseSimulate() throws(Failure) -> Command {
        if matchWord("outage") { return .simulate(.outage(try requireArg("a Region", after: "outage"))) }
        if matchWord("missing") {
            try expectWord("key", "after 'simulate missing' (simulate missing key alias/x in REGION)")
            let key = try requireArg("a KMS key", after: "key")
            try expectWord("in", "after 'simulate missing key KEY'")
            return .simulate(.missingKey(key: key, region: try requireArg("a Region", after: "in")))
        }
        if matchWord("throttle") {
            let n = try requireArg("a share such as 20%", after: "throttle", nameLike: false)
            if current.kind == .percent {
                let p = advance()
                return .simulate(.throttle(.binary(.div, n, .number(100, p.range), n.range)))
            }
            return .simulate(.throttle(n))
        }
        if matchWord("latency") { return .simulate(.latency(try requireArg("a duration such as 200ms", after: "latency", nameLike: false))) }
        if matchWord("rotation") {
            try expectWord("failure", "after 'simulate rotation' (simulate rotation failure SECRET)")
            return .simulate(.rotationFailure(try requireArg("a secret name", after: "failure")))
        }
        if matchWord("clear") { return .simulate(.clear) }
        if matchWord("advance") { return .simulate(.advance(try requireArg("a duration such as 30s", after: "advance", nameLike: false))) }
        if matchWord("reset") { return .simulate(.reset) }
        throw error("expected outage, missing key, throttle, latency, rotation failure, clear, advance or reset after 'simulate', found \(lexer.display(current))")
    }
}
