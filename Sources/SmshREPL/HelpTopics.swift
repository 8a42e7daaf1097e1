import AWSCLI
import SecretsModel
import SmshLanguage

/// One entry of `help`: a one-line summary for the list, and for `help NAME` the syntax, the
/// Secrets Manager API it calls and an example.
public struct HelpTopic: Sendable {
    public enum Kind: Sendable { case command, statement, session }
    public let name: String
    public let kind: Kind
    public let summary: String
    public let syntax: String
    public let api: String
    public let example: String
}

public enum HelpTopics {
    public static let all: [HelpTopic] = commands + statements + session

    public static var names: [String] { all.map(\.name) }

    public static func topic(_ name: String) -> HelpTopic? { all.first { $0.name == name } }

    /// What `help NAME` completes: the topics, the concepts, then the operations by their API
    /// names (their aws CLI names are accepted too).
    public static var completions: [String] { names + concepts.map(\.name) + Operation.allCases.map(\.rawValue) }

    /// `help NAME`: a topic (a command's followed by the documentation of the members it sets), a
    /// concept, or an operation by its API or aws CLI name; nil for none of them.
    public static func text(for name: String) -> String? {
        if let c = concept(name) { return conceptText(c) }
        if let t = topic(name) {
            guard t.kind == .command, let op = Skeletons.operation(named: name), let members = SmshLine.members[op] else {
                return detail(t)
            }
            let model = op.model
            return detail(t) + "\nThe members of \(model.name) it sets:\n"
                + members.compactMap(model.inputMember).map(memberText).joined()
        }
        guard let model = ServiceModel.operation(named: name) else { return nil }
        return operationText(model)
    }

    /// An operation's documentation: the smsh commands that call it, then the aws CLI's help page
    /// for it (the model's documentation of the operation, its options and its output).
    static func operationText(_ model: OperationModel) -> String {
        var out = "\(model.name) (aws secretsmanager \(model.cliName))\n"
        let callers = commands.filter { Skeletons.operation(named: $0.name) == model.operation }.map(\.name)
        out += callers.isEmpty
            ? "smsh: no command of its own; write it as an aws line (help aws)\n"
            : "smsh: " + callers.map { "\($0) (help \($0))" }.joined(separator: ", ") + "\n"
        return out + "\n" + AWSCLIHelp.text(.operation(model.operation))
    }

    /// `  --secret-id  SecretId  (string, required, length 1-2048)`, its enum values and its
    /// documentation, one paragraph a line.
    static func memberText(_ m: Member) -> String {
        var facts = [typeName(m.shape), m.required ? "required" : "optional"]
        if let bounds = bounds(m.shape) { facts.append(bounds) }
        if let p = m.shape.pattern { facts.append("pattern " + p) }
        var out = "  \(m.option)  \(m.name)  (\(facts.joined(separator: ", ")))\n"
        let values = enumValues(m.shape)
        if !values.isEmpty { out += "      one of: " + values.joined(separator: ", ") + "\n" }
        for paragraph in m.documentation.paragraphs { out += wrap(paragraph, indent: "      ") }
        return out
    }

    static func typeName(_ shape: Shape) -> String {
        switch shape.kind {
        case .list: return "list of " + (shape.elementShape.map(typeName) ?? "values")
        case .structure: return "{" + shape.members.map(\.name).joined(separator: ", ") + "}"
        default: return shape.kind.rawValue
        }
    }

    /// The enum values of the shape, or of a list's or structure's members (`Key` of a filter).
    static func enumValues(_ shape: Shape) -> [String] {
        if !shape.enumValues.isEmpty { return shape.enumValues }
        if let element = shape.elementShape { return enumValues(element) }
        return shape.members.flatMap { m in enumValues(m.shape).map { "\(m.name)=\($0)" } }
    }

