import Foundation
import SecretsCore

/// The secret names of the session's Region, for completion, sorted. Filled by
/// ListSecrets in the background (at start, after a command that may change secrets, after
/// `use region`), so Tab never waits for the backend; it offers what the last listing found.
public final class SecretNameCache: @unchecked Sendable {
    private let lock = NSLock()
    private var names: [String] = []
    private var generation = 0
    private var filled = false

    public init() {}

    public var current: [String] { lock.withLock { names } }

    /// Starts a listing; a listing started later wins over one that finishes later. The first
    /// listing publishes each page as it arrives (10,000 secrets are 100 pages), so Tab offers
    /// names within milliseconds of start; later ones swap the whole list at the end, so a
    /// refresh never shows fewer names than there are.
    @discardableResult
    public func refresh(transport: any Transport, region: String) -> Task<Void, Never> {
        let (ticket, progressive) = lock.withLock { () -> (Int, Bool) in
            generation += 1
            defer { filled = true }
            return (generation, !filled)
        }
        return Task.detached(priority: .utility) { [weak self] in
            // Nobody asked for this listing: it must not stop to ask for an MFA code.
            await BackgroundCalls.$active.withValue(true) {
                let client = SecretsManagerClient(transport: transport, region: region)
                var found: [String] = []
                var pages = 0
                try? await client.paginate(.listSecrets, body: .object([("MaxResults", .number(100))])) { page in
                    found += (page["SecretList"]?.arrayValue ?? []).compactMap { $0["Name"]?.stringValue }
                    pages += 1
                    guard progressive || page["NextToken"]?.stringValue?.isEmpty != false else { return true }
                    guard let self else { return false }
                    // The full list is sorted here, off the Tab path, so completion sorts an ordered list.
                    let done = page["NextToken"]?.stringValue?.isEmpty != false
                    let names = done ? found.sorted() : found
                    return self.lock.withLock {
                        if self.generation == ticket { self.names = names }
                        return self.generation == ticket
                    }
                }
            }
        }
    }
}
