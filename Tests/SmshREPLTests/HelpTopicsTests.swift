import Testing
import SecretsModel
@testable import SmshREPL

@Suite struct HelpTopicsTests {
    @Test(arguments: HelpTopics.all.map(\.name))
    func exampleParses(_ name: String) throws {
        let topic = try #require(HelpTopics.topic(name))
        if topic.kind == .session {
            #expect(SessionCommand(topic.example) != nil, "\(topic.example)")
        } else {
            #expect(ScriptCheck.syntaxErrors(topic.example) == 0, "\(topic.example)")
        }
    }

    @Test func everyCommandAndStatementHasATopic() {
        for name in Completer.commands + Completer.statements + Completer.replCommands {
            #expect(HelpTopics.topic(name) != nil, "\(name)")
        }
    }

    @Test func operationsByAPIOrCLINameShowTheModelsText() throws {
        let text = try #require(HelpTopics.text(for: "ReplicateSecretToRegions"))
        #expect(HelpTopics.text(for: "replicate-secret-to-regions") == text)
        #expect(text.hasPrefix("ReplicateSecretToRegions (aws secretsmanager replicate-secret-to-regions)\n"))
        let model = ServiceModel.operation(.replicateSecretToRegions)
        #expect(text.contains(model.documentation.summary.split(separator: " ").prefix(6).joined(separator: " ")))
        #expect(text.contains("  --secret-id  SecretId  (string, required, length 1-2048)\n"))
        #expect(text.contains("  --add-replica-regions  AddReplicaRegions  (list of {Region, KmsKeyId}, required, items at least 1)\n"))
        #expect(text.contains("  --force-overwrite-replica-secret  ForceOverwriteReplicaSecret  (boolean, optional)\n"))
        // Each member's own documentation follows it, its words intact.
        for member in model.input {
            let words = member.documentation.paragraphs.first?.split(separator: " ").prefix(5).joined(separator: " ") ?? ""
            #expect(text.contains(words), "\(member.name)")
        }
    }

    @Test func enumValuesAndConstraintsComeFromTheModel() throws {
        let list = try #require(HelpTopics.text(for: "list-secrets"))
        #expect(list.contains("  --sort-order  SortOrder  (string, optional)\n      one of: asc, desc\n"))
        #expect(list.contains("  --max-results  MaxResults  (integer, optional, value 1-100)\n"))
        #expect(list.contains("one of: Key=description, Key=name, Key=tag-key, Key=tag-value, Key=primary-region, Key=owning-service, Key=all"))
        #expect(HelpTopics.text(for: "NoSuchOperation") == nil)
    }

    @Test func aCommandsHelpEndsWithTheMembersItSets() throws {
        let text = try #require(HelpTopics.text(for: "replicate"))
        #expect(text.hasPrefix("replicate: replicate a secret to more Regions\n"))
        #expect(text.contains("\nThe members of ReplicateSecretToRegions it sets:\n  --secret-id  SecretId  (string, required"))
        #expect(text.contains("  --force-overwrite-replica-secret  ForceOverwriteReplicaSecret"))
        let get = try #require(HelpTopics.text(for: "get"))
        #expect(get.contains("  --version-stage  VersionStage"))
        #expect(!get.contains("--secret-string"), "only what the command sets")
        // Commands that call no API end with their example.
        #expect(try #require(HelpTopics.text(for: "simulate")).hasSuffix("example: simulate outage eu-west-3\n"))
    }
}
