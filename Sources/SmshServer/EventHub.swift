import Foundation
import NIOCore
import NIOHTTP1
import SecretsCore

/// The server-sent event streams (`GET /_smsh/events`) open now: every call and every change of
/// faults or state goes to each as `event: NAME` and one line of JSON.
public final class EventHub: @unchecked Sendable {
    private let lock = NSLock()
    private var streams: [ObjectIdentifier: any Channel] = [:]
    /// Read without the lock on every request: a stale answer only delays or skips one event
    /// for a stream that is opening or closing.
    private nonisolated(unsafe) var count = 0

    public var hasSubscribers: Bool { count > 0 }

    func add(_ channel: any Channel) {
        lock.withLock {
            streams[ObjectIdentifier(channel)] = channel
            count = streams.count
        }
        channel.closeFuture.whenComplete { [weak self] _ in self?.remove(channel) }
    }

    func remove(_ channel: any Channel) {
        lock.withLock {
            streams.removeValue(forKey: ObjectIdentifier(channel))
            count = streams.count
        }
    }

    public func publish(_ event: String, _ data: JSONValue) {
        let channels = lock.withLock { Array(streams.values) }
        guard !channels.isEmpty else { return }
        let text = "event: \(event)\ndata: \(data.compactText())\n\n"
        for channel in channels {
            let buffer = channel.allocator.buffer(string: text)
            channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(buffer)), promise: nil)
        }
    }

    /// Ends every stream (the server is stopping).
    func closeAll() {
        let channels = lock.withLock { Array(streams.values) }
        for channel in channels {
            channel.writeAndFlush(HTTPServerResponsePart.end(nil)).whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
