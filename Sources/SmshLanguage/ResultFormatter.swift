import SecretsCore

/// How a result is shown in full (the REPL, `print` of a list or record, `use output`): json (2-space JSON), text (one
/// tab-separated line per scalar, like the aws CLI's text output) or table (aligned columns).
public enum ResultFormatter {
    public static func format(_ v: Value, as format: OutputFormat, reveal: Bool) -> String {
        switch format {
        case .json:
            if case .string(let s) = v { return s + "\n" }
            return v.displayJSON(reveal: reveal).prettyText(indent: 2) + "\n"
        case .text:
            var lines: [String] = []
            text(v, path: "", reveal: reveal, into: &lines)
            return lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")
        case .table:
            return table(v, reveal: reveal)
        }
    }

    /// How `print` shows a value: a list or record in the session's format (`--output`, `use
    /// output`), as a bare command's result is shown in the REPL; anything else as itself.
    public static func printed(_ v: Value, as format: OutputFormat, reveal: Bool) -> String {
        switch v {
        case .list, .record:
            let shown = self.format(v, as: format, reveal: reveal)
            return shown.hasSuffix("\n") ? String(shown.dropLast()) : shown
        default:
            return v.display(reveal: reveal)
        }
    }

    static func text(_ v: Value, path: String, reveal: Bool, into lines: inout [String]) {
        switch v {
        case .record(let r):
            for (k, x) in r.fields { text(x, path: path.isEmpty ? k : "\(path).\(k)", reveal: reveal, into: &lines) }
        case .list(let l):
            for (i, x) in l.enumerated() { text(x, path: "\(path)[\(i)]", reveal: reveal, into: &lines) }
        default:
            let s = v.display(reveal: reveal)
            lines.append(path.isEmpty ? s : "\(path)\t\(s)")
        }
    }

    static func table(_ v: Value, reveal: Bool) -> String {
        var rows: [[String]] = []
        switch v {
        case .record(let r):
            return recordTable(r, reveal: reveal)
        case .list(let l):
            var columns: [String] = []
            for case .record(let r) in l {
                for k in r.keys where !columns.contains(k) { columns.append(k) }
            }
            if columns.isEmpty { return l.map { $0.display(reveal: reveal) }.joined(separator: "\n") + "\n" }
            rows.append(columns)
            for item in l {
                rows.append(columns.map { item.recordField($0).map { cell($0, reveal: reveal) } ?? "" })
            }
        default:
            return v.display(reveal: reveal) + "\n"
        }
        return alignRows(rows, indent: "")
    }

    static func cell(_ v: Value, reveal: Bool) -> String {
        switch v {
        case .list, .record: return v.displayJSON(reveal: reveal).compactText()
        default: return v.display(reveal: reveal)
        }
    }
}
