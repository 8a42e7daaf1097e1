import Foundation
import SecretsCore
import SmshLanguage
import SourceText

/// The built-in lessons (the `.lesson` files in Sources/SmshLessons/Lessons, compiled into the
/// binary) and finding a lesson by name or file.
public enum LessonCatalog {
    /// In the order `smsh learn` lists them: the order to take them in.
    public static let builtIn: [(name: String, text: String)] = [
        ("replicate", PackageResources.replicate_lesson),
        ("conflicts", PackageResources.conflicts_lesson),
        ("keys", PackageResources.keys_lesson),
        ("failover", PackageResources.failover_lesson),
        ("versions", PackageResources.versions_lesson),
        ("rotation", PackageResources.rotation_lesson),
        ("cleanup", PackageResources.cleanup_lesson),
    ].map { ($0.0, String(decoding: $0.1, as: UTF8.self)) }

    public static var names: [String] { builtIn.map(\.name) }

    /// Where a built-in lesson's lines are said to be, in messages.
    public static func builtInPath(_ name: String) -> String { "Sources/SmshLessons/Lessons/\(name).lesson" }

    public enum Found {
        case lesson(Lesson)
        /// The lesson's problems (render them with the same `files`).
        case invalid([Diagnostic])
        case notFound(String)
    }

    /// A built-in lesson by name, else a lesson file.
    public static func find(_ nameOrPath: String, files: SourceFiles) -> Found {
        let text: String, path: String
        if let b = builtIn.first(where: { $0.name == nameOrPath }) {
            (text, path) = (b.text, builtInPath(b.name))
        } else if let data = FileManager.default.contents(atPath: nameOrPath) {
            (text, path) = (String(decoding: data, as: UTF8.self), nameOrPath)
        } else {
            var message = "no lesson '\(nameOrPath)'"
            if let close = Spelling.closest(to: nameOrPath, among: names, maxDistance: 3) { message += ": did you mean '\(close)'?" }
            return .notFound(message + " ('smsh learn' lists the lessons; a lesson file is named by its path)")
        }
        let (lesson, problems) = LessonFile.parse(text: text, path: path, files: files)
        if let lesson { return .lesson(lesson) }
        return .invalid(problems)
    }

    /// `smsh learn`: each built-in lesson, its title and how far the learner has got.
    public static func listing(progress: LessonProgress) -> String {
        let positions = progress.load()
        let files = SourceFiles()
        let lessons = builtIn.compactMap { LessonFile.parse(text: $0.text, path: builtInPath($0.name), files: files).lesson }
        let width = (lessons.map(\.name.count).max() ?? 0) + 2
        let titleWidth = (lessons.map(\.title.count).max() ?? 0) + 2
        var out = "Lessons (smsh learn NAME, or learn NAME in the REPL; each runs on its own simulator):\n"
        for l in lessons {
            var state = ""
            if let p = positions[l.name], p > 0 {
                state = p >= l.length ? "done" : (p < l.steps.count ? "at step \(p + 1) of \(l.steps.count)" : "at the questions")
            }
            out += "  " + l.name.padding(toLength: width, withPad: " ", startingAt: 0)
                + (state.isEmpty ? l.title : l.title.padding(toLength: titleWidth, withPad: " ", startingAt: 0) + state) + "\n"
        }
        out += "A lesson of your own: smsh learn FILE (docs/teaching.md has the format; smsh check FILE validates it).\n"
        return out
    }
}
