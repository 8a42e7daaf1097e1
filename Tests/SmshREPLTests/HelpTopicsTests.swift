import Testing
import SecretsModel
import AWSCLI
import SmshLessons
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

    /// `help OPERATION` is the aws CLI's help page for it (one renderer of the model's
    /// documentation), after the smsh commands that call it.
    @Test func operationsByAPIOrCLINameShowTheModelsText() throws {
        let text = try #require(HelpTopics.text(for: "ReplicateSecretToRegions"))
        #expect(HelpTopics.text(for: "replicate-secret-to-regions") == text)
        #expect(text.hasPrefix("ReplicateSecretToRegions (aws secretsmanager replicate-secret-to-regions)\nsmsh: replicate (help replicate)\n\n"))
        #expect(text.hasSuffix(AWSCLIHelp.text(.operation(.replicateSecretToRegions))))
        let model = ServiceModel.operation(.replicateSecretToRegions)
        #expect(text.contains(model.documentation.summary.split(separator: " ").prefix(6).joined(separator: " ")))
        #expect(text.contains("       --force-overwrite-replica-secret | --no-force-overwrite-replica-secret (boolean)\n"))
        #expect(try #require(HelpTopics.text(for: "DescribeSecret")).contains("smsh: describe (help describe), status (help status), wait (help wait)\n"))
        #expect(try #require(HelpTopics.text(for: "list-secrets")).contains("o possible values: asc, desc\n"))
        #expect(HelpTopics.text(for: "NoSuchOperation") == nil)
    }

    @Test func aCommandNamesItsOperationAndWhereItsDocumentationIs() throws {
        let text = try #require(HelpTopics.text(for: "replicate"))
        #expect(text.contains("API:     ReplicateSecretToRegions  (help ReplicateSecretToRegions: the API's documentation)\n"))
    }

    @Test(arguments: HelpTopics.concepts.map(\.name))
    func everyConceptHasTextAndPointsAtTopicsThatExist(_ name: String) throws {
        let text = try #require(HelpTopics.text(for: name))
        let concept = try #require(HelpTopics.concept(name))
        #expect(text.hasPrefix("\(name): \(concept.summary)\n\n"))
        for other in concept.seeAlso {
            #expect(HelpTopics.text(for: other) != nil, "\(name) points at \(other)")
        }
        if let lesson = concept.lesson {
            #expect(LessonCatalog.names.contains(lesson))
            #expect(text.hasSuffix("Practise it: learn \(lesson)\n"))
        }
        #expect(HelpTopics.overview.contains("  \(name) "))
        #expect(HelpTopics.completions.contains(name))
    }

    @Test func theConceptsTheIssueAsksFor() {
        for name in ["replication", "primary", "statuses", "force", "failover", "kms-keys", "deletion", "staging-labels", "rotation", "exit-codes"] {
            #expect(HelpTopics.concept(name) != nil, "\(name)")
        }
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
