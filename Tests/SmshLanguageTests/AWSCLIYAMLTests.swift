import AWSCLI
import Foundation
import SecretsCore
import Testing
import TestSupport

/// `--output yaml` and `yaml-stream` against the aws CLI v2's formatter reproduced on ruamel.yaml
/// (scripts/aws-v2-yaml.py): generated documents full of the strings YAML treats specially must
/// print the same bytes.
struct AWSCLIYAMLTests {
    static let formatter = repositoryRoot.appendingPathComponent("scripts/aws-v2-yaml.py").path

    /// What the CLI prints for each case, from the Python formatter.
    static func ruamel(_ cases: [JSONValue]) throws -> [String] {
        let input = cases.map { $0.compactText() }.joined(separator: "\n") + "\n"
        let r = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", formatter], stdin: input)
        guard r.status == 0 else {
            Issue.record("the aws CLI v2 formatter did not run (scripts/test installs ruamel.yaml): \(r.stderr)")
            return []
        }
        return try r.stdout.split(separator: "\n").map { line in try JSONValue.parse(String(line)).stringValue ?? "" }
    }

    /// Strings that pick each of libyaml's styles and ruamel's quoting: indicators, look-alikes of
    /// other types, spaces and breaks where plain scalars cannot have them, non-printable and
    /// non-BMP characters, and words enough to fold at every depth.
    static let strings: [String] = [
        "", "x", "prod/db", "arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/db-AbCdEf", "InSync", "a b", "a  b",
        "true", "False", "yes", "on", "null", "~", "Null", "1", "-3", "1.5", ".5", "1e5", "1E5x", "0x1F", "0o17", "0b101", "1_000",
        "+1", ".inf", ".NaN", "<<", "=", "2024-01-01", "2024-01-01T10:00:00+00:00", "2024-1-1 10:00:00", "2024-01-01x",
        "-", "- x", "-x", "--", "---", "...x", "? x", "?x", ": x", ":x", "a: b", "a:b", "a #b", "a#b", "#x", ",x", "x,y", "[x]", "x]",
        "{x}", "&x", "*x", "!x", "|x", ">x", "'x", "\"x", "%x", "@x", "`x", "it's", "say \"hi\"", "back\\slash",
        " lead", "trail ", " ", "  ", "a\nb", "a\n\nb", "\nx", "x\n", "a \nb", "a\n b", "tab\there", "cr\rlf", "\u{7}bell", "nbsp\u{A0}x",
        "é漢字", "emoji😀", "line\u{2028}sep", "next\u{85}line", "\u{FEFF}bom", "del\u{7F}",
        String(repeating: "word ", count: 40), String(repeating: "w ", count: 70) + "end", String(repeating: "x", count: 79) + " y",
        String(repeating: "x", count: 100), String(repeating: "a ", count: 38) + "  spaced  out", String(repeating: "é ", count: 50) + "#x",
        String(repeating: "quote's ", count: 15), String(repeating: "tab\t ", count: 20), "Runbook: rotate the db password, then " +
        "replicate it to eu-west-3 and ap-south-1; check ReplicationStatus[?Status!='InSync'] before the cut-over.",
        String(repeating: "long line ", count: 12) + "\n" + String(repeating: "second ", count: 14),
    ]

    static let keys: [String] = ["Name", "ARN", "a", "B", "_x", "é", "true", "1", "a b", "a: b", "#k", "", "- k", "k\nl",
                                 String(repeating: "k", count: 129), String(repeating: "long key ", count: 9)]

    struct Generator {
        var rng: SeededGenerator
        mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }

        mutating func value(_ depth: Int) -> JSONValue {
            switch Int.random(in: 0..<(depth >= 4 ? 6 : 10), using: &rng) {
            case 0: return .null
            case 1: return .bool(Bool.random(using: &rng))
            case 2: return .number(pick([0, 7, -12, 1.5, -0.25, 1_700_000_000.123, 1e20, 3e-7, 12_345_678_901]))
            case 3, 4, 5: return .string(pick(Self.allStrings))
            case 6, 7: return .array((0..<Int.random(in: 0...3, using: &rng)).map { _ in value(depth + 1) })
            default:
                var members: [(String, JSONValue)] = []
                for _ in 0..<Int.random(in: 0...4, using: &rng) {
                    let k = pick(AWSCLIYAMLTests.keys)
                    if !members.contains(where: { $0.0 == k }) { members.append((k, value(depth + 1))) }
                }
                return .object(members)
            }
        }

        static let allStrings = AWSCLIYAMLTests.strings
    }

    @Test func generatedDocumentsPrintAsTheCLIPrintsThem() throws {
        var g = Generator(rng: SeededGenerator(seed: 14))
        var docs: [JSONValue] = []
        // Each string alone (a top-level scalar is JSON), as a value, in a list and as a key.
        for s in Self.strings {
            docs += [.string(s), .object([("Description", .string(s))]), .array([.string(s)]),
                     .object([("SecretList", .array([.object([("Name", .string(s)), ("Tags", .array([.object([("Key", .string(s))])]))])]))]),
                     .object([(s, .string("v"))])]
        }
        docs += [.object([]), .array([]), .null, .bool(true), .number(3), .number(1.25)]
        for _ in 0..<1500 { docs.append(g.value(0)) }
        var cases: [JSONValue] = docs.map { .object([("format", .string("yaml")), ("doc", $0)]) }
        var streams: [[JSONValue]] = []
        for i in 0..<400 { streams.append((0...(i % 3)).map { _ in g.value(1) }) }
        cases += streams.map { .object([("format", .string("yaml-stream")), ("pages", .array($0))]) }

        let expected = try Self.ruamel(cases)
        try #require(expected.count == cases.count)
        var failures: [String] = []
        for (i, want) in expected.enumerated() {
            let got = i < docs.count ? AWSCLIYAML.document(docs[i]) : streams[i - docs.count].map(AWSCLIYAML.streamItem).joined()
            if got != want { failures.append("\(cases[i].compactText())\n--- ruamel\n\(want)--- smsh\n\(got)") }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(cases.count) differ:\n\(failures.prefix(8).joined(separator: "\n"))")
    }
}
