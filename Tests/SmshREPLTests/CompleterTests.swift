import Testing
@testable import SmshREPL

@Suite struct CompleterTests {
    let context = CompletionContext(secretNames: ["MyTestSecret", "MyOther", "prod/db"], variables: ["regions", "r", "args"],
                                    procedures: ["deploy"])

    func complete(_ text: String) -> [String] { Completer.complete(text, context: context).candidates }

    @Test func statementStartOffersCommandsStatementsAndSessionCommands() {
        let all = complete("")
        for word in ["create", "replicate", "wait", "let", "use", "help", "vars", "history", "clear", "deploy"] {
            #expect(all.contains(word), "\(word)")
        }
        #expect(complete("re") == ["remove", "repeat", "replicate", "restore", "rethrow", "return"])
    }

    @Test func secretNamesAfterCommands() {
        #expect(complete("describe My") == ["MyOther", "MyTestSecret"])
        #expect(complete("status p") == ["prod/db"])
        #expect(complete("replicate M") == ["MyOther", "MyTestSecret"])
        #expect(complete("create M").isEmpty, "a new secret's name is not one that exists")
    }

    @Test func regionsAfterToInFrom() {
        #expect(complete("replicate X to eu-west-") == ["eu-west-1", "eu-west-2", "eu-west-3"])
        #expect(complete("replicate X to eu-west-3, ap-southeast-") == (1...7).map { "ap-southeast-\($0)" })
        #expect(complete("replicate X to eu-west-3 key alias/x, us-e") == ["us-east-1", "us-east-2"])
        #expect(complete("remove X from eu-c") == ["eu-central-1", "eu-central-2"])
        #expect(complete("promote X in ca-") == ["ca-central-1", "ca-west-1"])
        #expect(complete("describe X in me-") == ["me-central-1", "me-south-1"])
        #expect(complete("wait X in eu-west-1, eu-west-3") == ["eu-west-3"])
        #expect(complete("create X value v replicate to sa-") == ["sa-east-1"])
        #expect(complete("use region il") == ["il-central-1"])
        #expect(complete("let rs = [eu-west-1, eu-north") == ["eu-north-1"])
    }

    @Test func keywordsValidAfterArguments() {
        #expect(complete("replicate X ") == ["to"])
        #expect(complete("replicate X to eu-west-3 ") == ["force", "key", "noforce"])
        #expect(complete("wait X ") == ["in", "until"])
        #expect(complete("wait X until InSync ") == ["every", "timeout"])
        #expect(complete("wait X until InSync timeout 2m ") == ["every"])
        #expect(complete("delete X ") == ["now", "recovery"])
        #expect(complete("get X in eu-west-3 ") == ["stage", "version"])
        #expect(complete("create X ") == ["description", "json", "key", "noforce", "force", "replicate", "value", "if"].sorted())
        #expect(complete("create X value v replicate ") == ["to"])
        #expect(complete("create X value v if ") == ["absent"])
        #expect(complete("create X value v if absent ") == ["else"])
        #expect(complete("create X value v if absent else ") == ["update"])
        #expect(complete("wait X until removed ") == ["from"])
        #expect(complete("wait X until ").contains("deleted"))
        #expect(complete("remove X ") == ["from"])
    }

    @Test func tagAndUntag() {
        #expect(complete("untag My") == ["MyOther", "MyTestSecret"])
        #expect(complete("tag MyTestSecret ") == ["with"])
        #expect(complete("tag MyTestSecret with ").isEmpty, "a tag is free text")
        #expect(complete("tag MyTestSecret with Env=prod ").isEmpty)
    }

    @Test func rotationWaitsAndFaults() {
        #expect(complete("wait X until r") == ["removed", "rotated"])
        #expect(complete("simulate rot") == ["rotation"])
        #expect(complete("simulate rotation ") == ["failure"])
        #expect(complete("simulate rotation failure My") == ["MyOther", "MyTestSecret"])
    }

    @Test func batchGet() {
        #expect(complete("batch ") == ["get"])
        #expect(complete("batch get My") == ["MyOther", "MyTestSecret"])
        #expect(complete("batch get pre") == ["prefix"])
        #expect(complete("batch get MyTestSecret ") == ["in"])
        #expect(complete("batch get MyTestSecret in eu-west-") == ["eu-west-1", "eu-west-2", "eu-west-3"])
    }

    @Test func policy() {
        #expect(complete("policy My") == ["MyOther", "MyTestSecret"])
        #expect(complete("policy v") == ["validate"])
        #expect(complete("policy MyTestSecret ") == ["delete", "put", "validate"])
        #expect(complete("policy MyTestSecret put $p ") == ["block"])
        #expect(complete("policy MyTestSecret put $p block ") == ["public"])
    }

    @Test func rotateAndCancel() {
        #expect(complete("rotate MyTestSecret ") == ["every", "later", "now", "schedule", "using"])
        #expect(complete("rotate MyTestSecret every 30 ") == ["days"])
        #expect(complete("rotate MyTestSecret every 30 days ") == ["later", "now", "using"])
        #expect(complete("cancel ") == ["rotation"])
        #expect(complete("cancel rotation My") == ["MyOther", "MyTestSecret"])
    }

