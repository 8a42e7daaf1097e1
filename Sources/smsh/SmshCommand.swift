import ArgumentParser
import Foundation
import SecretsCore
import SecretsSimulator
import SmshLanguage
import SmshREPL

/// `smsh [OPTIONS] [FILE [ARG ...]]`, `smsh -c TEXT`, `smsh check FILE`, a script on stdin.
@main
struct Smsh: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smsh",
        abstract: "The Secrets Manager shell: a small language for multi-Region secret replication.",
        discussion: """
        smsh FILE [ARG ...]   run a script ($args holds the arguments)
        smsh -c 'TEXT'        run text
        smsh check FILE       parse and check only
        smsh aws secretsmanager OPERATION ...
                              one aws CLI command, answered as the aws CLI answers it
        smsh                  read a script from stdin (or lines typed at a terminal)
        Exit codes: 0 ok, 1 runtime error, 2 syntax/usage error, 3 wait timed out, 130 interrupted.
        """)

    @Option(name: .customShort("c"), help: ArgumentHelp("Run this text instead of a file.", valueName: "text"))
    var command: String?

    @Option(help: "local (the embedded simulator) or aws.")
    var backend: String = "local"

    @Option(help: "The session's Region (default: AWS_REGION, AWS_DEFAULT_REGION, us-east-1).")
    var region: String?

    @Option(help: "The AWS profile (aws backend).")
    var profile: String?

    @Option(name: .customLong("endpoint-url"), help: "A JSON 1.1 endpoint (aws backend).")
    var endpointURL: String?

    @Option(help: "The simulator's state file, or :memory: for none.")
    var state: String?

    @Option(help: "How results are shown: table, json or text (default: table in the REPL, json otherwise).")
    var output: String?

    @Option(name: .customLong("replication-delay"), help: "Simulator: how long replicas stay InProgress (e.g. 3s, 0).")
    var replicationDelay: String?

    @Flag(name: .customLong("no-color"), help: "No colour in diagnostics.")
    var noColor = false

    @Flag(help: "No log line per command on stderr.")
    var quiet = false

    @Flag(help: "aws backend: one redacted line per HTTP attempt on stderr.")
    var debug = false

    @Argument(parsing: .captureForPassthrough, help: "FILE [ARG ...], or: check FILE")
    var arguments: [String] = []

    func run() async throws {
        DiagnosticRenderer.sourceLineFilter = { HistoryRedactor.maskKeepingColumns($0) }
        let code = await Runner(options: self).main()
        // Straight out: ArgumentParser's handling of a thrown ExitCode builds its help
        // machinery (reflection over every option) only to print nothing; perf put it at ~3%
        // of `smsh -c 'print 1'`. Output is written unbuffered, so nothing waits to be flushed.
        Foundation.exit(code)
    }
}
