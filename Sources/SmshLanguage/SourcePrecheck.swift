import Foundation
import SourceText

/// Files named by `source "literal"` are parsed and checked with the script, so a syntax error
/// in one stops the run before anything happens (a path computed at run time is read then).
enum SourcePrecheck {
    static func problems(in program: Program, path: String?, files: SourceFiles, predefined: Set<String>) -> [Diagnostic] {
        guard program.containsSource else { return [] }
        var visited = Set<String>()
        let display = files.path(Int32(program.file))
        var stack: [(full: String, shown: String)] = []
        if let path {
            let full = URL(fileURLWithPath: path).standardizedFileURL.path
            visited.insert(full)
            stack.append((full, display))
        }
        return walk(program.statements, from: path, display: display, files: files,
                    predefined: predefined, visited: &visited, stack: &stack)
    }

    /// A literal path that cannot be read, or that is already being sourced on the way here (a
    /// cycle), is reported now, before anything runs; each file is checked once.
    private static func walk(_ statements: [Stmt], from path: String?, display: String, files: SourceFiles,
                             predefined: Set<String>, visited: inout Set<String>, stack: inout [(full: String, shown: String)]) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func walk(_ statements: [Stmt]) -> [Diagnostic] {
            SourcePrecheck.walk(statements, from: path, display: display, files: files, predefined: predefined, visited: &visited, stack: &stack)
        }
        for s in statements {
            switch s {
            case .source(let e, let r):
                guard let name = e.literalText else { continue }
                let (full, shown) = SourcePath.resolve(name, from: path, shownAs: display)
                if stack.contains(where: { $0.full == full }) {
                    let chain = (stack.map(\.shown) + [shown]).joined(separator: " -> ")
                    out.append(Diagnostic("'\(name)' is already being sourced (\(chain))", at: r))
                    continue
                }
                guard let data = FileManager.default.contents(atPath: full) else {
                    out.append(Diagnostic("cannot read '\(shown)'", at: r))
                    continue
                }
                guard !visited.contains(full) else { continue }
                visited.insert(full)
                let program = Parser.parse(String(decoding: data, as: UTF8.self), path: shown, files: files,
                                           directory: URL(fileURLWithPath: full).deletingLastPathComponent().path)
                var problems = program.diagnostics
                if problems.isEmpty { problems = Checker.check(program, predefined: predefined, lenient: true) }
                out += problems
                stack.append((full, shown))
                out += SourcePrecheck.walk(program.statements, from: full, display: shown, files: files, predefined: predefined,
                                           visited: &visited, stack: &stack)
                stack.removeLast()
            case .ifElse(let branches, let elseBlock, _):
                for (_, b) in branches { out += walk(b.statements) }
                if let e = elseBlock { out += walk(e.statements) }
            case .forIn(_, _, let b, _), .whileLoop(_, let b, _), .repeatLoop(_, let b, _), .def(_, _, let b, _):
                out += walk(b.statements)
            case .tryCatch(let b, let clauses, let finally, _):
                out += walk(b.statements)
                for c in clauses { out += walk(c.body.statements) }
                if let f = finally { out += walk(f.statements) }
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
