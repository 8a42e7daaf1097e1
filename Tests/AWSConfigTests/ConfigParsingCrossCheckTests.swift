import Foundation
import Testing
@testable import AWSConfig
import SecretsCore

/// botocore's own reading of each file: its profile map and services sections, or that it
/// refused the file.
private let loadScript = #"""
import json, sys
import botocore.configloader as loader
import botocore.exceptions as exceptions

out = []
for path in json.load(open(sys.argv[1])):
    try:
        config = loader.load_config(path)
        out.append({"profiles": config["profiles"], "services": config["services"]})
    except exceptions.ConfigParseError:
        out.append({"error": True})
print(json.dumps(out))
"""#

private let configTexts: [String] = [
    "# comment\n; comment\n[default]\n  region   =   eu-west-3  \noutput: json\nAWS_Access_Key_ID = KEY\ncli_pager=\n",
    "[default]\nregion = us-west-2 # inline text is part of the value\nendpoint_url = http://x:1 ; also\n",
    "[profile dev]\ns3 =\n  max_concurrent_requests = 10\n\n  Addressing_Style = path\nregion = r\n",
    "[profile \"with space\"]\nregion = a\n[profilefoo]\nregion = b\n[profile a b]\nregion = c\n[ default ]\nregion = d\n",
    "[default]\nregion = a\n[profile default]\noutput = text\n",
    "[default]\nregion = a\n[default]\nregion = b\n",
    "[default]\nregion = a\nRegion = b\n",
    "region = a\n[default]\n",
    "[default]\nkey = first\n  second\n\tthird\nnext = x=y=z\n",
    "[default]\r\nregion = crlf-1\r\n[profile w]\r\noutput = json\r\n",
    "[services local]\nsecrets_manager =\n  endpoint_url = http://127.0.0.1:5000\n[profile p]\nservices = local\n",
    "[default]\n    # indented comment\nregion = z\n\t; tab comment\n",
    "[profile 'single quoted']\nregion = q\n[profile \"unclosed]\nregion = u\n",
    "",
    "[default]\nnot a setting line\n",
]

private func json(_ values: [String: ConfigValue]) -> JSONValue {
    .object(values.sorted { $0.key < $1.key }.map { key, value in
        switch value {
        case .string(let s): return (key, .string(s))
        case .nested(let n): return (key, .object(n.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
        }
    })
}

@Suite("Config files read as botocore reads them")
struct ConfigParsingCrossCheckTests {
    @Test func profileMapsMatchBotocore() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        var paths: [JSONValue] = []
        for (i, text) in configTexts.enumerated() { paths.append(.string(try dir.write("config\(i)", text))) }
        let theirs = try #require(try runPython(loadScript, input: .array(paths)).arrayValue)
        try #require(theirs.count == configTexts.count)
        for (i, path) in paths.enumerated() {
            let expected = theirs[i]
            let file: ConfigFile?
            do {
                file = try ConfigFile.load(path: path.stringValue ?? "")
            } catch {
                #expect(expected["error"] == .bool(true), "config\(i): we refused it (\(error)), botocore did not")
                continue
            }
            #expect(expected["error"] == nil, "config\(i): botocore refused it, we did not")
            let shared = SharedConfig(configPath: path.stringValue, credentialsPath: nil, configFile: file, credentialsFile: nil)
            // Every name botocore reports, and every section header taken as a name by hand:
            // a profile either side finds must be the same on the other.
            var names = Set<String>()
            if case .object(let theirs)? = expected["profiles"] { names.formUnion(theirs.map(\.0)) }
            for section in file?.sections ?? [] {
                names.insert(section.name)
                if section.name.hasPrefix("profile ") {
                    names.insert(String(section.name.dropFirst(8).filter { $0 != "'" && $0 != "\"" }))
                }
            }
            for name in names.sorted() {
                #expect(shared.profile(name).map(json) == expected["profiles"]?[name], "config\(i) profile \(name)")
            }
            var services: [(String, JSONValue)] = []
            for name in shared.servicesNames { services.append((name, json(shared.services(name) ?? [:]))) }
            #expect(JSONValue.object(services) == expected["services"], "config\(i) services")
        }
    }
}
