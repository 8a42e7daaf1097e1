import JMESPath
import SecretsCore
import Testing

/// The specification's examples and the runbook idioms, one behaviour each.
struct JMESPathTests {
    static let secret = try! JSONValue.parse("""
    {"ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf", "Name": "prod/db",
     "ReplicationStatus": [{"Region": "eu-west-3", "Status": "InSync"}, {"Region": "ap-south-1", "Status": "Failed", "StatusMessage": "no key"},
                           {"Region": "us-west-2", "Status": "InProgress"}],
     "Tags": [{"Key": "team", "Value": "b"}, {"Key": "env", "Value": "prod"}],
     "VersionIdsToStages": {"v1": ["AWSPREVIOUS"], "v2": ["AWSCURRENT", "LABEL"]}}
    """)

    func search(_ expression: String, _ document: JSONValue = secret) throws -> JSONValue {
        try JMESPathExpression(expression).search(document)
    }

    func json(_ text: String) throws -> JSONValue { try JSONValue.parse(text) }

    @Test(arguments: [
        ("ARN", #""arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf""#),
        ("ReplicationStatus[?Status!=`InSync`].Region", #"["ap-south-1", "us-west-2"]"#),
        ("ReplicationStatus[?Status!='InSync'].Region", #"["ap-south-1", "us-west-2"]"#),
        ("ReplicationStatus[0]", #"{"Region": "eu-west-3", "Status": "InSync"}"#),
        ("ReplicationStatus[-1].Region", #""us-west-2""#),
        ("ReplicationStatus[::2].Region", #"["eu-west-3", "us-west-2"]"#),
        ("ReplicationStatus[*].[Region, Status]", #"[["eu-west-3", "InSync"], ["ap-south-1", "Failed"], ["us-west-2", "InProgress"]]"#),
        ("ReplicationStatus[*].StatusMessage", #"["no key"]"#),
        ("{name: Name, regions: length(ReplicationStatus)}", #"{"name": "prod/db", "regions": 3}"#),
        ("sort_by(ReplicationStatus, &Region)[].Region | join(',', @)", #""ap-south-1,eu-west-3,us-west-2""#),
        ("Tags[?Key=='env'].Value | [0]", #""prod""#),
        ("VersionIdsToStages.*[]", #"["AWSPREVIOUS", "AWSCURRENT", "LABEL"]"#),
        ("keys(VersionIdsToStages)", #"["v1", "v2"]"#),
        ("contains(VersionIdsToStages.v2, 'AWSCURRENT')", "true"),
        ("to_string(length(Tags))", #""2""#),
        ("Missing.Field", "null"),
        ("!Missing && Name", #""prod/db""#),
        ("Missing || 'default'", #""default""#),
        ("max_by(ReplicationStatus, &Region).Status", #""InProgress""#),
        ("map(&Status, ReplicationStatus)", #"["InSync", "Failed", "InProgress"]"#),
        ("`[0, 1, 2]` | [?@ > `0`]", "[1, 2]"),
        ("type(`0`)", #""number""#),
    ])
    func runbookIdioms(_ expression: String, _ expected: String) throws {
        #expect(try search(expression) == json(expected))
    }

    @Test func truthinessFollowsTheSpecification() throws {
        for falsy in ["null", "false", #""""#, "[]", "{}"] {
            #expect(try search("!@", json(falsy)) == .bool(true), "\(falsy)")
        }
        for truthy in ["0", "true", #"" ""#, "[0]", #"{"a": null}"#] {
            #expect(try search("!@", json(truthy)) == .bool(false), "\(truthy)")
        }
    }

    @Test func orderingComparesOnlyNumbersAndStrings() throws {
        #expect(try search("`1` < `2`") == .bool(true))
        #expect(try search("'a' < 'b'") == .bool(true))
        #expect(try search("`true` < `false`") == .null)
        #expect(try search("`1` == `true`") == .bool(false))
        #expect(try search("`{\"a\": 1, \"b\": 2}` == `{\"b\": 2, \"a\": 1}`") == .bool(true))
        #expect(throws: JMESPathError.self) { try search("'a' < `1`") }
    }

    @Test(arguments: [
        ("Name.", 5, "incomplete expression"),
        ("ReplicationStatus[?Status = 'x']", 26, "unknown token '='"),
        ("foo[0", 5, "incomplete expression"),
        ("a b", 2, "unexpected identifier"),
        ("Name | `{bad", 7, "unclosed"),
        ("\"Name\"(@)", 0, "quoted identifier cannot name a function"),
    ])
    func syntaxErrorsSayWhere(_ expression: String, _ offset: Int, _ fragment: String) {
        do {
            _ = try JMESPathExpression(expression)
            Issue.record("\(expression) compiled")
        } catch {
            #expect(error.kind == .syntax)
            #expect(error.offset == offset, "\(error)")
            #expect(error.message.contains(fragment), "\(error.message)")
        }
    }

    @Test func functionErrorsAreRuntimeErrorsOfTheirKind() throws {
        func kind(_ e: String) -> JMESPathError.Kind? {
            do { _ = try search(e); return nil } catch let error as JMESPathError { return error.kind } catch { return nil }
        }
        #expect(kind("length(`1`)") == .invalidType)
        #expect(kind("length(Name, Name)") == .invalidArity)
        #expect(kind("nope(Name)") == .unknownFunction)
        #expect(kind("sort_by(ReplicationStatus, &Missing)") == .invalidType)
        #expect(kind("ReplicationStatus[::0]") == .invalidValue)
    }
}
