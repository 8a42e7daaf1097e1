import Foundation
import SecretsCore
@testable import SecretsSimulator
import Testing

/// ListSecrets answered page by page from SQL must list what sorting every record did: the same
/// secrets, in the same order, with each sort order, filter and page size.
@Suite struct ListSecretsPagingTests {
    /// 24 secrets whose created, last-changed and last-accessed orders all differ from the name
    /// order and from each other, with ties on each date (broken by name), one scheduled for
    /// deletion, one whose deletion falls due, and one primary with a replica.
    static func populated() async throws -> Sim {
        let sim = try Sim(delay: 0)
        _ = try await sim.primary.createSecret(.init(Name: "gone", SecretString: "x"))
        _ = try await sim.primary.deleteSecret(.init(SecretId: "gone", RecoveryWindowInDays: 7))
        for step in 0..<24 {
            let i = (step * 7) % 24
            if step % 3 == 0 { sim.clock.advance(60) }
            _ = try await sim.primary.createSecret(.init(Name: "s/\(String(format: "%02d", i))", Description: i % 2 == 0 ? "Even" : "odd",
                                                         SecretString: "v", Tags: [Tag(Key: "team", Value: i < 12 ? "blue" : "red")]))
        }
        try await sim.create("with-replica", replicas: ["eu-west-3"])
        for i in stride(from: 23, through: 0, by: -5) {
            if i % 2 == 0 { sim.clock.advance(1) }
            _ = try await sim.primary.putSecretValue(.init(SecretId: "s/\(String(format: "%02d", i))", SecretString: "w"))
        }
        for (day, names) in [["s/03", "s/20", "s/11"], ["s/07", "s/00"], ["s/15"]].enumerated() {
            if day > 0 { sim.clock.advance(86_400) }
            for name in names { _ = try await sim.primary.getSecretValue(.init(SecretId: name)) }
        }
        _ = try await sim.primary.deleteSecret(.init(SecretId: "s/05", RecoveryWindowInDays: 30))
        sim.clock.advance(5 * 86_400)
        return sim
    }

    /// What the simulator answered before: every visible record, filtered, sorted by the key then
    /// the name, from DescribeSecret rather than from a listing.
    static func expected(_ sim: Sim, names: [String], sortBy: String, ascending: Bool, includePlanned: Bool,
                         keep: (DescribeSecretResponse) -> Bool) async throws -> [String] {
        var described: [DescribeSecretResponse] = []
        for name in names {
            let d = try await sim.primary.describeSecret(.init(SecretId: name))
            if d.DeletedDate != nil, !includePlanned { continue }
            if keep(d) { described.append(d) }
        }
        func key(_ d: DescribeSecretResponse) -> Date {
            switch sortBy {
            case "last-changed-date": d.LastChangedDate ?? .distantPast
            case "last-accessed-date": d.LastAccessedDate ?? .distantPast
            default: d.CreatedDate ?? .distantPast
            }
        }
        func less(_ a: DescribeSecretResponse, _ b: DescribeSecretResponse) -> Bool {
            let (an, bn) = (a.Name ?? "", b.Name ?? "")
            return sortBy == "name" ? an < bn : (key(a), an) < (key(b), bn)
        }
        return described.sorted { ascending ? less($0, $1) : less($1, $0) }.compactMap(\.Name)
    }

    static func pages(_ sim: Sim, _ request: ListSecretsRequest) async throws -> [[String]] {
        var request = request
        var pages: [[String]] = []
        while true {
            let page = try await sim.primary.listSecretsPage(request)
            pages.append((page.SecretList ?? []).compactMap(\.Name))
            guard let token = page.NextToken, pages.count < 100 else { return pages }
            request.NextToken = token
        }
    }

