import Foundation
import Testing
@testable import AWSConfig
import SecretsCore

/// What botocore's session decides for each scenario, without a request: the provider that
/// answers (its `method`), for an assumed role the chain of sources under it and the AssumeRole
/// arguments, for web identity and IAM Identity Center their settings; or the error's class and
/// text. botocore defers every network source used here (assume role, web identity, SSO), so
/// its decision can be read from the fetcher it built.
private let sourcesScript = #"""
import json, os, sys
import botocore.session

def describe(creds):
    out = {"method": creds.method}
    refresh = getattr(creds, "_refresh_using", None)
    fetcher = getattr(refresh, "__self__", None)
    if fetcher is None and refresh is not None:
        inner = getattr(refresh, "_refresh", None)  # the MFA wrapper
        fetcher = getattr(inner, "__self__", None)
    if fetcher is None:
        out["key"] = creds.access_key
        return out
    if creds.method == "assume-role":
        args = dict(fetcher._assume_kwargs)
        if fetcher._using_default_session_name:
            args.pop("RoleSessionName", None)
        out["args"] = {k: str(v) for k, v in args.items()}
        out["source"] = describe(fetcher._source_credentials)
    elif creds.method == "assume-role-with-web-identity":
        args = dict(fetcher._assume_kwargs)
        if fetcher._using_default_session_name:
            args.pop("RoleSessionName", None)
        out["args"] = {k: str(v) for k, v in args.items()}
        out["args"]["TokenFile"] = fetcher._web_identity_token_loader._web_identity_token_path
    elif creds.method == "sso":
        out["args"] = {"StartUrl": fetcher._start_url, "Region": fetcher._sso_region, "RoleName": fetcher._role_name,
                       "AccountId": fetcher._account_id, "Session": fetcher._sso_session_name or ""}
    return out

out = []
for scenario in json.load(open(sys.argv[1])):
    os.environ.clear()
    os.environ.update(scenario["env"])
    try:
        session = botocore.session.Session(profile=scenario.get("profile"))
        credentials = session.get_credentials()
        out.append({"none": True} if credentials is None else describe(credentials))
    except Exception as e:
        out.append({"error": type(e).__name__, "message": str(e)})
