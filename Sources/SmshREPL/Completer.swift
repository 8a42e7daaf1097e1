import SecretsCore
import SmshLanguage
import SecretsModel
import AWSCLI
import SmshLessons

/// What the session knows that completion may offer, captured before each read.
public struct CompletionContext: Sendable {
    public var secretNames: [String]
    public var variables: [String]
    public var procedures: [String]
    /// Where a secret is: its primary's Region and its replicas' (nil when unknown), for the
    /// Regions `remove X from`, `promote X in` and `replicate X to` offer.
    public var placement: (@Sendable (String) -> SecretPlacement?)?

    public init(secretNames: [String] = [], variables: [String] = [], procedures: [String] = [],
                placement: (@Sendable (String) -> SecretPlacement?)? = nil) {
        self.secretNames = secretNames
        self.variables = variables
        self.procedures = procedures
        self.placement = placement
    }
}

/// The word being completed (as typed, `$` included) and what may replace it, sorted.
public struct CompletionResult: Sendable, Equatable {
    public var word: String
    public var candidates: [String]
}

/// Context-aware completion: reads the tokens before the cursor the way the parser would and
/// offers what is valid in that place. Pure, so it is tested without a terminal.
public enum Completer {
    public static let statements = Keyword.statements
    public static let replCommands = SessionCommand.Word.allCases.map(\.rawValue)
    public static let commands = Keyword.commands
    static let functions = ["len", "keys", "contains", "json", "parse", "str", "num", "lower", "upper", "now", "env", "regions"]
    static let skeletonKinds = SkeletonKind.allCases.map(\.rawValue)
    static let statuses = Checker.replicationStatuses
    static let stages = ["AWSCURRENT", "AWSPREVIOUS", "AWSPENDING"]
    static let useValues: [String: [String]] = [
        "output": OutputFormat.allCases.map(\.rawValue), "reveal": ["on", "off"], "backend": ["local", "aws"],
        "trace": ["on", "off"],
    ]
    /// Keywords after which the next word is free text (a value, a duration, a description).
    static let freeTextKeywords: Set<String> = ["value", "json", "description", "timeout", "every", "recovery", "prefix", "version", "with"]

    /// `text` is everything typed before the cursor, earlier lines of a block included.
    public static func complete(_ text: String, context: CompletionContext) -> CompletionResult {
        let bytes = Array(text.utf8)
        var start = bytes.count
        while start > 0, isWordByte(bytes[start - 1]) { start -= 1 }
        let isVariable = start > 0 && bytes[start - 1] == UInt8(ascii: "$")
        if isVariable { start -= 1 }
        let word = String(decoding: bytes[start...], as: UTF8.self)
        let lexed = InputTokens(Array(bytes[..<start]))
        if lexed.endsInsideString { return CompletionResult(word: word, candidates: []) }
        let tokens = lexed.tokens
        let options: [String]
        if isVariable {
            options = context.variables.map { "$" + $0 }
        } else {
            options = candidates(tokens: tokens, context: context)
        }
        // Sorting and dropping neighbours that repeat, rather than a Set: secret names come sorted,
        // so with 10,000 of them this stays a linear pass. What starts with the word; when nothing
        // does, what contains it in any case (`test` finds `MyTestSecret`).
        var matches = options.filter { $0.hasPrefix(word) }
        if matches.isEmpty, !word.isEmpty {
            let needle = Array(word.utf8).map(lowerASCII)
            matches = options.filter { containsIgnoringCase($0, needle) }
        }
        matches.sort()
        var unique: [String] = []
        unique.reserveCapacity(matches.count)
        for m in matches where unique.last != m { unique.append(m) }
        return CompletionResult(word: word, candidates: unique)
    }

    static func lowerASCII(_ c: UInt8) -> UInt8 { c >= 65 && c <= 90 ? c + 32 : c }

