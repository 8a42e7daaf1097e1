/// smsh's command line: `smsh [OPTIONS] [FILE [ARG ...]]`, `smsh -c TEXT`, `smsh check FILE`,
/// `smsh aws secretsmanager ...`.
///
/// Parsed by hand rather than with ArgumentParser: its reflection over the options and the
/// extra shared library were about a sixth of `smsh -c 'print 1'`, which a runbook pays on
/// every invocation.
struct SmshOptions: Sendable {
    var command: String?
    /// `--backend` as given; nil when not.
    var backendOption: String?
    var region: String?
    var profile: String?
    var endpointURL: String?
    var state: String?
    var output: String?
    var replicationDelay: String?
    var maxRate: String?
    var noColor = false
    var quiet = false
    var debug = false
    var strict = false
    /// An endpoint is where the user wants the calls to go, so `--endpoint-url` alone means the
    /// aws backend (as an aws line with `--endpoint-url` leaves the simulator).
    var backend: String { backendOption ?? (endpointURL != nil ? "aws" : "local") }
    /// The first word that is not an option and everything after it: the script's own.
    var arguments: [String] = []

    enum Parsed {
        case run(SmshOptions)
        case help
        case usageError(String)
    }

    static let help = """
        smsh: the Secrets Manager shell, a small language for multi-Region secret replication.

        smsh [OPTIONS] FILE [ARG ...]   run a script ($args holds the arguments)
        smsh [OPTIONS] -c 'TEXT'        run text
        smsh check FILE                 parse and check only (a .lesson file: the lesson format)
        smsh learn [LESSON | FILE]      list the lessons, or take one on its own simulator
        smsh rehearse FILE [ARG ...] --from-backend aws|local [--json] ...
                                        run a copy: the calls a runbook would make and what they
                                        would change (smsh rehearse --help)
        smsh serve [OPTIONS]            the simulator as a Secrets Manager endpoint with a web view
                                        (see smsh serve --help)
        smsh aws secretsmanager OPERATION ...
                                        one aws CLI command, answered as the aws CLI answers it
        smsh [OPTIONS]                  read a script from stdin (or lines typed at a terminal)

        Options (before FILE; after it, words are the script's):
          -c TEXT                       run this text instead of a file
          --backend local|aws           local: the embedded simulator (default); aws: AWS or an endpoint
          --region R                    the session's Region (default: AWS_REGION, AWS_DEFAULT_REGION, us-east-1)
          --profile P                   the AWS profile (aws backend)
          --endpoint-url URL            a JSON 1.1 endpoint (moto, LocalStack, smsh serve); implies --backend aws
          --state PATH                  the simulator's state file, or :memory: for none
          --output table|json|text      how lists, records and REPL results are shown (default: table
                                        in the REPL, json otherwise)
          --replication-delay DUR       simulator: how long replicas stay InProgress (e.g. 3s, 0)
          --max-rate N/s                at most N calls a second (or N/m a minute), as 'use max-rate'
          --no-color                    no colour in diagnostics
          --quiet                       no log line per command on stderr
          --strict                      reading a missing field or sending null is an error (use strict on)
          --debug                       aws backend: one redacted line per HTTP attempt on stderr
          -h, --help                    this text
          --                            the end of the options
        A value may also follow '=' (--region=eu-west-3).

        Exit codes: 0 ok, 1 runtime error, 2 syntax or usage error, 3 wait timed out, 130 interrupted.
        """

    static func parse(_ argv: [String]) -> Parsed {
        var options = SmshOptions()
        var args = argv[...]
        while let word = args.first, word.hasPrefix("-"), word != "-" {
            args.removeFirst()
            if word == "--" { break }
            if word == "-h" || word == "--help" { return .help }
            switch options.take(word, from: &args) {
            case .taken: continue
            case .usageError(let message): return .usageError(message)
            case .notAnOption: return .usageError("unknown option '\(word)' (see smsh --help)")
            }
        }
        options.arguments = Array(args)
        return .run(options)
    }

    enum Taken {
        case taken
        case notAnOption
        case usageError(String)
    }

    /// Applies `word` (taking its value from `args` when it is not written `--name=value`) if it
    /// is one of smsh's options not in `excluded`.
    mutating func take(_ word: String, from args: inout ArraySlice<String>, excluding excluded: Set<String> = []) -> Taken {
        var name = word
        var inline: String?
        if word.hasPrefix("--"), let eq = word.firstIndex(of: "=") {
            name = String(word[..<eq])
            inline = String(word[word.index(after: eq)...])
        }
        guard !excluded.contains(name) else { return .notAnOption }
        switch name {
        case "--no-color", "--quiet", "--debug", "--strict":
            if inline != nil { return .usageError("option '\(name)' takes no value") }
            switch name {
            case "--no-color": noColor = true
            case "--quiet": quiet = true
            case "--strict": strict = true
            default: debug = true
            }
        case "-c", "--backend", "--region", "--profile", "--endpoint-url", "--state", "--output", "--replication-delay", "--max-rate":
            guard let value = inline ?? args.popFirst() else { return .usageError("option '\(name)' needs a value") }
            switch name {
            case "-c": command = value
            case "--backend": backendOption = value
            case "--region": region = value
            case "--profile": profile = value
            case "--endpoint-url": endpointURL = value
            case "--state": state = value
            case "--output": output = value
            case "--max-rate": maxRate = value
            default: replicationDelay = value
            }
        default:
            return .notAnOption
        }
        return .taken
    }
}
