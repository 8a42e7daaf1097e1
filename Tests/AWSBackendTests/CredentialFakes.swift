import Foundation
import SecretsCore

#if canImport(Glibc)
import Glibc
#endif

/// The instance metadata service, the container credentials endpoint, the IAM Identity Center
/// portal and its OIDC token endpoint, as small fakes in one Python http.server on 127.0.0.1.
/// Each credential it hands out is numbered (IMDSKEY1, IMDSKEY2, ...) and expires `base + n`
/// hours after the epoch second `base`, so a test with an injected clock can tell a cached
/// credential from a refreshed one. `GET /_log` returns every request it saw.
private let fakesScript = #"""
import json, sys, threading
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
from datetime import datetime, timezone
from urllib.parse import urlparse, parse_qs

base = int(sys.argv[1])
container_token = sys.argv[2]
state = {"imds": 0, "container": 0, "sso": 0, "access": "sso-access-1", "refresh": "refresh-1", "log": []}
lock = threading.Lock()

def expiry(n):
    return datetime.fromtimestamp(base + n * 3600, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args): pass

    def reply(self, status, body, content_type="application/json"):
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def record(self, body=b""):
        with lock:
            state["log"].append({"method": self.command, "path": self.path,
                                 "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body.decode()})

    def do_PUT(self):
        self.record()
        # Under /v1only the instance refuses IMDSv2 tokens, as one with IMDSv1 only does.
        if self.path == "/v1only/latest/api/token":
            return self.reply(403, "", "text/plain")
        if self.path == "/latest/api/token":
            ttl = self.headers.get("x-aws-ec2-metadata-token-ttl-seconds")
            return self.reply(200 if ttl else 400, "imds-session-token", "text/plain")
        self.reply(404, "{}")

    def do_GET(self):
        self.record()
        url = urlparse(self.path)
        if url.path == "/_log":
            with lock:
                return self.reply(200, state["log"])
        v1 = url.path.startswith("/v1only/")
        path = url.path[len("/v1only"):] if v1 else url.path
        if path.startswith("/latest/meta-data/iam/security-credentials/"):
            if not v1 and self.headers.get("x-aws-ec2-metadata-token") != "imds-session-token":
                return self.reply(401, "", "text/plain")
            role = path[len("/latest/meta-data/iam/security-credentials/"):]
            if role == "":
                return self.reply(200, "smsh-role", "text/plain")
            with lock:
                state["imds"] += 1
                n = state["imds"]
            return self.reply(200, {"Code": "Success", "Type": "AWS-HMAC", "AccessKeyId": f"IMDSKEY{n}",
                                    "SecretAccessKey": f"imds-secret-{n}", "Token": f"imds-token-{n}", "Expiration": expiry(n)})
        if url.path == "/container/creds":
            if self.headers.get("Authorization") != container_token:
                return self.reply(401, {"message": "wrong authorization"})
            with lock:
                state["container"] += 1
                n = state["container"]
            return self.reply(200, {"AccessKeyId": f"CONTAINERKEY{n}", "SecretAccessKey": f"container-secret-{n}",
                                    "Token": f"container-token-{n}", "Expiration": expiry(n)})
        if url.path == "/federation/credentials":
            q = parse_qs(url.query)
            with lock:
                valid = self.headers.get("x-amz-sso_bearer_token") == state["access"]
                if valid:
                    state["sso"] += 1
                n = state["sso"]
            if not valid or q.get("role_name") != ["Dev"] or q.get("account_id") != ["111122223333"]:
                return self.reply(401, {"message": "Session token not found or invalid"})
            return self.reply(200, {"roleCredentials": {"accessKeyId": f"SSOKEY{n}", "secretAccessKey": f"sso-secret-{n}",
                                                        "sessionToken": f"sso-token-{n}", "expiration": (base + n * 3600) * 1000}})
        self.reply(404, {})

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.record(body)
        if self.path == "/token":
            request = json.loads(body)
            with lock:
                if request.get("grantType") != "refresh_token" or request.get("refreshToken") != state["refresh"] \
                        or request.get("clientId") != "client-1" or request.get("clientSecret") != "client-secret-1":
                    return self.reply(400, {"error": "invalid_grant"})
                k = int(state["refresh"].split("-")[1]) + 1
                state["access"], state["refresh"] = f"sso-access-{k}", f"refresh-{k}"
            return self.reply(200, {"accessToken": state["access"], "expiresIn": 28800, "refreshToken": state["refresh"],
                                    "tokenType": "Bearer"})
        self.reply(404, {})

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
"""#

struct FakesError: Error, CustomStringConvertible {
    let description: String
}

final class CredentialFakes: @unchecked Sendable {
    static let containerToken = "container-auth-token-value"
    let process: Process
    let port: Int
    private let directory: URL

    var url: String { "http://127.0.0.1:\(port)" }

    /// `base` is the epoch second every expiry counts from.
    init(base: Int) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("smsh-fakes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = directory.appendingPathComponent("fakes.py")
        try fakesScript.write(to: script, atomically: true, encoding: .utf8)
        guard let python = MotoProcess.findOnPath("python3") else { throw FakesError(description: "python3 is not on PATH") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = [script.path, String(base), CredentialFakes.containerToken]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        process = p
        // The first line is the port: the server is listening once it is written.
        var line: [UInt8] = []
        let handle = out.fileHandleForReading
        while !line.contains(0x0A) {
            let chunk = handle.availableData
            guard !chunk.isEmpty else { break }
            line += chunk
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            p.terminate()
            throw FakesError(description: "the credential fakes did not start")
        }
        self.port = port
    }

    /// Every request the fakes saw, in order.
    func log() async throws -> [JSONValue] {
        let (data, _) = try await fetch("\(url)/_log")
        return try JSONValue.parse(Array(data)).arrayValue ?? []
    }

    private func fetch(_ url: String) async throws -> (Data, Int) {
        // A plain socket request: the fakes speak HTTP/1.1 on loopback.
        guard let fd = connectLoopback(port: UInt16(port)) else { throw FakesError(description: "cannot connect to the fakes") }
        defer { close(fd) }
        let path = url.replacingOccurrences(of: self.url, with: "")
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            response += buffer[0..<n]
        }
        guard let split = String(decoding: response, as: UTF8.self).range(of: "\r\n\r\n") else { throw FakesError(description: "bad answer") }
        let body = String(decoding: response, as: UTF8.self)[split.upperBound...]
        return (Data(body.utf8), 200)
    }

    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// A clock the test moves by hand.
final class HandClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now: Date
    init(_ now: Date) { self.now = now }
    func read() -> Date { lock.withLock { now } }
    func set(_ date: Date) { lock.withLock { now = date } }
}
