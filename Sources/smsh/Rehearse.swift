import AWSBackend
import Foundation
import LineEditor
import Rehearsal
import SecretsCore
import SecretsSimulator
import SmshLanguage

/// `smsh rehearse FILE [ARG ...] --from-backend aws|local ...`: see RehearseCommand.help.
extension Runner {
    func rehearse() async -> Int32 {
        let command: RehearseCommand
        switch RehearseCommand.parse(Array(options.arguments.dropFirst())) {
        case .help:
            Output.write(RehearseCommand.help + "\n", to: .standardOutput)
            return 0
        case .usageError(let message):
            return usage(message)
        case .command(let c):
            command = c
        }
        // smsh's own options before `rehearse` count too; those after it win.
        var merged = options
        merged.profile = command.profile ?? options.profile
        merged.endpointURL = command.endpointURL ?? options.endpointURL
        merged.region = command.regions.first ?? options.region
        let settings = Runner(options: merged)
        var delay = 0.0
        if let text = command.replicationDelay ?? options.replicationDelay {
            guard let d = Runner.parseDuration(text) else { return usage("'\(text)' is not a duration (e.g. 0, 500ms, 3s)") }
            delay = d
        }
        guard let bytes = Runner.readBytes(command.file) else { return usage("cannot read '\(command.file)'") }

        let region: String
        if command.fromBackend == "aws" {
            do { region = try settings.awsRegion() } catch { return usage("\(error)") }
        } else {
            region = merged.region ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] ?? "us-east-1"
        }
        guard Regions.isKnown(region) else { return usage("'\(region)' is not a Region") }
        let account = environment["SMSH_ACCOUNT_ID"] ?? SimulatorOptions.defaultAccountId

        var rehearsal = Rehearsal(text: String(decoding: bytes, as: UTF8.self), path: command.file, region: region)
        rehearsal.args = command.args
        rehearsal.readRegions = command.regions
        rehearsal.selection = command.selection
        rehearsal.replicationDelay = delay
        rehearsal.accountId = account
        rehearsal.environment = environment
        rehearsal.color = color
        rehearsal.quiet = options.quiet
        rehearsal.readSecret = { prompt in
            switch SecretInput.readLine(prompt: prompt, isCancelled: { Task.isCancelled }) {
            case .line(let text): return text
            case .endOfInput: return nil
            case .interrupted: throw CancellationError()
            }
        }

        let source: Rehearsal.Source
        var aws: HTTPTransport?
        if command.fromBackend == "aws" {
            do {
                let t = try BackendRouter.makeAWS(profile: merged.profile, endpoint: merged.endpointURL, region: region,
                                                  environment: environment,
                                                  options: try settings.httpOptions())
                aws = t
                source = .aws(t)
            } catch {
                Output.write("smsh: error: \(error)\n", to: .standardError)
                return 1
            }
        } else {
            source = .local(statePath: command.state ?? options.state ?? SimulatorOptions.defaultStatePath(environment: environment))
        }
        // The runbook's output goes to stderr: stdout is the plan's alone.
        let err: @Sendable (String) -> Void = { Output.write($0, to: .standardError) }
        let runOutput = OutputSink(out: err, err: err)
        let json = command.json
        let prepared = rehearsal
        let code = await Interrupts.run {
            switch await prepared.run(from: source, output: runOutput) {
            case .checkFailed:
                return 2
            case .sourceFailed(let message):
                err("smsh: error: cannot read the \(command.fromBackend == "aws" ? "account" : "local state") to rehearse on: \(message)\n")
                return 1
            case .plan(let plan):
                Output.write(json ? plan.json.prettyText() + "\n" : plan.text, to: .standardOutput)
                return plan.exitCode
            }
        }
        await aws?.shutdown()
        return code
    }
}
