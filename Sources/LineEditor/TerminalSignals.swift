import CTerminalSignals
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way smsh hears SIGINT, SIGTERM, SIGHUP and SIGWINCH, for scripts and the REPL alike:
/// a handler (CTerminalSignals, defined once) sets a flag and writes to a self-pipe, so a blocked
/// read, poll or dispatch source wakes up.
public enum TerminalSignals {
    public enum Wait { case readable, interrupted, terminated }

    /// Installs the handlers (once).
    public static func install() {
        _ = pipeDescriptor
    }

    static let pipeDescriptor: Int32 = smsh_signals_install()

    /// Forgets a Ctrl-C typed while nothing was reading (it already cancelled what it could).
    public static func prepareForRead() {
        install()
        drain()
        _ = smsh_take_interrupt()
    }

    static func drain() { smsh_drain_signal_pipe() }
    static func takeInterrupt() -> Bool { smsh_take_interrupt() != 0 }

    /// SIGTERM or SIGHUP, once either has arrived: smsh cancels what runs and ends.
    public static var terminationSignal: Int32? {
        let s = smsh_termination_signal()
        return s == 0 ? nil : s
    }

    /// The shell's exit code for the termination signal (128 + its number: 143, 129), if one came.
    public static var terminationExitCode: Int32? { terminationSignal.map { 128 + $0 } }

    /// Blocks until `fd` is readable or a signal arrives.
    static func waitForInput(fd: Int32) -> Wait {
        while true {
            if terminationSignal != nil { return .terminated }
            if takeInterrupt() { return .interrupted }
            var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: pipeDescriptor, events: Int16(POLLIN), revents: 0)]
            let r = poll(&fds, pipeDescriptor >= 0 ? 2 : 1, -1)
            if r < 0 { continue }
            if pipeDescriptor >= 0, fds[1].revents & Int16(POLLIN) != 0 {
                drain()
                continue
            }
            if fds[0].revents != 0 { return .readable }
        }
    }
}

/// What a signal asks of the command that runs.
public enum SignalEvent: Sendable, Equatable {
    /// Ctrl-C: cancel the command; the REPL goes on, a script ends with 130.
    case interrupt
    /// SIGTERM or SIGHUP: cancel the command, then end smsh with `exitCode` (143, 129).
    case terminate(exitCode: Int32)
}

/// While a command or script runs, turns SIGINT, SIGTERM and SIGHUP into calls of `onSignal`.
/// Between commands the REPL's line reader consumes the same signals instead.
public final class InterruptWatcher: @unchecked Sendable {
    private let source: any DispatchSourceRead

    public init(onSignal: @escaping @Sendable (SignalEvent) -> Void) {
        TerminalSignals.install()
        source = DispatchSource.makeReadSource(fileDescriptor: TerminalSignals.pipeDescriptor, queue: .global())
        source.setEventHandler {
            // Drained before the flags are read: a signal that lands in between leaves a byte
            // in the pipe and fires the source again, rather than being lost.
            TerminalSignals.drain()
            if TerminalSignals.takeInterrupt() { onSignal(.interrupt) }
            if let code = TerminalSignals.terminationExitCode { onSignal(.terminate(exitCode: code)) }
        }
        source.resume()
        // A signal that came before the source existed left only its flag if the pipe was
        // drained since: look once now.
        if let code = TerminalSignals.terminationExitCode { onSignal(.terminate(exitCode: code)) }
    }

    public func stop() { source.cancel() }
}
