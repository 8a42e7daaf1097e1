import Foundation
import SecretsCore
import SecretsModel

/// The only way a rehearsal reaches a real account: every operation but these reads is refused
/// before anything is sent.
public struct ReadOnlyTransport: Transport {
    /// The one list of what a rehearsal may send to AWS.
    public static let allowed: [SecretsModel.Operation] = [.describeSecret, .listSecrets, .getResourcePolicy, .listSecretVersionIds]

    let base: any Transport

    public init(_ base: any Transport) { self.base = base }

    public func send(operation: SecretsModel.Operation, region: String, body: Data) async throws -> Data {
        guard Self.allowed.contains(operation) else {
            throw AWSError(code: "RehearsalReadOnly",
                           message: "a rehearsal sends only \(Self.allowed.map(\.rawValue).joined(separator: ", ")) to the account, not \(operation.rawValue)",
                           httpStatus: 0)
        }
        return try await base.send(operation: operation, region: region, body: body)
    }
}

/// One call the rehearsed runbook made, and how the copy answered it.
public struct PlannedCall: Sendable, Equatable {
    public var operation: SecretsModel.Operation
    public var region: String
    public var body: JSONValue
    /// The error code, when the call failed.
    public var error: String?

    /// A call that may change the account (everything but the operations that only read).
    public var isWrite: Bool { !PlannedCall.reads.contains(operation) }

    static let reads: Set<SecretsModel.Operation> = Set(ReadOnlyTransport.allowed + [.getSecretValue, .batchGetSecretValue, .getRandomPassword, .validateResourcePolicy])
}

/// Passes calls on to the copy and keeps each one, in order.
final class RecordingTransport: Transport, @unchecked Sendable {
    private let base: any Transport
    private let lock = NSLock()
    private var recorded: [PlannedCall] = []

    init(_ base: any Transport) { self.base = base }

    var calls: [PlannedCall] { lock.withLock { recorded } }

    func send(operation: SecretsModel.Operation, region: String, body: Data) async throws -> Data {
        var call = PlannedCall(operation: operation, region: region, body: (try? JSONValue.parse(body)) ?? .null)
        do {
            let response = try await base.send(operation: operation, region: region, body: body)
            lock.withLock { recorded.append(call) }
            return response
        } catch {
            call.error = (error as? AWSError)?.code ?? "\(type(of: error))"
            lock.withLock { recorded.append(call) }
            throw error
        }
    }
}
