import Foundation

/// The history file: one entry per line (a newline inside an entry is written `\n`, a backslash
/// `\\`), the newest last, at most `limit` entries, readable by its owner only. Every write goes
/// to a temporary file that is renamed into place, so a session killed mid-write (SIGHUP when
/// the terminal closes) leaves the previous file whole.
public struct HistoryFile: Sendable {
    public let path: String
    public let limit: Int

    public init(path: String, limit: Int = 1000) {
        self.path = path
        self.limit = limit
    }

    /// `$XDG_STATE_HOME/smsh/history`, else `~/.local/state/smsh/history`; nil without a home.
    public static func defaultPath(environment: [String: String]) -> String? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/smsh/history"
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.local/state/smsh/history"
    }

    public func load() -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map { HistoryFile.decode(String($0)) }
    }

    /// Adds an entry to what is on disk now (other sessions may have written since) and keeps the newest.
    public func append(_ entry: String) throws {
        var entries = load()
        if entries.last != entry { entries.append(entry) }
        try save(entries)
    }

    public func save(_ entries: [String]) throws {
        let kept = entries.suffix(limit)
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let text = kept.map(HistoryFile.encode).joined(separator: "\n") + (kept.isEmpty ? "" : "\n")
        let temp = dir + "/.history.\(getpid()).tmp"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw HistoryError.cannotWrite(temp, errno) }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                let e = errno
                close(fd)
                unlink(temp)
                throw HistoryError.cannotWrite(temp, e)
            }
            offset += n
        }
        fsync(fd)
        close(fd)
        guard rename(temp, path) == 0 else {
            let e = errno
            unlink(temp)
            throw HistoryError.cannotWrite(path, e)
        }
    }

    static func encode(_ entry: String) -> String {
        var out = ""
        for ch in entry {
            switch ch {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r\n": out += "\\n"
            default: out.append(ch)
            }
        }
        return out
    }

    static func decode(_ line: String) -> String {
        var out = ""
        var escaped = false
        for ch in line {
            if escaped {
                out.append(ch == "n" ? "\n" : ch)
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else {
                out.append(ch)
            }
        }
        if escaped { out.append("\\") }
        return out
    }
}

public enum HistoryError: Error, CustomStringConvertible {
    case cannotWrite(String, Int32)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let code): return "cannot write \(path): \(String(cString: strerror(code)))"
        }
    }
}
