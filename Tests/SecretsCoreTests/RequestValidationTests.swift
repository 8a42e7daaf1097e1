import Foundation
import SecretsCore
import SecretsModel
import Testing
import TestSupport

/// botocore's ParamValidator on the same bodies (it takes a blob as text too).
private let validateScript = #"""
import json, sys
import botocore.session
from botocore.validate import ParamValidator

model = botocore.session.get_session().get_service_model("secretsmanager")

out = []
for case in json.load(sys.stdin):
    shape = model.operation_model(case["operation"]).input_shape
    report = ParamValidator().validate(case["body"], shape).generate_report()
    out.append(report.split("\n") if report else [])
print(json.dumps(out))
"""#

/// Bodies for every operation: each input member given a right value, then broken one way at a time.
private func cases() -> [(SecretsModel.Operation, JSONValue)] {
    func sample(_ shape: Shape, depth: Int = 0) -> JSONValue {
        switch shape.kind {
        case .structure:
            return .object(shape.members.map { ($0.name, sample($0.shape, depth: depth + 1)) })
        case .list: return .array(shape.elementShape.map { [sample($0, depth: depth + 1)] } ?? [])
        case .map: return .object([("k", .string("v"))])
        case .string:
            if let e = shape.enumValues.first { return .string(e) }
            return .string(String(repeating: "a", count: Int(max(shape.min ?? 1, 1))))
        case .integer, .long: return .number(Double(max(shape.min ?? 1, 1)))
        case .boolean: return .bool(true)
        case .timestamp: return .number(1_700_000_000)
        case .blob: return .string("AAEC")
        }
    }
    var out: [(SecretsModel.Operation, JSONValue)] = []
    for op in ServiceModel.operations {
        guard let input = op.inputShape.map(ServiceModel.shape), case .object(let full) = sample(input) else { continue }
        out.append((op.operation, .object(full)))
        out.append((op.operation, .object([])))
        out.append((op.operation, .object(full + [("NoSuchMember", .string("x"))])))
        for (i, (name, value)) in full.enumerated() {
            var without = full
            without.remove(at: i)
            out.append((op.operation, .object(without)))
            let broken: [JSONValue]
            switch value {
            case .string(let s): broken = [.number(7), .string(""), .bool(false), .string(s + "'q\"")]
            case .number: broken = [.string("7"), .number(0), .number(-3), .number(2.5)]
            case .bool: broken = [.string("true"), .number(1)]
            case .array(let items): broken = [.array([]), .string("x"), .array(items + [.number(1)]), .array([.object([])])]
            case .object(let m): broken = [.array([]), .object(m + [("Bad", .null)]), .object([])]
            default: broken = []
            }
            for b in broken {
                var changed = full
                changed[i].1 = b
                out.append((op.operation, .object(changed)))
            }
        }
    }
    return out
}

@Test func requestValidationSaysWhatBotocoreSays() throws {
    let all = cases()
    let payload = JSONValue.array(all.map { .object([("operation", .string($0.0.rawValue)), ("body", $0.1)]) })
    let result = try runPython(validateScript, stdin: payload.compactText())
    #expect(result.status == 0, "\(result)")
    let expected = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String]])
    #expect(expected.count == all.count)
    var differences = 0
    for ((op, body), want) in zip(all, expected) {
        let got = RequestValidation.problems(op, body).map(\.message)
        if got != want {
            differences += 1
            if differences <= 10 { Issue.record("\(op.rawValue) \(body.compactText())\n  smsh:     \(got)\n  botocore: \(want)") }
        }
    }
    #expect(differences == 0, "\(differences) of \(all.count) bodies differ")
    #expect(all.count > 400)
}

@Test func aReportReadsAsTheAWSCLIPrintsIt() {
    let problems = RequestValidation.problems(.replicateSecretToRegions, .object([("SecretId", .string(""))]))
    #expect(RequestValidation.report(problems) == """
        Parameter validation failed:
        Missing required parameter in input: "AddReplicaRegions"
        Invalid length for parameter SecretId, value: 0, valid min length: 1
        """)
    #expect(problems.map(\.member) == [nil, "SecretId"])
    let nested = RequestValidation.problems(.replicateSecretToRegions, .object([
        ("SecretId", .string("s")), ("AddReplicaRegions", .array([.object([("Region", .string("")), ("Bogus", .null)])])),
    ]))
    #expect(nested.map(\.member) == ["AddReplicaRegions", "AddReplicaRegions"])
    #expect(nested.map(\.message) == [
        #"Unknown parameter in AddReplicaRegions[0]: "Bogus", must be one of: Region, KmsKeyId"#,
        "Invalid length for parameter AddReplicaRegions[0].Region, value: 0, valid min length: 1",
    ])
}

@Test func aMissingIdempotencyTokenIsFilledAndAGivenOneKept() {
    let filled = IdempotencyTokens.filled(.putSecretValue, .object([("SecretId", .string("a"))]), uuid: { "u-1" })
    #expect(filled == .object([("SecretId", .string("a")), ("ClientRequestToken", .string("u-1"))]))
    let given = JSONValue.object([("SecretId", .string("a")), ("ClientRequestToken", .string("mine"))])
    #expect(IdempotencyTokens.filled(.putSecretValue, given, uuid: { "u-2" }) == given)
    // Operations without such a member are left alone.
    let describe = JSONValue.object([("SecretId", .string("a"))])
    #expect(IdempotencyTokens.filled(.describeSecret, describe, uuid: { "u-3" }) == describe)
    let tokenOperations = ServiceModel.operations.filter { $0.input.contains(where: \.idempotencyToken) }.map(\.name)
    #expect(tokenOperations == ["CreateSecret", "PutSecretValue", "RotateSecret", "UpdateSecret"])
}

/// Records what reaches the transport.
private final class Recorder: Transport, @unchecked Sendable {
    private let lock = NSLock()
    private var sent: [(SecretsModel.Operation, JSONValue)] = []
    var bodies: [(SecretsModel.Operation, JSONValue)] { lock.withLock { sent } }

    func send(operation: SecretsModel.Operation, region: String, body: Data) async throws -> Data {
        let json = try JSONValue.parse(body)
        lock.withLock { sent.append((operation, json)) }
        return Data("{}".utf8)
    }
}

@Test func theClientFillsTokensOnceAndSendsOnlyValidBodies() async throws {
    let recorder = Recorder()
    let client = SecretsManagerClient(transport: recorder, region: "us-east-1")
    for op: SecretsModel.Operation in [.createSecret, .putSecretValue, .updateSecret, .describeSecret] {
        let body: JSONValue = op == .createSecret ? .object([("Name", .string("a"))]) : .object([("SecretId", .string("a"))])
        _ = try await client.call(op, body: body)
    }
    let sent = recorder.bodies
    #expect(sent.count == 4)
    for (op, body) in sent {
        let token = body["ClientRequestToken"]?.stringValue
        if op == .describeSecret { #expect(token == nil) } else {
            #expect(token.flatMap { UUID(uuidString: $0) } != nil, "\(op.rawValue) without a UUID token")
        }
    }
    // A body the model refuses never reaches the transport.
    await #expect(throws: AWSError.paramValidation("Parameter validation failed:\nMissing required parameter in input: \"SecretId\"")) {
        _ = try await client.call(.describeSecret, body: .object([]))
    }
    #expect(recorder.bodies.count == 4)
}

@Test func thePaginatorFollowsTokensAndJoinsResults() async throws {
    final class Pages: Transport, @unchecked Sendable {
        func send(operation: SecretsModel.Operation, region: String, body: Data) async throws -> Data {
            let token = try JSONValue.parse(body)["NextToken"]?.stringValue
            let page: JSONValue
            switch token {
            case nil: page = .object([("SecretList", .array([.object([("Name", .string("a"))])])), ("NextToken", .string("t1"))])
            // An empty page that still has a token, then a token seen before: the end.
            case "t1": page = .object([("SecretList", .array([])), ("NextToken", .string("t2"))])
            default: page = .object([("SecretList", .array([.object([("Name", .string("b"))])])), ("NextToken", .string("t1"))])
            }
            return page.encoded()
        }
    }
    let client = SecretsManagerClient(transport: Pages(), region: "us-east-1")
    let all = try await client.paginateAll(.listSecrets, body: .object([]))
    #expect(all == .object([("SecretList", .array([.object([("Name", .string("a"))]), .object([("Name", .string("b"))])]))]))
    #expect(try await client.listSecrets().map(\.Name) == ["a", "b"])
}
