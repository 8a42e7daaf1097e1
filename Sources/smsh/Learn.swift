import Foundation
import LineEditor
import SmshLanguage
import SmshLessons
import SmshREPL
import SourceText

extension Runner {
    /// `smsh learn` lists the lessons; `smsh learn NAME|FILE` runs one, on its own simulator
    /// (`--replication-delay` overrides the lesson's delay).
    func learn() async -> Int32 {
        let words = Array(options.arguments.dropFirst())
        guard words.count <= 1 else { return usage("usage: smsh learn [LESSON | FILE]") }
        var delay: Double?
        if let text = options.replicationDelay {
            guard let d = Runner.parseDuration(text) else { return usage("'\(text)' is not a duration (e.g. 0, 500ms, 3s)") }
            delay = d
        }
        let term = environment["TERM"] ?? ""
        let terminal = isatty(0) == 1 && !term.isEmpty && term != "dumb"
        let reader: any LineReader
        if terminal, let editor = EditLineReader(programName: "smsh", outputToStderr: isatty(1) != 1, historySize: 1000) {
            reader = editor
        } else {
            reader = PlainLineReader(showPrompt: isatty(0) == 1)
        }
        defer { reader.close() }
        let io = LessonTerminal(reader: reader, isTerminal: terminal && isatty(2) == 1,
                                out: { Output.write($0, to: .standardOutput) }, err: { Output.write($0, to: .standardError) })
        let code = await LessonTerminal.learn(words.first, io: io, progress: LessonProgress.standard(environment: environment),
                                              delay: delay, color: color, environment: environment)
        // SIGTERM or SIGHUP ended the lesson (its place is kept): the shell's code for it.
        return TerminalSignals.terminationExitCode ?? code
    }

    /// `smsh check FILE.lesson`: the lesson format's checks, with the code in it checked as smsh.
    func checkLesson(path: String) -> Int32 {
        guard let bytes = Runner.readBytes(path) else { return usage("cannot read '\(path)'") }
        let files = SourceFiles()
        let problems = LessonFile.parse(text: String(decoding: bytes, as: UTF8.self), path: path, files: files).problems
        if !problems.isEmpty {
            Output.write(DiagnosticRenderer(files: files, color: color).render(problems), to: .standardError)
        }
        return problems.isEmpty ? 0 : 2
    }
}
