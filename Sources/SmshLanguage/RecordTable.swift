import Foundation

extension ResultFormatter {
    /// The columns of a replica, in the order the AWS console shows them; a missing field is blank.
    static let replicationColumns = ["Region", "KmsKeyId", "Status", "StatusMessage", "LastAccessedDate"]

    /// A record as aligned `key  value` rows; each field holding a list of records (the
    /// ReplicationStatus of DescribeSecret, say) follows as its own table under its name.
    static func recordTable(_ r: Record, reveal: Bool) -> String {
        var rows: [[String]] = []
        var nested: [(String, [Value])] = []
        for (key, value) in r.fields {
            if case .list(let items) = value, !items.isEmpty, items.allSatisfy(\.isRecord) {
                nested.append((key, items))
            } else {
                rows.append([key, cell(value, reveal: reveal)])
            }
        }
        var out = alignRows(rows, indent: "")
        for (key, items) in nested {
            var columns = key == "ReplicationStatus" ? replicationColumns : []
            for case .record(let item) in items {
                for k in item.keys where !columns.contains(k) { columns.append(k) }
            }
            let body = items.map { item in columns.map { item.recordField($0).map { cell($0, reveal: reveal) } ?? "" } }
            if !out.isEmpty { out += "\n" }
            out += "\(key):\n" + alignRows([columns] + body, indent: "  ")
        }
        return out
    }

    /// Left-aligned columns two spaces apart; the last column is not padded.
    static func alignRows(_ rows: [[String]], indent: String) -> String {
        guard let width = rows.map(\.count).max(), width > 0 else { return "" }
        var widths = [Int](repeating: 0, count: width)
        for row in rows { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
        return rows.map { row in
            indent + row.enumerated().map { i, c in
                i == row.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trailingSpacesRemoved
        }.joined(separator: "\n") + "\n"
    }
}

extension String {
    var trailingSpacesRemoved: String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}

extension Value {
    var isRecord: Bool {
        if case .record = self { return true }
        return false
    }
}
