import Foundation
import LineEditor

/// Signals while a script runs, through the same watcher as the REPL: Ctrl-C cancels the script's
/// task and smsh ends with 130 (a second Ctrl-C while cancellation is still unwinding ends the
/// process at once); SIGTERM and SIGHUP cancel it too and end smsh with 143 and 129.
enum Interrupts {
    static func run(_ body: @escaping @Sendable () async -> Int32) async -> Int32 {
        // Before the task starts: a signal in between would otherwise meet the default action.
        TerminalSignals.install()
        let task = Task { await body() }
        let count = Counter()
        let watcher = InterruptWatcher { event in
            if event == .interrupt, count.increment() > 1 { exit(130) }
            task.cancel()
        }
        let code = await task.value
        watcher.stop()
        if let termination = TerminalSignals.terminationExitCode { return termination }
        return task.isCancelled ? 130 : code
    }

    final class Counter: @unchecked Sendable {
        private var value = 0
        private let lock = NSLock()
        func increment() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }
}
