import Foundation
import GRDB
import SecretsCore

/// The simulator's state in SQLite. Each request runs in one IMMEDIATE transaction, so requests
/// from several processes on one file are serialised by SQLite and none is lost.
final class SimulatorStore: Sendable {
    let queue: DatabaseQueue
    private let isMemory: Bool

    init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(30)
        config.label = "smsh-simulator"
        isMemory = path == ":memory:"
        if path == ":memory:" {
            queue = try DatabaseQueue(configuration: config)
        } else {
            try SimulatorStore.createPrivateFile(at: path)
            config.prepareDatabase { db in
                // WAL is set here rather than with `config.journalMode = .wal`: GRDB's WAL set-up
                // creates and drops a table on every open, so merely opening the state (a script
                // that fails its check) would rewrite the file.
                let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                guard mode == "wal" else { throw DatabaseError(message: "could not switch \(path) to WAL mode") }
                // WAL survives a crash without fsync on every commit; NORMAL keeps every
                // committed transaction across a process kill (only power loss may drop the tail).
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            queue = try SimulatorStore.openShared(path: path, configuration: config)
        }
        try StateSchema.prepare(queue)
    }

    /// Opens a file that other processes may be opening too. Switching a new file to WAL takes a
    /// lock that the busy timeout does not cover, so a process that loses that race tries again.
    static func openShared(path: String, configuration: Configuration) throws -> DatabaseQueue {
        var delay: useconds_t = 2_000
        let deadline = Date().addingTimeInterval(30)
        while true {
            do {
                return try DatabaseQueue(path: path, configuration: configuration)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                guard Date() < deadline else { throw error }
                usleep(delay + useconds_t.random(in: 0...delay))
                delay = min(delay * 2, 100_000)
            }
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

    /// Decoded records and faults, valid while no other connection has committed (SQLite's
    /// data_version tells). Touched only on the queue's serial executor, inside `transaction`.
    private nonisolated(unsafe) var cache = RecordCache(generation: RecordCache.defaultGeneration)
    private nonisolated(unsafe) var cachedFaults: [Fault]?
    private nonisolated(unsafe) var cachedClockOffset: Double?
    private nonisolated(unsafe) var dataVersion: Int64 = -1

    /// Runs `body` in one IMMEDIATE transaction; a thrown error rolls everything back.
    func transaction<T>(_ body: (StateTransaction) throws -> T) throws -> T {
        var result: T?
        do {
            // BEGIN and COMMIT as prepared statements: GRDB's own transaction helper parses their
            // SQL on every request, a measurable share of a simulator call.
            try queue.writeWithoutTransaction { db in
                try db.cachedStatement(sql: "BEGIN IMMEDIATE TRANSACTION").execute()
                do {
                    // No other connection can reach a :memory: database, so its cache never goes stale.
                    let version = isMemory ? 0 : try Int64.fetchOne(db.cachedStatement(sql: "PRAGMA data_version")) ?? 0
                    if version != dataVersion {
                        cache.removeAll()
                        cachedFaults = nil
                        cachedClockOffset = nil
                        dataVersion = version
                    }
                    let tx = StateTransaction(db: db, cached: { self.cache.get($0) }, faults: cachedFaults, clockOffset: cachedClockOffset)
                    result = try body(tx)
                    try db.cachedStatement(sql: "COMMIT TRANSACTION").execute()
                    for (key, record) in tx.pending { cache.set(key, record) }
                    decodedRecords += tx.decoded
                    cachedFaults = tx.faultsIfLoaded
                    cachedClockOffset = tx.clockOffsetIfLoaded
                } catch {
                    if db.isInsideTransaction { try? db.execute(sql: "ROLLBACK TRANSACTION") }
                    throw error
                }
            }
        } catch {
            // Whatever failed, the cache may hold what the rollback undid: start afresh.
            invalidate()
            throw error
        }
        guard let result else { throw AWSError(code: "InternalServiceError", message: "the transaction produced no result", httpStatus: 500) }
        return result
    }

    /// Forgets everything decoded: after a change this connection's data_version does not show
    /// (a failed transaction, a snapshot restored through the backup API).
    func invalidate() {
        queue.inDatabase { _ in
            cache.removeAll()
            cachedFaults = nil
            cachedClockOffset = nil
        }
    }

    /// Records decoded by committed requests since the store opened: lets tests see what a
    /// request had to read.
    private nonisolated(unsafe) var decodedRecords = 0

    var statistics: (cachedRecords: Int, decodedRecords: Int) {
        queue.inDatabase { _ in (cache.count, decodedRecords) }
    }
}

/// Decoded records by key, bounded so that a long session over many secrets does not keep them
/// all decoded. Two generations approximate least-recently-used at the cost of a dictionary
/// operation: when the young generation fills it becomes the old one, dropping the previous old
/// one, and a record found in the old generation moves back to the young one.
struct RecordCache {
    /// Large enough for a request's working set many times over (a primary and its replicas).
    static let defaultGeneration = 512

    let generation: Int
    private var young: [SecretKey: SecretRecord] = [:]
    private var old: [SecretKey: SecretRecord] = [:]

    init(generation: Int) { self.generation = max(1, generation) }

    var count: Int { young.count + old.count }

    mutating func get(_ key: SecretKey) -> SecretRecord? {
        if let hit = young[key] { return hit }
        guard let hit = old.removeValue(forKey: key) else { return nil }
        insert(key, hit)
        return hit
    }

    /// Stores a record, or forgets the key when `record` is nil (the secret was deleted).
    mutating func set(_ key: SecretKey, _ record: SecretRecord?) {
        old.removeValue(forKey: key)
        if let record { insert(key, record) } else { young.removeValue(forKey: key) }
    }

    mutating func removeAll() {
        young = [:]
        old = [:]
    }

    private mutating func insert(_ key: SecretKey, _ record: SecretRecord) {
        if young.count >= generation, young[key] == nil {
            old = young
            young = [:]
        }
        young[key] = record
    }
}

struct SecretKey: Hashable {
    let region: String
    let name: String
}

/// One request's view of the state: reads go through the cache, writes to SQLite at once and to
/// the cache only when the transaction commits.
final class StateTransaction {
    private let db: Database
    /// Reads the store's cache without holding a copy of it (a copy would make every commit copy the whole cache).
    private let cached: (SecretKey) -> SecretRecord?
    private(set) var pending: [SecretKey: SecretRecord?] = [:]
    private(set) var faultsIfLoaded: [Fault]?
    private(set) var clockOffsetIfLoaded: Double?
    private(set) var decoded = 0

    init(db: Database, cached: @escaping (SecretKey) -> SecretRecord?, faults: [Fault]?, clockOffset: Double? = nil) {
        self.db = db
        self.cached = cached
        self.faultsIfLoaded = faults
        self.clockOffsetIfLoaded = clockOffset
    }

    func loadSecret(region: String, name: String) throws -> SecretRecord? {
        let key = SecretKey(region: region, name: name)
        if let change = pending[key] { return change }
        if let hit = cached(key) { return hit }
        guard let record = try decodeSecret(region: region, name: name) else { return nil }
        pending[key] = record
        return record
    }

    /// As `loadSecret`, but a record decoded here is not kept: a listing reads each record once,
    /// and keeping them would fill the cache with records no request comes back to.
    func peekSecret(region: String, name: String) throws -> SecretRecord? {
        let key = SecretKey(region: region, name: name)
        if let change = pending[key] { return change }
        if let hit = cached(key) { return hit }
        return try decodeSecret(region: region, name: name)
    }

    private func decodeSecret(region: String, name: String) throws -> SecretRecord? {
        guard let data = try Data.fetchOne(db.cachedStatement(sql: "SELECT doc FROM secret WHERE region = ? AND name = ?"), arguments: [region, name]) else {
            return nil
        }
        decoded += 1
        return try SecretRecord.decodeRecord(data)
    }

    /// The names of `region`'s secrets whose scheduled deletion is due at `now`.
    func namesDueForDeletion(region: String, now: Date) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT name FROM secret WHERE region = ? AND deletion_date <= ?"),
                            arguments: [region, now.timeIntervalSinceReferenceDate])
    }

