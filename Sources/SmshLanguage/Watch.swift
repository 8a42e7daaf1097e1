import Foundation
import SecretsCore
import SourceText

/// The terminal `watch` draws on, provided by the front end (LineEditor's FullScreen): nil when
/// stdout is not a terminal, and `watch` prints one frame instead.
public struct WatchScreen: Sendable {
    /// Columns and rows now.
    public var size: @Sendable () -> (columns: Int, rows: Int)
    /// Takes the screen (alternate screen, no cursor, keys read one at a time) and gives it back.
    public var enter: @Sendable () -> Void
    public var leave: @Sendable () -> Void
    /// Whether the terminal was resized since the last call.
    public var resized: @Sendable () -> Bool
    /// Whether `q` was typed since the last call (other keys are dropped).
    public var quitTyped: @Sendable () -> Bool
    /// Replaces what the screen shows with these lines (each already fitted to the width).
    public var draw: @Sendable ([String]) -> Void
    /// Whether the terminal takes colour (TERM is set and not "dumb", NO_COLOR is not set).
    public var color: Bool

    public init(size: @escaping @Sendable () -> (columns: Int, rows: Int), enter: @escaping @Sendable () -> Void,
                leave: @escaping @Sendable () -> Void, resized: @escaping @Sendable () -> Bool,
                quitTyped: @escaping @Sendable () -> Bool, draw: @escaping @Sendable ([String]) -> Void, color: Bool) {
        self.size = size
        self.enter = enter
        self.leave = leave
        self.resized = resized
        self.quitTyped = quitTyped
        self.draw = draw
        self.color = color
    }
}

/// What one frame of `watch` shows, read from the service (and the simulator's clock and faults).
struct WatchState: Sendable {
    struct Replica: Sendable {
        var region: String
        var status: String
        var kmsKey: String?
        var message: String?
        var secondsLeft: Double?
    }
    struct Secret: Sendable {
        var name: String
        var primaryRegion: String
        var kmsKey: String?
        var replicas: [Replica]
    }
    var region: String
    var secrets: [Secret] = []
    var faults: [Fault] = []
    /// The simulator's clock offset from the real one, when the backend is the simulator.
    var clockAhead: Double?
    /// A call that failed while reading (a Region in outage): shown instead of the secrets.
    var problem: String?
}

/// Lays a frame out for a width and a height: pure, so tests can look at any size.
enum WatchLayout {
    static let defaultKey = "alias/aws/secretsmanager"

    static func regionName(_ code: String) -> String {
        Regions.all.first { $0.code == code }?.name ?? ""
    }

    static func fault(_ f: Fault) -> String {
        if case .outage(let r) = f { return "\(f.simulateWords) \(regionName(r))" }
        return f.simulateWords
    }

    /// The lines of one frame; `height` nil: every line (a frame printed off a terminal).
    static func lines(_ state: WatchState, width: Int, height: Int?, color: Bool) -> [String] {
        let width = max(20, width)
        var out: [(text: String, paint: String?)] = []
        var header = "smsh watch  \(state.region) \(regionName(state.region))"
        if let ahead = state.clockAhead, ahead > 0 { header += "  clock +\(Value.formatDuration(ahead))" }
        out.append((header, "1"))
        out.append((state.faults.isEmpty ? "faults: none" : "faults: " + state.faults.map(fault).joined(separator: "; "),
                    state.faults.isEmpty ? nil : "33"))
        if let problem = state.problem {
            out.append(("", nil))
            out.append((problem, "31"))
        } else if state.secrets.isEmpty {
            out.append(("", nil))
            out.append(("no secrets in \(state.region)", nil))
        }
        let allRegions = state.secrets.flatMap { [$0.primaryRegion] + $0.replicas.map(\.region) }
        let columns = Columns(code: allRegions.map(\.count).max() ?? 9, name: allRegions.map { regionName($0).count }.max() ?? 0,
                              left: state.secrets.contains { $0.replicas.contains { $0.secondsLeft != nil } })
        for s in state.secrets {
            out.append(("", nil))
            out.append((s.name, "1"))
            out.append((row(code: s.primaryRegion, status: "Primary", left: nil, key: s.kmsKey, columns), "36"))
            for r in s.replicas {
                out.append((row(code: r.region, status: r.status, left: r.secondsLeft, key: r.kmsKey, columns), paint(r.status)))
                if r.status == "Failed" {
                    out.append(("    " + (r.message ?? "no status message"), "31"))
                    out.append(("    next: " + Interpreter.nextStep(secret: s.name, region: r.region, message: r.message), nil))
                }
            }
        }
        let footer = "q or Ctrl-C quits"
        if let height {
            let room = max(1, height - 1)
            if out.count > room {
                let hidden = out.count - (room - 1)
                out = Array(out.prefix(room - 1))
                out.append(("… \(hidden) more line\(hidden == 1 ? "" : "s"): a taller terminal, or watch NAME", "2"))
            }
        }
        var lines = out.map { fitted($0.text, width: width, paint: color ? $0.paint : nil) }
        if height != nil { lines.append(fitted(footer, width: width, paint: color ? "2" : nil)) }
        return lines
    }

