import Foundation
import SecretsCore
import Testing
import TestSupport
@testable import SmshLanguage

/// `explain`'s body must be the body botocore sends for `explain`'s own aws CLI line: the CLI line
/// is run through awscli's driver (scripts/botocore-bodies.py) and the request captured before it
/// leaves the process. Checks the body, the operation and the Region of every command.
struct BotocoreParityTests {
    static let commands = [
        #"create MyTestSecret value "s3cr3t" description "demo" key alias/k replicate to eu-west-3, ap-south-1 key alias/x force"#,
        #"create Plain"#,
        #"create WithJson json {user: "admin", port: 5432}"#,
        #"create NoForce value "v" replicate to eu-west-3 noforce"#,
        "replicate MyTestSecret to eu-west-3 key alias/x force",
        "replicate MyTestSecret to eu-west-3, ap-south-1 key alias/y",
        "replicate MyTestSecret to [eu-west-1, eu-west-2] noforce",
        "replicate json {SecretId: MyTestSecret, AddReplicaRegions: [{Region: eu-west-3, KmsKeyId: alias/z}], ForceOverwriteReplicaSecret: true}",
        "remove MyTestSecret from eu-west-3, ap-south-1",
        "promote MyTestSecret in ap-south-1",
        "promote arn:aws:secretsmanager:us-west-2:123456789012:secret:MyTestSecret-a1b2c3 in ap-south-1",
        "describe MyTestSecret",
        "describe MyTestSecret in eu-west-3",
        "status MyTestSecret",
        "wait MyTestSecret until InSync",
        "get MyTestSecret",
        "get MyTestSecret in eu-west-3 stage AWSPREVIOUS",
        "get MyTestSecret version 0123456789abcdef0123456789abcdef",
        #"put MyTestSecret value "it's new, with a comma""#,
        #"put MyTestSecret json {a: [1, 2], b: "x"}"#,
        #"update MyTestSecret description "new description" key alias/y"#,
        "delete MyTestSecret",
        "delete MyTestSecret recovery 7",
        "delete MyTestSecret now",
        "restore MyTestSecret",
        "list",
        "list prefix prod/ in eu-west-3",
        #"tag MyTestSecret with Env=prod, "Team=payments and ops", "Odd=a,b=c""#,
        "untag MyTestSecret Env, Team",
        "password",
        #"password length 20 exclude "'\\\"" no numbers no punctuation space each type"#,
        "password no uppercase no lowercase",
        "rotate MyTestSecret",
        "rotate MyTestSecret using arn:aws:lambda:us-west-2:123456789012:function:rotator every 30 days later",
        #"rotate MyTestSecret schedule "rate(6 hours)" now"#,
        #"rotate MyTestSecret schedule "cron(0 8 1 * ? *)""#,
        "cancel rotation MyTestSecret",
        "batch get MyTestSecret, prod/db",
        "batch get [a, b, c] in eu-west-3",
        "batch get prefix prod/",
        "policy MyTestSecret",
        #"policy MyTestSecret put {Version: "2012-10-17", Statement: [{Effect: Deny, Principal: "*", Action: "secretsmanager:DeleteSecret", Resource: "*"}]} block public"#,
        #"policy MyTestSecret put '{"Version": "2012-10-17", "Statement": []}'"#,
        "policy MyTestSecret delete",
        #"policy validate {Version: "2012-10-17", Statement: []}"#,
        #"policy MyTestSecret validate {Version: "2012-10-17", Statement: []}"#,
        "versions MyTestSecret",
        "versions MyTestSecret in eu-west-3",
        "label MyTestSecret AWSCURRENT to 0123456789abcdef0123456789abcdef from fedcba9876543210fedcba9876543210",
        "label MyTestSecret Blue to 0123456789abcdef0123456789abcdef",
        "label MyTestSecret AWSPENDING from fedcba9876543210fedcba9876543210",
    ]

    struct Explained: Decodable {
        let cli: String
        let operation: String
        let region: String
    }

    @Test func explainBodiesMatchBotocore() async throws {
        var script = "use region us-west-2\nuse reveal on\n"
        for c in Self.commands {
            script += "let e = explain \(c)\nprint json({cli: $e.cli, operation: $e.operation, region: $e.region, body: $e.body})\n"
        }
        let fake = FakeTransport()
        let r = try await Harness.run(script, transport: fake)
        #expect(r.exit == 0, "\(r.stderr)")
        #expect(fake.calls.isEmpty, "explain must not call the service")
        let ours = try r.stdout.split(separator: "\n").map { line in try JSONValue.parse(String(line)) }
        #expect(ours.count == Self.commands.count)

        let lines = JSONValue.array(ours.map { $0["cli"] ?? .null })
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("smsh-cli-lines-\(UUID().uuidString).json")
        try lines.compactText().write(to: input, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: input) }
        let script_ = repositoryRoot.appendingPathComponent("scripts/botocore-bodies.py").path
        let botocore = try await offThePool {
            try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script_, input.path])
        }
        let (status, output, errors) = (botocore.status, botocore.stdout, botocore.stderr)
        #expect(status == 0, "botocore-bodies.py failed: \(errors)")
        guard case .array(let theirs) = try JSONValue.parse(output) else {
            Issue.record("not a list: \(output)")
            return
        }
        #expect(theirs.count == ours.count)
        for (i, (mine, botocore)) in zip(ours, theirs).enumerated() {
            let command = Self.commands[i]
            if let e = botocore["error"] {
                Issue.record("\(command): the aws CLI refused \(mine["cli"]?.stringValue ?? ""): \(e)")
                continue
            }
            // botocore fills ClientRequestToken with a fresh UUID; smsh adds one when sending.
            var sent = botocore["body"] ?? .null
            if case .object(let members) = sent { sent = .object(members.filter { $0.0 != "ClientRequestToken" }) }
            #expect(mine["body"] == sent, "\(command)\n smsh:     \(mine["body"]?.compactText() ?? "")\n botocore: \(sent.compactText())")
            #expect(botocore["target"]?.stringValue == "secretsmanager.\(mine["operation"]?.stringValue ?? "")", "\(command)")
            let region = mine["region"]?.stringValue ?? ""
            #expect(botocore["url"]?.stringValue == "https://secretsmanager.\(region).amazonaws.com/", "\(command)")
        }
    }
}
