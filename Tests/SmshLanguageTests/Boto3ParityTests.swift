import Foundation
import SecretsCore
import Testing
import TestSupport
import AWSCLI
import SecretsModel
@testable import SmshLanguage

/// `explain`'s boto3 form must make the request `explain` shows: each boto3 call is run by boto3
/// itself (scripts/boto3-bodies.py, the request captured before it leaves the process) and its
/// body and target compared with smsh's. The commands are those of BotocoreParityTests.
struct Boto3ParityTests {
    @Test func explainsBoto3CallsSendTheSameBodies() async throws {
        var script = "use region us-west-2\nuse reveal on\n"
        let commands = BotocoreParityTests.commands + [#"aws secretsmanager put-secret-value --secret-id B --secret-binary "AAEC/w==""#]
        for c in commands {
            script += "let e = explain \(c)\nprint json({boto3: $e.boto3, operation: $e.operation, region: $e.region, body: $e.body})\n"
        }
        let r = try await Harness.run(script, transport: FakeTransport())
        #expect(r.exit == 0, "\(r.stderr)")
        let ours = try r.stdout.split(separator: "\n").map { try JSONValue.parse(String($0)) }
        #expect(ours.count == commands.count)

        let calls = JSONValue.array(ours.map { .object([("call", $0["boto3"] ?? .null), ("region", $0["region"] ?? .null)]) })
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("smsh-boto3-calls-\(UUID().uuidString).json")
        try calls.compactText().write(to: input, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: input) }
        let script_ = repositoryRoot.appendingPathComponent("scripts/boto3-bodies.py").path
        let boto3 = try await offThePool { try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script_, input.path]) }
        #expect(boto3.status == 0, "boto3-bodies.py failed (boto3 comes with moto: scripts/test installs it): \(boto3.stderr)")
        guard case .array(let theirs) = try JSONValue.parse(boto3.stdout) else {
            Issue.record("not a list: \(boto3.stdout)")
            return
        }
        #expect(theirs.count == ours.count)
        for (i, (mine, sent)) in zip(ours, theirs).enumerated() {
            if let e = sent["error"] {
                Issue.record("\(commands[i]): boto3 refused \(mine["boto3"]?.stringValue ?? ""): \(e)")
                continue
            }
            // boto3 fills ClientRequestToken with a fresh UUID; smsh adds one when sending.
            var body = sent["body"] ?? .null
            if case .object(let members) = body { body = .object(members.filter { $0.0 != "ClientRequestToken" }) }
            #expect(mine["body"] == body, "\(commands[i])\n smsh:  \(mine["body"]?.compactText() ?? "")\n boto3: \(body.compactText())")
            #expect(sent["target"]?.stringValue == "secretsmanager.\(mine["operation"]?.stringValue ?? "")")
        }
    }

    @Test func operationNamesAreSnakeCasedAsBotocoreDoes() async throws {
        let names = SecretsModel.Operation.allCases.map(\.rawValue)
        let code = "import json, sys\nfrom botocore import xform_name\nprint(json.dumps([xform_name(n) for n in json.loads(sys.argv[1])]))"
        let p = try await offThePool {
            try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", code, JSONValue.array(names.map { .string($0) }).compactText()])
        }
        #expect(p.status == 0, "\(p.stderr)")
        let theirs = try JSONValue.parse(p.stdout).arrayValue?.compactMap(\.stringValue) ?? []
        #expect(names.map(Boto3Call.snakeCase) == theirs)
    }

    @Test func valuesArePythonLiteralsAndSecretsAreMasked() {
        let body = JSONValue.object([("SecretId", .string("it's\n")), ("SecretString", .string("s3cr3t")),
                                     ("Tags", .array([.object([("Key", .string("a")), ("Value", .string("b\\c"))])])),
                                     ("ForceOverwriteReplicaSecret", .bool(false)), ("PasswordLength", .number(12))])
        #expect(Boto3Call.render(operation: .putSecretValue, body: body, reveal: false)
                == #"client.put_secret_value(SecretId='it\'s\n', SecretString='********', Tags=[{'Key': 'a', 'Value': 'b\\c'}], ForceOverwriteReplicaSecret=False, PasswordLength=12)"#)
        #expect(Boto3Call.render(operation: .putSecretValue, body: .object([("SecretString", .string("s3cr3t"))]), reveal: true)
                == "client.put_secret_value(SecretString='s3cr3t')")
    }
}