    static func bounds(_ shape: Shape) -> String? {
        guard shape.min != nil || shape.max != nil else { return nil }
        let range: String
        switch (shape.min, shape.max) {
        case let (lo?, hi?): range = "\(lo)-\(hi)"
        case let (lo?, nil): range = "at least \(lo)"
        case let (nil, hi?): range = "at most \(hi)"
        case (nil, nil): return nil
        }
        switch shape.kind {
        case .integer, .long: return "value " + range
        case .list, .map: return "items " + range
        default: return "length " + range
        }
    }

    /// Word-wrapped to 100 columns.
    static func wrap(_ text: String, indent: String, width: Int = 100) -> String {
        var lines: [String] = []
        var line = indent
        for word in text.split(separator: " ") {
            if line.count > indent.count, line.count + 1 + word.count > width {
                lines.append(line)
                line = indent
            }
            line += (line.count > indent.count ? " " : "") + word
        }
        lines.append(line)
        return lines.joined(separator: "\n") + "\n"
    }

    static let commands: [HelpTopic] = [
        .init(name: "create", kind: .command, summary: "create a secret, optionally replicated",
              syntax: "create SECRET [value STR | value prompt | json EXPR] [description STR] [key KMS] [replicate to REGION [key KMS], ... [force]] [if absent [else update]]",
              api: "CreateSecret", example: "create MyTestSecret value \"s3cr3t\" description \"demo\" replicate to eu-west-3"),
        .init(name: "replicate", kind: .command, summary: "replicate a secret to more Regions",
              syntax: "replicate SECRET to REGION [key KMS], ... [force | noforce]\nreplicate json EXPR",
              api: "ReplicateSecretToRegions", example: "replicate MyTestSecret to eu-west-3 key alias/x, ap-southeast-2 force"),
        .init(name: "remove", kind: .command, summary: "stop replicating to Regions and delete those replicas",
              syntax: "remove SECRET from REGION, ...", api: "RemoveRegionsFromReplication",
              example: "remove MyTestSecret from eu-west-3"),
        .init(name: "promote", kind: .command, summary: "turn a replica into a standalone secret",
              syntax: "promote SECRET in REPLICA-REGION", api: "StopReplicationToReplica (sent to the replica's Region)",
              example: "promote MyTestSecret in ap-southeast-2"),
        .init(name: "describe", kind: .command, summary: "show a secret's details and replication status",
              syntax: "describe SECRET [in REGION]", api: "DescribeSecret", example: "describe MyTestSecret"),
        .init(name: "status", kind: .command, summary: "a replica's status, or every replica's",
              syntax: "status SECRET [in REGION]", api: "DescribeSecret (in the primary Region)",
              example: "status MyTestSecret in eu-west-3"),
        .init(name: "wait", kind: .command, summary: "poll until replicas reach a status",
              syntax: "wait SECRET [in REGION, ...] until STATUS | rotated [timeout DUR] [every DUR]\nwait SECRET until removed from REGION, ... | deleted [timeout DUR] [every DUR]",
              api: "DescribeSecret, repeatedly (Ctrl-C cancels)", example: "wait MyTestSecret until InSync timeout 2m"),
        .init(name: "get", kind: .command, summary: "read a secret's value (masked unless 'use reveal on')",
              syntax: "get SECRET [in REGION] [version ID | stage LABEL]", api: "GetSecretValue",
              example: "get MyTestSecret in eu-west-3"),
        .init(name: "put", kind: .command, summary: "store a new value of a secret",
              syntax: "put SECRET value STR | value prompt | json EXPR", api: "PutSecretValue",
              example: "put MyTestSecret json {user: \"app\", password: $pw}"),
        .init(name: "update", kind: .command, summary: "change a secret's description or KMS key",
              syntax: "update SECRET [description STR] [key KMS]", api: "UpdateSecret",
              example: "update MyTestSecret description \"rotated monthly\""),
        .init(name: "delete", kind: .command, summary: "schedule a secret's deletion, or delete it now",
              syntax: "delete SECRET [recovery DAYS | now]", api: "DeleteSecret", example: "delete MyTestSecret recovery 7"),
        .init(name: "restore", kind: .command, summary: "cancel a scheduled deletion",
              syntax: "restore SECRET", api: "RestoreSecret", example: "restore MyTestSecret"),
        .init(name: "list", kind: .command, summary: "list secrets (every page)",
              syntax: "list [prefix STR] [in REGION]", api: "ListSecrets", example: "list prefix prod/ in eu-west-3"),
        .init(name: "rotate", kind: .command, summary: "turn rotation on (with a schedule) and rotate now, or later",
              syntax: "rotate SECRET [using LAMBDA-ARN] [every N days | schedule EXPR] [now | later]", api: "RotateSecret",
              example: "rotate MyTestSecret using arn:aws:lambda:us-east-1:123456789012:function:rotator every 30 days"),
        .init(name: "cancel", kind: .command, summary: "cancel a rotation in progress and turn rotation off",
              syntax: "cancel rotation SECRET", api: "CancelRotateSecret", example: "cancel rotation MyTestSecret"),
        .init(name: "batch", kind: .command, summary: "read several secrets at once (masked unless 'use reveal on')",
              syntax: "batch get SECRET, ... [in REGION]\nbatch get prefix STR [in REGION]", api: "BatchGetSecretValue, every page",
              example: "batch get app/db, app/api in eu-west-3"),
        .init(name: "policy", kind: .command, summary: "get, put, delete or validate a secret's resource policy",
              syntax: "policy SECRET [put POLICY [block public] | delete | validate POLICY]\npolicy validate POLICY",
              api: "GetResourcePolicy, PutResourcePolicy, DeleteResourcePolicy, ValidateResourcePolicy",
              example: "policy MyTestSecret put {Version: \"2012-10-17\", Statement: []} block public"),
        .init(name: "password", kind: .command, summary: "generate a random password (a secret value, masked)",
              syntax: "password [length N] [exclude CHARS] [no numbers | no punctuation | no uppercase | no lowercase ...] [space] [each type]",
              api: "GetRandomPassword", example: "let pw = password length 24 no punctuation"),
        .init(name: "versions", kind: .command, summary: "a secret's versions and their staging labels (every page)",
              syntax: "versions SECRET [in REGION]", api: "ListSecretVersionIds", example: "versions MyTestSecret"),
        .init(name: "label", kind: .command, summary: "move a staging label to a version (roll back with AWSCURRENT)",
              syntax: "label SECRET LABEL to VERSION-ID [from VERSION-ID]\nlabel SECRET LABEL from VERSION-ID   (removes the label)",
              api: "UpdateSecretVersionStage (RemoveFromVersionId read from DescribeSecret unless given)",
              example: "label MyTestSecret AWSCURRENT to 0123456789abcdef0123456789abcdef"),
        .init(name: "tag", kind: .command, summary: "add tags to a secret (or change their values)",
              syntax: "tag SECRET with KEY=VALUE, ... | $record", api: "TagResource",
              example: "tag MyTestSecret with Env=prod, Team=payments"),
        .init(name: "untag", kind: .command, summary: "remove tags from a secret",
              syntax: "untag SECRET KEY, ...", api: "UntagResource", example: "untag MyTestSecret Team"),
        .init(name: "explain", kind: .command, summary: "show the call and the aws CLI line a command makes; runs nothing",
              syntax: "explain COMMAND", api: "none (prints the request)", example: "explain replicate MyTestSecret to eu-west-3"),
        .init(name: "skeleton", kind: .command, summary: "print an operation's input or output skeleton",
              syntax: "skeleton OPERATION [input | yaml-input | output]", api: "none (like --generate-cli-skeleton)",
              example: "skeleton ReplicateSecretToRegions"),
        .init(name: "aws", kind: .command, summary: "an aws CLI line, read by the aws CLI's rules; explain shows its smsh form",
              syntax: "aws secretsmanager OPERATION [--option VALUE ...] [--cli-input-json|--cli-input-yaml TEXT] [--region R] [--output json|table|text|yaml|yaml-stream]",
              api: "the OPERATION's API (replicate-secret-to-regions is ReplicateSecretToRegions)",
              example: "aws secretsmanager replicate-secret-to-regions --secret-id MyTestSecret --add-replica-regions Region=eu-west-3,KmsKeyId=alias/x"),
        .init(name: "simulate", kind: .command, summary: "inject a fault into the local simulator, move its clock, or empty it",
              syntax: "simulate outage REGION | missing key KMS in REGION | throttle N% | latency DUR | rotation failure SECRET | clear | advance DUR | reset",
              api: "none (the embedded simulator's faults and clock)", example: "simulate outage eu-west-3"),
        .init(name: "snapshot", kind: .command, summary: "keep the simulator's whole world under a name, bring it back, list those kept",
              syntax: "snapshot save NAME | restore NAME | list", api: "none (SQLite's backup API on the state file)",
              example: "snapshot save lesson1"),
        .init(name: "watch", kind: .command, summary: "a live full-screen view of secrets, Regions and replicas; q or Ctrl-C ends it",
              syntax: "watch [SECRET]", api: "ListSecrets and DescribeSecret, every second", example: "watch MyTestSecret"),
    ]

