import SecretsCore
import SecretsModel

/// `smsh rehearse FILE [ARG ...] --from-backend aws|local [OPTIONS]`. Its options may stand
/// anywhere after `rehearse`; after `--` every word is the script's.
public struct RehearseCommand: Sendable, Equatable {
    public var file: String
    public var args: [String] = []
    /// `aws` or `local`.
    public var fromBackend: String
    public var profile: String?
    public var endpointURL: String?
    /// Every `--region`: the first is the session's, all are read (aws).
    public var regions: [String] = []
    public var state: String?
    public var selection: SecretSelection?
    public var json = false
    public var replicationDelay: String?

    public static let usage = "usage: smsh rehearse FILE [ARG ...] --from-backend aws|local [--profile P] [--region R ...] [--secret NAME ... | --filter KEY=VALUE ... | --all] [--json]"

    public static let help = """
        \(usage)

        Copies what the runbook touches into a simulator in memory, runs the runbook there and prints
        the plan: every call it made, in order, as aws CLI lines (secret values masked), the changes
        between the state before and after, and the run's exit code. Nothing is written anywhere.

          --from-backend aws            read the account with DescribeSecret, ListSecrets,
                                        ListSecretVersionIds and GetResourcePolicy only; values
                                        are never read (each version holds a placeholder)
          --from-backend local          copy the simulator's state file (values become placeholders
                                        of the same shape)
          --profile P, --endpoint-url U the account to read (aws)
          --region R                    the session's Region; repeat it to read more Regions (aws;
                                        default: the session's and every Region the script names)
          --secret NAME                 read this secret (repeatable; aws)
          --filter KEY=VALUE            read the secrets ListSecrets finds with this filter
                                        (name, description, tag-key, tag-value, primary-region,
                                        owning-service, all; repeatable, all must match; aws)
          --all                         read every secret of the Regions (aws)
                                        (default: the secrets the script names literally, or every
                                        secret when the script computes names)
          --state PATH                  the state file to copy (local)
          --replication-delay DUR       the copy's replication delay (default 0)
          --json                        the plan as JSON, for a CI job
          --                            the end of the options: later words are the script's

        The runbook's own output goes to stderr, the plan to stdout. Exit code: the run's (0 ok,
        1 runtime error, 2 syntax, 3 wait timed out, 130 interrupted); 2 for bad options; 1 when
        the account cannot be read.
        """

    public enum Parsed: Sendable, Equatable {
        case command(RehearseCommand)
        case help
        case usageError(String)
    }

    /// The words after `rehearse`.
    public static func parse(_ words: [String]) -> Parsed {
        var file: String?
        var args: [String] = []
        var from: String?
        var profile: String?, endpoint: String?, state: String?, delay: String?
        var regions: [String] = []
        var secrets: [String] = []
        var filters: [(key: String, value: String)] = []
        var all = false, json = false
        var rest = words[...]
        var optionsEnded = false
        while let word = rest.popFirst() {
            if !optionsEnded, word == "-h" { return .help }
            if optionsEnded || !word.hasPrefix("--") {
                if file == nil { file = word } else { args.append(word) }
                continue
            }
            if word == "--" {
                optionsEnded = true
                continue
            }
            var name = word, inline: String?
            if let eq = word.firstIndex(of: "=") {
                name = String(word[..<eq])
                inline = String(word[word.index(after: eq)...])
            }
            switch name {
            case "--help":
                return .help
            case "--json", "--all":
                if inline != nil { return .usageError("option '\(name)' takes no value") }
                if name == "--json" { json = true } else { all = true }
            case "--from-backend", "--profile", "--endpoint-url", "--region", "--state", "--secret", "--filter", "--replication-delay":
                guard let value = inline ?? rest.popFirst() else { return .usageError("option '\(name)' needs a value") }
                switch name {
                case "--from-backend":
                    guard value == "aws" || value == "local" else { return .usageError("'\(value)' is not a backend to rehearse from: use aws or local") }
                    from = value
                case "--profile": profile = value
                case "--endpoint-url": endpoint = value
                case "--state": state = value
                case "--replication-delay": delay = value
                case "--secret":
                    if let problem = SecretName.problem(with: value), !value.hasPrefix("arn:") {
                        return .usageError("'\(value)' is not a secret name: \(problem)")
                    }
                    secrets.append(value)
                case "--filter":
                    guard let eq = value.firstIndex(of: "="), !value[value.index(after: eq)...].isEmpty else {
                        return .usageError("--filter takes KEY=VALUE (e.g. name=app/), not '\(value)'")
                    }
                    let key = String(value[..<eq])
                    let keys = ServiceModel.shape("FilterNameStringType").enumValues
                    guard keys.contains(key) else {
                        return .usageError("'\(key)' is not a ListSecrets filter key: use \(keys.joined(separator: ", "))")
                    }
                    filters.append((key, String(value[value.index(after: eq)...])))
                default:
                    guard Regions.isKnown(value) else {
                        var m = "'\(value)' is not a Region"
                        if let s = Regions.suggestion(for: value) { m += ": did you mean '\(s)'?" }
                        return .usageError(m)
                    }
                    if !regions.contains(value) { regions.append(value) }
                }
            default:
                return .usageError("unknown option '\(word)' for smsh rehearse (put the script's own after '--')")
            }
        }
        guard let file else { return .usageError(usage) }
        guard let from else { return .usageError("smsh rehearse needs --from-backend aws or --from-backend local") }
        if [!secrets.isEmpty, !filters.isEmpty, all].filter({ $0 }).count > 1 {
            return .usageError("choose one of --secret, --filter and --all")
        }
        if from == "local" {
            for (given, option) in [(profile != nil, "--profile"), (endpoint != nil, "--endpoint-url"), (!secrets.isEmpty, "--secret"),
                                    (!filters.isEmpty, "--filter"), (all, "--all")] where given {
                return .usageError("\(option) is for --from-backend aws: a local rehearsal copies the whole state")
            }
        } else if state != nil {
            return .usageError("--state is for --from-backend local")
        }
        var command = RehearseCommand(file: file, fromBackend: from)
        command.args = args
        command.profile = profile
        command.endpointURL = endpoint
        command.regions = regions
        command.state = state
        command.json = json
        command.replicationDelay = delay
        if !secrets.isEmpty { command.selection = .names(secrets) }
        if !filters.isEmpty { command.selection = .filters(filters) }
        if all { command.selection = .all }
        return .command(command)
    }
}
