import TestSupport
import AWSBackend
import AWSConfig
import Foundation
import SecretsCore
import Testing

/// HTTPS to a server on 127.0.0.1 with a self-signed certificate (made by openssl, served by
/// Python's ssl module, answering every POST with a fixed JSON 1.1 body). Certificates are
/// verified: against the system's trust store the server is refused and not retried; with the
/// certificate given as AWS_CA_BUNDLE the same request succeeds.
struct TLSTests {
    static let server = """
    import http.server, ssl, sys
    class H(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            body = b'{"SecretList": [], "Seen": "%s"}' % self.headers.get("X-Amz-Target", "").encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/x-amz-json-1.1")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        def log_message(self, *a): pass
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(sys.argv[1], sys.argv[2])
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    print(srv.server_address[1], flush=True)
    srv.serve_forever()
    """

    final class Server: @unchecked Sendable {
        let process = Process()
        let port: Int
        let certificate: URL
        let directory: URL

        /// `name`: whom the certificate is for (an IP address or a host name).
        init(name: String = "127.0.0.1") throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("smsh-tls-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            certificate = directory.appendingPathComponent("cert.pem")
            let key = directory.appendingPathComponent("key.pem")
            let openssl = Process()
            openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            openssl.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=\(name)",
                                 "-addext", "subjectAltName=\(name.first?.isNumber == true ? "IP" : "DNS"):\(name)", "-keyout", key.path, "-out", certificate.path]
            openssl.standardOutput = FileHandle.nullDevice
            openssl.standardError = FileHandle.nullDevice
            try openssl.run()
            openssl.waitUntilExit()
            guard openssl.terminationStatus == 0 else { throw MotoError(message: "openssl could not make a certificate") }

            port = try startPortPrintingServer(process, script: TLSTests.server, arguments: [certificate.path, key.path],
                                               what: "the TLS test server")
        }

        var endpoint: String { "https://127.0.0.1:\(port)" }

        func stop() {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    func transport(_ server: Server, extra: [String: String], debug: LineCollector) throws -> (HTTPTransport, TestEnvironment) {
        let env = try TestEnvironment(extra: extra)
        let config = try AWSConfiguration(environment: env.environment, endpointURL: server.endpoint)
        var options = HTTPTransportOptions()
        options.jitter = { 0 }
        options.debug = { debug.append($0) }
        return (HTTPTransport(configuration: config, options: options), env)
    }

    @Test func anUntrustedCertificateIsRefusedAndNotRetried() async throws {
        let server = try await offThePool { try Server() }
        defer { server.stop() }
        let lines = LineCollector()
        let (t, env) = try transport(server, extra: [:], debug: lines)
        defer { env.remove() }
        await #expect { try await t.send(operation: .listSecrets, region: "us-east-1", body: Data("{}".utf8)) } throws: { e in
            guard let e = e as? AWSError else { return false }
            return e.code == "SSLError"
                && e.message == "SSL validation failed for \"\(server.endpoint)/\": [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"
        }
        #expect(lines.lines.count == 1)
        await t.shutdown()
    }

    /// A trusted certificate for another name is an SSL error too, not a connection error that
    /// is retried.
    @Test func aCertificateForAnotherHostIsRefusedAndNotRetried() async throws {
        let server = try await offThePool { try Server(name: "elsewhere.example") }
        defer { server.stop() }
        let lines = LineCollector()
        let (t, env) = try transport(server, extra: ["AWS_CA_BUNDLE": server.certificate.path], debug: lines)
        defer { env.remove() }
        await #expect { try await t.send(operation: .listSecrets, region: "us-east-1", body: Data("{}".utf8)) } throws: { e in
            guard let e = e as? AWSError else { return false }
            return e.code == "SSLError"
                && e.message == "SSL validation failed for \"\(server.endpoint)/\": hostname '127.0.0.1' doesn't match the certificate's names"
        }
        #expect(lines.lines.count == 1)
        await t.shutdown()
    }

    @Test func theCABundleIsTrusted() async throws {
        let server = try await offThePool { try Server() }
        defer { server.stop() }
        let lines = LineCollector()
        let (t, env) = try transport(server, extra: ["AWS_CA_BUNDLE": server.certificate.path], debug: lines)
        defer { env.remove() }
        let data = try await t.send(operation: .listSecrets, region: "us-east-1", body: Data("{}".utf8))
        #expect(try JSONValue.parse(data)["Seen"]?.stringValue == "secretsmanager.ListSecrets")
        await t.shutdown()
    }

    @Test func aMissingCABundleIsAConfigError() async throws {
        let lines = LineCollector()
        let env = try TestEnvironment(extra: ["AWS_CA_BUNDLE": "/nonexistent/ca.pem"])
        defer { env.remove() }
        let config = try AWSConfiguration(environment: env.environment, endpointURL: "https://127.0.0.1:9")
        var options = HTTPTransportOptions()
        options.debug = { lines.append($0) }
        let t = HTTPTransport(configuration: config, options: options)
        await #expect { try await t.send(operation: .listSecrets, region: "us-east-1", body: Data("{}".utf8)) } throws: { e in
            (e as? AWSError)?.code == "ConfigError" && (e as? AWSError)?.message.contains("AWS_CA_BUNDLE") == true
        }
        #expect(lines.lines.isEmpty, "nothing was sent")
        await t.shutdown()
    }
}
