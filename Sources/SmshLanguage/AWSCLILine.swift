import Foundation
import SecretsCore
import SecretsModel

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
    /// list-secrets follows NextToken unless `--no-paginate`, `--max-results` or `--next-token`
    /// is given, as awscli's pagination customisation decides.
    public var paginate: Bool
    /// Region-valued literals with where they were written, for the checker.
    public var regionLiterals: [(String, SourceRange)]
    /// `--secret-id` / `--name` as written (the name is a new secret's: ARNs are not allowed).
    public var secretLiterals: [(text: String, range: SourceRange, creating: Bool)] = []
    public var range: SourceRange
}

public struct AWSCLIUsageError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var range: SourceRange
    public var description: String { message }
}

public enum AWSCLILine {
    enum Kind {
        case string, integer, boolean, blob, stringList
        case structList([Field])
    }

    struct Field {
        var name: String
        var list = false
        var allowEmpty = false
    }

    struct Arg {
        var member: String
        var kind: Kind
        var required = false
        var cli: String { "--" + CLILine.kebab(member) }
    }

    static let replicaFields = [Field(name: "Region"), Field(name: "KmsKeyId")]
    static let tagFields = [Field(name: "Key"), Field(name: "Value", allowEmpty: true)]
    static let filterFields = [Field(name: "Key"), Field(name: "Values", list: true)]

    /// Input members per operation, in botocore 1.43.11 model order.
    static let arguments: [SecretsModel.Operation: [Arg]] = [
        .replicateSecretToRegions: [
            Arg(member: "SecretId", kind: .string, required: true),
            Arg(member: "AddReplicaRegions", kind: .structList(replicaFields), required: true),
            Arg(member: "ForceOverwriteReplicaSecret", kind: .boolean),
        ],
        .removeRegionsFromReplication: [
            Arg(member: "SecretId", kind: .string, required: true),
            Arg(member: "RemoveReplicaRegions", kind: .stringList, required: true),
        ],
        .stopReplicationToReplica: [Arg(member: "SecretId", kind: .string, required: true)],
        .createSecret: [
            Arg(member: "Name", kind: .string, required: true),
            Arg(member: "ClientRequestToken", kind: .string),
            Arg(member: "Description", kind: .string),
            Arg(member: "KmsKeyId", kind: .string),
            Arg(member: "SecretBinary", kind: .blob),
            Arg(member: "SecretString", kind: .string),
            Arg(member: "Tags", kind: .structList(tagFields)),
            Arg(member: "AddReplicaRegions", kind: .structList(replicaFields)),
            Arg(member: "ForceOverwriteReplicaSecret", kind: .boolean),
            Arg(member: "Type", kind: .string),
        ],
        .describeSecret: [Arg(member: "SecretId", kind: .string, required: true)],
        .getSecretValue: [
            Arg(member: "SecretId", kind: .string, required: true),
            Arg(member: "VersionId", kind: .string),
            Arg(member: "VersionStage", kind: .string),
        ],
        .putSecretValue: [
            Arg(member: "SecretId", kind: .string, required: true),
            Arg(member: "ClientRequestToken", kind: .string),
            Arg(member: "SecretBinary", kind: .blob),
            Arg(member: "SecretString", kind: .string),
            Arg(member: "VersionStages", kind: .stringList),
            Arg(member: "RotationToken", kind: .string),
        ],
        .updateSecret: [
            Arg(member: "SecretId", kind: .string, required: true),
            Arg(member: "ClientRequestToken", kind: .string),
            Arg(member: "Description", kind: .string),
            Arg(member: "KmsKeyId", kind: .string),
            Arg(member: "SecretBinary", kind: .blob),
            Arg(member: "SecretString", kind: .string),
            Arg(member: "Type", kind: .string),
        ],
        .deleteSecret: [
            Arg(member: "SecretId", kind: .string, required: true),
            Arg(member: "RecoveryWindowInDays", kind: .integer),
            Arg(member: "ForceDeleteWithoutRecovery", kind: .boolean),
        ],
        .restoreSecret: [Arg(member: "SecretId", kind: .string, required: true)],
        .listSecrets: [
            Arg(member: "IncludePlannedDeletion", kind: .boolean),
            Arg(member: "MaxResults", kind: .integer),
            Arg(member: "NextToken", kind: .string),
            Arg(member: "Filters", kind: .structList(filterFields)),
            Arg(member: "SortOrder", kind: .string),
            Arg(member: "SortBy", kind: .string),
        ],
    ]