/// What `watch` and the `wait` progress line draw, at any terminal size.
struct WatchLayoutTests {
    static let state: WatchState = {
        var s = WatchState(region: "us-west-2")
        s.faults = [.outage(region: "eu-west-3")]
        s.secrets = [.init(name: "MyTestSecret", primaryRegion: "us-west-2", kmsKey: nil, replicas: [
            .init(region: "eu-west-3", status: "InProgress", kmsKey: "alias/x", message: nil, secondsLeft: 4.2),
            .init(region: "ap-southeast-2", status: "Failed", kmsKey: nil, message: "Secret with this name already exists in this region", secondsLeft: nil),
        ])]
        return s
    }()

    @Test(arguments: [20, 40, 80, 120, 200])
    func everyLineFitsTheWidthAndTheFrameTheHeight(width: Int) {
        for height in [5, 8, 24] {
            let lines = WatchLayout.lines(Self.state, width: width, height: height, color: false)
            #expect(lines.count <= height, "\(width)x\(height): \(lines.count) lines")
            for line in lines { #expect(line.count <= width, "\(width): \(line)") }
            #expect(lines.last == (width >= 18 ? "q or Ctrl-C quits" : lines.last))
        }
    }

    @Test func aWideFrameShowsEveryColumn() {
        let lines = WatchLayout.lines(Self.state, width: 200, height: nil, color: false)
        #expect(lines.contains("faults: outage eu-west-3 Europe (Paris)"))
        #expect(lines.contains("  eu-west-3       Europe (Paris)         InProgress  5s left      key alias/x"))
        #expect(lines.contains("  ap-southeast-2  Asia Pacific (Sydney)  Failed                   key alias/aws/secretsmanager"))
        #expect(lines.contains("    Secret with this name already exists in this region"))
        #expect(lines.contains("    next: retry with force, or remove the other secret in ap-southeast-2"))
    }

    @Test func aShortTerminalSaysWhatIsHidden() {
        let lines = WatchLayout.lines(Self.state, width: 80, height: 6, color: false)
        #expect(lines[4].hasPrefix("… "))
        #expect(lines[4].contains("more lines"))
    }

    @Test func colourWrapsTheVisibleTextOnly() {
        let lines = WatchLayout.lines(Self.state, width: 30, height: nil, color: true)
        let failed = lines.first { $0.contains("ap-southeast-2") } ?? ""
        #expect(failed.hasPrefix("\u{1B}[31m") && failed.hasSuffix("\u{1B}[0m"))
        let visible = failed.dropFirst("\u{1B}[31m".count).dropLast("\u{1B}[0m".count)
        #expect(visible.count == 30 && visible.hasSuffix("…"))
    }

    @Test(arguments: [40, 80, 120])
    func waitProgressFitsTheWidth(width: Int) {
        let summary = ["eu-west-3", "ap-southeast-2", "ap-northeast-1", "sa-east-1"].map { "\($0) InProgress" }.joined(separator: ", ")
        let line = Interpreter.progressLine(name: "MyTestSecret", target: "InSync", summary: summary, seconds: 12, width: width)
        #expect(line.count < width)
        if width >= 80 {
            // The summary gives way; the elapsed time stays.
            #expect(line.hasSuffix("… (12s)"))
            #expect(line.hasPrefix("waiting for MyTestSecret until InSync: eu-west-3"))
        }
        #expect(Interpreter.progressLine(name: "S", target: "InSync", summary: "eu-west-3 InSync", seconds: 1, width: 200)
                == "waiting for S until InSync: eu-west-3 InSync (1s)")
    }
}
