/// A problem found in a script, with where it is. Syntax and check errors are collected as a list;
/// runtime errors use the same rendering with the AWS error code in front of the message.
public struct Diagnostic: Sendable, Equatable, Error {
    public enum Severity: String, Sendable { case error, warning, note }
    public var severity: Severity
    public var message: String
    public var range: SourceRange

    public init(_ message: String, at range: SourceRange, severity: Severity = .error) {
        self.message = message
        self.range = range
        self.severity = severity
    }
}

/// Renders diagnostics as `FILE:LINE:COL: error: MESSAGE`, the source line, and a caret under the
/// range. Colour is a caller's decision (a terminal without NO_COLOR or --no-color).
public struct DiagnosticRenderer: Sendable {
    public let files: SourceFiles
    public let color: Bool
    /// What a quoted source line goes through before it is shown: the language masks secret
    /// values byte for byte, so the caret still lines up (an error on `put S value "..."` must not
    /// print the value).
    public let maskLine: @Sendable (String) -> String

    public init(files: SourceFiles, color: Bool, maskLine: @escaping @Sendable (String) -> String) {
        self.files = files
        self.color = color
        self.maskLine = maskLine
    }

    public func render(_ d: Diagnostic) -> String {
        let r = d.range
        let label = d.severity.rawValue + ":"
        let head: String
        if r.file < 0 {
            head = color ? "\u{1B}[1;31m\(label)\u{1B}[0m \u{1B}[1m\(d.message)\u{1B}[0m" : "\(label) \(d.message)"
            return head + "\n"
        }
        let location = "\(files.path(r.file)):\(r.line):\(r.column):"
        let tint = d.severity == .error ? "31" : (d.severity == .warning ? "35" : "36")
        if color {
            head = "\u{1B}[1m\(location)\u{1B}[0m \u{1B}[1;\(tint)m\(label)\u{1B}[0m \u{1B}[1m\(d.message)\u{1B}[0m"
        } else {
            head = "\(location) \(label) \(d.message)"
        }
        guard let source = files.line(r.line, in: r.file) else { return head + "\n" }
        let line = maskLine(source)
        // Tabs are kept so the caret lines up under the same characters in the terminal.
        var pad = ""
        for (i, ch) in line.utf8.enumerated() where i < Int(r.column) - 1 { pad += ch == 0x09 ? "\t" : " " }
        let width = max(1, min(Int(r.length), max(1, line.utf8.count - Int(r.column) + 1)))
        let marker = "^" + String(repeating: "~", count: width - 1)
        let caret = color ? "\u{1B}[1;32m\(marker)\u{1B}[0m" : marker
        return "\(head)\n\(line)\n\(pad)\(caret)\n"
    }

    public func render(_ list: [Diagnostic]) -> String { list.map(render).joined() }
}
