/// What one read from the user gave: a line (without its newline), an interrupted line (Ctrl-C:
/// the REPL drops it and prompts again) or the end of input (Ctrl-D on an empty line, EOF, SIGHUP).
public enum ReadResult: Sendable, Equatable {
    case line(String)
    case interrupted
    case endOfInput
}

/// What Tab does with the text before the cursor: insert text at the cursor, list the candidates
/// under the line (the line is then drawn again), or beep.
public enum TabAction: Sendable, Equatable {
    case insert(String)
    /// Delete this many characters before the cursor (the word typed), then insert the text:
    /// a match found inside a word (`test` completing to `MyTestSecret`).
    case replace(deleting: Int, with: String)
    case list(String)
    case none
}

/// Called on Tab with the text of the line before the cursor and the terminal's width.
public typealias TabHandler = @Sendable (_ textBeforeCursor: String, _ columns: Int) -> TabAction

/// A source of input lines. The REPL loop talks only to this, so it runs the same over libedit on
/// a terminal, a plain reader on a dumb terminal or a pipe, and a scripted reader in tests.
public protocol LineReader: AnyObject, Sendable {
    /// Blocks until a line, an interrupt or the end of input. `onTab` is called on this thread.
    func readLine(prompt: String, onTab: TabHandler?) -> ReadResult
    /// Makes an entry reachable with Up and Ctrl-R.
    func addHistory(_ entry: String)
    func clearScreen()
    /// Restores the terminal; reading again is not allowed.
    func close()
}
