import Dispatch

/// While a command runs, turns Ctrl-C (and SIGHUP/SIGTERM) into a call of `onInterrupt`, which
/// cancels the command's task. Between commands the line reader consumes the same signals.
public final class InterruptWatcher: @unchecked Sendable {
    private let source: any DispatchSourceRead

    public init(onInterrupt: @escaping @Sendable () -> Void) {
        source = DispatchSource.makeReadSource(fileDescriptor: TerminalSignals.pipeDescriptor, queue: .global())
        source.setEventHandler {
            TerminalSignals.drain()
            if TerminalSignals.takeInterrupt() || TerminalSignals.hangupPending { onInterrupt() }
        }
        source.resume()
    }

    public func stop() { source.cancel() }
}
