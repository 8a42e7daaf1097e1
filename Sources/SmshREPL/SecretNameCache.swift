import Foundation
import SecretsCore

/// The secret names of the session's Region, for completion. Filled by ListSecrets in the
/// background (at start, after a command that may change secrets, after `use region`), so Tab
/// never waits for the backend; it offers what the last listing found.
public final class SecretNameCache: @unchecked Sendable {
    private let lock = NSLock()
    private var names: [String] = []
    private var generation = 0

    public init() {}

    public var current: [String] { lock.withLock { names } }

    /// Starts a listing; a listing started later wins over one that finishes later.
    @discardableResult
    public func refresh(transport: any Transport, region: String) -> Task<Void, Never> {
        let ticket = lock.withLock { generation += 1; return generation }
        return Task.detached(priority: .utility) { [weak self] in
            let client = SecretsManagerClient(transport: transport, region: region)
            guard let entries = try? await client.listSecrets(ListSecretsRequest(MaxResults: 100)) else { return }
            let found = entries.compactMap(\.Name).sorted()
            guard let self else { return }
            self.lock.withLock {
                if self.generation == ticket { self.names = found }
            }
        }
    }
}
