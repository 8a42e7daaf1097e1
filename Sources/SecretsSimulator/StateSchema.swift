import Foundation
import GRDB

/// The state file's tables. Beside each record's document, `secret` keeps in columns what
/// ListSecrets sorts and filters on, so that a page of a listing reads the rows it returns and
/// decodes only those records.
enum StateSchema {
    /// PRAGMA user_version of a current file. 0: the first layout, `secret(region, name, doc)`.
    static let version = 1

    /// The columns derived from a record's document.
    /// Dates are seconds since the reference date, the value Date compares, so that SQL orders
    /// and compares them exactly as the records' dates do.
    static let listed: [(name: String, type: String)] = [
        ("created", "REAL"), ("last_changed", "REAL"), ("last_accessed", "REAL"),
        ("deletion_date", "REAL"), ("available_at", "REAL"), ("primary_region", "TEXT"),
    ]
    /// Writes a record: its key, its document, then the columns of `listed`, bound by `saveArguments`.
    /// An upsert rather than INSERT OR REPLACE: a replace deletes the row and its index entries
    /// and inserts them again, where an update leaves the index alone when its columns (the
    /// created date, the deletion date) did not change, which is most writes.
    static let saveSQL = "INSERT INTO secret (region, name, doc, \(listed.map(\.name).joined(separator: ", "))) VALUES (?, ?, ?"
        + String(repeating: ", ?", count: listed.count) + ") ON CONFLICT (region, name) DO UPDATE SET doc = excluded.doc, "
        + listed.map { "\($0.name) = excluded.\($0.name)" }.joined(separator: ", ")

    /// The values of `saveSQL`, in its order. One array literal: building the arguments from
    /// smaller arrays of existentials cost ~4% of a simulator write.
    static func saveArguments(_ r: SecretRecord, doc: Data) -> StatementArguments {
        [r.region, r.name, doc, r.created.timeIntervalSinceReferenceDate, r.lastChanged.timeIntervalSinceReferenceDate,
         r.lastAccessed?.timeIntervalSinceReferenceDate, r.deletionDate?.timeIntervalSinceReferenceDate,
         r.availableAt?.timeIntervalSinceReferenceDate, r.primaryRegion]
    }

    /// Creates the tables, or brings a file of an earlier layout up to date in one transaction.
    static func prepare(_ queue: DatabaseQueue) throws {
        // Most opens find the file current and write nothing.
        if try queue.read(isCurrent) { return }
        // IMMEDIATE: another process opening the same old file waits here instead of failing
        // when both try to upgrade their read to a write.
        try queue.inTransaction(.immediate) { db in
            if try isCurrent(db) { return .commit }
            if try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 < version { try upgrade(db) }
            try backfill(db)
            return .commit
        }
    }

    /// This layout, with every row's listed columns filled. An earlier smsh writing to the file
    /// after it was upgraded sets only region, name and doc.
    private static func isCurrent(_ db: Database) throws -> Bool {
        guard try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 >= version else { return false }
        return try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM secret WHERE created IS NULL)") == false
    }

    private static func upgrade(_ db: Database) throws {
        // The document last: SQLite reads a row's columns in order, and a long document
        // would sit between the key and the columns a listing reads.
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS secret (
                region TEXT NOT NULL,
                name TEXT NOT NULL,
                \(listed.map { "\($0.name) \($0.type)," }.joined(separator: "\n"))
                doc BLOB NOT NULL,
                PRIMARY KEY (region, name)
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS setting (
                key TEXT PRIMARY KEY NOT NULL,
                value BLOB NOT NULL
            ) WITHOUT ROWID;
            """)
        let present = Set(try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info('secret')"))
        for column in listed where !present.contains(column.name) {
            try db.execute(sql: "ALTER TABLE secret ADD COLUMN \(column.name) \(column.type)")
        }
        // Covers the default order (created-date) and the conditions every listing applies,
        // so paging through it reads no table row until the page's own records.
        try db.execute(sql: """
            CREATE INDEX IF NOT EXISTS secret_by_created ON secret (region, created, name, deletion_date, available_at);
            CREATE INDEX IF NOT EXISTS secret_deletion_due ON secret (region, deletion_date) WHERE deletion_date IS NOT NULL;
            PRAGMA user_version = \(version);
            """)
    }

    /// Fills the listed columns from the document in every row that lacks them.
    private static func backfill(_ db: Database) throws {
        let keys = try Row.fetchAll(db, sql: "SELECT region, name FROM secret WHERE created IS NULL")
        let read = try db.makeStatement(sql: "SELECT doc FROM secret WHERE region = ? AND name = ?")
        let save = try db.makeStatement(sql: saveSQL)
        for key in keys {
            guard let region: String = key[0], let name: String = key[1],
                  let doc = try Data.fetchOne(read, arguments: [region, name]) else { continue }
            let record = try SecretRecord.decodeRecord(doc)
            // Saved under the record's own key, which must be the row's.
            guard record.region == region, record.name == name else { throw CorruptRecord(field: "name") }
            try save.execute(arguments: saveArguments(record, doc: doc))
        }
    }
}

/// What one ListSecrets request selects and in which order, as SQL over the listed columns.
struct ListQuery {
    enum Order: String {
        case created = "created-date", lastAccessed = "last-accessed-date", lastChanged = "last-changed-date", name
    }

    let region: String
    let now: Date
    let includePlannedDeletion: Bool
    let order: Order
    let ascending: Bool
    /// Filters SQL can answer (see `SecretFilter.sqlCondition`).
    let filters: [SecretFilter]

    func sql(limit: Int?, offset: Int) -> (String, [(any DatabaseValueConvertible)?]) {
        var conditions = ["region = ?", "(available_at IS NULL OR available_at <= ?)"]
        var arguments: [(any DatabaseValueConvertible)?] = [region, now.timeIntervalSinceReferenceDate]
        if !includePlannedDeletion { conditions.append("deletion_date IS NULL") }
        for filter in filters {
            guard let condition = filter.sqlCondition else { continue }
            conditions.append(condition.sql)
            arguments += condition.values.map { $0 }
        }
        let direction = ascending ? "ASC" : "DESC"
        // Ties are broken by name, which is unique in a Region. A NULL last-accessed date sorts
        // first ascending, as the record's "never" (distantPast) does.
        let keys: [String] = switch order {
        case .name: ["name"]
        case .created: ["created", "name"]
        case .lastChanged: ["last_changed", "name"]
        case .lastAccessed: ["last_accessed", "name"]
        }
        var sql = "SELECT name FROM secret WHERE \(conditions.joined(separator: " AND ")) ORDER BY "
            + keys.map { "\($0) \(direction)" }.joined(separator: ", ")
        if let limit {
            sql += " LIMIT ? OFFSET ?"
            arguments += [limit, offset]
        }
        return (sql, arguments)
    }
}
