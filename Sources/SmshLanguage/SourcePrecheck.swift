import Foundation
import SourceText

/// Files named by `source "literal"` are parsed and checked with the script, so a syntax error
/// in one stops the run before anything happens (a path computed at run time is read then).
enum SourcePrecheck {
    static func problems(in program: Program, path: String?, files: SourceFiles, predefined: Set<String>) -> [Diagnostic] {
        guard program.containsSource else { return [] }
        var visited = Set<String>()
        if let path { visited.insert(URL(fileURLWithPath: path).standardizedFileURL.path) }
        return walk(program.statements, from: path, display: files.path(Int32(program.file)), files: files,
                    predefined: predefined, visited: &visited)
    }

    private static func walk(_ statements: [Stmt], from path: String?, display: String, files: SourceFiles,
                             predefined: Set<String>, visited: inout Set<String>) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for s in statements {
            switch s {
            case .source(let e, _):
                guard let name = e.literalText else { continue }
                let (full, shown) = SourcePath.resolve(name, from: path, shownAs: display)
                // Missing files and cycles are reported when the `source` runs, with its position.
                guard !visited.contains(full), let data = FileManager.default.contents(atPath: full) else { continue }
                visited.insert(full)
                let program = Parser.parse(String(decoding: data, as: UTF8.self), path: shown, files: files,
                                           directory: URL(fileURLWithPath: full).deletingLastPathComponent().path)
                var problems = program.diagnostics
                if problems.isEmpty { problems = Checker.check(program, predefined: predefined, lenient: true) }
                out += problems
                out += walk(program.statements, from: full, display: shown, files: files, predefined: predefined, visited: &visited)
            case .ifElse(let branches, let elseBlock, _):
                for (_, b) in branches { out += walk(b.statements, from: path, display: display, files: files, predefined: predefined, visited: &visited) }
                if let e = elseBlock { out += walk(e.statements, from: path, display: display, files: files, predefined: predefined, visited: &visited) }
            case .forIn(_, _, let b, _), .whileLoop(_, let b, _), .repeatLoop(_, let b, _), .def(_, _, let b, _):
                out += walk(b.statements, from: path, display: display, files: files, predefined: predefined, visited: &visited)
            case .tryCatch(let b, _, let h, _):
                out += walk(b.statements, from: path, display: display, files: files, predefined: predefined, visited: &visited)
                out += walk(h.statements, from: path, display: display, files: files, predefined: predefined, visited: &visited)
            default: continue
            }
        }
        return out
    }
}

/// Where `source NAME` reads: a relative name from the sourcing file's folder (the current
/// directory at the top level), shown in diagnostics beside the sourcing file's shown name.
enum SourcePath {
    static func resolve(_ name: String, from path: String?, shownAs parent: String?) -> (full: String, shown: String) {
        let base = path.map { URL(fileURLWithPath: $0).deletingLastPathComponent() }
            ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let full = (name.hasPrefix("/") ? URL(fileURLWithPath: name) : base.appendingPathComponent(name)).standardizedFileURL.path
        var shown = name
        if !name.hasPrefix("/"), let parent, let slash = parent.lastIndex(of: "/") { shown = String(parent[..<slash]) + "/" + name }
        return (full, shown)
    }
}
