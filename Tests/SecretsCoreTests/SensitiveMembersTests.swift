import Foundation
import SecretsCore
import Testing
import TestSupport

/// The members smsh treats as secret are exactly those whose shapes botocore's service model
/// marks `"sensitive": true`: a new sensitive member in a model update fails here first.
struct SensitiveMembersTests {
    @Test func matchBotocoresModel() throws {
        let r = try runPython(#"""
        import json
        import botocore.session
        model = botocore.session.get_session().get_service_model("secretsmanager")
        names = set()
        for shape_name in model.shape_names:
            shape = model.shape_for(shape_name)
            if shape.type_name != "structure":
                continue
            for member, member_shape in shape.members.items():
                if member_shape.metadata.get("sensitive"):
                    names.add(member)
        print(json.dumps(sorted(names)))
        """#)
        #expect(r.status == 0, "\(r.stderr)")
        let names = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String]
        #expect(names.map(Set.init) == SensitiveMembers.names)
    }
}
