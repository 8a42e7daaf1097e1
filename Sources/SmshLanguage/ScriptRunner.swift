import Foundation
import SourceText

/// Parse, check, run: the script front end shared by the smsh executable and the golden tests.
public struct ScriptRunner: Sendable {
    public let interpreter: Interpreter
    public let color: Bool

    public init(interpreter: Interpreter, color: Bool) {
        self.interpreter = interpreter
        self.color = color
    }

    var renderer: DiagnosticRenderer { DiagnosticRenderer(files: interpreter.files, color: color, reveal: interpreter.session.reveal) }

    /// Syntax and check errors of a text, without running anything (`smsh check`).
    public static func problems(in text: String, path: String, files: SourceFiles) -> [Diagnostic] {
        check(text, path: path, files: files).problems
    }

    /// The program too, so a caller about to exit can skip freeing a large tree.
    public static func check(_ text: String, path: String, files: SourceFiles) -> (program: Program, problems: [Diagnostic]) {
        check(bytes: Array(text.utf8), path: path, files: files)
    }

    public static func check(bytes: [UInt8], path: String, files: SourceFiles) -> (program: Program, problems: [Diagnostic]) {
        let program = Parser.parse(bytes: bytes, path: path, files: files,
                                   directory: URL(fileURLWithPath: path).deletingLastPathComponent().path)
        if !program.diagnostics.isEmpty { return (program, program.diagnostics) }
        let problems = Checker.check(program)
        if problems.stopsTheRun { return (program, problems) }
        return (program, problems + SourcePrecheck.problems(in: program, path: path, files: files, predefined: ["args"]))
    }

    /// Runs a whole script; returns the exit code of docs/language.md ("Errors and exit codes"). `path` is where `source`
    /// resolves relative names from (nil: the current directory).
    public func run(text: String, displayName: String, path: String?) async -> Int32 {
        let program = Parser.parse(text, path: displayName, files: interpreter.files,
                                   directory: path.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path })
        var problems = program.diagnostics
        if problems.isEmpty {
            problems = Checker.check(program, predefined: interpreter.definedNames, procedures: interpreter.procedureArities)
        }
        if !problems.stopsTheRun {
            problems += SourcePrecheck.problems(in: program, path: path, files: interpreter.files, predefined: interpreter.definedNames)
        }
        if !problems.isEmpty {
            interpreter.output.err(renderer.render(problems))
            if problems.stopsTheRun { return 2 }
        }
        return await execute(program, path: path)
    }

    public func execute(_ program: Program, path: String?) async -> Int32 {
        do {
            try await interpreter.run(program, path: path.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
            return 0
        } catch let e as ExitSignal {
            return e.code
        } catch let e as RuntimeError {
            interpreter.output.err(renderer.render(e.diagnostic))
            return e.exitCode
        } catch let e as SourceProblems {
            interpreter.output.err(renderer.render(e.diagnostics))
            return 2
        } catch is CancellationError {
            interpreter.output.err("smsh: interrupted\n")
            return 130
        } catch {
            interpreter.output.err("smsh: error: \(error)\n")
            return 1
        }
    }
}

extension Array where Element == Diagnostic {
    /// Errors stop a script before it runs; warnings are shown and it runs.
    public var stopsTheRun: Bool { contains { $0.severity == .error } }
}
