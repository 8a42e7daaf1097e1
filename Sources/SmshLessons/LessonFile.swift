import SecretsCore
import SmshLanguage
import SourceText

/// Reads a lesson file: `field: text` lines, each field's text going on over the indented lines
/// below it, `#` lines ignored. Every problem is a located diagnostic, so `smsh check` shows a
/// lesson's mistakes as it shows a script's.
public enum LessonFile {
    static let headerFields = ["lesson", "title", "summary", "region", "delay", "setup"]
    static let stepFields = ["step", "explain", "suggest", "check", "hint", "then", "aws"]
    static let questionFields = ["question", "choice", "answer", "why"]
    static let allFields = headerFields + stepFields + questionFields
    /// What every step must say; `aws` may be left out where nothing differs.
    static let requiredStepFields = ["explain", "suggest", "check", "hint", "then"]

    /// One `field: text` with the indented lines that continue it.
    struct Field {
        var key: String
        /// The key's place (line, column 1, its length).
        var keyRange: SourceRange
        /// Each line of the text: where it starts and what it says (empty for a blank line
        /// between two lines of text).
        var lines: [(line: Int, column: Int, text: String)]

        var text: String {
            var ls = lines.map(\.text)
            while ls.first?.isEmpty == true { ls.removeFirst() }
            while ls.last?.isEmpty == true { ls.removeLast() }
            return ls.joined(separator: "\n")
        }

        var nonEmptyLines: [(line: Int, column: Int, text: String)] { lines.filter { !$0.text.isEmpty } }
    }

    /// The lesson in `text`, or the problems that keep it from running (then the lesson is nil).
    public static func parse(text: String, path: String, files: SourceFiles) -> (lesson: Lesson?, problems: [Diagnostic]) {
        let bytes = Array(text.utf8)
        let file = files.add(path: path, bytes: bytes)
        var problems: [Diagnostic] = []
        let fields = split(bytes, file: file, problems: &problems)
        let lesson = build(fields, bytes: bytes, path: path, file: file, files: files, problems: &problems)
        // In the file's order, as a script's problems are shown.
        let ordered = problems.enumerated().sorted { a, b in
            (a.element.range.line, a.element.range.column, a.offset) < (b.element.range.line, b.element.range.column, b.offset)
        }.map(\.element)
        return (problems.isEmpty ? lesson : nil, ordered)
    }

