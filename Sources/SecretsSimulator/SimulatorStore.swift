import Foundation
import GRDB
import SecretsCore

/// The simulator's state in SQLite. Each request runs in one IMMEDIATE transaction, so requests
/// from several processes on one file are serialised by SQLite and none is lost.
final class SimulatorStore: Sendable {
    let queue: DatabaseQueue

    init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(30)
        config.label = "smsh-simulator"
        if path == ":memory:" {
            queue = try DatabaseQueue(configuration: config)
        } else {
            config.journalMode = .wal
            try SimulatorStore.createPrivateFile(at: path)
            config.prepareDatabase { db in
                // WAL survives a crash without fsync on every commit; NORMAL keeps every
                // committed transaction across a process kill (only power loss may drop the tail).
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            queue = try DatabaseQueue(path: path, configuration: config)
        }
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS secret (
                    region TEXT NOT NULL,
                    name TEXT NOT NULL,
                    doc BLOB NOT NULL,
                    PRIMARY KEY (region, name)
                ) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS setting (
                    key TEXT PRIMARY KEY NOT NULL,
                    value BLOB NOT NULL
                ) WITHOUT ROWID;
                """)
        }
    }

    /// Creates the state file (and its folder) readable by the owner only, before SQLite opens it:
    /// secret values live there. SQLite gives the -wal and -shm files the same mode.
    static func createPrivateFile(at path: String) throws {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: dir) {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        }
        let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw AWSError(code: "StateFileError", message: "cannot open the simulator state file \(path): \(String(cString: strerror(errno)))", httpStatus: 0)
        }
        close(fd)
    }

    /// Runs `body` in one IMMEDIATE transaction; a thrown error rolls everything back.
    func transaction<T>(_ body: (Database) throws -> T) throws -> T {
        var result: T?
        try queue.inTransaction(.immediate) { db in
            result = try body(db)
            return .commit
        }
        guard let result else { throw AWSError(code: "InternalServiceError", message: "the transaction produced no result", httpStatus: 500) }
        return result
    }
}

private let recordEncoder: JSONEncoder = {
    let e = JSONEncoder()
    e.dateEncodingStrategy = .secondsSince1970
    return e
}()
private let recordDecoder: JSONDecoder = {
    let d = JSONDecoder()
    d.dateDecodingStrategy = .secondsSince1970
    return d
}()

extension Database {
    func loadSecret(region: String, name: String) throws -> SecretRecord? {
        guard let data = try Data.fetchOne(self, sql: "SELECT doc FROM secret WHERE region = ? AND name = ?", arguments: [region, name]) else {
            return nil
        }
        return try recordDecoder.decode(SecretRecord.self, from: data)
    }

    func loadSecrets(region: String) throws -> [SecretRecord] {
        try Data.fetchAll(self, sql: "SELECT doc FROM secret WHERE region = ?", arguments: [region])
            .map { try recordDecoder.decode(SecretRecord.self, from: $0) }
    }

    func saveSecret(_ record: SecretRecord) throws {
        let data = try recordEncoder.encode(record)
        try execute(sql: "INSERT OR REPLACE INTO secret (region, name, doc) VALUES (?, ?, ?)",
                    arguments: [record.region, record.name, data])
    }

    func deleteSecret(region: String, name: String) throws {
        try execute(sql: "DELETE FROM secret WHERE region = ? AND name = ?", arguments: [region, name])
    }

    func loadFaults() throws -> [Fault] {
        guard let data = try Data.fetchOne(self, sql: "SELECT value FROM setting WHERE key = 'faults'") else { return [] }
        return try recordDecoder.decode([Fault].self, from: data)
    }

    func saveFaults(_ faults: [Fault]) throws {
        try execute(sql: "INSERT OR REPLACE INTO setting (key, value) VALUES ('faults', ?)",
                    arguments: [try recordEncoder.encode(faults)])
    }
}
