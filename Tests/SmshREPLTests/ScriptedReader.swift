import Foundation
import LineEditor

/// A LineReader that plays a script: lines, Ctrl-C, and Tab presses whose results are recorded.
final class ScriptedReader: LineReader, @unchecked Sendable {
    enum Step {
        case line(String)
        case interrupt
        /// Presses Tab after typing this text; waits (up to 5 s) until Tab does something.
        case tab(String)
    }

    private let lock = NSLock()
    private var steps: [Step]
    private var promptLog: [String] = []
    private var historyLog: [String] = []
    private var tabLog: [TabAction] = []
    var onRead: (@Sendable (Int) -> Void)?

    init(_ steps: [Step]) { self.steps = steps }

    var prompts: [String] { lock.withLock { promptLog } }
    var history: [String] { lock.withLock { historyLog } }
    var tabs: [TabAction] { lock.withLock { tabLog } }

    func readLine(prompt: String, onTab: TabHandler?) -> ReadResult {
        let count = lock.withLock { promptLog.append(prompt); return promptLog.count }
        onRead?(count)
        while true {
            let step: Step? = lock.withLock { steps.isEmpty ? nil : steps.removeFirst() }
            switch step {
            case nil: return .endOfInput
            case .line(let l): return .line(l)
            case .interrupt: return .interrupted
            case .tab(let text):
                var action = TabAction.none
                let deadline = Date().addingTimeInterval(5)
                while let onTab, Date() < deadline {
                    action = onTab(text, 80)
                    if action != .none { break }
                    Thread.sleep(forTimeInterval: 0.02)
                }
                lock.withLock { tabLog.append(action) }
            }
        }
    }

    func addHistory(_ entry: String) { lock.withLock { historyLog.append(entry) } }
    func clearScreen() {}
    func close() {}
}
