import Foundation
import JMESPath
import SecretsCore
import Testing
import TestSupport

/// Generated expressions over generated documents, searched by this module and by Python's
/// `jmespath` (the implementation the aws CLI uses): the results must be the same JSON, and an
/// expression one rejects the other must reject at the same stage (compiling or searching).
struct JMESPathDifferentialTests {
    struct Case { let expression: String; let document: JSONValue }

    /// Reads JSON lines of {"e": expression, "d": document} and answers each with
    /// {"ok": result}, {"error": "syntax"} or {"error": "runtime"}.
    static let python = #"""
import json, sys, warnings, jmespath
from jmespath import exceptions
warnings.simplefilter("ignore")
for line in sys.stdin:
    case = json.loads(line)
    try:
        compiled = jmespath.compile(case["e"])
    except exceptions.JMESPathError:
        print(json.dumps({"error": "syntax"})); continue
    try:
        print(json.dumps({"ok": compiled.search(case["d"])}))
    except Exception:
        print(json.dumps({"error": "runtime"}))
"""#

    /// Documents shaped like what the CLI queries: small objects of a few known keys, arrays of
    /// them, numbers, strings and booleans.
    struct Generator {
        var rng: SeededGenerator
        let keys = ["a", "b", "c", "foo", "bar", "Name", "Region", "Status"]
        let strings = ["", "x", "InSync", "Failed", "us-east-1", "eu-west-3", "abc", "a b", "é", "zz", "10", " 2 ", "1.5", "-3", "Ab", "a\"b"]

        mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }
        mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }

        mutating func document(_ depth: Int = 0) -> JSONValue {
            let roll = Int.random(in: 0..<(depth >= 3 ? 5 : 9), using: &rng)
            switch roll {
            case 0: return .null
            case 1: return .bool(chance(0.5))
            case 2: return chance(0.2) ? .number(Double(Int.random(in: -30...30, using: &rng)) / 4) : .number(Double(Int.random(in: -3...10, using: &rng)))
            case 3, 4: return .string(pick(strings))
            case 5, 6:
                return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in document(depth + 1) })
            default:
                var members: [(String, JSONValue)] = []
                for key in keys where chance(0.45) { members.append((key, document(depth + 1))) }
                return .object(members)
            }
        }

        mutating func literal() -> String {
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: return "`\(Int.random(in: -2...5, using: &rng))`"
            case 1: return "'\(pick(strings))'"
            case 2: return "`\"\(pick(strings))\"`"
            case 3: return pick(["`true`", "`false`", "`null`", "`[]`", "`{}`", "`[1, 2]`", "`{\"a\": 1}`"])
            case 4: return "`\(pick(strings))`"
            default: return "'it\\'s'"
            }
        }

        mutating func identifier() -> String {
            chance(0.15) ? "\"\(pick(keys))\"" : pick(keys)
        }

        mutating func expression(_ depth: Int = 0) -> String {
            if depth >= 3 { return chance(0.7) ? identifier() : pick(["@", literal()]) }
            let d = depth + 1
            switch Int.random(in: 0..<22, using: &rng) {
            case 0, 1: return identifier()
            case 2: return "\(expression(d)).\(identifier())"
            case 3: return "\(expression(d))[\(Int.random(in: -3...3, using: &rng))]"
            case 4:
                let parts = (0..<3).map { _ in chance(0.5) ? "\(Int.random(in: -3...3, using: &rng))" : "" }
                return "\(expression(d))[\(parts[0]):\(parts[1])\(chance(0.5) ? ":" + (parts[2] == "0" ? "1" : parts[2]) : "")]"
            case 5: return "\(expression(d))[*].\(identifier())"
            case 6: return "\(expression(d)).*"
            case 7: return "\(expression(d))[]"
            case 8: return "\(expression(d))[?\(condition(d))].\(identifier())"
            case 9: return "\(expression(d))[?\(condition(d))]"
            case 10: return "\(expression(d)) | \(expression(d))"
            case 11: return "[\(expression(d)), \(expression(d))]"
            case 12: return "{\(pick(keys)): \(expression(d)), k2: \(expression(d))}"
            case 13: return "\(expression(d)) || \(expression(d))"
            case 14: return "\(expression(d)) && \(expression(d))"
            case 15: return "!\(expression(d))"
            case 16: return condition(d)
            case 17, 18, 19: return function(d)
            case 20: return "(\(expression(d)))"
            default: return literal()
            }
        }

        mutating func condition(_ depth: Int) -> String {
            let op = pick(["==", "!=", "<", "<=", ">", ">="])
            return "\(chance(0.5) ? identifier() : expression(depth + 1)) \(op) \(chance(0.6) ? literal() : expression(depth + 1))"
        }

        mutating func function(_ depth: Int) -> String {
            let d = depth + 1
            let e = expression(d)
            switch Int.random(in: 0..<26, using: &rng) {
            case 0: return "length(\(e))"
            case 1: return "sort_by(\(e), &\(identifier()))"
            case 2: return "contains(\(e), \(literal()))"
            case 3: return "join(', ', \(e))"
            case 4: return "to_string(\(e))"
            case 5: return "keys(\(e))"
            case 6: return "values(\(e))"
            case 7: return "max_by(\(e), &\(identifier()))"
            case 8: return "min_by(\(e), &\(identifier()))"
            case 9: return "sort(\(e))"
            case 10: return "max(\(e))"
            case 11: return "min(\(e))"
            case 12: return "sum(\(e))"
            case 13: return "avg(\(e))"
            case 14: return "type(\(e))"
            case 15: return "to_number(\(e))"
            case 16: return "to_array(\(e))"
            case 17: return "reverse(\(e))"
            case 18: return "not_null(\(e), \(literal()))"
            case 19: return "merge(\(e), `{\"z\": 1}`)"
            case 20: return "map(&\(identifier()), \(e))"
            case 21: return "starts_with(\(e), \(literal()))"
            case 22: return "ends_with(\(e), 'c')"
            case 23: return "abs(\(e))"
            case 24: return "\(pick(["floor", "ceil"]))(\(e))"
            default: return "\(pick(["length", "nope", "sort_by"]))(\(e), \(e))"
            }
        }

        /// A valid expression with one character dropped, doubled or swapped for a stray one:
        /// mostly invalid, to compare what each rejects.
        mutating func mangled() -> String {
            var chars = Array(expression())
            guard !chars.isEmpty else { return "" }
            let at = Int.random(in: 0..<chars.count, using: &rng)
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: chars.remove(at: at)
            case 1: chars.insert(chars[at], at: at)
            default: chars[at] = pick(Array("[]{}().,:|&!=<>*?@`'\"-1 "))
            }
            return String(chars)
        }
    }

    static func corpus(count: Int, seed: UInt64) -> [Case] {
        var g = Generator(rng: SeededGenerator(seed: seed))
        var cases: [Case] = []
        for i in 0..<count {
            let doc = g.document()
            let expr = i % 5 == 4 ? g.mangled() : g.expression()
            cases.append(Case(expression: expr, document: doc))
        }
        return cases
    }

    static func swiftAnswer(_ c: Case) -> JSONValue {
        let compiled: JMESPathExpression
        do { compiled = try JMESPathExpression(c.expression) } catch { return .object([("error", .string("syntax"))]) }
        do { return .object([("ok", try compiled.search(c.document))]) } catch { return .object([("error", .string("runtime"))]) }
    }

    @Test func agreesWithPythonJMESPath() throws {
        let cases = Self.corpus(count: 3000, seed: 14)
        let input = cases.map { JSONValue.object([("e", .string($0.expression)), ("d", $0.document)]).compactText() }
            .joined(separator: "\n") + "\n"
        let result = try runPython(Self.python, stdin: input)
        #expect(result.status == 0, "\(result.stderr)")
        let answers = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        try #require(answers.count == cases.count)
        var stages: [String: Int] = [:]
        var failures: [String] = []
        for (c, line) in zip(cases, answers) {
            let expected = try JSONValue.parse(String(line))
            stages[expected["ok"] != nil ? "ok" : (expected["error"]?.stringValue ?? "?"), default: 0] += 1
            let actual = Self.swiftAnswer(c)
            if actual != expected {
                failures.append("\(c.expression)  on  \(c.document.compactText())\n  python: \(line)\n  swift:  \(actual.compactText())")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(cases.count) differ:\n\(failures.prefix(25).joined(separator: "\n"))")
        // The corpus must exercise every stage, or the comparison proves little.
        #expect(stages["ok", default: 0] > 600 && stages["syntax", default: 0] > 100 && stages["runtime", default: 0] > 50, "\(stages)")
    }
}
