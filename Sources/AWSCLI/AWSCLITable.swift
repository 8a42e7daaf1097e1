import SecretsCore
import SourceText

/// `--output table`: a port of awscli 1.45.11 `formatter.TableFormatter` and `table.MultiTable`
/// (without colour), so the boxes, the centring, the column scaling and the switch to a vertical
/// layout when the table is wider than the terminal come out as the aws CLI draws them.
public enum AWSCLITable {
    struct Section {
        var title = ""
        var headers: [String] = []
        var rows: [[String]] = []
        var indentLevel = 0
        var numCols: Int?
        var maxWidths: [Int] = []

        mutating func addHeader(_ h: [String]) {
            updateMaxWidths(h)
            if numCols == nil { numCols = h.count }
            headers = h
        }

        mutating func addRow(_ row: [String]) {
            if numCols == nil { numCols = row.count }
            rows.append(row)
            updateMaxWidths(row)
        }

        mutating func updateMaxWidths(_ row: [String]) {
            if maxWidths.isEmpty {
                maxWidths = row.map(AWSCLITable.textLength)
            } else {
                for (i, el) in row.enumerated() where i < maxWidths.count {
                    maxWidths[i] = max(AWSCLITable.textLength(el), maxWidths[i])
                }
            }
        }

        func columnWidths(padding: Int = 0, maxWidth: Int? = nil) -> [Int] {
            let unscaled = maxWidths.map { $0 + padding }
            guard let maxWidth, !unscaled.isEmpty else { return unscaled }
            let factor = Double(maxWidth) / Double(unscaled.reduce(0, +))
            // Python's round() rounds halves to even.
            var scaled = unscaled.map { Int((factor * Double($0)).rounded(.toNearestOrEven)) }
            var offBy = scaled.reduce(0, +) - maxWidth
            while offBy != 0 {
                let order: [Int] = offBy < 0 ? Array(scaled.indices.reversed()) : Array(scaled.indices)
                for i in order {
                    if offBy > 0 { scaled[i] -= 1; offBy -= 1 } else { scaled[i] += 1; offBy += 1 }
                    if offBy == 0 { break }
                }
            }
            return scaled
        }

        func totalWidth(padding: Int, withBorder: Bool, outerPadding: Int) -> Int {
            var total = 0
            for w in columnWidths() { total += w + padding }
            if withBorder { total += 2 }
            total += 2 * outerPadding
            return max(AWSCLITable.textLength(title) + 2 + 2 * outerPadding, total)
        }
    }

    /// East Asian wide and full-width characters take two columns (`get_text_length`).
    static func textLength(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { n, c in
            switch c.value {
            case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
                 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
                return n + 2
            default: return n + 1
            }
        }
    }

    struct Builder {
        var sections: [Section] = []

        mutating func newSection(_ title: String, indent: Int) {
            var s = Section()
            s.title = title
            s.indentLevel = indent
            sections.append(s)
        }

        mutating func addHeader(_ h: [String]) { if !sections.isEmpty { sections[sections.count - 1].addHeader(h) } }
        mutating func addRow(_ r: [String]) { if !sections.isEmpty { sections[sections.count - 1].addRow(r) } }

        static func isScalar(_ v: JSONValue) -> Bool { AWSCLIOutput.isScalar(v) }

        static func groupKeys(_ members: [(String, JSONValue)]) -> ([String], [String]) {
            var headers: [String] = [], more: [String] = []
            for (k, v) in members { if isScalar(v) { headers.append(k) } else { more.append(k) } }
            return (headers.sorted(), more.sorted())
        }

        @discardableResult
        mutating func build(_ title: String?, _ current: JSONValue, indent: Int = 0) -> Bool {
            switch current {
            case .null, .bool(false): return false
            case .string(let s) where s.isEmpty: return false
            case .number(let n) where n == 0: return false
            case .array(let a) where a.isEmpty: return false
            case .object(let m) where m.isEmpty: return false
            default: break
            }
            if let title { newSection(title, indent: indent) }
            if case .array(let items) = current {
                if case .object = items[0] {
                    subTableFromList(items, indent: indent, title: title)
                } else {
                    for item in items {
                        if Builder.isScalar(item) { addRow([AWSCLIOutput.str(item)]) }
                        else if case .array(let inner) = item, inner.allSatisfy(Builder.isScalar) { addRow(inner.map(AWSCLIOutput.str)) }
                        else { build(nil, item) }
                    }
                }
            }
            if case .object(let members) = current {
                let (headers, more) = Builder.groupKeys(members)
                if headers.count == 1 {
                    addRow([headers[0], AWSCLIOutput.str(current[headers[0]] ?? .null)])
                } else if !headers.isEmpty {
                    addHeader(headers)
                    addRow(headers.map { AWSCLIOutput.str(current[$0] ?? .null) })
                }
                for k in more { build(k, current[k] ?? .null, indent: indent + 1) }
            }
            return true
        }

