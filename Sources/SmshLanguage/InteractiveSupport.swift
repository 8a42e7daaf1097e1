import Foundation

/// How one input of an interactive session ended: the session goes on after anything but `exit`.
public enum InteractiveOutcome: Sendable, Equatable {
    case finished(Int32)
    case exit(Int32)
    case interrupted
}

extension ScriptRunner {
    /// Runs one complete input of the REPL in the session's global scope. Unlike `run`, it tells
    /// `exit` apart from a failing command, and reports every error without ending the session.
    public func runInteractive(text: String, displayName: String = "<input>") async -> InteractiveOutcome {
        let program = Parser.parse(text, path: displayName, files: interpreter.files)
        var problems = program.diagnostics
        if problems.isEmpty {
            problems = Checker.check(program, predefined: interpreter.definedNames, procedures: interpreter.procedureArities)
        }
        if !problems.isEmpty {
            interpreter.output.err(renderer.render(problems))
            if problems.stopsTheRun { return .finished(2) }
        }
        do {
            try await interpreter.run(program, path: nil)
            return .finished(0)
        } catch let e as ExitSignal {
            return .exit(e.code)
        } catch where Task.isCancelled || error is CancellationError {
            return .interrupted
        } catch let e as RuntimeError {
            interpreter.output.err(renderer.render(e.diagnostic))
            return .finished(e.exitCode)
        } catch let e as SourceProblems {
            interpreter.output.err(renderer.render(e.diagnostics))
            return .finished(2)
        } catch {
            interpreter.output.err("smsh: error: \(error)\n")
            return .finished(1)
        }
    }
}

extension Interpreter {
    /// The session's global variables, by name, for the REPL's `vars` and `$` completion.
    public var globalVariables: [(name: String, value: Value)] {
        globals.values.keys.sorted().compactMap { name in globals.values[name].map { (name, $0) } }
    }

    /// Procedures defined with `def`, for completion.
    public var procedureNames: [String] { procedures.keys.sorted() }
}