    /// Names in listing order, read from the indexed columns alone: no record is decoded.
    func listNames(_ query: ListQuery, limit: Int?, offset: Int) throws -> [String] {
        let (sql, arguments) = query.sql(limit: limit, offset: offset)
        return try String.fetchAll(db.cachedStatement(sql: sql), arguments: StatementArguments(arguments))
    }

    func saveSecret(_ record: SecretRecord) throws {
        let data = record.encodedRecord()
        try db.cachedStatement(sql: StateSchema.saveSQL).execute(arguments: StateSchema.saveArguments(record, doc: data))
        pending[SecretKey(region: record.region, name: record.name)] = record
    }

    func deleteSecret(region: String, name: String) throws {
        try db.cachedStatement(sql: "DELETE FROM secret WHERE region = ? AND name = ?").execute(arguments: [region, name])
        pending[SecretKey(region: region, name: name)] = .some(nil)
    }

    /// Every record, in Region then name order, decoded and not cached: a snapshot of the world
    /// (`smsh serve`'s web view) reads each once.
    func allRecords() throws -> [SecretRecord] {
        let rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT region, name, doc FROM secret ORDER BY region, name"))
        return try rows.map { row -> SecretRecord? in
            let key = SecretKey(region: row["region"], name: row["name"])
            if let change = pending[key] { return change }
            if let hit = cached(key) { return hit }
            return try SecretRecord.decodeRecord(row["doc"])
        }.compactMap { $0 }
    }

    func faults() throws -> [Fault] {
        if let faultsIfLoaded { return faultsIfLoaded }
        let data = try Data.fetchOne(db.cachedStatement(sql: "SELECT value FROM setting WHERE key = 'faults'"))
        let faults = try data.map { try recordDecoder.decode([Fault].self, from: $0) } ?? []
        faultsIfLoaded = faults
        return faults
    }

    func saveFaults(_ faults: [Fault]) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO setting (key, value) VALUES ('faults', ?)", arguments: [try recordEncoder.encode(faults)])
        faultsIfLoaded = faults
    }

    /// Seconds the simulator's clock runs ahead of the real one (`simulate advance`).
    func clockOffset() throws -> Double {
        if let clockOffsetIfLoaded { return clockOffsetIfLoaded }
        let data = try Data.fetchOne(db.cachedStatement(sql: "SELECT value FROM setting WHERE key = 'clock_offset'"))
        let offset = data.flatMap { Double(String(decoding: $0, as: UTF8.self)) } ?? 0
        clockOffsetIfLoaded = offset
        return offset
    }

    func saveClockOffset(_ offset: Double) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO setting (key, value) VALUES ('clock_offset', ?)", arguments: [Data(String(offset).utf8)])
        clockOffsetIfLoaded = offset
    }

    /// Every secret and setting gone (`simulate reset`); the tables stay.
    func deleteEverything() throws {
        let keys = try Row.fetchAll(db, sql: "SELECT region, name FROM secret")
        try db.execute(sql: "DELETE FROM secret; DELETE FROM setting")
        for key in keys {
            if let region: String = key[0], let name: String = key[1] { pending[SecretKey(region: region, name: name)] = .some(nil) }
        }
        faultsIfLoaded = []
        clockOffsetIfLoaded = 0
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

