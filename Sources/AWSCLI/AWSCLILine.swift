import Foundation
import JMESPath
import SecretsCore
import SecretsModel
import SourceText

/// An `aws secretsmanager OP ...` line, understood by the aws CLI's (1.45.11) rules and turned
/// into the request body the CLI would send: the same ClientCall as the matching smsh command.
public struct AWSCLICommand: Sendable {
    public var operation: SecretsModel.Operation
    /// Explicit arguments (in the model's member order, as awscli builds them) then the members
    /// of `--cli-input-json/yaml` that no argument gave.
    public var body: JSONValue
    /// `--region`; nil means the session's Region.
    public var region: String?
    public var output: String?
    public var skeleton: SkeletonKind?
    /// `aws secretsmanager help` or `aws secretsmanager OP help`: print the help, call nothing
    /// (for the service's help, `operation` is only a placeholder).
    public var help: AWSCLIHelp.Topic?
    /// list-secrets follows NextToken unless `--no-paginate`, `--max-results` or `--next-token`
    /// is given, as awscli's pagination customisation decides.
    public var paginate: Bool
    /// `--query`: applied to the result once the pages are merged, as the CLI does.
    public var query: JMESPathExpression?
    /// `--page-size`, `--max-items`, `--starting-token` (the CLI's encoded token).
    public var paging = Paging()
    /// `--profile`, `--endpoint-url`, the timeouts and the TLS options: how this line connects.
    public var connection = CLIConnection()
    /// Region-valued literals with where they were written, for the checker.
    public var regionLiterals: [(String, SourceRange)]
    /// `--secret-id` / `--name` as written (the name is a new secret's: ARNs are not allowed).
    public var secretLiterals: [(text: String, range: SourceRange, creating: Bool)] = []
    public var range: SourceRange
    /// The line's words and the folder its relative `file://` paths start from: a line that names
    /// files is read again, files and all, when it runs (`resolved()`), not when it is parsed.
    public var words: [ShellWords.Word] = []
    public var directory: String?
    public var readsFiles = false

    /// The command with its `file://` and `fileb://` arguments read now.
    public func resolved() throws(AWSCLIUsageError) -> AWSCLICommand {
        guard readsFiles else { return self }
        return try AWSCLILine.parse(words, read: AWSCLILine.reader(relativeTo: directory), directory: directory)
    }
}

/// How the CLI's paginator reads a paginated operation: the page size it asks for, where it stops
/// and where it starts.
public struct Paging: Sendable, Equatable {
    public var pageSize: Int?
    public var maxItems: Int?
    public var startingToken: String?
    public init(pageSize: Int? = nil, maxItems: Int? = nil, startingToken: String? = nil) {
        self.pageSize = pageSize
        self.maxItems = maxItems
        self.startingToken = startingToken
    }
}

/// The aws CLI's options that change how one line connects; what a line leaves out is the
/// session's. `--profile` and `--endpoint-url` pick the AWS configuration, the rest the HTTP
/// client's settings (they have no effect on the simulator, which has no HTTP).
public struct CLIConnection: Sendable, Hashable {
    public var profile: String?
    public var endpointURL: String?
    /// Seconds; `.infinity` for the CLI's 0, which means no timeout.
    public var readTimeout: Double?
    public var connectTimeout: Double?
    /// False with `--no-verify-ssl`.
    public var verifySSL = true
    public var caBundle: String?

    public init() {}

    /// True when the line says nothing about connecting: the session's backend serves it as it is.
    public var isEmpty: Bool { self == CLIConnection() }
}

public struct AWSCLIUsageError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var range: SourceRange
    public var description: String { message }
}

public enum AWSCLILine {
    /// The options an operation takes, for completion: its members (`--no-` forms of booleans
    /// after them), then the options every operation takes.
    public static func optionNames(for operation: SecretsModel.Operation) -> [String] {
        var out: [String] = []
        for m in operation.model.input {
            out.append(m.option)
            if m.shape.kind == .boolean { out.append("--no-" + m.cliName) }
        }
        return out + globalOptionNames + (operation.model.pagination == nil ? [] : pagingOptionNames)
    }

    /// Only a paginated operation takes these (the CLI adds them to its paginated commands).
    public static let pagingOptionNames = ["--page-size", "--max-items", "--starting-token"]