    /// ASCII case-insensitive substring search without making lowercased copies: Tab runs it
    /// over every secret name.
    static func containsIgnoringCase(_ text: String, _ needle: [UInt8]) -> Bool {
        var text = text
        return text.withUTF8 { hay in
            guard needle.count <= hay.count else { return false }
            var i = 0
            while i + needle.count <= hay.count {
                var j = 0
                while j < needle.count, lowerASCII(hay[i + j]) == needle[j] { j += 1 }
                if j == needle.count { return true }
                i += 1
            }
            return false
        }
    }

    static func isWordByte(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "/_+=.@:-".utf8.contains(c)
        }
    }

    enum Position { case statementStart, expression }

    static func candidates(tokens: [InputToken], context: CompletionContext) -> [String] {
        // The current statement, or the command inside `(...)`, `= ...`, `print ...`.
        var cut = tokens.count
        var position = Position.statementStart
        while cut > 0 {
            let t = tokens[cut - 1]
            switch t.kind {
            case .newline, .semicolon, .lbrace, .rbrace: break
            case .lparen, .assign, .eq, .ne, .lt, .le, .gt, .ge, .plus, .minus, .star, .slash, .percent:
                position = .expression
            case .word where ["print", "return", "and", "or", "not"].contains(t.text):
                position = .expression
            case .lbracket where cut == tokens.count:
                return Regions.codes
            case .comma where cut == tokens.count && insideList(tokens):
                return Regions.codes
            default:
                cut -= 1
                continue
            }
            break
        }
        let segment = Array(tokens[cut...])
        guard let first = segment.first else {
            if cut > 0, [.eq, .ne].contains(tokens[cut - 1].kind) { return statuses }
            let values = commands + functions + context.procedures
            return position == .statementStart ? statements + commands + replCommands + context.procedures + ["aws"] : values
        }
        guard first.kind == .word else { return [] }
        if first.text == "aws" { return awsCandidates(Array(segment.dropFirst()), context: context) }
        if first.text == "explain", segment.count > 1, segment[1].text == "aws" {
            return awsCandidates(Array(segment.dropFirst(2)), context: context)
        }
        if Completer.commands.contains(first.text) {
            return commandCandidates(segment, context: context)
        }
        return statementCandidates(segment, context: context)
    }

    /// After `,` inside `[ ... ]`: a list literal, most often of Regions.
    static func insideList(_ tokens: [InputToken]) -> Bool {
        var depth = 0
        for t in tokens.reversed() {
            switch t.kind {
            case .rbracket, .rparen, .rbrace: depth += 1
            case .lparen, .lbrace: if depth == 0 { return false } else { depth -= 1 }
            case .lbracket: if depth == 0 { return true } else { depth -= 1 }
            case .newline, .semicolon: if depth == 0 { return false }
            default: break
            }
        }
        return false
    }

    static func statementCandidates(_ segment: [InputToken], context: CompletionContext) -> [String] {
        let words = segment.map(\.text)
        switch words[0] {
        case "use":
            if segment.count == 1 { return UseSetting.allCases.map(\.rawValue) }
            if segment.count == 2 {
                if words[1] == "region" { return Regions.codes }
                return useValues[words[1]] ?? []
            }
            return []
        case "help":
            return segment.count == 1 ? HelpTopics.completions : []
        case "learn":
            return segment.count == 1 ? LessonCatalog.names : []
        case "for":
            return segment.count == 2 ? ["in"] : commands + functions
        case "if", "while", "assert", "repeat", "fail":
            return commands + functions
        default:
            return []
        }
    }

    static func commandCandidates(_ segment: [InputToken], context: CompletionContext) -> [String] {
        let command = segment[0].text
        let rest = Array(segment.dropFirst())
        let used = Set(rest.filter { $0.kind == .word }.map(\.text))
        guard let prev = rest.last else {
            switch command {
            case "create", "restore": return command == "restore" ? context.secretNames : []
            case "replicate": return context.secretNames + ["json"]
            case "list": return ["prefix", "in"]
            case "password": return Keyword.options[.password] ?? []
            case "cancel": return ["rotation"]
            case "policy": return context.secretNames + ["validate"]
            case "batch": return ["get"]
            case "explain": return commands.filter { $0 != "explain" } + ["aws"]
            case "skeleton": return commands + Operation.allCases.map(\.rawValue)
            case "simulate": return ["outage", "missing", "throttle", "latency", "rotation", "clear", "advance", "reset"]
            case "snapshot": return Keyword.options[.snapshot] ?? []
            default: return context.secretNames
            }
        }
        switch command {
        case "explain": return commandCandidates(rest, context: context)
        case "skeleton": return rest.count == 1 ? skeletonKinds : []
        case "snapshot", "watch": return []
        case "simulate":
            switch prev.text {
            case "outage", "in": return Regions.codes
            case "missing": return ["key"]
            case "rotation": return ["failure"]
            case "failure": return context.secretNames
            default: return rest.count == 3 && rest[0].text == "missing" ? ["in"] : []
            }
        default: break
        }
        if prev.kind == .comma {
            guard let keyword = listKeyword(rest), regionListCommands[keyword]?.contains(command) == true else { return [] }
            return regions(for: command, rest: rest, context: context)
        }
        guard prev.kind == .word || prev.kind == .string || prev.kind == .variable || prev.kind == .number
                || prev.kind == .duration || prev.kind == .rbracket || prev.kind == .rparen || prev.kind == .rbrace else { return [] }
        // The first argument is the secret's name, whatever it is called.
        let secretArgument = rest.count == 1 && command != "list"
        if command == "label", rest.count == 1 { return stages }
        if command == "cancel" { return rest.count == 1 ? context.secretNames : [] }
        if command == "batch" {
            if rest.count == 1 { return context.secretNames + ["prefix"] }
            if prev.text == "in" { return Regions.codes }
            return prev.text == "prefix" ? [] : (used.contains("in") ? [] : ["in"])
        }
        if command == "policy" {
            if rest.count == 1, rest[0].text != "validate" { return ["delete", "put", "validate"] }
            if rest.count >= 3, rest[1].text == "put", prev.kind == .rbrace || prev.kind == .string || prev.kind == .variable { return ["block"] }
            return prev.text == "block" ? ["public"] : []
        }
        if command == "rotate", prev.kind == .word, ["using", "schedule"].contains(prev.text) { return [] }
        if command == "rotate", prev.kind == .number, rest.dropLast().last?.text == "every" { return ["days"] }
        if command == "rotate", prev.text != "every" {
            let timed = used.contains("now") || used.contains("later")
            let scheduled = used.contains("every") || used.contains("schedule")
            return ["every", "later", "now", "schedule", "using"].filter { option in
                !used.contains(option) && !(timed && (option == "now" || option == "later"))
                    && !(scheduled && (option == "every" || option == "schedule"))
            }
        }
        if command == "password", prev.kind == .word {
            if prev.text == "no" { return PasswordClass.allCases.map(\.rawValue).filter { c in !rest.indices.contains { i in i > 0 && rest[i - 1].text == "no" && rest[i].text == c } } }
            if prev.text == "each" { return ["type"] }
            if prev.text == "length" || prev.text == "exclude" { return [] }
            return (Keyword.options[.password] ?? []).filter { $0 == "no" || !used.contains($0) }
        }
        if prev.kind == .word, !secretArgument {
            switch prev.text {
            case "to", "from": return command == "label" ? [] : regions(for: command, rest: rest, context: context)
            case "in":
                if command == "promote" { return regions(for: command, rest: rest, context: context) }
                return command == "wait" && used.contains("until") ? [] : Regions.codes
            case "until": return statuses + [Checker.rotated, Checker.removed, Checker.deleted]
            case "removed" where command == "wait": return ["from"]
            case "if" where command == "create": return ["absent"]
            case "absent" where command == "create": return ["else"]
            case "else" where command == "create": return ["update"]
            case "stage": return stages
            case "key": return ["alias/aws/secretsmanager"]
            case "replicate" where command == "create": return ["to"]
            default:
                if freeTextKeywords.contains(prev.text) { return [] }
            }
        }
        return optionKeywords(command, used: used)
    }

    /// An aws CLI line: `secretsmanager`, its operations, then the operation's options and the
    /// values some of them take.
    static func awsCandidates(_ rest: [InputToken], context: CompletionContext) -> [String] {
        guard let service = rest.first else { return ["secretsmanager"] }
        guard service.text == "secretsmanager" else { return [] }
        guard rest.count > 1 else { return AWSCLILine.operations.map(\.cliName) }
        guard let op = AWSCLILine.operations.first(where: { $0.cliName == rest[1].text }) else { return [] }
        let options = AWSCLILine.optionNames(for: op)
        guard let prev = rest.last, rest.count > 2 else { return options }
        switch prev.text {
        case "--region": return Regions.codes
        case "--secret-id": return context.secretNames
        case "--output": return OutputFormat.allCases.map(\.rawValue)
        case "--generate-cli-skeleton": return skeletonKinds + options
        case "--remove-replica-regions": return Regions.codes + options
        case "--add-replica-regions": return ["Region="] + options
        default:
            // After an option that takes a value: the values its shape allows (`--sort-order`,
            // `--filters Key=`), or free text; flags take none.
            if let member = op.model.input.first(where: { $0.option == prev.text }), member.shape.kind != .boolean {
                return HelpTopics.enumValues(member.shape)
            }
            let flags = Set(options.filter { $0.hasPrefix("--no-") }.flatMap { [$0, "--" + $0.dropFirst(5)] })
            if prev.text.hasPrefix("--"), !flags.contains(prev.text) { return [] }
            return options
        }
    }

    /// The Regions that make sense for the secret named first: its replicas to remove or promote,
    /// the Regions it is not in yet to replicate to (less those already typed); every Region
    /// when where it is is not known.
    static func regions(for command: String, rest: [InputToken], context: CompletionContext) -> [String] {
        let typed = Set(rest.filter { $0.kind == .word }.map(\.text))
        guard ["remove", "promote", "replicate"].contains(command), let name = rest.first,
              name.kind == .word || name.kind == .string, let place = context.placement?(name.text) else {
            return Regions.codes.filter { !typed.contains($0) }
        }
        if command == "replicate" {
            let taken = Set([place.primary] + place.replicas).union(typed)
            return Regions.codes.filter { !taken.contains($0) }
        }
        return place.replicas.filter { !typed.contains($0) }
    }

    static let regionListCommands: [String: Set<String>] = [
        "to": ["replicate", "create"], "from": ["remove"], "in": ["wait"],
    ]

    /// The keyword that opened the comma list the cursor is in: `to` in `replicate X to a, b,`.
    static func listKeyword(_ rest: [InputToken]) -> String? {
        for t in rest.reversed() where t.kind == .word {
            if ["to", "from", "in"].contains(t.text) { return t.text }
        }
        return nil
    }

    /// The keywords a command still accepts after its arguments so far.
    static func optionKeywords(_ command: String, used: Set<String>) -> [String] {
        guard let keyword = Keyword(rawValue: command) else { return [] }
        let all = Keyword.options[keyword] ?? []
        switch keyword {
        case .create:
            if used.contains("replicate") { return ["key", "force", "noforce", "description", "if"].filter { !used.contains($0) } }
            let valueGiven = used.contains("value") || used.contains("json")
            return all.filter { !used.contains($0) && !(valueGiven && ($0 == "value" || $0 == "json")) }
        case .replicate: return used.contains("to") ? ["key", "force", "noforce"] : ["to"]
        case .wait: return (used.contains("until") ? ["timeout", "every"] : ["in", "until"]).filter { !used.contains($0) }
        default: return all.filter { !used.contains($0) }
        }
    }
}