        mutating func subTableFromList(_ items: [JSONValue], indent: Int, title: String?) {
            var headerSet = Set<String>(), moreSet = Set<String>()
            for case .object(let m) in items {
                let (h, more) = Builder.groupKeys(m)
                headerSet.formUnion(h)
                moreSet.formUnion(more)
            }
            let headers = headerSet.sorted(), more = moreSet.sorted()
            addHeader(headers)
            var first = true
            for element in items {
                if !first, !more.isEmpty {
                    newSection(title ?? "", indent: indent)
                    addHeader(headers)
                }
                first = false
                addRow(headers.map { h in element[h].map(AWSCLIOutput.str) ?? "" })
                for k in more {
                    if let v = element[k] { build(k, v, indent: indent + 1) }
                }
            }
        }
    }

    /// The table for `response` of `operation`, `terminalWidth` columns wide at most (80 when
    /// stdout is not a terminal, as awscli falls back to). Empty when awscli prints nothing.
    public static func render(_ response: JSONValue, operation: String, terminalWidth: Int = 80) -> String {
        var b = Builder()
        guard b.build(operation, response) else { return "" }
        var sections = b.sections
        guard !sections.isEmpty else { return "" }
        var maxWidth = sections.map { $0.totalWidth(padding: 4, withBorder: true, outerPadding: $0.indentLevel) }.max() ?? 0
        if maxWidth > terminalWidth {
            // convert_to_vertical_table: one-row sections become key/value rows.
            for (i, s) in sections.enumerated() where s.rows.count == 1 && !s.headers.isEmpty {
                var n = Section()
                n.title = s.title
                n.indentLevel = s.indentLevel
                for (h, e) in zip(s.headers, s.rows[0]) { n.addRow([h, e]) }
                sections[i] = n
            }
            maxWidth = sections.map { $0.totalWidth(padding: 4, withBorder: true, outerPadding: $0.indentLevel) }.max() ?? 0
        }
        var out = String(repeating: "-", count: maxWidth) + "\n"
        for s in sections { renderSection(s, maxWidth: maxWidth, into: &out) }
        return out
    }

    static func renderSection(_ s: Section, maxWidth total: Int, into out: inout String) {
        let indent = String(repeating: "|", count: s.indentLevel)
        func write(_ line: String) { out += indent + line + indent + "\n" }
        let maxWidth = total - s.indentLevel * 2
        if !s.title.isEmpty {
            write(center(s.title, maxWidth, "|", "|"))
            if s.headers.isEmpty, s.rows.isEmpty { write("+" + String(repeating: "-", count: max(0, maxWidth - 2)) + "+") }
        }
        if !s.headers.isEmpty {
            let widths = s.columnWidths(padding: 4, maxWidth: maxWidth)
            var line = ""
            for (i, (w, h)) in zip(widths, s.headers).enumerated() { line += center(h, w, i == 0 ? "|" : "", "|") }
            write(lineBreak(widths))
            write(line)
        }
        if !s.rows.isEmpty {
            let widths = s.columnWidths(padding: 4, maxWidth: maxWidth)
            guard !widths.isEmpty else { return }
            write(lineBreak(widths))
            for row in s.rows {
                var line = ""
                for (i, (w, e)) in zip(widths, row).enumerated() { line += alignLeft(e, w, i == 0 ? "|" : "", "|") }
                write(line)
            }
            write(lineBreak(widths))
        }
    }

    static func lineBreak(_ widths: [Int]) -> String {
        var parts = ""
        for (i, w) in widths.enumerated() {
            parts += i == 0 ? "+" + String(repeating: "-", count: max(0, w - 2)) + "+" : String(repeating: "-", count: max(0, w - 1)) + "+"
        }
        return parts
    }

    /// Python's `//` floors; so does this for the negative case.
    static func floorDiv(_ a: Int, _ b: Int) -> Int { Int((Double(a) / Double(b)).rounded(.down)) }

    static func center(_ text: String, _ length: Int, _ left: String, _ right: String) -> String {
        let tl = textLength(text)
        let start = floorDiv(length, 2) - floorDiv(tl, 2) - 1
        var out = left + String(repeating: " ", count: max(0, start)) + text
        let soFar = textLength(left) + start + tl
        out += String(repeating: " ", count: max(0, length - textLength(right) - soFar)) + right
        return out
    }

    static func alignLeft(_ text: String, _ length: Int, _ left: String, _ right: String) -> String {
        let tl = textLength(text)
        let padding = length - (tl + 2 + textLength(left) + textLength(right)) >= 0 ? 2 : 0
        let soFar = left.count + padding + tl
        return left + String(repeating: " ", count: padding) + text + String(repeating: " ", count: max(0, length - soFar - right.count)) + right
    }
}
