import Foundation

/// Where each lesson's learner has got to: a small JSON file beside the REPL's history
/// (`$XDG_STATE_HOME/smsh/lessons.json`, or `~/.local/state/smsh/lessons.json`), and the
/// worlds of unfinished lessons beside the simulator's state (`$XDG_DATA_HOME/smsh/lessons/`).
public struct LessonProgress: Sendable {
    /// The progress file; nil keeps nothing (a test, or no home directory).
    public let path: String?
    /// Where unfinished lessons keep their simulator state; nil: in memory, lost on quitting.
    public let worldDirectory: String?

    public init(path: String?, worldDirectory: String?) {
        self.path = path
        self.worldDirectory = worldDirectory
    }

    public static func standard(environment: [String: String]) -> LessonProgress {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
        let state = environment["XDG_STATE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? home.map { $0 + "/.local/state" }
        let data = environment["XDG_DATA_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? home.map { $0 + "/.local/share" }
        return LessonProgress(path: state.map { $0 + "/smsh/lessons.json" }, worldDirectory: data.map { $0 + "/smsh/lessons" })
    }

    public static let none = LessonProgress(path: nil, worldDirectory: nil)

    /// The position (steps, then questions) reached in each lesson; a finished lesson's is its length.
    public func load() -> [String: Int] {
        guard let path, let data = FileManager.default.contents(atPath: path),
              let positions = try? JSONDecoder().decode([String: Int].self, from: data) else { return [:] }
        return positions
    }

    public func position(of lesson: String) -> Int { load()[lesson] ?? 0 }

    public func save(_ position: Int, for lesson: String) {
        guard let path else { return }
        var all = load()
        all[lesson] = position
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        guard let data = try? encoder.encode(all) else { return }
        _ = FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600])
    }

    /// The state file of a lesson's world, or `:memory:`.
    public func worldPath(for lesson: String) -> String {
        worldDirectory.map { "\($0)/\(lesson).sqlite" } ?? ":memory:"
    }

    /// Whether the lesson's world is still there to resume in.
    public func hasWorld(for lesson: String) -> Bool {
        let path = worldPath(for: lesson)
        return path != ":memory:" && FileManager.default.fileExists(atPath: path)
    }

    /// Throws the lesson's world away (the SQLite file and its WAL companions).
    public func removeWorld(for lesson: String) {
        let path = worldPath(for: lesson)
        guard path != ":memory:" else { return }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