    public static let globalOptionNames = ["--cli-input-json", "--cli-input-yaml", "--generate-cli-skeleton", "--region",
                                           "--output", "--query", "--no-paginate",
                                           "--debug", "--color", "--no-cli-pager", "--cli-read-timeout", "--cli-connect-timeout",
                                           "--no-verify-ssl", "--ca-bundle", "--profile", "--endpoint-url"]

    /// awscli 1.x's output formats, then the v2 CLI's yaml and yaml-stream.
    public static let outputFormats = ["json", "text", "table", "yaml", "yaml-stream"]

    public static var operations: [SecretsModel.Operation] { SecretsModel.Operation.allCases }

    /// Reads `file://` and `fileb://` paths (relative ones against the script's directory).
    public typealias FileReader = @Sendable (String) throws -> [UInt8]

    /// The reader of one parse, and whether the line named a file it did not read.
    final class FileSource {
        let reader: FileReader?
        var deferred = false
        init(_ reader: FileReader?) { self.reader = reader }
    }

    static func reader(relativeTo directory: String?) -> FileReader {
        { path in
            let full: String
            if path.hasPrefix("/") { full = path }
            else if let directory { full = (directory as NSString).appendingPathComponent(path) }
            else { full = FileManager.default.currentDirectoryPath + "/" + path }
            guard let data = FileManager.default.contents(atPath: full) else {
                throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: full])
            }
            return [UInt8](data)
        }
    }

    /// `words` starts with `aws`. `directory` anchors relative `file://` paths.
    public static func parse(_ words: [ShellWords.Word], directory: String?) throws(AWSCLIUsageError) -> AWSCLICommand {
        try parse(words, read: reader(relativeTo: directory), directory: directory)
    }

    /// Parses a line now, reading what it names with `read`; without a reader (a script being
    /// parsed) a line that names files is checked for everything but what the files hold.
    public static func parse(_ words: [ShellWords.Word], read reader: FileReader?, directory: String? = nil) throws(AWSCLIUsageError) -> AWSCLICommand {
        let read = FileSource(reader)
        guard let first = words.first else {
            throw AWSCLIUsageError(message: "expected 'aws secretsmanager OPERATION'", range: .unknown)
        }
        var region: String?, output: String?, skeleton: SkeletonKind?
        var paginate = true
        var query: JMESPathExpression?
        var paging = Paging()
        var connection = CLIConnection()
        var regionLiterals: [(String, SourceRange)] = []
        var secrets: [(text: String, range: SourceRange, creating: Bool)] = []
        var i = 1

        func fail(_ m: String, _ r: SourceRange) -> AWSCLIUsageError { AWSCLIUsageError(message: m, range: r) }

        /// The one value of `--opt VALUE` (or `--opt=VALUE`).
        func oneValue(_ name: String, inline: String?, at r: SourceRange) throws(AWSCLIUsageError) -> ShellWords.Word {
            if let inline { return ShellWords.Word(text: inline, range: r, verbatim: false) }
            guard i < words.count, !words[i].text.hasPrefix("--") else {
                throw fail("argument \(name): expected one argument", r)
            }
            i += 1
            return words[i - 1]
        }

        /// Global options may stand before the service name or among the operation's arguments.
        func global(_ name: String, inline: String?, at r: SourceRange) throws(AWSCLIUsageError) -> Bool {
            switch name {
            case "--region":
                let w = try oneValue(name, inline: inline, at: r)
                region = w.text
                regionLiterals.append((w.text, w.range))
            case "--output":
                let w = try oneValue(name, inline: inline, at: r)
                guard outputFormats.contains(w.text) else {
                    throw fail("argument --output: invalid choice: '\(w.text)' (choose from \(outputFormats.map { "'\($0)'" }.joined(separator: ", ")))", w.range)
                }
                output = w.text
            case "--no-paginate":
                paginate = false
            case "--query":
                let w = try oneValue(name, inline: inline, at: r)
                do {
                    query = try JMESPathExpression(w.text)
                } catch {
                    var at = w.range
                    // Under the offending character when the word is as written, or simply quoted.
                    let quote = w.verbatim ? 0 : Int(at.length) == w.text.utf8.count + 2 ? 1 : nil
                    if let quote {
                        at.column += Int32(quote + String(String.UnicodeScalarView(w.text.unicodeScalars.prefix(error.offset))).utf8.count)
                        at.length = 1
                    }
                    throw fail("Bad value for --query \(w.text): \(error.message)", at)
                }
            case "--page-size", "--max-items":
                let w = try oneValue(name, inline: inline, at: r)
                guard let n = Int(w.text), n > 0 else { throw fail("argument \(name): invalid int value: '\(w.text)'", w.range) }
                if name == "--page-size" { paging.pageSize = n } else { paging.maxItems = n }
            case "--starting-token":
                paging.startingToken = try oneValue(name, inline: inline, at: r).text
            case "--color":
                let w = try oneValue(name, inline: inline, at: r)
                guard ["on", "off", "auto"].contains(w.text) else {
                    throw fail("argument --color: invalid choice: '\(w.text)' (choose from 'on', 'off', 'auto')", w.range)
                }
            case "--cli-read-timeout", "--cli-connect-timeout":
                let w = try oneValue(name, inline: inline, at: r)
                guard let n = Int(w.text), n >= 0 else { throw fail("argument \(name): invalid int value: '\(w.text)'", w.range) }
                // As botocore: 0 waits for ever.
                let seconds = n == 0 ? Double.infinity : Double(n)
                if name == "--cli-read-timeout" { connection.readTimeout = seconds } else { connection.connectTimeout = seconds }
            case "--ca-bundle":
                connection.caBundle = try oneValue(name, inline: inline, at: r).text
            case "--no-verify-ssl":
                connection.verifySSL = false
            case "--profile":
                connection.profile = try oneValue(name, inline: inline, at: r).text
            case "--endpoint-url":
                connection.endpointURL = try oneValue(name, inline: inline, at: r).text
            // Accepted and without effect: smsh does not page its output, and with `smsh aws`
            // --debug is smsh's own.
            case "--debug", "--no-cli-pager":
                break
            case "--no-sign-request", "--cli-binary-format", "--cli-auto-prompt":
                throw fail("the aws CLI option \(name) is not supported in smsh", r)
            default:
                return false
            }
            return true
        }

        func split(_ w: ShellWords.Word) -> (String, String?) {
            guard w.text.hasPrefix("--"), let eq = w.text.firstIndex(of: "=") else { return (w.text, nil) }
            return (String(w.text[..<eq]), String(w.text[w.text.index(after: eq)...]))
        }

        while i < words.count, words[i].text.hasPrefix("--") {
            let (name, inline) = split(words[i])
            let r = words[i].range
            i += 1
            guard try global(name, inline: inline, at: r) else {
                throw fail("unknown option '\(name)' before the service name", r)
            }
        }
        guard i < words.count else { throw fail("expected 'secretsmanager' after 'aws'", first.range) }
        guard words[i].text == "secretsmanager" else {
            throw fail("smsh speaks 'aws secretsmanager' only, not 'aws \(words[i].text)'", words[i].range)
        }
        let serviceRange = words[i].range
        i += 1
        if i < words.count, words[i].text == "help" {
            return AWSCLICommand(operation: operations[0], body: .object([]), region: region, output: output, skeleton: nil,
                                 help: .service, paginate: false, regionLiterals: [], range: first.range)
        }
        guard i < words.count, !words[i].text.hasPrefix("--") else {
            throw fail("expected an operation after 'aws secretsmanager', such as replicate-secret-to-regions", i < words.count ? words[i].range : serviceRange)
        }
        let opWord = words[i]
        i += 1
        guard let op = operations.first(where: { $0.cliName == opWord.text }) else {
            var message = "'\(opWord.text)' is not a Secrets Manager operation"
            if let near = Spelling.closest(to: opWord.text, among: operations.map(\.cliName), maxDistance: 4) {
                message += ": did you mean '\(near)'?"
            } else {
                message += " ('aws secretsmanager help' lists them)"
            }
            throw fail(message, opWord.range)
        }

        if i < words.count, words[i].text == "help" {
            return AWSCLICommand(operation: op, body: .object([]), region: region, output: output, skeleton: nil,
                                 help: .operation(op), paginate: false, regionLiterals: [], range: first.range)
        }
        let args = op.model.input
        var explicit: [String: JSONValue] = [:]
        /// Where each member was given (a list's words one by one), to point at what the model refuses.
        var argumentRanges: [String: [SourceRange]] = [:]
        var input: (JSONValue, String, SourceRange)?
        /// A `--cli-input-json file://...` that is read when the line runs.
        var inputUnread = false
        while i < words.count {
            let w = words[i]
            let (name, inline) = split(w)
            guard name.hasPrefix("--") else {
                throw fail("unexpected argument '\(w.text)': arguments of \(op.cliName) are --options", w.range)
            }
            i += 1
            if try global(name, inline: inline, at: w.range) { continue }
            switch name {
            case "--generate-cli-skeleton":
                var kind = SkeletonKind.input
                if let inline {
                    guard let k = SkeletonKind(rawValue: inline) else { throw badSkeleton(inline, w.range) }
                    kind = k
                } else if i < words.count, !words[i].text.hasPrefix("--") {
                    guard let k = SkeletonKind(rawValue: words[i].text) else { throw badSkeleton(words[i].text, words[i].range) }
                    kind = k
                    i += 1
                }
                skeleton = kind
                continue
            case "--cli-input-json", "--cli-input-yaml":
                let v = try oneValue(name, inline: inline, at: w.range)
                let text = try loadText(v, name: name, read: read)
                if read.deferred {
                    inputUnread = true
                    continue
                }
                let doc: JSONValue
                if name == "--cli-input-json" {
                    do { doc = try JSONValue.parse(text) } catch {
                        throw fail("argument --cli-input-json: invalid JSON: \(error.description)", v.range)
                    }
                } else {
                    do { doc = try YAMLInput.parse(text) } catch {
                        throw fail("argument --cli-input-yaml: invalid YAML: \(error.description)", v.range)
                    }
                }
                guard case .object = doc else {
                    throw fail("argument \(name): the input must be an object of \(op.rawValue) parameters", v.range)
                }
                input = (doc, name, v.range)
                continue
            default: break
            }
            var negated = false
            var found = args.first(where: { $0.option == name })
            if found == nil, name.hasPrefix("--no-") {
                found = args.first(where: { "--no-" + $0.cliName == name && $0.shape.kind == .boolean })
                negated = found != nil
            }
            guard let member = found else {
                throw fail("unknown option '\(name)' for \(op.cliName); its options are \(args.map(\.option).joined(separator: ", "))", w.range)
            }
            let shape = member.shape
            argumentRanges[member.name] = [w.range]
            switch shape.kind {
            case .boolean:
                if let inline { throw fail("argument \(name): ignored explicit argument '\(inline)'", w.range) }
                explicit[member.name] = .bool(!negated)
            case .list:
                // nargs='*': every word up to the next option, none at all being an empty list.
                var values: [ShellWords.Word] = []
                if let inline { values.append(ShellWords.Word(text: inline, range: w.range, verbatim: false)) }
                while i < words.count, !words[i].text.hasPrefix("--") {
                    values.append(words[i])
                    i += 1
                }
                explicit[member.name] = try listValue(shape, values, name: name, read: read)
                if !values.isEmpty { argumentRanges[member.name] = values.map(\.range) }
            default:
                let v = try oneValue(name, inline: inline, at: w.range)
                explicit[member.name] = try argumentValue(shape, v, name: name, read: read)
                argumentRanges[member.name] = [v.range]
                if member.name == "SecretId" || (member.name == "Name" && op == .createSecret) {
                    secrets.append((v.text, v.range, member.name == "Name"))
                }
            }
        }

        var members: [(String, JSONValue)] = args.compactMap { a in explicit[a.name].map { (a.name, $0) } }
        if let (doc, _, range) = input, case .object(let given) = doc {
            for (k, v) in given where explicit[k] == nil {
                members.append((k, v))
                argumentRanges[k] = [range]
            }
        }
        let body = JSONValue.object(members)
        if skeleton == nil {
            let given = Set(members.map(\.0))
            let missing = args.filter { $0.required && !given.contains($0.name) }
            if !missing.isEmpty, input == nil, !inputUnread {
                throw fail("the following arguments are required: \(missing.map(\.option).joined(separator: ", "))", opWord.range)
            }
            // What botocore checks before sending, in its words (the CLI prints the same lines);
            // a line whose files are read when it runs is checked then.
            let problems = read.deferred ? [] : RequestValidation.problems(op, body)
            if let first = problems.first {
                throw fail(RequestValidation.report(problems),
                           first.member.map { place(argumentRanges[$0], first.itemIndex) } ?? input?.2 ?? opWord.range)
            }
        }
        for (member, value) in members {
            let shape = op.model.inputMember(member)?.shape
            // A list given word by word: each item's Regions are where its word is.
            let items: [(JSONValue, Shape?, Int?)] = shape?.kind == .list
                ? (value.arrayValue ?? []).enumerated().map { ($0.element, shape?.elementShape, $0.offset) }
                : [(value, shape, nil)]
            for (item, itemShape, index) in items {
                for region in regions(in: item, of: itemShape) { regionLiterals.append((region, place(argumentRanges[member], index))) }
            }
        }

        /// The word of item `index` when each item had a word of its own, else the first word.
        func place(_ ranges: [SourceRange]?, _ index: Int?) -> SourceRange {
            guard let ranges, let first = ranges.first else { return opWord.range }
            if let index, ranges.count > 1, index < ranges.count { return ranges[index] }
            return first
        }
        if op.model.pagination == nil, paging != Paging() {
            let given = words.first { w in pagingOptionNames.contains { w.text == $0 || w.text.hasPrefix($0 + "=") } }
            throw fail("unknown option '\(given.map { split($0).0 } ?? "--max-items")' for \(op.cliName): it is not paginated", given?.range ?? opWord.range)
        }
        if op == .listSecrets, explicit["MaxResults"] != nil || explicit["NextToken"] != nil { paginate = false }
        return AWSCLICommand(operation: op, body: .object(members), region: region, output: output, skeleton: skeleton,
                             paginate: paginate, query: query, paging: paging, connection: connection, regionLiterals: regionLiterals,
                             secretLiterals: secrets, range: first.range, words: words, directory: directory, readsFiles: read.deferred)
    }

    static func badSkeleton(_ v: String, _ r: SourceRange) -> AWSCLIUsageError {
        AWSCLIUsageError(message: "argument --generate-cli-skeleton: invalid choice: '\(v)' (choose from 'input', 'yaml-input', 'output')", range: r)
    }

    /// awscli's paramfile rule: a value starting with file:// is the file's text.
    static func loadText(_ w: ShellWords.Word, name: String, read: FileSource) throws(AWSCLIUsageError) -> String {
        for prefix in ["file://", "fileb://"] where w.text.hasPrefix(prefix) {
            let bytes = try loadBytes(w, name: name, read: read)
            guard let s = String(validating: bytes, as: UTF8.self) else {
                throw AWSCLIUsageError(message: "argument \(name): \(w.text) is not UTF-8 text", range: w.range)
            }
            return s
        }
        return w.text
    }

    static func loadBytes(_ w: ShellWords.Word, name: String, read: FileSource) throws(AWSCLIUsageError) -> [UInt8] {
        for prefix in ["fileb://", "file://"] where w.text.hasPrefix(prefix) {
            let path = String(w.text.dropFirst(prefix.count))
            guard let reader = read.reader else {
                read.deferred = true
                return []
            }
            do { return try reader(path) } catch {
                throw AWSCLIUsageError(message: "argument \(name): unable to load paramfile \(w.text): no such file", range: w.range)
            }
        }
        return Array(w.text.utf8)
    }

    /// A one-word argument: a scalar, or a structure or map given as JSON or shorthand.
    static func argumentValue(_ shape: Shape, _ w: ShellWords.Word, name: String, read: FileSource) throws(AWSCLIUsageError) -> JSONValue {
        switch shape.kind {
        case .blob:
            return .string(Data(try loadBytes(w, name: name, read: read)).base64EncodedString())
        case .structure, .map:
            let text = try loadText(w, name: name, read: read)
            if read.deferred { return .null }
            if text.trimmingCharacters(in: .whitespaces).hasPrefix("{") { return try json(text, w, name: name) }
            return try shorthand(text, w, shape, name: name)
        default:
            return try scalar(shape, try loadText(w, name: name, read: read), w, name: name)
        }
    }

    /// awscli's unpack_scalar_cli_arg: numbers by int(), booleans true unless "false".
    static func scalar(_ shape: Shape, _ text: String, _ w: ShellWords.Word, name: String) throws(AWSCLIUsageError) -> JSONValue {
        switch shape.kind {
        case .integer, .long:
            let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let n = Int64(t.hasPrefix("+") ? String(t.dropFirst()) : t) else {
                throw AWSCLIUsageError(message: "argument \(name): expected an integer, found '\(t)'", range: w.range)
            }
            return .number(Double(n))
        case .boolean: return .bool(text.lowercased() != "false" && !text.isEmpty)
        default: return .string(text)
        }
    }

    /// A list argument's words: one JSON list, JSON items, shorthand items, or scalars.
    static func listValue(_ shape: Shape, _ values: [ShellWords.Word], name: String, read: FileSource) throws(AWSCLIUsageError) -> JSONValue {
        var texts: [(String, ShellWords.Word)] = []
        for v in values { texts.append((try loadText(v, name: name, read: read), v)) }
        guard let element = shape.elementShape, !read.deferred else { return .array([]) }
        let first = texts.first?.0.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if texts.count == 1, first.hasPrefix("[") { return try json(texts[0].0, texts[0].1, name: name) }
        var items: [JSONValue] = []
        for (t, w) in texts {
            switch element.kind {
            case .structure, .list, .map:
                if first.hasPrefix("[") || first.hasPrefix("{") { items.append(try json(t, w, name: name)) }
                else { items.append(try shorthand(t, w, element, name: name)) }
            case .blob: items.append(.string(Data(t.utf8).base64EncodedString()))
            default: items.append(try scalar(element, t, w, name: name))
            }
        }
        return .array(items)
    }

    static func json(_ t: String, _ w: ShellWords.Word, name: String) throws(AWSCLIUsageError) -> JSONValue {
        do { return try JSONValue.parse(t) } catch {
            throw AWSCLIUsageError(message: "argument \(name): invalid JSON: \(error.description)", range: w.range)
        }
    }

    /// Shorthand, then the model applied as awscli's BackCompatVisitor applies it: a lone value
    /// where a list belongs becomes a one-item list, numbers and booleans take their type, and
    /// anything else (unknown keys too) is left for the request validation to judge.
    static func shorthand(_ text: String, _ w: ShellWords.Word, _ shape: Shape, name: String) throws(AWSCLIUsageError) -> JSONValue {
        let parsed: [(String, ShorthandValue)]
        do { parsed = try ShorthandParser.parse(text) } catch {
            throw AWSCLIUsageError(message: "argument \(name): bad shorthand \(text): \(error.message)",
                                   range: w.verbatim ? w.range.moved(by: error.index) : w.range)
        }
        return try conform(.map(parsed), to: shape, w, name: name)
    }

    static func conform(_ v: ShorthandValue, to shape: Shape?, _ w: ShellWords.Word, name: String) throws(AWSCLIUsageError) -> JSONValue {
        switch (v, shape?.kind) {
        case (.map(let pairs), .structure?):
            var out: [(String, JSONValue)] = []
            for (k, item) in pairs { out.append((k, try conform(item, to: shape?.member(k)?.shape, w, name: name))) }
            return .object(out)
        case (.map(let pairs), .map?):
            var out: [(String, JSONValue)] = []
            for (k, item) in pairs { out.append((k, try conform(item, to: shape?.value.map(ServiceModel.shape), w, name: name))) }
            return .object(out)
        case (.list(let items), .list?):
            var out: [JSONValue] = []
            for item in items { out.append(try conform(item, to: shape?.elementShape, w, name: name)) }
            return .array(out)
        case (.scalar, .list?), (.map, .list?):
            return .array([try conform(v, to: shape?.elementShape, w, name: name)])
        case (.scalar(let s), .integer?), (.scalar(let s), .long?):
            guard let n = Int64(s.trimmingCharacters(in: .whitespaces)) else {
                throw AWSCLIUsageError(message: "argument \(name): invalid literal for int() with base 10: '\(s)'", range: w.range)
            }
            return .number(Double(n))
        case (.scalar(let s), .boolean?):
            switch s.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return .string(s)
            }
        case (.scalar(let s), _): return .string(s)
        case (.list(let items), _):
            var out: [JSONValue] = []
            for item in items { out.append(try conform(item, to: nil, w, name: name)) }
            return .array(out)
        case (.map(let pairs), _):
            var out: [(String, JSONValue)] = []
            for (k, item) in pairs { out.append((k, try conform(item, to: nil, w, name: name))) }
            return .object(out)
        }
    }

    /// The Region codes in a member's value (its strings of the model's RegionType), for the checker.
    static func regions(in value: JSONValue, of shape: Shape?) -> [String] {
        guard let shape else { return [] }
        switch (value, shape.kind) {
        case (.string(let s), .string): return shape.name == "RegionType" ? [s] : []
        case (.array(let items), .list): return items.flatMap { regions(in: $0, of: shape.elementShape) }
        case (.object(let members), .structure): return members.flatMap { regions(in: $0.1, of: shape.member($0.0)?.shape) }
        default: return []
        }
    }
}