    static func paint(_ status: String) -> String? {
        switch status {
        case "InSync": return "32"
        case "InProgress": return "33"
        case "Failed": return "31"
        default: return nil
        }
    }

    /// The widths of a frame's columns; the time-left column only while something is InProgress.
    struct Columns {
        var code: Int
        var name: Int
        var left: Bool
    }

    /// `  eu-west-3  Europe (Paris)  InProgress  2s left  key alias/x`: the key last, so that a
    /// narrow terminal (80 columns) cuts it before the status.
    static func row(code: String, status: String, left: Double?, key: String?, _ c: Columns) -> String {
        var line = "  " + pad(code, c.code) + "  " + pad(regionName(code), c.name) + "  " + pad(status, 10) + "  "
        if c.left { line += pad(left.map { "\(Value.formatDuration(max(0, $0.rounded(.up)))) left" } ?? "", 11) + "  " }
        return line + "key " + (key ?? defaultKey)
    }

    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }

    /// Cut to the width (a line that wraps would push the frame off the screen); colour goes
    /// around the visible text only.
    static func fitted(_ s: String, width: Int, paint: String?) -> String {
        var text = s
        while text.hasSuffix(" ") { text.removeLast() }
        if text.count > width { text = String(text.prefix(width - 1)) + "…" }
        guard let paint, !text.isEmpty else { return text }
        return "\u{1B}[\(paint)m" + text + "\u{1B}[0m"
    }
}

/// The result of the read a frame needs, handed from the task that reads to the loop that draws.
private final class FrameBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: WatchState?
    func put(_ s: WatchState) { lock.withLock { value = s } }
    func take() -> WatchState? { lock.withLock { defer { value = nil }; return value } }
}

extension Interpreter {
    /// Seconds between two reads of the world while watching.
    static let watchRefresh = 1.0

    /// `watch [NAME]`: on a terminal, a full-screen view redrawn every second and on resize,
    /// until `q` or Ctrl-C; elsewhere one frame, as wide as the terminal or 80 columns.
    func watch(_ secretExpr: Expr?, range r: SourceRange, in scope: Scope) async throws {
        let secret = try await secretExpr.asyncMap { try await text($0, "a secret name", in: scope) }
        // The first read happens before the screen is taken: a secret that is not there is an
        // error at the statement, not a frame.
        let state = try await watchState(secret: secret, range: r)
        guard let screen = watchScreen else {
            output.out(WatchLayout.lines(state, width: terminalWidth?() ?? 80, height: nil, color: false).joined(separator: "\n") + "\n")
            return
        }
        screen.enter()
        defer { screen.leave() }
        var reading: Task<Void, Never>?
        do {
            try await watchLoop(screen, first: state, secret: secret, range: r, reading: &reading)
        } catch {
            // The read in flight ends before the next statement may use the session.
            reading?.cancel()
            await reading?.value
            throw error
        }
        reading?.cancel()
        await reading?.value
    }

