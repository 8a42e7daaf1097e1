import AWSCLI
import Foundation
import SecretsCore

/// What a rehearsal found: where the copy came from, every call the runbook made on it, what
/// changed, and how the run ended.
public struct Plan: Sendable {
    public var file: String
    /// `aws` or `local`.
    public var source: String
    public var account: String
    /// The Regions read (aws), or every Region (local).
    public var regions: [String]
    /// How the secrets to read were chosen, in words.
    public var selection: String
    /// The secrets copied, as `NAME in REGION`.
    public var copied: [String]
    public var calls: [PlannedCall]
    public var changes: [StateChange]
    public var exitCode: Int32

    /// The aws CLI line of a call, secret values masked. The idempotency token smsh adds to each
    /// write is left out: it is new on every run and says nothing about what the call does.
    public static func cliLine(_ call: PlannedCall) -> String {
        var body = call.body
        if case .object(let members) = body { body = .object(members.filter { $0.0 != "ClientRequestToken" }) }
        return CLILine.render(operation: call.operation, region: call.region, body: body, reveal: false)
    }

    public var text: String {
        var out = "Rehearsal of \(file) on a copy of \(source == "aws" ? "AWS account \(account)" : "the local state")\n"
        if source == "aws" { out += "  read: \(regions.joined(separator: ", ")); \(selection)\n" }
        out += "  copied: " + (copied.isEmpty ? "no secrets" : copied.joined(separator: ", ")) + "\n"
        let writes = calls.filter(\.isWrite).count
        out += "\nCalls (\(calls.count), \(writes) that change something, marked *):\n"
        if calls.isEmpty { out += "  none\n" }
        let width = String(calls.count).count
        for (i, call) in calls.enumerated() {
            let number = String(repeating: " ", count: width - String(i + 1).count) + String(i + 1)
            out += "  \(number)\(call.isWrite ? "*" : " ") \(Plan.cliLine(call))"
            if let e = call.error { out += "  -> \(e)" }
            out += "\n"
        }
        out += "\nChanges (\(changes.count)):\n"
        if changes.isEmpty { out += "  none\n" }
        for change in changes { out += "  \(change.text)\n" }
        out += "\nExit code: \(exitCode)\n"
        return out
    }

    public var json: JSONValue {
        func strings(_ a: [String]) -> JSONValue { .array(a.map(JSONValue.string)) }
        let calls = self.calls.map { c -> JSONValue in
            var m: [(String, JSONValue)] = [("operation", .string(c.operation.rawValue)), ("region", .string(c.region)),
                                            ("write", .bool(c.isWrite)), ("cli", .string(Plan.cliLine(c)))]
            m.append(("error", c.error.map(JSONValue.string) ?? .null))
            return .object(m)
        }
        let changes = self.changes.map { c -> JSONValue in
            .object([("change", .string(c.kind.rawValue)), ("secret", .string(c.secret)), ("region", .string(c.region))] + c.details)
        }
        return .object([
            ("file", .string(file)), ("source", .string(source)), ("account", .string(account)),
            ("regions", strings(regions)), ("selection", .string(selection)), ("copied", strings(copied)),
            ("calls", .array(calls)), ("changes", .array(changes)), ("exitCode", .number(Double(exitCode))),
        ])
    }
}
