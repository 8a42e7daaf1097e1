import Foundation
import SecretsCore

// Compiled into the simulator's own module (scripts/fuzz), so it calls the synchronous
// `handleNow` and skips the async hop and fault latency sleeps of `handle`.
//
// Input: one request per line, `OPERATION REGION BODY`; the target is `secretsmanager.OPERATION`.
// A fresh `:memory:` state per input keeps every crash reproducible from its file alone.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSimulator(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let options = SimulatorOptions(statePath: ":memory:", replicationDelay: 0, clock: { Date(timeIntervalSince1970: 1_700_000_000) },
                                   random: { 0.5 })
    guard let transport = try? SimulatorTransport(options: options) else { fatalError("cannot open :memory: state") }
    for line in bytes.split(separator: 0x0A, maxSplits: 15, omittingEmptySubsequences: true) {
        let parts = line.split(separator: 0x20, maxSplits: 2, omittingEmptySubsequences: false)
        let target = "secretsmanager." + String(decoding: parts[0], as: UTF8.self)
        let region = parts.count > 1 ? String(decoding: parts[1], as: UTF8.self) : ""
        let body = parts.count > 2 ? Data(parts[2]) : Data()
        switch transport.handleNow(target: target, region: region, body: body).0 {
        case .success(let response):
            // The client parses every response: it must be JSON.
            if (try? JSONValue.parse(response)) == nil { fatalError("response is not JSON: \(String(decoding: response, as: UTF8.self))") }
        case .failure(let error as AWSError):
            // A 500 means the request reached code that did not expect it; bad input is a 4xx.
            if error.httpStatus >= 500 { fatalError("500 for \(target) \(region): \(error.code) \(error.message)") }
        case .failure(let error):
            fatalError("not an AWSError: \(error)")
        }
    }
    return 0
}
