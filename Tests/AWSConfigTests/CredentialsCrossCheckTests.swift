import Foundation
import Testing
@testable import AWSConfig
import SecretsCore
import SigV4

/// What botocore's own session resolves for each scenario: the credentials, none, or the kind of
/// error. Instance metadata is switched off so "none" is decided locally.
private let chainScript = #"""
import json, os, sys
import botocore.session

out = []
for scenario in json.load(open(sys.argv[1])):
    os.environ.clear()
    os.environ.update(scenario["env"])
    try:
        session = botocore.session.Session(profile=scenario.get("profile"))
        credentials = session.get_credentials()
        if credentials is None:
            out.append({"none": True})
        else:
            frozen = credentials.get_frozen_credentials()
            out.append({"key": frozen.access_key, "secret": frozen.secret_key, "token": frozen.token})
    except Exception as e:
        out.append({"error": type(e).__name__})
print(json.dumps(out))
"""#

private struct Scenario {
    let name: String
    var config = ""
    var credentials = ""
    var env: [String: String] = [:]
    var profile: String?
}

private let processOK = "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"PROC\", \"SecretAccessKey\": \"proc-secret\", \"SessionToken\": \"proc-token\"}'\n"
private let processFails = "#!/bin/sh\necho 'no credentials for you' >&2\nexit 1\n"

private let envKeys = ["AWS_ACCESS_KEY_ID": "ENV", "AWS_SECRET_ACCESS_KEY": "env-secret"]
private let twoProfiles = "[default]\naws_access_key_id = CREDS_DEFAULT\naws_secret_access_key = cd\n[dev]\naws_access_key_id = CREDS_DEV\naws_secret_access_key = cdev\naws_session_token = dev-token\n"

private let scenarios: [Scenario] = [
    Scenario(name: "environment only", env: envKeys),
    Scenario(name: "environment with a session token", env: envKeys.merging(["AWS_SESSION_TOKEN": "env-token"]) { $1 }),
    Scenario(name: "legacy AWS_SECURITY_TOKEN", env: envKeys.merging(["AWS_SECURITY_TOKEN": "legacy-token"]) { $1 }),
    Scenario(name: "environment beats AWS_PROFILE", credentials: twoProfiles, env: envKeys.merging(["AWS_PROFILE": "dev"]) { $1 }),
    Scenario(name: "--profile beats the environment", credentials: twoProfiles, env: envKeys, profile: "dev"),
    Scenario(name: "AWS_PROFILE selects", credentials: twoProfiles, env: ["AWS_PROFILE": "dev"]),
    Scenario(name: "default profile", credentials: twoProfiles),
    Scenario(name: "credentials file beats config file", config: "[profile dev]\naws_access_key_id = CONFIG_DEV\naws_secret_access_key = x\n",
             credentials: twoProfiles, profile: "dev"),
    Scenario(name: "config file keys", config: "[profile cfg]\naws_access_key_id = CONFIG\naws_secret_access_key = cs\naws_session_token = ct\n", profile: "cfg"),
    Scenario(name: "credential_process", config: "[default]\ncredential_process = \"{dir}/ok.sh\"\n"),
    Scenario(name: "credential_process from a profile named in both files",
             config: "[profile p]\ncredential_process = {dir}/ok.sh\n", credentials: "[p]\nregion = eu-west-1\n", env: ["AWS_PROFILE": "p"]),
    Scenario(name: "credentials file beats credential_process", config: "[default]\ncredential_process = {dir}/fails.sh\n", credentials: twoProfiles),
    Scenario(name: "credential_process in the credentials file", credentials: "[default]\ncredential_process = {dir}/ok.sh\n"),
    Scenario(name: "failing credential_process", config: "[default]\ncredential_process = {dir}/fails.sh\n"),
    Scenario(name: "nothing anywhere"),
    Scenario(name: "only a region", config: "[default]\nregion = us-east-1\n"),
    Scenario(name: "partial environment", env: ["AWS_ACCESS_KEY_ID": "ENV"]),
    Scenario(name: "partial credentials file", credentials: "[default]\naws_access_key_id = ONLY\n"),
    Scenario(name: "unknown AWS_PROFILE", credentials: twoProfiles, env: ["AWS_PROFILE": "nope"]),
    Scenario(name: "unknown --profile", credentials: twoProfiles, profile: "nope"),
    Scenario(name: "files elsewhere", env: ["AWS_SHARED_CREDENTIALS_FILE": "{dir}/elsewhere/creds", "AWS_CONFIG_FILE": "{dir}/elsewhere/config"]),
]

@Suite("Credentials chain cross-checked with botocore")
struct CredentialsCrossCheckTests {
    @Test func sameCredentialsAsBotocore() async throws {
        var dirs: [TempDir] = []
        defer { dirs.forEach { $0.remove() } }
        var input: [JSONValue] = []
        var configurations: [AWSConfiguration] = []
        for s in scenarios {
            let dir = try TempDir()
            dirs.append(dir)
            func fill(_ text: String) -> String { text.replacingOccurrences(of: "{dir}", with: dir.path) }
            try dir.write("ok.sh", processOK, executable: true)
            try dir.write("fails.sh", processFails, executable: true)
            if !s.config.isEmpty { try dir.write(".aws/config", fill(s.config)) }
            if !s.credentials.isEmpty { try dir.write(".aws/credentials", fill(s.credentials)) }
            try dir.write("elsewhere/creds", "[default]\naws_access_key_id = ELSEWHERE\naws_secret_access_key = e\n")
            let env = dir.environment(s.env.mapValues(fill)).merging(["AWS_EC2_METADATA_DISABLED": "true"]) { $1 }
            var members: [(String, JSONValue)] = [("env", .object(env.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))]
            if let p = s.profile { members.append(("profile", .string(p))) }
            input.append(.object(members))
            configurations.append(try AWSConfiguration(environment: env, profile: s.profile))
        }
        let theirs = try #require(try runPython(chainScript, input: .array(input)).arrayValue)
        try #require(theirs.count == scenarios.count)
        for (i, s) in scenarios.enumerated() {
            let expected = theirs[i]
            do {
                let ours = try await configurations[i].resolveCredentials().credentials
                #expect(expected["key"]?.stringValue == ours.accessKeyId, "\(s.name): botocore \(expected.compactText())")
                #expect(expected["secret"]?.stringValue == ours.secretAccessKey, "\(s.name)")
                #expect(expected["token"] == ours.sessionToken.map(JSONValue.string) ?? .null, "\(s.name)")
            } catch AWSConfigError.noCredentials {
                #expect(expected["none"] == .bool(true), "\(s.name): we found none, botocore \(expected.compactText())")
            } catch {
                #expect(expected["error"] != nil, "\(s.name): we failed (\(error)), botocore \(expected.compactText())")
            }
        }
    }
}
