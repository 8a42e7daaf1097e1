import Foundation
import GRDB
import SecretsCore
@testable import SecretsSimulator
import Testing

/// A state file written before ListSecrets read columns (`secret(region, name, doc)` and
/// `setting`) opens, is brought up to date, and answers as it did.
@Suite struct StateSchemaTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    static func record(_ name: String, region: String = "us-west-2", created: Double, value: String = "v1") -> SecretRecord {
        SecretRecord(name: name, region: region, suffix: "Ab12Cd", description: "from the first layout", kmsKeyId: nil, tags: [],
                     type: nil, versions: [StoredVersion(id: UUID().uuidString, string: value, binary: nil, stages: ["AWSCURRENT"],
                                                         created: t0.addingTimeInterval(created))],
                     created: t0.addingTimeInterval(created), lastChanged: t0.addingTimeInterval(created), lastAccessed: nil,
                     deletionDate: nil, deletedDate: nil, primaryRegion: nil, replicas: [], availableAt: nil)
    }

    /// Writes a file as the first layout did, with raw SQL only.
    static func writeFirstLayout(at path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var records = [
            record("b-older", created: -300),
            record("a-newer", created: -200),
            record("c-tie", created: -200),
        ]
        var planned = record("deleting", created: -250)
        planned.deletionDate = t0.addingTimeInterval(5 * 86_400)
        planned.deletedDate = t0.addingTimeInterval(-100)
        var due = record("due", created: -260)
        due.deletionDate = t0.addingTimeInterval(-1)
        due.deletedDate = t0.addingTimeInterval(-7 * 86_400)
        var primary = record("replicated", created: -150)
        primary.replicas = [ReplicaLink(region: "eu-west-3", kmsKeyId: "alias/aws/secretsmanager", started: t0.addingTimeInterval(-150),
                                        readyAt: t0.addingTimeInterval(-147), failure: nil)]
        var replica = primary
        replica.region = "eu-west-3"
        replica.primaryRegion = "us-west-2"
        replica.replicas = []
        replica.availableAt = t0.addingTimeInterval(-147)
        var arriving = record("arriving", created: -10)
        arriving.replicas = [ReplicaLink(region: "eu-west-3", kmsKeyId: "alias/aws/secretsmanager", started: t0.addingTimeInterval(-10),
                                         readyAt: t0.addingTimeInterval(100), failure: nil)]
        var arrivingReplica = arriving
        arrivingReplica.region = "eu-west-3"
        arrivingReplica.primaryRegion = "us-west-2"
        arrivingReplica.replicas = []
        arrivingReplica.availableAt = t0.addingTimeInterval(100)
        records += [planned, due, primary, replica, arriving, arrivingReplica]

        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE secret (
                    region TEXT NOT NULL,
                    name TEXT NOT NULL,
                    doc BLOB NOT NULL,
                    PRIMARY KEY (region, name)
                ) WITHOUT ROWID;
                CREATE TABLE setting (
                    key TEXT PRIMARY KEY NOT NULL,
                    value BLOB NOT NULL
                ) WITHOUT ROWID;
                INSERT INTO setting (key, value) VALUES ('faults', CAST('[]' AS BLOB));
                """)
            for r in records {
                try db.execute(sql: "INSERT INTO secret (region, name, doc) VALUES (?, ?, ?)",
                               arguments: [r.region, r.name, r.encodedRecord()])
            }
        }
    }

    @Test func aFileOfTheFirstLayoutIsMigratedAndListsAsBefore() async throws {
        let path = temporaryPath("first-layout.sqlite")
        try Self.writeFirstLayout(at: path)

        let sim = try Sim(delay: 0, path: path)
        #expect(try await sim.primary.listSecrets().map(\.Name) == ["b-older", "a-newer", "c-tie", "replicated", "arriving"])
        #expect(try await sim.primary.listSecrets(.init(IncludePlannedDeletion: true)).map(\.Name)
                == ["b-older", "deleting", "a-newer", "c-tie", "replicated", "arriving"])
        #expect(try await sim.primary.listSecrets(.init(SortOrder: "desc", SortBy: "name")).map(\.Name)
                == ["replicated", "c-tie", "b-older", "arriving", "a-newer"])
        #expect(try await sim.primary.listSecrets(.init(MaxResults: 2, Filters: [Filter(Key: "name", Values: ["a", "b"])])).map(\.Name)
                == ["b-older", "a-newer", "arriving"])
        #expect(await awsError { _ = try await sim.primary.describeSecret(.init(SecretId: "due")) }?.code == "ResourceNotFoundException")
        let west3 = try await sim.client("eu-west-3").listSecrets()
        #expect(west3.map(\.Name) == ["replicated"])
        #expect(west3.first?.PrimaryRegion == "us-west-2")
        #expect(try await sim.primary.getSecretValue(.init(SecretId: "b-older")).SecretString == "v1")
        #expect(try await sim.statuses("replicated") == ["eu-west-3": .InSync])

        // Written after the migration, listed in its place.
        sim.clock.advance(1)
        try await sim.create("z-latest")
        #expect(try await sim.primary.listSecrets().last?.Name == "z-latest")
        sim.clock.advance(100)
        #expect(try await sim.client("eu-west-3").listSecrets().map(\.Name) == ["replicated", "arriving"])

        let replicaRow = "FROM secret WHERE region = 'eu-west-3' AND name = 'replicated'"
        let (userVersion, unfilled, availableAt, primaryRegion) = try await DatabaseQueue(path: path).read { db in
            (try Int.fetchOne(db, sql: "PRAGMA user_version"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM secret WHERE created IS NULL OR last_changed IS NULL"),
             try Double.fetchOne(db, sql: "SELECT available_at \(replicaRow)"),
             try String.fetchOne(db, sql: "SELECT primary_region \(replicaRow)"))
        }
        #expect(userVersion == StateSchema.version)
        #expect(unfilled == 0)
        #expect(availableAt == Self.t0.addingTimeInterval(-147).timeIntervalSinceReferenceDate)
        #expect(primaryRegion == "us-west-2")
        // Opening a migrated file again changes nothing, and a page decodes only its records.
        let again = try Sim(delay: 0, path: path)
        #expect(try await again.primary.listSecretsPage(.init(MaxResults: 1)).SecretList?.map(\.Name) == ["b-older"])
        #expect(again.transport.store.statistics.decodedRecords == 1)
    }

    @Test func aRowWrittenByAnEarlierSmshAfterTheMigrationIsFilledAtTheNextOpen() async throws {
        let path = temporaryPath("mixed.sqlite")
        try Self.writeFirstLayout(at: path)
        _ = try Sim(delay: 0, path: path)
        var planned = Self.record("old-binary", created: -400)
        planned.deletionDate = Self.t0.addingTimeInterval(86_400)
        planned.deletedDate = Self.t0
        // What the first layout's INSERT OR REPLACE leaves: the listed columns empty.
        let (region, name, doc) = (planned.region, planned.name, planned.encodedRecord())
        try await DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO secret (region, name, doc) VALUES (?, ?, ?)", arguments: [region, name, doc])
        }
        let sim = try Sim(delay: 0, path: path)
        #expect(try await sim.primary.listSecrets().map(\.Name).contains("old-binary") == false)
        #expect(try await sim.primary.listSecrets(.init(IncludePlannedDeletion: true)).first?.Name == "old-binary")
    }

    @Test func aMigrationThatFailsLeavesTheFileAsItWas() async throws {
        let path = temporaryPath("corrupt.sqlite")
        try Self.writeFirstLayout(at: path)
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "INSERT INTO secret (region, name, doc) VALUES ('us-west-2', 'broken', CAST('{}' AS BLOB))")
        }
        #expect(throws: AWSError.self) { _ = try Sim(delay: 0, path: path) }
        let (userVersion, columns) = try await queue.read { db in
            (try Int.fetchOne(db, sql: "PRAGMA user_version"), try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info('secret')"))
        }
        #expect(userVersion == 0)
        #expect(columns == ["region", "name", "doc"])
    }
}
