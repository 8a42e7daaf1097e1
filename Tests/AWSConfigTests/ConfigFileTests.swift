import Foundation
import Testing
@testable import AWSConfig

@Suite("Shared config files")
struct ConfigFileTests {
    @Test func commentsWhitespaceAndDelimiters() throws {
        let file = try ConfigFile(path: "config", text: """
            # a comment
            ; another comment
            [default]
              region   =   eu-west-3\u{20}\u{20}
            output: json
            AWS_Access_Key_ID = AKIDUPPER
            # indented comment lines are comments too
                ; like this one
            cli_pager=

            [profile dev]\r
            region = us-west-2 # not a comment: botocore keeps inline text\r
            """)
        let d = try #require(file.section("default"))
        #expect(d.values["region"] == .string("eu-west-3"))
        #expect(d.values["output"] == .string("json"))
        #expect(d.values["aws_access_key_id"] == .string("AKIDUPPER"))
        #expect(d.values["cli_pager"] == .string(""))
        #expect(file.section("profile dev")?.values["region"] == .string("us-west-2 # not a comment: botocore keeps inline text"))
    }

    @Test func nestedBlocks() throws {
        let file = try ConfigFile(path: "config", text: """
            [services local]
            secrets_manager =
              endpoint_url = http://127.0.0.1:5000
              other = x=y
            [profile p]
            s3 =
                max_concurrent_requests = 10
            """)
        #expect(file.section("services local")?.values["secrets_manager"] == .nested(["endpoint_url": "http://127.0.0.1:5000", "other": "x=y"]))
        #expect(file.section("profile p")?.values["s3"] == .nested(["max_concurrent_requests": "10"]))
    }

    @Test func blankLinesInsideANestedBlock() throws {
        let file = try ConfigFile(path: "c", text: "[services s]\nsecrets_manager =\n  a = 1\n\n  endpoint_url = http://x:1\n\nregion = r\n")
        #expect(file.section("services s")?.values["secrets_manager"] == .nested(["a": "1", "endpoint_url": "http://x:1"]))
        #expect(file.section("services s")?.values["region"] == .string("r"))
    }

    @Test func continuationLinesJoinTheValue() throws {
        let file = try ConfigFile(path: "c", text: "[a]\nkey = first\n  second\nnext = 1\n")
        #expect(file.section("a")?.values["key"] == .string("first\nsecond"))
        #expect(file.section("a")?.values["next"] == .string("1"))
    }

    @Test("malformed files are reported with their line", arguments: [
        ("region = x\n[default]\n", 1, "before any [section]"),
        ("[default]\nregion = a\n[default]\n", 3, "appears twice"),
        ("[default]\nregion = a\nREGION = b\n", 3, "appears twice"),
        ("[default]\njust words\n", 2, "expected 'name = value'"),
        ("[default]\nx =\n  no equals sign\n", 1, "has no '='"),
    ])
    func malformed(text: String, line: Int, fragment: String) {
        #expect {
            _ = try ConfigFile(path: "/p/config", text: text)
        } throws: { error in
            guard case let .configParse(path, l, message) = error as? AWSConfigError else { return false }
            return path == "/p/config" && l == line && message.contains(fragment)
        }
    }

    @Test func profileSectionsAndMerging() throws {
        let config = try ConfigFile(path: "config", text: """
            [default]
            region = us-east-1
            [profile default]
            output = json
            [profile "with space"]
            region = ap-south-1
            [profilenospace]
            region = nope
            [sso-session x]
            region = nope
            [profile dev]
            region = us-west-2
            aws_access_key_id = FROMCONFIG
            """)
        let credentials = try ConfigFile(path: "credentials", text: """
            [dev]
            aws_access_key_id = FROMCREDS
            aws_secret_access_key = s
            [profile prod]
            aws_access_key_id = literal-section-name
            """)
        let shared = SharedConfig(configPath: "config", credentialsPath: "credentials", configFile: config, credentialsFile: credentials)
        // Two sections for one profile: the later replaces the earlier whole, as in botocore.
        #expect(shared.profile("default") == ["output": .string("json")])
        #expect(shared.profile("with space")?["region"] == .string("ap-south-1"))
        #expect(shared.profile("profilenospace") == nil)
        #expect(shared.profile("x") == nil)
        // The credentials file wins for the same key; the rest of the config profile stays.
        #expect(shared.profile("dev") == ["region": .string("us-west-2"), "aws_access_key_id": .string("FROMCREDS"), "aws_secret_access_key": .string("s")])
        // The credentials file has no `profile` prefix: its section names are profile names as written.
        #expect(shared.profile("profile prod")?["aws_access_key_id"] == .string("literal-section-name"))
        #expect(shared.profile("prod") == nil)
    }

    @Test func filePathsComeFromTheInjectedEnvironment() {
        #expect(SharedConfig.paths(environment: ["HOME": "/h"]) == ("/h/.aws/config", "/h/.aws/credentials"))
        #expect(SharedConfig.paths(environment: [:]) == (nil, nil))
        let p = SharedConfig.paths(environment: ["HOME": "/h", "AWS_CONFIG_FILE": "~/alt/config", "AWS_SHARED_CREDENTIALS_FILE": "${BASE}/creds", "BASE": "/b"])
        #expect(p == ("/h/alt/config", "/b/creds"))
    }

    @Test("shell words as shlex.split", arguments: [
        ("cmd --a b", ["cmd", "--a", "b"]),
        ("  '/path with/space' \"x y\"  z\\ w ", ["/path with/space", "x y", "z w"]),
        (#"a "q\"uote" 'single\kept' "back\\slash" "keep\n""#, ["a", "q\"uote", "single\\kept", "back\\slash", "keep\\n"]),
        ("''", [""]),
        ("", []),
    ])
    func shellWords(input: String, expected: [String]) throws {
        #expect(try ShellWords.split(input) == expected)
    }

    @Test func unclosedQuoteIsAnError() {
        #expect(throws: ShellWords.UnclosedQuote.self) { try ShellWords.split("a 'b") }
        #expect(throws: ShellWords.UnclosedQuote.self) { try ShellWords.split("a \\") }
    }
}
