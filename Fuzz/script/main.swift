import SmshLanguage

// What `smsh check` does with a file: lex, parse, check, precheck. Any input must come back as a
// program or diagnostics; a trap, an ASan report or a timeout is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScript(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let files = SourceFiles()
    let result = ScriptRunner.check(bytes: bytes, path: "/nonexistent/fuzz.smsh", files: files)
    // Rendering reads source ranges back out of the file table: a bad range would trap here.
    if !result.problems.isEmpty {
        _ = DiagnosticRenderer(files: files, color: false).render(result.problems)
    }
    return 0
}
