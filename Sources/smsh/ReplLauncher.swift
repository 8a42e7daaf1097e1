import Foundation
import LineEditor
import SmshLanguage
import SmshLessons
import SmshREPL

/// Starts the interactive session on a terminal: libedit unless TERM is dumb or unset (then a
/// plain prompt and the terminal's own line editing); the prompt and line go to stderr when stdout
/// is a pipe, so results can be piped while editing still works.
enum ReplLauncher {
    static func run(interpreter: Interpreter, color: Bool, environment: [String: String], stateFile: String? = nil) async -> Int32 {
        let term = environment["TERM"] ?? ""
        let dumb = term.isEmpty || term == "dumb"
        let stdoutIsTerminal = isatty(1) == 1
        if dumb {
            interpreter.session.interactiveProgress = false
            interpreter.session.color = false
        }
        let reader: any LineReader
        if !dumb, let editor = EditLineReader(programName: "smsh", outputToStderr: !stdoutIsTerminal, historySize: 1000) {
            reader = editor
        } else {
            reader = PlainLineReader(showPrompt: true)
        }
        let history = HistoryFile.defaultPath(environment: environment).map { HistoryFile(path: $0) }
        let runner = ScriptRunner(interpreter: interpreter, color: color && !dumb)
        let repl = REPL(runner: runner, reader: reader, historyFile: history,
                        out: { Output.write($0, to: .standardOutput) }, err: { Output.write($0, to: .standardError) })
        repl.lessonProgress = LessonProgress.standard(environment: environment)
        repl.environment = environment
        repl.stateFile = stateFile
        return await repl.run()
    }
}
