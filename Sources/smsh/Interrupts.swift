import Foundation

/// Ctrl-C cancels the running script's task; the interpreter ends with exit 130. A second Ctrl-C
/// while cancellation is still unwinding ends the process at once.
enum Interrupts {
    static func run(_ body: @escaping @Sendable () async -> Int32) async -> Int32 {
        signal(SIGINT, SIG_IGN)
        let task = Task { await body() }
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        let count = Counter()
        source.setEventHandler {
            if count.increment() > 1 { exit(130) }
            task.cancel()
        }
        source.resume()
        let code = await task.value
        source.cancel()
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
