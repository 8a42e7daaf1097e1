import Foundation
import SmshLanguage
import SourceText

enum ScriptCheck {
    static func syntaxErrors(_ text: String) -> Int {
        Parser.parse(text, path: "t", files: SourceFiles()).diagnostics.count
    }
}

func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("smsh-repl-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