    /// The options an operation takes, for completion: its members, the `--no-` forms of its
    /// booleans, then the options every operation takes.
    public static func optionNames(for operation: SecretsModel.Operation) -> [String] {
        var out: [String] = []
        for a in arguments[operation] ?? [] {
            out.append(a.cli)
            if case .boolean = a.kind { out.append("--no-" + a.cli.dropFirst(2)) }
        }
        return out + globalOptionNames
    }

    public static let globalOptionNames = ["--cli-input-json", "--cli-input-yaml", "--generate-cli-skeleton", "--region",
                                           "--output", "--no-paginate"]

    public static var operations: [SecretsModel.Operation] { SecretsModel.Operation.allCases.filter { arguments[$0] != nil } }

    /// Reads `file://` and `fileb://` paths (relative ones against the script's directory).
    public typealias FileReader = @Sendable (String) throws -> [UInt8]

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
        try parse(words, read: reader(relativeTo: directory))
    }

    public static func parse(_ words: [ShellWords.Word], read: FileReader) throws(AWSCLIUsageError) -> AWSCLICommand {
        guard let first = words.first else {
            throw AWSCLIUsageError(message: "expected 'aws secretsmanager OPERATION'", range: .unknown)
        }
        var region: String?, output: String?, skeleton: SkeletonKind?
        var paginate = true
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
                guard ["json", "table", "text"].contains(w.text) else {
                    throw fail("argument --output: invalid choice: '\(w.text)' (choose from 'json', 'text', 'table')", w.range)
                }
                output = w.text
            case "--no-paginate":
                paginate = false
            case "--query":
                throw fail("--query (JMESPath) is not supported in smsh: keep the result (let r = aws ...) and read its fields ($r.ReplicationStatus[0].Status)", r)
            case "--debug", "--no-verify-ssl", "--no-sign-request", "--ca-bundle", "--cli-read-timeout", "--cli-connect-timeout",
                 "--color", "--no-cli-pager", "--cli-binary-format", "--cli-auto-prompt", "--starting-token", "--page-size", "--max-items":
                throw fail("the aws CLI option \(name) is not supported in smsh", r)
            case "--endpoint-url", "--profile":
                throw fail("\(name) is a session setting in smsh: 'use \(name == "--profile" ? "profile" : "endpoint") ...' in a script, or smsh \(name) on the command line", r)
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
        guard i < words.count, !words[i].text.hasPrefix("--") else {
            throw fail("expected an operation after 'aws secretsmanager', such as replicate-secret-to-regions", i < words.count ? words[i].range : serviceRange)
        }
        let opWord = words[i]
        i += 1
        guard let op = operations.first(where: { $0.cliName == opWord.text }), let args = arguments[op] else {
            let known = operations.map(\.cliName).joined(separator: ", ")
            throw fail("'\(opWord.text)' is not an operation smsh knows; it knows \(known)", opWord.range)
        }

        var explicit: [String: JSONValue] = [:]
        var input: (JSONValue, String, SourceRange)?
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
                let doc: JSONValue
                if name == "--cli-input-json" {
                    do { doc = try JSONValue.parse(text) } catch {
                        throw fail("argument --cli-input-json: invalid JSON: \(error.description)", v.range)
                    }
                } else {
                    do { doc = try YAMLSubset.parse(text) } catch {
                        throw fail("argument --cli-input-yaml: invalid YAML: \(error.description)", v.range)
                    }
                }
                guard case .object(let members) = doc else {
                    throw fail("argument \(name): the input must be an object of \(op.rawValue) parameters", v.range)
                }
                for (k, _) in members where !args.contains(where: { $0.member == k }) {
                    throw fail("argument \(name): unknown parameter \"\(k)\"; \(op.rawValue) takes \(args.map(\.member).joined(separator: ", "))", v.range)
                }
                input = (doc, name, v.range)
                continue
            default: break
            }
            var negated = false
            var found = args.first(where: { $0.cli == name })
            if found == nil, name.hasPrefix("--no-") {
                found = args.first(where: { a in
                    if case .boolean = a.kind { return "--no-" + a.cli.dropFirst(2) == name }
                    return false
                })
                negated = found != nil
            }
            guard let arg = found else {
                throw fail("unknown option '\(name)' for \(op.cliName); its options are \(args.map(\.cli).joined(separator: ", "))", w.range)
            }
            switch arg.kind {
            case .boolean:
                if let inline { throw fail("argument \(name): ignored explicit argument '\(inline)'", w.range) }
                explicit[arg.member] = .bool(!negated)
            case .string:
                let v = try oneValue(name, inline: inline, at: w.range)
                explicit[arg.member] = .string(try loadText(v, name: name, read: read))
                if arg.member == "SecretId" || arg.member == "Name" { secrets.append((v.text, v.range, arg.member == "Name")) }
            case .blob:
                let v = try oneValue(name, inline: inline, at: w.range)
                explicit[arg.member] = .string(Data(try loadBytes(v, name: name, read: read)).base64EncodedString())
            case .integer:
                let v = try oneValue(name, inline: inline, at: w.range)
                let t = try loadText(v, name: name, read: read).trimmingCharacters(in: .whitespacesAndNewlines)
                guard let n = Int(t) else { throw fail("argument \(name): expected an integer, found '\(t)'", v.range) }
                explicit[arg.member] = .number(Double(n))
            case .stringList, .structList:
                var values: [ShellWords.Word] = []
                if let inline { values.append(ShellWords.Word(text: inline, range: w.range, verbatim: false)) }
                while i < words.count, !words[i].text.hasPrefix("--") {
                    values.append(words[i])
                    i += 1
                }
                guard !values.isEmpty else { throw fail("argument \(name): expected at least one argument", w.range) }
                let v = try listValue(arg, values, name: name, read: read, regionLiterals: &regionLiterals)
                explicit[arg.member] = v
            }
        }

        var members: [(String, JSONValue)] = args.compactMap { a in explicit[a.member].map { (a.member, $0) } }
        if let (doc, _, _) = input, case .object(let given) = doc {
            for (k, v) in given where explicit[k] == nil {
                members.append((k, v))
                if k == "AddReplicaRegions" || k == "RemoveReplicaRegions" {
                    // Regions from the input document are checked too, at the input's position.
                    for item in v.arrayValue ?? [] {
                        if let r = item["Region"]?.stringValue ?? item.stringValue { regionLiterals.append((r, input?.2 ?? opWord.range)) }
                    }
                }
            }
        }
        if skeleton == nil {
            let given = Set(members.map(\.0))
            let missing = args.filter { a in a.required && !given.contains(a.member) }
            if !missing.isEmpty {
                let names = missing.map(\.cli).joined(separator: ", ")
                if let (_, inputName, _) = input {
                    throw fail("missing required parameter \(missing.map(\.member).joined(separator: ", ")): give \(names) or put it in \(inputName)", opWord.range)
                }
                throw fail("the following arguments are required: \(names)", opWord.range)
            }
        }
        if op == .listSecrets, explicit["MaxResults"] != nil || explicit["NextToken"] != nil { paginate = false }
        return AWSCLICommand(operation: op, body: .object(members), region: region, output: output, skeleton: skeleton,
                             paginate: paginate, regionLiterals: regionLiterals, secretLiterals: secrets, range: first.range)
    }

    /// What `--generate-cli-skeleton KIND` prints for the operation.
    public static func skeleton(_ op: SecretsModel.Operation, _ kind: SkeletonKind) -> String? {
        guard let sk = Skeletons.byOperation[op.rawValue] else { return nil }
        switch kind {
        case .input: return sk.input
        case .yamlInput: return sk.yamlInput
        case .output: return sk.output
        }
    }

    static func badSkeleton(_ v: String, _ r: SourceRange) -> AWSCLIUsageError {
        AWSCLIUsageError(message: "argument --generate-cli-skeleton: invalid choice: '\(v)' (choose from 'input', 'yaml-input', 'output')", range: r)
    }

    /// awscli's paramfile rule: a value starting with file:// is the file's text.
    static func loadText(_ w: ShellWords.Word, name: String, read: FileReader) throws(AWSCLIUsageError) -> String {
        for prefix in ["file://", "fileb://"] where w.text.hasPrefix(prefix) {
            let bytes = try loadBytes(w, name: name, read: read)
            guard let s = String(validating: bytes, as: UTF8.self) else {
                throw AWSCLIUsageError(message: "argument \(name): \(w.text) is not UTF-8 text", range: w.range)
            }
            return s
        }
        return w.text
    }

    static func loadBytes(_ w: ShellWords.Word, name: String, read: FileReader) throws(AWSCLIUsageError) -> [UInt8] {
        for prefix in ["fileb://", "file://"] where w.text.hasPrefix(prefix) {
            let path = String(w.text.dropFirst(prefix.count))
            do { return try read(path) } catch {
                throw AWSCLIUsageError(message: "argument \(name): unable to load paramfile \(w.text): no such file", range: w.range)
            }
        }
        return Array(w.text.utf8)
    }

    static func listValue(_ arg: Arg, _ values: [ShellWords.Word], name: String, read: FileReader,
                          regionLiterals: inout [(String, SourceRange)]) throws(AWSCLIUsageError) -> JSONValue {
        var texts: [(String, ShellWords.Word)] = []
        for v in values { texts.append((try loadText(v, name: name, read: read), v)) }
        let looksJSON = texts[0].0.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("[")
            || texts[0].0.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("{")
        func json(_ t: String, _ w: ShellWords.Word) throws(AWSCLIUsageError) -> JSONValue {
            do { return try JSONValue.parse(t) } catch {
                throw AWSCLIUsageError(message: "argument \(name): invalid JSON: \(error.description)", range: w.range)
            }
        }
        switch arg.kind {
        case .stringList:
            if texts.count == 1, looksJSON {
                let v = try json(texts[0].0, texts[0].1)
                guard let items = v.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
                    throw AWSCLIUsageError(message: "argument \(name): expected a JSON list of strings", range: texts[0].1.range)
                }
                for item in items where arg.member == "RemoveReplicaRegions" { regionLiterals.append((item.stringValue ?? "", texts[0].1.range)) }
                return v
            }
            if arg.member == "RemoveReplicaRegions" { for (t, w) in texts { regionLiterals.append((t, w.range)) } }
            return .array(texts.map { .string($0.0) })
        case .structList(let fields):
            if looksJSON {
                var items: [JSONValue] = []
                if texts.count == 1, texts[0].0.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("[") {
                    let v = try json(texts[0].0, texts[0].1)
                    guard let a = v.arrayValue else {
                        throw AWSCLIUsageError(message: "argument \(name): expected a JSON list", range: texts[0].1.range)
                    }
                    items = a
                } else {
                    for (t, w) in texts { items.append(try json(t, w)) }
                }
                for (n, item) in items.enumerated() {
                    guard case .object(let m) = item else {
                        throw AWSCLIUsageError(message: "argument \(name): item \(n + 1) is not an object", range: texts[min(n, texts.count - 1)].1.range)
                    }
                    for (k, _) in m where !fields.contains(where: { $0.name == k }) {
                        throw unknownKey(k, fields, name, texts[min(n, texts.count - 1)].1.range)
                    }
                    if fields.contains(where: { $0.name == "Region" }), let r = item["Region"]?.stringValue {
                        regionLiterals.append((r, texts[min(n, texts.count - 1)].1.range))
                    }
                }
                return .array(items)
            }
            var items: [JSONValue] = []
            for (t, w) in texts {
                let parsed: [(String, ShorthandValue)]
                do { parsed = try ShorthandParser.parse(t) } catch {
                    throw AWSCLIUsageError(message: "argument \(name): bad shorthand \(t): \(error.message)", range: w.verbatim ? w.range.moved(by: error.index) : w.range)
                }
                var m: [(String, JSONValue)] = []
                for (k, v) in parsed {
                    guard let f = fields.first(where: { $0.name == k }) else { throw unknownKey(k, fields, name, w.range) }
                    switch (v, f.list) {
                    case (.scalar(let s), false):
                        if s.isEmpty, !f.allowEmpty {
                            throw AWSCLIUsageError(message: "argument \(name): '\(k)=' has no value", range: w.range)
                        }
                        m.append((k, .string(s)))
                        if k == "Region" { regionLiterals.append((s, w.range)) }
                    case (.scalar(let s), true): m.append((k, .array([.string(s)])))
                    case (.list(let l), true):
                        var out: [JSONValue] = []
                        for item in l {
                            guard case .scalar(let s) = item else {
                                throw AWSCLIUsageError(message: "argument \(name): \(k) holds strings", range: w.range)
                            }
                            out.append(.string(s))
                        }
                        m.append((k, .array(out)))
                    case (.list, false):
                        throw AWSCLIUsageError(message: "argument \(name): \(k) takes one value; quote a value that holds commas (\(k)='a,b')", range: w.range)
                    case (.map, _):
                        throw AWSCLIUsageError(message: "argument \(name): \(k) takes \(f.list ? "a list of strings" : "a string"), not {...}", range: w.range)
                    }
                }
                items.append(.object(m))
            }
            return .array(items)
        default:
            return .null
        }
    }

    static func unknownKey(_ k: String, _ fields: [Field], _ name: String, _ r: SourceRange) -> AWSCLIUsageError {
        AWSCLIUsageError(message: "argument \(name): unknown key '\(k)'; the keys are \(fields.map(\.name).joined(separator: ", "))", range: r)
    }
}
