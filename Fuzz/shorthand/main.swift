import SmshLanguage

// The aws CLI side of smsh: the shell-word splitter, the shorthand parser and the option parser
// of an `aws secretsmanager ...` line. Every input must end in a value or a typed error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzShorthand(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let text = String(decoding: bytes, as: UTF8.self)
    _ = try? ShorthandParser.parse(text)
    guard let words = try? ShellWords.scan(bytes, from: 0) else { return 0 }
    for word in words.words where word.text.contains("=") {
        _ = try? ShorthandParser.parse(word.text)
    }
    // As the tail of an aws line; file:// reads are refused so the fuzzer never touches the disk.
    let line = Array("aws secretsmanager ".utf8) + bytes
    if let all = try? ShellWords.scan(line, from: 0) {
        _ = try? AWSCLILine.parse(all.words, read: { path in throw ReadRefused(path: path) })
    }
    return 0
}

struct ReadRefused: Error { let path: String }