    static func split(_ bytes: [UInt8], file: Int, problems: inout [Diagnostic]) -> [Field] {
        var fields: [Field] = []
        var lineNumber = 0
        for raw in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Array(raw)
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            let indent = line.prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }.count
            let content = String(decoding: line[indent...], as: UTF8.self)
            let trimmed = trimTrailing(content)
            if trimmed.isEmpty {
                if !fields.isEmpty { fields[fields.count - 1].lines.append((lineNumber, 1, "")) }
                continue
            }
            if indent == 0, trimmed.hasPrefix("#") { continue }
            if indent > 0 {
                guard !fields.isEmpty else {
                    problems.append(Diagnostic("indented text outside a field: a field starts at the line's first column ('explain: ...') and its text may go on over indented lines",
                                               at: SourceRange(file: file, line: lineNumber, column: indent + 1, length: trimmed.utf8.count)))
                    continue
                }
                fields[fields.count - 1].lines.append((lineNumber, indent + 1, trimmed))
                continue
            }
            guard let colon = trimmed.firstIndex(of: ":"), trimmed[..<colon].allSatisfy({ $0.isLetter }), colon > trimmed.startIndex else {
                let word = String(trimmed.prefix { !$0.isWhitespace && $0 != ":" })
                problems.append(Diagnostic("expected a field ('explain: TEXT'), found '\(word)'" + suggestion(for: word),
                                           at: SourceRange(file: file, line: lineNumber, column: 1, length: max(1, word.utf8.count))))
                continue
            }
            let key = String(trimmed[..<colon])
            let keyRange = SourceRange(file: file, line: lineNumber, column: 1, length: key.utf8.count + 1)
            guard allFields.contains(key) else {
                problems.append(Diagnostic("unknown field '\(key)'" + suggestion(for: key) + " (fields: \(allFields.joined(separator: ", ")))",
                                           at: keyRange))
                continue
            }
            let rest = trimmed[trimmed.index(after: colon)...]
            let value = String(rest.drop { $0 == " " || $0 == "\t" })
            let column = key.utf8.count + 2 + (rest.utf8.count - value.utf8.count)
            fields.append(Field(key: key, keyRange: keyRange, lines: [(lineNumber, column, value)]))
        }
        return fields
    }

    static func trimTrailing(_ s: String) -> String {
        var s = Substring(s)
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return String(s)
    }

    static func suggestion(for word: String) -> String {
        Spelling.closest(to: word, among: allFields, maxDistance: 2).map { ": did you mean '\($0)'?" } ?? ""
    }

    static func build(_ fields: [Field], bytes: [UInt8], path: String, file: Int, files: SourceFiles,
                      problems: inout [Diagnostic]) -> Lesson? {
        let start = SourceRange(file: file, line: 1, column: 1, length: 1)
        var header: [String: Field] = [:]
        var steps: [[String: [Field]]] = []
        var questions: [[String: [Field]]] = []
        for f in fields {
            if headerFields.contains(f.key) {
                if !steps.isEmpty || !questions.isEmpty {
                    problems.append(Diagnostic("'\(f.key)' belongs to the lesson's header, before the first step", at: f.keyRange))
                } else if header[f.key] != nil {
                    problems.append(Diagnostic("a second '\(f.key)': the lesson has one", at: f.keyRange))
                } else {
                    header[f.key] = f
                }
            } else if f.key == "step" {
                if !questions.isEmpty {
                    problems.append(Diagnostic("a step after the questions: steps come first, then the questions that end the lesson", at: f.keyRange))
                } else {
                    steps.append(["step": [f]])
                }
            } else if f.key == "question" {
                questions.append(["question": [f]])
            } else if stepFields.contains(f.key) {
                guard !steps.isEmpty, questions.isEmpty else {
                    problems.append(Diagnostic("'\(f.key)' belongs to a step: start one with 'step: TITLE'", at: f.keyRange))
                    continue
                }
                if f.key != "check", steps[steps.count - 1][f.key] != nil {
                    problems.append(Diagnostic("a second '\(f.key)' in this step (only 'check' may repeat)", at: f.keyRange))
                    continue
                }
                steps[steps.count - 1][f.key, default: []].append(f)
            } else {
                guard !questions.isEmpty else {
                    problems.append(Diagnostic("'\(f.key)' belongs to a question: start one with 'question: TEXT'", at: f.keyRange))
                    continue
                }
                if f.key != "choice", questions[questions.count - 1][f.key] != nil {
                    problems.append(Diagnostic("a second '\(f.key)' in this question (only 'choice' may repeat)", at: f.keyRange))
                    continue
                }
                questions[questions.count - 1][f.key, default: []].append(f)
            }
        }

        var lesson = Lesson(name: "", title: "", summary: "", region: "us-east-1", delay: 2, setup: nil, steps: [], questions: [])
        if let f = header["lesson"] {
            let name = f.text
            if name.isEmpty || !name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) {
                problems.append(Diagnostic("a lesson's name is lowercase letters, digits and '-' (it is what 'smsh learn NAME' takes), not '\(name)'",
                                           at: valueRange(f, file: file)))
            }
            lesson.name = name
        } else {
            problems.append(Diagnostic("a lesson needs 'lesson: NAME' in its header", at: start))
        }
        if let f = header["title"], !f.text.isEmpty {
            lesson.title = f.text
        } else {
            problems.append(Diagnostic("a lesson needs 'title: TEXT' in its header", at: header["title"]?.keyRange ?? start))
        }
        lesson.summary = header["summary"]?.text ?? ""
        if let f = header["region"] {
            if Regions.isKnown(f.text) {
                lesson.region = f.text
            } else {
                let hint = Regions.suggestion(for: f.text).map { ": did you mean '\($0)'?" } ?? ""
                problems.append(Diagnostic("'\(f.text)' is not a Region\(hint)", at: valueRange(f, file: file)))
            }
        }
        if let f = header["delay"] {
            if let d = duration(f.text) {
                lesson.delay = d
            } else {
                problems.append(Diagnostic("'\(f.text)' is not a duration (e.g. 0, 500ms, 2s)", at: valueRange(f, file: file)))
            }
        }

        // Variables any code of the lesson makes, so that a check may read what a step's command set.
        var code: [(Field, CodeKind)] = []
        if let f = header["setup"] { code.append((f, .block)) }
        for s in steps {
            if let f = s["suggest"]?.first { code.append((f, .command)) }
            for f in s["check"] ?? [] { code.append((f, .condition)) }
        }
        var parsed: [Int: Program] = [:]
        var defined = Set(["args"] + LessonRunner.checkVariables)
        for (i, (f, kind)) in code.enumerated() {
            guard let program = parseCode(f, kind: kind, bytes: bytes, path: path, file: file, files: files, problems: &problems) else { continue }
            parsed[i] = program
            for case .letVar(let name, _, _) in program.statements { defined.insert(name) }
        }
        for (i, program) in parsed {
            var found = Checker.check(program, predefined: defined)
            for j in found.indices { found[j].range.file = Int32(file) }
            problems += found
            if code[i].1 == .block { lesson.setup = program }
        }

        var codeIndex = header["setup"] == nil ? 0 : 1
        for s in steps {
            guard let stepField = s["step"]?.first else { continue }
            let missing = requiredStepFields.filter { s[$0] == nil }
            if !missing.isEmpty {
                problems.append(Diagnostic("step '\(stepField.text)' has no \(missing.map { "'\($0):'" }.joined(separator: ", ")) (a step needs explain, suggest, check, hint and then)",
                                           at: stepField.keyRange))
            }
            var step = Lesson.Step(title: stepField.text, explain: s["explain"]?.first?.text ?? "", suggest: "", checks: [],
                                   hint: s["hint"]?.first?.text ?? "", then: s["then"]?.first?.text ?? "", aws: s["aws"]?.first?.text)
            if let f = s["suggest"]?.first {
                step.suggest = f.text
                codeIndex += 1
            }
            for f in s["check"] ?? [] {
                if let program = parsed[codeIndex], case .assert(let condition, _, _, _)? = program.statements.first {
                    step.checks.append(.init(text: f.text, condition: condition))
                }
                codeIndex += 1
            }
            lesson.steps.append(step)
        }
        if steps.isEmpty { problems.append(Diagnostic("a lesson needs at least one 'step: TITLE'", at: start)) }

        for q in questions {
            guard let questionField = q["question"]?.first else { continue }
            let choices = q["choice"] ?? []
            if choices.count < 2 {
                problems.append(Diagnostic("a question needs two or more 'choice:' lines", at: questionField.keyRange))
            }
            var answer = 0
            if let f = q["answer"] {
                if let n = Int(f.first?.text ?? ""), n >= 1, n <= choices.count {
                    answer = n - 1
                } else {
                    problems.append(Diagnostic("'answer:' is the number of the right choice, 1 to \(choices.count)",
                                               at: f.first.map { valueRange($0, file: file) } ?? questionField.keyRange))
                }
            } else {
                problems.append(Diagnostic("question has no 'answer:' (the number of the right choice)", at: questionField.keyRange))
            }
            if q["why"] == nil {
                problems.append(Diagnostic("question has no 'why:' (why the answer is right)", at: questionField.keyRange))
            }
            lesson.questions.append(.init(text: questionField.text, choices: choices.map(\.text), answer: answer,
                                          why: q["why"]?.first?.text ?? ""))
        }
        if questions.isEmpty {
            problems.append(Diagnostic("a lesson ends with at least one 'question:' that checks understanding", at: start))
        }
        return lesson
    }

    enum CodeKind { case block, command, condition }

    /// Parses a field's code where it stands: every byte of the file outside the field is blanked
    /// (newlines kept), so the parser's lines and columns are the file's own; a condition is
    /// read as `assert`, which spells as many bytes as `check:`.
    static func parseCode(_ f: Field, kind: CodeKind, bytes: [UInt8], path: String, file: Int, files: SourceFiles,
                          problems: inout [Diagnostic]) -> Program? {
        let lines = f.nonEmptyLines
        guard let first = lines.first else {
            problems.append(Diagnostic("'\(f.key):' needs smsh code", at: f.keyRange))
            return nil
        }
        if kind != .block, lines.count > 1 {
            problems.append(Diagnostic("'\(f.key):' is one line of smsh", at: SourceRange(file: file, line: lines[1].line, column: lines[1].column, length: lines[1].text.utf8.count)))
            return nil
        }
        var lineStarts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { lineStarts.append(i + 1) }
        var blank = bytes.map { $0 == UInt8(ascii: "\n") ? $0 : UInt8(ascii: " ") }
        for l in lines {
            let from = lineStarts[l.line - 1] + l.column - 1
            for (k, b) in l.text.utf8.enumerated() { blank[from + k] = b }
        }
        if kind == .condition {
            let at = lineStarts[Int(f.keyRange.line) - 1]
            for (k, b) in "assert".utf8.enumerated() { blank[at + k] = b }
        }
        let program = Parser.parse(bytes: blank, path: path, files: files)
        if !program.diagnostics.isEmpty {
            problems += program.diagnostics.map { d in
                var d = d
                d.range.file = Int32(file)
                return d
            }
            return nil
        }
        switch kind {
        case .condition:
            guard program.statements.count == 1, case .assert(_, nil, _, _) = program.statements[0] else {
                problems.append(Diagnostic("'check:' is one smsh expression that is true once the step is done",
                                           at: SourceRange(file: file, line: first.line, column: first.column, length: first.text.utf8.count)))
                return nil
            }
        case .command:
            if program.statements.isEmpty {
                problems.append(Diagnostic("'suggest:' needs a command", at: f.keyRange))
                return nil
            }
        case .block: break
        }
        return program
    }

    static func valueRange(_ f: Field, file: Int) -> SourceRange {
        guard let l = f.nonEmptyLines.first else { return f.keyRange }
        return SourceRange(file: file, line: l.line, column: l.column, length: l.text.utf8.count)
    }

    /// `0`, `2.5` (seconds), `500ms`, `2s`.
    static func duration(_ text: String) -> Double? {
        let lexer = Lexer.tokenize(text, file: -1)
        guard lexer.diagnostics.isEmpty, lexer.tokens.count == 2 else { return nil }
        let t = lexer.tokens[0]
        guard t.kind == .duration || t.kind == .number, t.number >= 0 else { return nil }
        return t.number
    }
}
