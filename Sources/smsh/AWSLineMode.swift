import Foundation
import SecretsCore
import SmshLanguage
import AWSCLI
import SourceText

/// `smsh aws secretsmanager OP ...`: one aws CLI command, answered as the aws CLI answers it
/// (4-space JSON on stdout; `An error occurred (CODE) when calling the OP operation: MESSAGE` on
/// stderr), run on smsh's backends. Exit codes are the aws CLI v2's (AWSCLIExitCode).
extension Runner {
    /// Moves smsh's options out of the aws arguments into `o`; the rest stays for the aws line.
    static func adoptSmshOptions(_ o: inout SmshOptions) -> String? {
        var rest: [String] = []
        var args = o.arguments[...]
        while let word = args.popFirst() {
            // -c and --output mean other things on an aws line: they stay with it.
            switch o.take(word, from: &args, excluding: ["-c", "--output"]) {
            case .taken:
                // --region is both the session's Region (the aws backend resolves with it) and the call's.
                if let region = o.region, word == "--region" || word.hasPrefix("--region=") { rest += ["--region", region] }
            case .notAnOption: rest.append(word)
            case .usageError(let message): return message
            }
        }
        o.arguments = rest
        return nil
    }

    /// The width awscli draws tables for: the terminal's, or 80 when stdout is not one.
    static func terminalWidth() -> Int {
        var size = winsize()
        if isatty(1) == 1, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    func runAWSLine(router: BackendRouter, region: String) async -> Int32 {
        // The shell has split the words already; each argument is one word as given.
        let words = options.arguments.enumerated().map { i, text in
            ShellWords.Word(text: text, range: SourceRange(file: -1, line: 1, column: i + 1, length: 1), verbatim: false)
        }
        let command: AWSCLICommand
        do {
            command = try AWSCLILine.parse(words, directory: FileManager.default.currentDirectoryPath)
        } catch {
            Output.write("smsh aws: error: \(error.message)\n", to: .standardError)
            return AWSCLIExitCode.usage
        }
        if let topic = command.help {
            Output.write(AWSCLIHelp.text(topic), to: .standardOutput)
            return AWSCLIExitCode.ok
        }
        if let kind = command.skeleton {
            Output.write(Skeletons.printed(command.operation, kind), to: .standardOutput)
            return 0
        }
        let session = Session(region: region, profile: options.profile, endpoint: options.endpointURL, backend: options.backend,
                              quiet: true, color: false, showResults: false)
        let interpreter = Interpreter(session: session, transport: router, faults: router.localTransport, files: SourceFiles(),
                                      output: sink, environment: environment, args: [])
        interpreter.lineTransport = { try router.transport(for: $0, session: $1) }
        let sink = self.sink
        return await Interrupts.run {
            do {
                sink.out(try await interpreter.printAWSLine(command, terminalWidth: Runner.terminalWidth()))
                return 0
            } catch let e as RuntimeError {
                if e.exitCode == 130 { return AWSCLIExitCode.interrupted }
                sink.err("\nAn error occurred (\(e.code)) when calling the \(command.operation.rawValue) operation: \(e.message)\n")
                return AWSCLIExitCode.forError(code: e.code)
            } catch is CancellationError {
                return AWSCLIExitCode.interrupted
            } catch {
                sink.err("\n\(error)\n")
                return AWSCLIExitCode.other
            }
        }
    }
}
