import Foundation
import SecretsModel
import Testing
import TestSupport

/// The committed tables are what scripts/generate-model writes today: the model and the code
/// cannot drift apart.
@Test func theCommittedModelIsWhatTheGeneratorWrites() throws {
    let script = repositoryRoot.appendingPathComponent("scripts/generate-model")
    let result = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script.path, "--stdout"])
    #expect(result.status == 0, "\(result)")
    let committed = try String(contentsOf: repositoryRoot.appendingPathComponent("Sources/SecretsModel/Generated.swift"), encoding: .utf8)
    #expect(result.stdout == committed, "Sources/SecretsModel/Generated.swift is stale: run scripts/generate-model")
}

/// botocore's own model classes (not the JSON the generator reads) describe every operation and
/// shape as the Swift tables do.
private let describeScript = #"""
import json
import botocore, botocore.session
from botocore import xform_name

model = botocore.session.get_session().get_service_model("secretsmanager")
pages = botocore.session.get_session().get_paginator_model("secretsmanager")

def shape_info(s):
    info = {"kind": s.type_name, "min": s.metadata.get("min"), "max": s.metadata.get("max"),
            "pattern": s.metadata.get("pattern"), "enum": getattr(s, "enum", None) or [], "sensitive": bool(s.metadata.get("sensitive")),
            "error": bool(s.metadata.get("exception"))}
    if s.type_name == "structure":
        info["members"] = [{"name": n, "cli": xform_name(n, "-"), "shape": m.name,
                            "required": n in s.required_members,
                            "token": bool(m.metadata.get("idempotencyToken"))} for n, m in s.members.items()]
    if s.type_name == "list":
        info["element"] = s.member.name
    if s.type_name == "map":
        info["key"], info["value"] = s.key.name, s.value.name
    return info

ops = []
for name in model.operation_names:
    op = model.operation_model(name)
    p = pages._paginator_config.get(name) if hasattr(pages, "_paginator_config") else None
    ops.append({"name": name, "cli": xform_name(name, "-"),
                "input": op.input_shape.name if op.input_shape else None,
                "output": op.output_shape.name if op.output_shape else None,
                "errors": [e.name for e in op.error_shapes],
                "pagination": p})
shapes = {n: shape_info(model.shape_for(n)) for n in model.shape_names}
print(json.dumps({"version": botocore.__version__, "operations": ops, "shapes": shapes}))
"""#

private struct Described: Decodable {
    struct Op: Decodable {
        let name: String, cli: String
        let input: String?, output: String?
        let errors: [String]
        let pagination: [String: String]?
    }
    struct ShapeInfo: Decodable {
        struct M: Decodable { let name: String, cli: String, shape: String, required: Bool, token: Bool }
        let kind: String
        let min: Int64?, max: Int64?
        let pattern: String?
        let `enum`: [String]
        let sensitive: Bool, error: Bool
        let members: [M]?
        let element: String?, key: String?, value: String?
    }
    let version: String
    let operations: [Op]
    let shapes: [String: ShapeInfo]
}

@Test func theTablesMatchBotocoresModelClasses() throws {
    let result = try runPython(describeScript)
    #expect(result.status == 0, "\(result)")
    let described = try JSONDecoder().decode(Described.self, from: Data(result.stdout.utf8))
    #expect(described.version == ServiceModel.botocoreVersion)
    #expect(described.operations.map(\.name) == Operation.allCases.map(\.rawValue))
    #expect(described.operations.count == 23)
    for op in described.operations {
        let m = try #require(ServiceModel.operation(named: op.name))
        #expect(m.cliName == op.cli)
        #expect(m.inputShape == op.input && m.outputShape == op.output, "\(op.name)")
        #expect(m.errors == op.errors, "\(op.name)")
        let p = m.pagination
        #expect(p?.inputToken == op.pagination?["input_token"] && p?.outputToken == op.pagination?["output_token"]
                && p?.limitKey == op.pagination?["limit_key"] && p?.resultKey == op.pagination?["result_key"], "\(op.name)")
    }
    #expect(Set(described.shapes.keys) == Set(ServiceModel.shapes.map(\.name)))
    for shape in ServiceModel.shapes {
        let d = try #require(described.shapes[shape.name])
        #expect(shape.kind.rawValue == d.kind, "\(shape.name)")
        #expect(shape.min == d.min && shape.max == d.max && shape.pattern == d.pattern, "\(shape.name)")
        #expect(shape.enumValues == d.enum && shape.sensitive == d.sensitive && (shape.error != nil) == d.error, "\(shape.name)")
        #expect(shape.element == d.element && shape.key == d.key && shape.value == d.value, "\(shape.name)")
        let members = shape.members.map { "\($0.name) --\($0.cliName) \($0.shapeName) \($0.required) \($0.idempotencyToken)" }
        let expected = (d.members ?? []).map { "\($0.name) --\($0.cli) \($0.shape) \($0.required) \($0.token)" }
        #expect(members == expected, "\(shape.name)")
    }
}

@Test func documentationIsPlainText() {
    let replicate = ServiceModel.operation(.replicateSecretToRegions)
    #expect(replicate.documentation.summary == "Replicates the secret to a new Regions. See Multi-Region secrets.")
    #expect(replicate.documentation.text.contains("Required permissions: secretsmanager:ReplicateSecretToRegions."))
    for op in ServiceModel.operations {
        #expect(!op.documentation.text.isEmpty, "\(op.name) has no documentation")
        #expect(!op.documentation.text.contains("<") || !op.documentation.text.contains("</"), "\(op.name) keeps HTML")
        for m in op.input { #expect(!m.documentation.text.contains("<p>"), "\(op.name).\(m.name)") }
    }
    let force = ServiceModel.operation(.replicateSecretToRegions).inputMember("ForceOverwriteReplicaSecret")
    #expect(force?.documentation.text == "Specifies whether to overwrite a secret with the same name in the destination Region. By default, secrets aren't overwritten.")
    #expect(force?.option == "--force-overwrite-replica-secret")
}