    static let statements: [HelpTopic] = [
        .init(name: "let", kind: .statement, summary: "make a variable", syntax: "let NAME = EXPR | COMMAND",
              api: "none", example: "let r = describe MyTestSecret"),
        .init(name: "set", kind: .statement, summary: "change a variable", syntax: "set NAME = EXPR | COMMAND",
              api: "none", example: "set n = $n + 1"),
        .init(name: "print", kind: .statement, summary: "print values", syntax: "print EXPR [, EXPR ...]",
              api: "none", example: "print $r.ReplicationStatus[0].Status"),
        .init(name: "if", kind: .statement, summary: "choose", syntax: "if EXPR { ... } else if EXPR { ... } else { ... }",
              api: "none", example: "if (status MyTestSecret in eu-west-3) == InSync { print \"ready\" }"),
        .init(name: "for", kind: .statement, summary: "loop over a list or a range, one body at a time or N at once",
              syntax: "for NAME in EXPR [parallel N [keep going]] { ... }",
              api: "none", example: "for s in $fleet parallel 16 { replicate $s to eu-west-3 }"),
        .init(name: "while", kind: .statement, summary: "loop while true", syntax: "while EXPR { ... }",
              api: "none", example: "while $n < 3 { set n = $n + 1 }"),
        .init(name: "repeat", kind: .statement, summary: "loop N times", syntax: "repeat N { ... }",
              api: "none", example: "repeat 3 { print \"again\" }"),
        .init(name: "break", kind: .statement, summary: "leave the innermost loop", syntax: "break",
              api: "none", example: "for r in $regions { if $r == eu-west-3 { break } }"),
        .init(name: "continue", kind: .statement, summary: "go on with the next turn of the loop", syntax: "continue",
              api: "none", example: "for r in $regions { if $r == eu-west-3 { continue }; print $r }"),
        .init(name: "def", kind: .statement, summary: "define a procedure", syntax: "def NAME(a, b) { ... return EXPR }",
              api: "none", example: "def ready(s) { return (status $s) }"),
        .init(name: "return", kind: .statement, summary: "end a procedure, with a value", syntax: "return [EXPR | COMMAND]",
              api: "none", example: "def primary(s) { return (describe $s).PrimaryRegion }"),
        .init(name: "try", kind: .statement, summary: "catch a failing command",
              syntax: "try { ... } catch NAME [if EXPR] { ... } ... [finally { ... }]",
              api: "none", example: "try { describe Nope } catch e if $e.code == ResourceNotFoundException { print $e.message }"),
        .init(name: "throw", kind: .statement, summary: "raise an error: a caught one again, or a new one",
              syntax: "throw $e | throw {code: CODE, message: TEXT} | throw \"message\"",
              api: "none", example: "try { wait S until InSync } catch e { print $e.statuses; throw $e }"),
        .init(name: "rethrow", kind: .statement, summary: "raise the error being caught again, as it was", syntax: "rethrow",
              api: "none", example: "try { delete S } catch e if $e.code != ResourceNotFoundException { rethrow }"),
        .init(name: "fail", kind: .statement, summary: "raise an error", syntax: "fail \"message\"",
              api: "none", example: "fail \"replica missing\""),
        .init(name: "assert", kind: .statement, summary: "fail unless true", syntax: "assert EXPR [, \"message\"]",
              api: "none", example: "assert len($regions) > 0"),
        .init(name: "sleep", kind: .statement, summary: "pause", syntax: "sleep DURATION", api: "none", example: "sleep 2s"),
        .init(name: "exit", kind: .statement, summary: "end the session", syntax: "exit [CODE]", api: "none", example: "exit"),
        .init(name: "source", kind: .statement, summary: "run a script file in this session", syntax: "source \"FILE\"",
              api: "those of its commands", example: "source \"runbook.smsh\""),
        .init(name: "use", kind: .statement, summary: "change a session setting",
              syntax: "use region R | profile P | endpoint URL | backend local|aws | output table|json|text | reveal on|off | strict on|off | trace on|off | replication-delay DUR | max-rate N/s|off",
              api: "none", example: "use region eu-west-3"),
    ]