    private func watchLoop(_ screen: WatchScreen, first: WatchState, secret: String?, range r: SourceRange,
                           reading: inout Task<Void, Never>?) async throws {
        var state = first
        let box = FrameBox()
        var lastRead = ContinuousClock.now
        var redraw = true
        while true {
            try Task.checkCancellation()
            if screen.quitTyped() { return }
            if screen.resized() { redraw = true }
            if let fresh = box.take() {
                state = fresh
                redraw = true
                reading = nil
            }
            if reading == nil, ContinuousClock.now - lastRead >= .seconds(Interpreter.watchRefresh) {
                lastRead = ContinuousClock.now
                // Read apart from the loop: a call to a Region in outage takes seconds, and `q`
                // must still be heard.
                reading = Task { [weak self] in
                    guard let self else { return }
                    box.put(await self.watchStateOrProblem(secret: secret, range: r))
                }
            }
            if redraw {
                let size = screen.size()
                screen.draw(WatchLayout.lines(state, width: size.columns, height: size.rows, color: screen.color))
                redraw = false
            }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
    }

    func watchStateOrProblem(secret: String?, range r: SourceRange) async -> WatchState {
        do {
            return try await watchState(secret: secret, range: r)
        } catch let e as RuntimeError {
            var s = WatchState(region: session.region)
            s.faults = (try? await faults?.activeFaults()) ?? []
            s.problem = shown("\(e.code): \(e.message)")
            return s
        } catch {
            var s = WatchState(region: session.region)
            s.problem = "\(error)"
            return s
        }
    }

    /// One read of what `watch` shows: the named secret at its primary, or every secret listed in
    /// the session's Region (a replica listed there is shown with its primary).
    func watchState(secret: String?, range r: SourceRange) async throws -> WatchState {
        var state = WatchState(region: session.region)
        if session.backend == "local" {
            state.faults = (try? await faults?.activeFaults()) ?? []
        }
        let world = session.backend == "local" ? faults as? any WorldControlling : nil
        var descriptions: [JSONValue] = []
        if let secret {
            let (_, d) = try await describeAtPrimary(Compiler.describe(secret: secret, region: session.region), range: r)
            descriptions = [d]
        } else {
            let call = Compiler.list(prefix: nil, region: session.region)
            let all = try await calling(call, range: r) { try await $0.paginateAll(call.operation, body: call.body) }
            var seen = Set<String>()
            for entry in all["SecretList"]?.arrayValue ?? [] {
                guard let name = entry["Name"]?.stringValue else { continue }
                let primary = entry["PrimaryRegion"]?.stringValue ?? session.region
                guard seen.insert(primary + "/" + name).inserted else { continue }
                let at = ClientCall(operation: .describeSecret, region: primary, body: .object([("SecretId", .string(name))]))
                descriptions.append(try await send(at, range: r))
            }
        }
        let now = try? await world?.simulatedNow()
        if let now { state.clockAhead = now.timeIntervalSinceNow.rounded() }
        for d in descriptions {
            let name = d["Name"]?.stringValue ?? "?"
            let primary = d["PrimaryRegion"]?.stringValue ?? session.region
            var s = WatchState.Secret(name: name, primaryRegion: primary, kmsKey: d["KmsKeyId"]?.stringValue, replicas: [])
            for e in d["ReplicationStatus"]?.arrayValue ?? [] {
                let region = e["Region"]?.stringValue ?? "?"
                let status = e["Status"]?.stringValue ?? "?"
                var left: Double?
                if status == "InProgress", let world, let now,
                   let ready = try? await world.replicaReadyAt(secret: name, primaryRegion: primary, replicaRegion: region) {
                    left = ready.timeIntervalSince(now)
                }
                s.replicas.append(.init(region: region, status: status, kmsKey: e["KmsKeyId"]?.stringValue,
                                        message: e["StatusMessage"]?.stringValue.map(shown), secondsLeft: left))
            }
            state.secrets.append(s)
        }
        return state
    }
}
