import Foundation
import SecretsModel
import Testing
import TestSupport
@testable import SmshLanguage
@testable import AWSCLI

/// Skeletons come from the model; these are botocore's ArgumentGenerator's for every operation,
/// byte for byte: the input one as awscli prints it (an enum member drawn with random.choice is
/// pinned to the first value, as smsh writes it), the output one with member names.
private let skeletonScript = #"""
import datetime, json, sys
import botocore.session, botocore.utils
from botocore.utils import ArgumentGenerator

botocore.utils.random.choice = lambda values: values[0]
model = botocore.session.get_session().get_service_model("secretsmanager")

def iso(v):
    return v.isoformat() if isinstance(v, datetime.datetime) else str(v)

out = {}
for name in model.operation_names:
    op = model.operation_model(name)
    entry = {}
    if op.input_shape is not None:
        entry["input"] = json.dumps(ArgumentGenerator().generate_skeleton(op.input_shape), indent=4, default=iso)
    if op.output_shape is not None:
        entry["output"] = json.dumps(ArgumentGenerator(use_member_names=True).generate_skeleton(op.output_shape), indent=4, default=str)
    out[name] = entry
print(json.dumps(out))
"""#

@Test func skeletonsAreBotocoresForEveryOperation() throws {
    let result = try runPython(skeletonScript)
    #expect(result.status == 0, "\(result)")
    let expected = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: [String: String]])
    #expect(expected.count == SecretsModel.Operation.allCases.count)
    for op in SecretsModel.Operation.allCases {
        let want = expected[op.rawValue] ?? [:]
        #expect(Skeletons.text(op, .input) == want["input"] ?? "", "input skeleton of \(op.rawValue)")
        #expect(Skeletons.text(op, .output) == want["output"] ?? "", "output skeleton of \(op.rawValue)")
    }
}

@Test func yamlSkeletonsReadAsTheJSONOnes() throws {
    #expect(Skeletons.text(.rotateSecret, .yamlInput) == """
        SecretId: ''
        ClientRequestToken: ''
        RotationLambdaARN: ''
        RotationRules:
          AutomaticallyAfterDays: 0
          Duration: ''
          ScheduleExpression: ''
        ExternalSecretRotationMetadata:
          - Key: ''
            Value: ''
        ExternalSecretRotationRoleArn: ''
        RotateImmediately: true
        """)
    #expect(Skeletons.printed(.tagResource, .output) == "", "an operation without output prints nothing, as awscli does")
}

@Test func skeletonNamesAnOperationThreeWays() {
    #expect(Skeletons.operation(named: "replicate") == .replicateSecretToRegions)
    #expect(Skeletons.operation(named: "ReplicateSecretToRegions") == .replicateSecretToRegions)
    #expect(Skeletons.operation(named: "get-random-password") == .getRandomPassword)
    #expect(Skeletons.operation(named: "replicat") == nil)
}