    static let session: [HelpTopic] = [
        .init(name: "help", kind: .session, summary: "this list, or one topic in full", syntax: "help [TOPIC]",
              api: "none", example: "help replicate"),
        .init(name: "vars", kind: .session, summary: "the session's variables and their values", syntax: "vars",
              api: "none", example: "vars"),
        .init(name: "history", kind: .session, summary: "the inputs kept in the history file (secret values redacted)",
              syntax: "history", api: "none", example: "history"),
        .init(name: "clear", kind: .session, summary: "clear the screen", syntax: "clear", api: "none", example: "clear"),
        .init(name: "learn", kind: .session, summary: "list the lessons, or take one (on a simulator of its own)",
              syntax: "learn [LESSON | FILE]", api: "none (the lesson's commands run on a throw-away simulator)",
              example: "learn replicate"),
    ]

    /// `help`: every topic on one line, grouped.
    public static var overview: String {
        let width = (all.map(\.name.count).max() ?? 0) + 2
        func section(_ title: String, _ list: [HelpTopic]) -> String {
            title + "\n" + list.map { "  " + $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + $0.summary }
                .joined(separator: "\n") + "\n"
        }
        return section("Commands (each calls Secrets Manager):", commands) + "\n"
            + section("Statements:", statements) + "\n"
            + section("Session:", session) + "\n"
            + "Concepts (each with a lesson to practise it: learn NAME):\n"
            + concepts.map { "  " + $0.name.padding(toLength: max(width, 16), withPad: " ", startingAt: 0) + $0.summary }.joined(separator: "\n") + "\n"
            + "\nhelp TOPIC shows its syntax, the API it calls, an example and the API's members it sets;"
            + "\nhelp OPERATION (ReplicateSecretToRegions or replicate-secret-to-regions) shows the API's own documentation."
            + "\nTab completes; Ctrl-C cancels; Ctrl-D exits.\n"
    }

    /// `help NAME`.
    public static func detail(_ t: HelpTopic) -> String {
        let syntax = t.syntax.split(separator: "\n").joined(separator: "\n         ")
        var api = t.api
        // The operation's own documentation is one `help` away.
        if t.kind == .command, let op = Skeletons.operation(named: t.name), api.hasPrefix(op.rawValue) {
            api += "  (help \(op.rawValue): the API's documentation)"
        }
        return "\(t.name): \(t.summary)\n" + "syntax:  \(syntax)\n" + "API:     \(api)\n" + "example: \(t.example)\n"
    }
}
