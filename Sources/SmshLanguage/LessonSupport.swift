import Foundation

extension Interpreter {
    /// Whether a lesson's check holds now: the condition evaluated over the session's globals
    /// and `bindings` (what the lesson adds, such as `$region`), without log lines or shown
    /// results; a check that fails to run (the secret is not there yet) does not hold.
    public func holds(_ condition: Expr, bindings: [(String, Value)] = []) async -> Bool {
        let saved = session
        session.quiet = true
        session.showResults = false
        session.interactiveProgress = false
        defer { session = saved }
        let scope = Scope(parent: globals)
        for (name, value) in bindings { scope.values[name] = value }
        do {
            return try await evaluate(condition, in: scope).isTruthy
        } catch {
            return false
        }
    }
}
