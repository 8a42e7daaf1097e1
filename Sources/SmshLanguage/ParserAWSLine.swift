import Foundation
import AWSCLI

extension Parser {
    /// `aws` followed by a blank starts an aws CLI line (`aws(x)` or a bare `aws` stay smsh).
    var isAWSLineStart: Bool { awsLineStarts(strict: false) }

    /// Where a value is expected, `aws` is a word like any other unless `secretsmanager` or an
    /// option follows it: `print aws + 1` keeps meaning what it meant.
    var isAWSLineValue: Bool { awsLineStarts(strict: true) }

    func awsLineStarts(strict: Bool) -> Bool {
        guard current.kind == .word, lexer.textEquals(current, "aws") else { return false }
        var p = Int(current.start) + Int(current.length)
        let bytes = lexer.source
        let end = min(bytes.count, lexer.endOffset)
        guard p < end, bytes[p] == 0x20 || bytes[p] == 0x09 else { return false }
        if !strict { return true }
        while p < end {
            if bytes[p] == 0x20 || bytes[p] == 0x09 { p += 1 }
            else if bytes[p] == UInt8(ascii: "\\"), p + 1 < end, bytes[p + 1] == 0x0A { p += 2 }
            else { break }
        }
        if p + 1 < end, bytes[p] == UInt8(ascii: "-"), bytes[p + 1] == UInt8(ascii: "-") { return true }
        let service = Array("secretsmanager".utf8)
        guard p + service.count <= end, Array(bytes[p..<p + service.count]) == service else { return false }
        let after = p + service.count
        return after == end || bytes[after] == 0x20 || bytes[after] == 0x09 || bytes[after] == 0x0A || bytes[after] == UInt8(ascii: ";")
    }

    /// The rest of the line belongs to the aws CLI's rules: its words are split by ShellWords
    /// straight from the source bytes, then read by AWSCLILine; the lexer resumes after them.
    mutating func parseAWSLine() throws(Failure) -> Command {
        let t = current
        let start = Int(t.start)
        let line = Int(t.range.line), column = Int(t.range.column)
        let lineStart = start - (column - 1)
        let bytes = lexer.source
        let scanned: ShellWords
        do {
            scanned = try ShellWords.scan(bytes, from: start, limit: lexer.endOffset, file: file, line: line, column: column)
        } catch {
            // Give up on this line only: carry on at its end, as a shell would not.
            var p = start
            while p < lexer.endOffset, bytes[p] != 0x0A { p += 1 }
            resumeAfterAWSLine(at: p, line: line, lineStart: lineStart)
            throw self.error(error.message, at: error.range)
        }
        resumeAfterAWSLine(at: scanned.end, line: scanned.endLine, lineStart: scanned.endLineStart)
        do {
            // Files the line names are read when it runs.
            return .aws(try AWSCLILine.parse(scanned.words, read: nil, directory: scriptDirectory))
        } catch {
            throw self.error(error.message, at: error.range)
        }
    }

    /// Relative file:// paths are read against the script's directory (the working directory
    /// for -c, stdin and the REPL).
    var scriptDirectory: String? {
        if let directory { return directory }
        guard let files, let f = files.file(Int32(file)), f.path.contains("/") || FileManager.default.fileExists(atPath: f.path) else {
            return nil
        }
        return (f.path as NSString).deletingLastPathComponent.isEmpty ? nil : (f.path as NSString).deletingLastPathComponent
    }

    mutating func resumeAfterAWSLine(at offset: Int, line: Int, lineStart: Int) {
        lastSignificantRange = current.range
        previousRange = current.range
        lexer.resume(at: offset, line: line, lineStart: lineStart)
        aheadHead = 0
        aheadEnd = 0
        cur = lexer.next()
    }
}