    @Test(arguments: ["created-date", "last-changed-date", "last-accessed-date", "name"])
    func pagesFollowTheFullSortOrder(sortBy: String) async throws {
        let sim = try await Self.populated()
        let names = (0..<24).map { "s/\(String(format: "%02d", $0))" } + ["with-replica"]
        let filters: [(String, [Filter]?, (DescribeSecretResponse) -> Bool)] = [
            ("none", nil, { _ in true }),
            ("name prefix", [Filter(Key: "name", Values: ["s/1", "s/2"])], { d in ["s/1", "s/2"].contains { (d.Name ?? "").hasPrefix($0) } }),
            ("not a name prefix", [Filter(Key: "name", Values: ["!s/0"])], { d in !(d.Name ?? "").hasPrefix("s/0") }),
            ("description, tested on records", [Filter(Key: "description", Values: ["even"])], { d in d.Description == "Even" }),
            ("both", [Filter(Key: "name", Values: ["s/"]), Filter(Key: "tag-value", Values: ["red"])],
             { d in (d.Name ?? "").hasPrefix("s/") && d.Tags?.first?.Value == "red" }),
        ]
        for ascending in [true, false] {
            for includePlanned in [false, true] {
                for (label, filter, keep) in filters {
                    let want = try await Self.expected(sim, names: names, sortBy: sortBy, ascending: ascending,
                                                       includePlanned: includePlanned, keep: keep)
                    #expect(want.count > 3, "\(label): the case should span pages")
                    for size in [1, 3, 7, 100] {
                        let request = ListSecretsRequest(IncludePlannedDeletion: includePlanned, MaxResults: size, Filters: filter,
                                                         SortOrder: ascending ? "asc" : "desc", SortBy: sortBy)
                        let pages = try await Self.pages(sim, request)
                        #expect(pages.joined().elementsEqual(want), "\(sortBy) \(ascending ? "asc" : "desc") planned=\(includePlanned) \(label) by \(size)")
                        #expect(pages.dropLast().allSatisfy { $0.count == size }, "every page but the last is full")
                        #expect(pages.last.map { !$0.isEmpty || want.isEmpty } ?? false, "no empty page at the end")
                    }
                }
            }
        }
        // The secret whose deletion fell due is gone, not merely left out.
        #expect(await awsError { _ = try await sim.primary.describeSecret(.init(SecretId: "gone")) }?.code == "ResourceNotFoundException")
    }

    @Test func aReplicaIsListedInItsRegionOnceItExists() async throws {
        let sim = try Sim(delay: 3)
        try await sim.create("early")
        try await sim.create("replicated", replicas: ["eu-west-3"])
        let west3 = sim.client("eu-west-3")
        #expect(try await west3.listSecrets().isEmpty)
        sim.clock.advance(3)
        let listed = try await west3.listSecrets(.init(Filters: [Filter(Key: "primary-region", Values: ["us-"])]))
        #expect(listed.map(\.Name) == ["replicated"])
        #expect(listed.first?.PrimaryRegion == "us-west-2")
        #expect(try await west3.listSecrets(.init(Filters: [Filter(Key: "primary-region", Values: ["!us-west-2"])])).isEmpty)
        // A secret outside replication has no PrimaryRegion: the filter passes it by.
        #expect(try await sim.primary.listSecrets(.init(Filters: [Filter(Key: "primary-region", Values: ["us-west-2"])])).map(\.Name) == ["replicated"])
        #expect(try await sim.primary.describeSecret(.init(SecretId: "early")).PrimaryRegion == nil)
        #expect(try await sim.primary.describeSecret(.init(SecretId: "replicated")).PrimaryRegion == "us-west-2")
    }

    @Test func aPageDecodesOnlyItsOwnRecords() async throws {
        let path = temporaryPath("paging.sqlite")
        do {
            let writer = try Sim(delay: 0, path: path)
            for i in 0..<250 { try await writer.create("p/\(1000 + i)") }
        }
        // A fresh store: nothing cached, so every record a listing reads is decoded.
        let sim = try Sim(delay: 0, path: path)
        let first = try await sim.primary.listSecretsPage(.init(MaxResults: 10))
        #expect(first.SecretList?.count == 10)
        #expect(sim.transport.store.statistics.decodedRecords == 10)
        _ = try await sim.primary.listSecretsPage(.init(MaxResults: 10, NextToken: first.NextToken))
        #expect(sim.transport.store.statistics.decodedRecords == 20)
        let prefixed = try await sim.primary.listSecretsPage(.init(MaxResults: 10, Filters: [Filter(Key: "name", Values: ["p/11"])],
                                                                   SortOrder: "desc", SortBy: "name"))
        #expect(prefixed.SecretList?.first?.Name == "p/1199")
        #expect(sim.transport.store.statistics.decodedRecords == 30)
        // A listing's records are not kept: they would push out those requests come back to.
        #expect(sim.transport.store.statistics.cachedRecords == 0)
    }
}