print(json.dumps(out))
"""#

private struct Scenario {
    let name: String
    var config = ""
    var credentials = ""
    var env: [String: String] = [:]
    var profile: String?
}

private let keys = "aws_access_key_id = BASE\naws_secret_access_key = base-secret\n"
private let envKeys = ["AWS_ACCESS_KEY_ID": "ENV", "AWS_SECRET_ACCESS_KEY": "env-secret"]
private let webEnv = ["AWS_WEB_IDENTITY_TOKEN_FILE": "{dir}/token", "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/ci",
                      "AWS_ROLE_SESSION_NAME": "ci-run"]
private let role = "role_arn = arn:aws:iam::123456789012:role/admin\n"

private let scenarios: [Scenario] = [
    Scenario(name: "role from a source profile's keys", config: "[profile admin]\n\(role)source_profile = base\n", credentials: "[base]\n\(keys)",
             profile: "admin"),
    Scenario(name: "every assume-role setting",
             config: "[profile admin]\n\(role)source_profile = base\nexternal_id = ext-1\nrole_session_name = me\nduration_seconds = 1800\nmfa_serial = arn:aws:iam::123456789012:mfa/me\n",
             credentials: "[base]\n\(keys)", profile: "admin"),
    Scenario(name: "a duration that is not a number is ignored",
             config: "[profile admin]\n\(role)source_profile = base\nduration_seconds = soon\n", credentials: "[base]\n\(keys)", profile: "admin"),
    Scenario(name: "a chain of three roles",
             config: "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = c\n[profile c]\n\(keys)",
             profile: "a"),
    Scenario(name: "a cycle", config: "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n",
             profile: "a"),
    Scenario(name: "a profile naming itself, with keys", config: "[profile self]\n\(role)source_profile = self\n\(keys)", profile: "self"),
    Scenario(name: "a profile naming itself, without keys", config: "[profile self]\n\(role)source_profile = self\n", profile: "self"),
    Scenario(name: "both source_profile and credential_source",
             config: "[profile admin]\n\(role)source_profile = base\ncredential_source = Environment\n[profile base]\n\(keys)", profile: "admin"),
    Scenario(name: "neither source_profile nor credential_source", config: "[profile admin]\n\(role)", profile: "admin"),
    Scenario(name: "credential_source Environment", config: "[profile admin]\n\(role)credential_source = Environment\n", env: envKeys, profile: "admin"),
    Scenario(name: "credential_source Environment with nothing there", config: "[profile admin]\n\(role)credential_source = Environment\n", profile: "admin"),
    Scenario(name: "credential_source is case-sensitive", config: "[profile admin]\n\(role)credential_source = environment\n", env: envKeys, profile: "admin"),
    Scenario(name: "credential_source Ec2InstanceMetadata when it is disabled",
             config: "[profile admin]\n\(role)credential_source = Ec2InstanceMetadata\n", profile: "admin"),
    Scenario(name: "a source profile that does not exist", config: "[profile admin]\n\(role)source_profile = ghost\n", profile: "admin"),
    Scenario(name: "a source profile without credentials", config: "[profile admin]\n\(role)source_profile = empty\n[profile empty]\nregion = us-east-1\n",
             profile: "admin"),
    Scenario(name: "the environment beats a role in AWS_PROFILE", config: "[profile admin]\n\(role)source_profile = base\n[profile base]\n\(keys)",
             env: envKeys.merging(["AWS_PROFILE": "admin"]) { $1 }),
    Scenario(name: "a role in the default profile", config: "[default]\n\(role)source_profile = base\n[profile base]\n\(keys)"),
    Scenario(name: "web identity from the environment", env: webEnv),
    Scenario(name: "web identity without a role", env: ["AWS_WEB_IDENTITY_TOKEN_FILE": "{dir}/token"]),
    Scenario(name: "environment keys beat web identity", env: webEnv.merging(envKeys) { $1 }),
    Scenario(name: "--profile ignores the web identity variables", credentials: "[p]\n\(keys)", env: webEnv, profile: "p"),
    Scenario(name: "web identity in a profile",
             config: "[profile ci]\nweb_identity_token_file = {dir}/token\n\(role)role_session_name = from-profile\n", profile: "ci"),
    Scenario(name: "web identity variables beat the profile's",
             config: "[default]\nweb_identity_token_file = {dir}/other\nrole_arn = arn:aws:iam::1:role/profile\n", env: webEnv),
    Scenario(name: "a role sourced from a web identity profile",
             config: "[profile admin]\n\(role)source_profile = ci\n[profile ci]\nweb_identity_token_file = {dir}/token\nrole_arn = arn:aws:iam::1:role/ci\n",
             profile: "admin"),
    Scenario(name: "legacy IAM Identity Center keys",
             config: "[profile dev]\nsso_start_url = https://example.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 111122223333\nsso_role_name = Dev\n",
             profile: "dev"),
    Scenario(name: "an sso-session section",
             config: "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Dev\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-2\nsso_registration_scopes = sso:account:access\n",
             profile: "dev"),
    Scenario(name: "IAM Identity Center settings missing", config: "[profile dev]\nsso_account_id = 111122223333\n", profile: "dev"),
    Scenario(name: "an sso-session that does not exist", config: "[profile dev]\nsso_session = nope\nsso_account_id = 1\nsso_role_name = R\n", profile: "dev"),
    Scenario(name: "profile and sso-session disagree",
             config: "[profile dev]\nsso_session = corp\nsso_region = eu-west-1\nsso_account_id = 1\nsso_role_name = R\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-2\n",
             profile: "dev"),
    Scenario(name: "a role sourced from IAM Identity Center",
             config: "[profile admin]\n\(role)source_profile = dev\n[profile dev]\nsso_start_url = https://example.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 1\nsso_role_name = Dev\n",
             profile: "admin"),
    Scenario(name: "IAM Identity Center beats the credentials file",
             config: "[profile dev]\nsso_start_url = https://example.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 1\nsso_role_name = Dev\n",
             credentials: "[dev]\n\(keys)", profile: "dev"),
    Scenario(name: "a role beats keys in the same profile", config: "[profile both]\n\(role)source_profile = base\n\(keys)[profile base]\n\(keys)",
             profile: "both"),
]

/// Our decision in the script's shape.
private func describe(_ source: CredentialSource) -> JSONValue {
    var members: [(String, JSONValue)] = [("method", .string(source.method))]
    func args(_ pairs: [(String, String?)]) -> JSONValue {
        .object(pairs.compactMap { k, v in v.map { (k, JSONValue.string($0)) } }.sorted { $0.0 < $1.0 })
    }
    switch source {
    case .keys(let c, _):
        members.append(("key", .string(c.credentials.accessKeyId)))
    case .assumeRole(let s):
        members.append(("args", args([("RoleArn", s.roleArn), ("ExternalId", s.externalId), ("RoleSessionName", s.roleSessionName),
                                      ("DurationSeconds", s.durationSeconds.map(String.init)), ("SerialNumber", s.mfaSerial)])))
        members.append(("source", describe(s.source)))
    case .webIdentity(let s):
        members.append(("args", args([("RoleArn", s.roleArn), ("RoleSessionName", s.roleSessionName), ("TokenFile", s.tokenFile)])))
    case .sso(let s):
        members.append(("args", args([("StartUrl", s.startURL), ("Region", s.region), ("RoleName", s.roleName), ("AccountId", s.accountId),
                                      ("Session", s.sessionName ?? "")])))
    case .process, .container, .instanceMetadata:
        break
    }
    return .object(members)
}

/// botocore's dicts come back with their keys in its order; compare as sets of members.
private func normalized(_ v: JSONValue) -> JSONValue {
    switch v {
    case .object(let m): return .object(m.map { ($0.0, normalized($0.1)) }.sorted { $0.0 < $1.0 })
    default: return v
    }
}

@Suite("Credential sources cross-checked with botocore")
struct CredentialSourcesCrossCheckTests {
    @Test func sameDecisionsAsBotocore() throws {
        var dirs: [TempDir] = []
        defer { dirs.forEach { $0.remove() } }
        var input: [JSONValue] = []
        var ours: [Result<CredentialSource, AWSConfigError>] = []
        for s in scenarios {
            let dir = try TempDir()
            dirs.append(dir)
            func fill(_ text: String) -> String { text.replacingOccurrences(of: "{dir}", with: dir.path) }
            if !s.config.isEmpty { try dir.write(".aws/config", fill(s.config)) }
            if !s.credentials.isEmpty { try dir.write(".aws/credentials", fill(s.credentials)) }
            try dir.write("token", "a-web-identity-token")
            let env = dir.environment(s.env.mapValues(fill)).merging(["AWS_EC2_METADATA_DISABLED": "true"]) { $1 }
            var members: [(String, JSONValue)] = [("env", .object(env.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))]
            if let p = s.profile { members.append(("profile", .string(p))) }
            input.append(.object(members))
            ours.append(Result { () throws(AWSConfigError) in try AWSConfiguration(environment: env, profile: s.profile).credentialSource() })
        }
        let theirs = try #require(try runPython(sourcesScript, input: .array(input)).arrayValue)
        try #require(theirs.count == scenarios.count)
        for (i, s) in scenarios.enumerated() {
            let expected = theirs[i]
            switch ours[i] {
            case .success(let source):
                #expect(normalized(describe(source)) == normalized(expected), "\(s.name): botocore \(expected.compactText())")
            case .failure(.noCredentials):
                #expect(expected["none"] == .bool(true), "\(s.name): we found none, botocore \(expected.compactText())")
            case .failure(let error):
                // botocore's text is ours, word for word, before any sign-in hint smsh adds.
                let message = try #require(expected["message"]?.stringValue, "\(s.name): we failed (\(error)), botocore \(expected.compactText())")
                #expect("\(error)".hasPrefix(message), "\(s.name): ours \(error), botocore \(message)")
            }
        }
    }
}