    @Test func passwordOptions() {
        #expect(complete("password ") == ["each", "exclude", "length", "no", "space"])
        #expect(complete("password length 20 no ") == ["lowercase", "numbers", "punctuation", "uppercase"])
        #expect(complete("password no numbers no ") == ["lowercase", "punctuation", "uppercase"])
        #expect(complete("password each ") == ["type"])
    }

    @Test func versionsAndLabel() {
        #expect(complete("versions My") == ["MyOther", "MyTestSecret"])
        #expect(complete("versions MyTestSecret ") == ["in"])
        #expect(complete("label MyTestSecret AWSC") == ["AWSCURRENT"])
        #expect(complete("label MyTestSecret AWSCURRENT ") == ["from", "to"])
        #expect(complete("label MyTestSecret AWSCURRENT to ").isEmpty, "a version id, not a Region")
    }

    @Test func statusesAfterUntilAndComparisons() {
        #expect(complete("wait X until In") == ["InProgress", "InSync"])
        #expect(complete("if (status X in eu-west-3) == ") == ["Failed", "InProgress", "InSync"])
        #expect(complete("get X stage AWSP") == ["AWSPENDING", "AWSPREVIOUS"])
    }

    @Test func variablesUseTargetsAndHelpTopics() {
        #expect(complete("print $r") == ["$r", "$regions"])
        #expect(complete("replicate X to $re") == ["$regions"])
        #expect(complete("use ") == ["backend", "endpoint", "max-rate", "output", "profile", "region", "replication-delay", "reveal", "strict", "trace"])
        #expect(complete("use trace ") == ["off", "on"])
        #expect(complete("use output ") == ["json", "table", "text"])
        #expect(complete("use reveal o") == ["off", "on"])
        #expect(complete("help rep") == ["repeat", "replicate", "replication"])
    }

    @Test func commandsInsideExpressionsAndBlocks() {
        #expect(complete("let r = desc") == ["describe"])
        #expect(complete("if (stat") == ["status"])
        #expect(complete("for r in $regions {\n  replicate X to ap-northeast-") == ["ap-northeast-1", "ap-northeast-2", "ap-northeast-3"])
        #expect(complete("explain replicate X to af") == ["af-south-1"])
        #expect(complete("skeleton Replicate") == ["ReplicateSecretToRegions"])
        #expect(complete("simulate outage eu-south-") == ["eu-south-1", "eu-south-2"])
    }

    @Test func nothingInsideStringsOrFreeText() {
        #expect(complete("print \"desc").isEmpty)
        #expect(complete("create X value ").isEmpty)
        #expect(complete("wait X until InSync timeout ").isEmpty)
    }

    @Test func aSecretCalledLikeAKeywordIsStillASecret() {
        let c = CompletionContext(secretNames: ["value", "valueless"])
        #expect(Completer.complete("describe valu", context: c).candidates == ["value", "valueless"])
        #expect(Completer.complete("describe value ", context: c).candidates == ["in"])
    }

    @Test func awsLines() {
        #expect(complete("aws ") == ["secretsmanager"])
        #expect(complete("aws secretsmanager rep") == ["replicate-secret-to-regions"])
        #expect(complete("aws secretsmanager replicate-secret-to-regions --") == [
            "--add-replica-regions", "--ca-bundle", "--cli-connect-timeout", "--cli-input-json", "--cli-input-yaml", "--cli-read-timeout",
            "--color", "--debug", "--endpoint-url", "--force-overwrite-replica-secret", "--generate-cli-skeleton", "--no-cli-pager",
            "--no-force-overwrite-replica-secret", "--no-paginate", "--no-verify-ssl", "--output", "--profile", "--query", "--region", "--secret-id",
        ])
        #expect(complete("aws secretsmanager list-secrets --max-") == ["--max-items", "--max-results"])
        #expect(complete("aws secretsmanager describe-secret --secret-id My") == ["MyOther", "MyTestSecret"])
        #expect(complete("aws secretsmanager describe-secret --secret-id X --region eu-west-") == ["eu-west-1", "eu-west-2", "eu-west-3"])
        #expect(complete("aws secretsmanager describe-secret --secret-id X --output t") == ["table", "text"])
        #expect(complete("aws secretsmanager create-secret --description ").isEmpty, "a description is free text")
        #expect(complete("aws secretsmanager delete-secret --secret-id X --force-delete-without-recovery --r") == ["--recovery-window-in-days", "--region"])
        #expect(complete("explain aws secretsmanager get-secret-value --version-s") == ["--version-stage"])
        #expect(complete("aw") == ["aws"])
    }

    @Test func awsOptionValuesFromTheModel() {
        #expect(complete("aws secretsmanager list-secrets --sort-order ") == ["asc", "desc"])
        #expect(complete("aws secretsmanager list-secrets --sort-order d") == ["desc"])
        #expect(complete("aws secretsmanager list-secrets --filters Key=t") == ["Key=tag-key", "Key=tag-value"])
        #expect(complete("aws secretsmanager list-secrets --include-planned-deletion --sort-") == ["--sort-by", "--sort-order"])
        #expect(complete("aws secretsmanager list-secrets --max-results ").isEmpty, "a number is free text")
        #expect(complete("help ReplicateSecret") == ["ReplicateSecretToRegions"])
    }
}
