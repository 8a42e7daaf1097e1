import Foundation
import SecretsCore
import SecretsSimulator
import SmshLanguage
import SourceText

/// `smsh rehearse`: copies the relevant part of an account (or the local state) into a fresh
/// simulator in memory, runs the runbook there with the normal interpreter, and reports every
/// call it made and what changed.
public struct Rehearsal: Sendable {
    public enum Source: Sendable {
        /// An account behind this transport; only ReadOnlyTransport's operations reach it.
        case aws(any Transport)
        /// The simulator's state file (missing: an empty state).
        case local(statePath: String)
    }

    public enum Outcome: Sendable {
        case plan(Plan)
        /// The runbook does not pass `smsh check`: the diagnostics went to `output.err`; exit 2.
        case checkFailed
        /// The account could not be read (or the state copied): nothing ran; exit 1.
        case sourceFailed(String)
    }

    public var text: String
    /// The file's path, as given (also what diagnostics show).
    public var path: String
    public var args: [String] = []
    /// The session's Region at the start of the run.
    public var region: String
    /// Regions to read from the account; empty: the session's and every Region the script names.
    public var readRegions: [String] = []
    /// nil: the secrets the script names literally, or every secret when it computes names.
    public var selection: SecretSelection?
    /// The copy's replication delay: 0 (replicas are InSync at once) unless asked otherwise.
    public var replicationDelay: Double = 0
    public var accountId: String = SimulatorOptions.defaultAccountId
    public var environment: [String: String] = ProcessInfo.processInfo.environment
    public var color = false
    /// No log line per command (`--quiet`).
    public var quiet = false
    /// The copy's generator (ARN suffixes); tests pass a seeded one.
    public var random: @Sendable () -> Double = { Double.random(in: 0..<1) }
    /// `value prompt` in the runbook.
    public var readSecret: (@Sendable (String) throws -> String?)?

    public init(text: String, path: String, region: String) {
        self.text = text
        self.path = path
        self.region = region
    }

    /// Runs the rehearsal; the runbook's own output (prints, log lines, errors) goes to `output`.
    public func run(from source: Source, output: OutputSink) async -> Outcome {
        let files = SourceFiles()
        let (program, problems) = ScriptRunner.check(text, path: path, files: files)
        if !problems.isEmpty {
            output.err(DiagnosticRenderer(files: files, color: color).render(problems))
            return .checkFailed
        }
        let operands = Checker.operands(of: program)
        let selection: SecretSelection
        let selectionText: String
        if let chosen = self.selection {
            selection = chosen
            switch chosen {
            case .names(let n): selectionText = "secrets given: " + n.joined(separator: ", ")
            case .filters(let f): selectionText = "secrets matching " + f.map { "\($0.key)=\($0.value)" }.joined(separator: " and ")
            case .all: selectionText = "every secret"
            }
        } else if operands.computedSecrets || operands.secrets.isEmpty {
            selection = .all
            selectionText = operands.secrets.isEmpty && !operands.computedSecrets
                ? "every secret (the script names none)" : "every secret (the script computes secret names)"
        } else {
            selection = .names(operands.secrets)
            selectionText = "secrets the script names: " + operands.secrets.joined(separator: ", ")
        }
        var regions = readRegions
        if regions.isEmpty {
            regions = [region]
            for r in operands.regions where !regions.contains(r) { regions.append(r) }
        }

        var options = SimulatorOptions(statePath: ":memory:", replicationDelay: replicationDelay, accountId: accountId, random: random)
        let copy: SimulatorTransport
        let sourceName: String
        do {
            switch source {
            case .aws(let transport):
                sourceName = "aws"
                let read = try await AccountReader(transport: ReadOnlyTransport(transport)).read(regions: regions, selection: selection)
                if let account = read.lazy.compactMap(\.account).first(where: { $0.count == 12 }) { options.accountId = account }
                copy = try SimulatorTransport(options: options)
                try copy.importSecrets(read.filter { !$0.isReplica }.map { $0.imported { _ in Placeholder.unknown } })
            case .local(let statePath):
                sourceName = "local"
                regions = Regions.codes
                copy = try SimulatorTransport.copy(ofStateAt: statePath, options: options, value: Placeholder.like)
            }
        } catch let e as AWSError {
            return .sourceFailed("\(e.code): \(e.message)")
        } catch {
            return .sourceFailed("\(error)")
        }

        let everything = AccountReader(transport: copy)
        let before: [SecretState]
        do {
            before = try await everything.read(regions: Regions.codes, selection: .all)
        } catch {
            return .sourceFailed("reading the copy: \(error)")
        }
        let recorder = RecordingTransport(copy)
        let session = Session(region: region, backend: "local", quiet: quiet, color: color)
        let interpreter = Interpreter(session: session, transport: recorder, faults: copy, files: files, output: output,
                                      environment: environment, args: args)
        // `use backend aws`, `use profile`, `use endpoint`: the session notes them, the calls
        // still go to the copy.
        interpreter.sessionChanged = { _ in }
        interpreter.readSecret = readSecret
        let exitCode = await ScriptRunner(interpreter: interpreter, color: color).run(text: text, displayName: path, path: path)
        // Read whatever way the run ended: what it did so far is the plan.
        let after = (try? await everything.read(regions: Regions.codes, selection: .all)) ?? before
        return .plan(Plan(file: path, source: sourceName, account: options.accountId, regions: regions, selection: selectionText,
                          copied: before.map { "\($0.name) in \($0.region)" }, calls: recorder.calls,
                          changes: StateDiff.changes(before: before, after: after), exitCode: exitCode))
    }
}
