import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// `smsh serve`'s sockets: HTTP/1.1 with keep-alive on SwiftNIO (already in smsh through
/// async-http-client), one handler per connection that collects a bounded request and hands it
/// to `ServerCore` off the event loop.
public final class HTTPServer: Sendable {
    public let core: ServerCore
    private let group: MultiThreadedEventLoopGroup
    private let listener = LockedValue<(any Channel)?>(nil)
    private let connections = LockedValue<[ObjectIdentifier: any Channel]>([:])
    let draining = LockedValue(false)

    public init(core: ServerCore) {
        self.core = core
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, core.options.threads))
    }

    /// Binds and starts accepting; returns the port (the kernel's pick for port 0).
    public func start() async throws -> Int {
        let options = core.options
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    // Malformed HTTP gets a 400 from NIO's error handler, and the connection closes.
                    // No outbound header validation: every header the server writes is its own
                    // constant or number, and checking them was 3% of a request's CPU.
                    try sync.configureHTTPServerPipeline(withErrorHandling: true, withOutboundHeaderValidation: false)
                    try sync.addHandler(IdleStateHandler(readTimeout: .nanoseconds(Int64(options.idleTimeout * 1e9))))
                    try sync.addHandler(ConnectionHandler(server: self))
                    self.track(channel)
                }
            }
        let channel = try await bootstrap.bind(host: options.host, port: options.port).get()
        listener.set(channel)
        let port = channel.localAddress?.port ?? options.port
        let shownHost = options.host.contains(":") ? "[\(options.host)]" : options.host
        core.endpoint = "http://\(shownHost):\(port)"
        return port
    }

    private func track(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        connections.update { $0[id] = channel }
        channel.closeFuture.whenComplete { [weak self] _ in self?.connections.update { _ = $0.removeValue(forKey: id) } }
    }

    public var openConnections: Int { connections.get().count }

    /// Requests received and not yet answered.
    public var requestsInFlight: Int { core.inFlight.get() }

    /// Stops accepting, lets every request already received finish (up to `grace` seconds), then
    /// closes the connections and the event loops.
    public func drain(grace: Double = 30) async {
        draining.set(true)
        if let l = listener.get() { try? await l.close() }
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(grace * 1e9)
        while core.inFlight.get() > 0, DispatchTime.now().uptimeNanoseconds < deadline {
            try? await Task.sleep(nanoseconds: 5_000_000)
        }
        core.events.closeAll()
        for channel in connections.get().values { try? await channel.close() }
        try? await group.shutdownGracefully()
    }
}

/// One connection: collects each request (bounded, within the request timeout), answers it, and
/// keeps the connection for the next unless the client or a drain says otherwise.
final class ConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let server: HTTPServer
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    private var refused = false
    private var busy = false
    private var streaming = false
    private var deadline: Scheduled<Void>?

    init(server: HTTPServer) { self.server = server }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let limit = server.core.options.maxBodyBytes
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            body = context.channel.allocator.buffer(capacity: 0)
            refused = false
            busy = true
            if let length = h.headers.first(name: "content-length").flatMap(Int.init), length > limit {
                refuse(context, status: .payloadTooLarge, code: "RequestEntityTooLarge",
                       message: "The request body is larger than the limit of \(limit) bytes.")
                return
            }
            if h.headers.first(name: "expect")?.lowercased() == "100-continue" {
                context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: h.version, status: .continue))), promise: nil)
            }
            let timeout = server.core.options.requestTimeout
            deadline = context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(timeout * 1e9))) { [self] in
                refuse(context, status: .requestTimeout, code: "RequestTimeout",
                       message: "The request was not received within \(Self.seconds(timeout)).")
            }
        case .body(var chunk):
            guard !refused else { return }
            if (body?.readableBytes ?? 0) + chunk.readableBytes > limit {
                refuse(context, status: .payloadTooLarge, code: "RequestEntityTooLarge",
                       message: "The request body is larger than the limit of \(limit) bytes.")
                return
            }
            body?.writeBuffer(&chunk)
        case .end:
            deadline?.cancel()
            deadline = nil
            guard !refused, let head else { return }
            let bytes = body.map { Array($0.readableBytesView) } ?? []
            body = nil
            let request = ReceivedRequest(method: head.method.rawValue, uri: head.uri,
                                          headers: head.headers.map { ($0.name, $0.value) }, body: bytes,
                                          client: context.channel.remoteAddress?.ipAddress ?? "-")
            let core = server.core
            server.core.inFlight.update { $0 += 1 }
            if core.isServiceCall(request) {
                // On this thread: the simulator's work is one short SQLite transaction, and a hop
                // to another executor and back cost more than it. A latency fault waits on the
                // event loop's timer, not on a thread.
                let (reply, delay) = core.serviceNow(request)
                let finish = { [self] in
                    write(context, reply, to: head)
                    server.core.inFlight.update { $0 -= 1 }
                }
                if delay > 0 {
                    context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(delay * 1e9))) { finish() }
                } else {
                    finish()
                }
                return
            }
            let answered = context.eventLoop.makeFutureWithTask { await core.respond(request) }
            answered.assumeIsolated().whenComplete { [self] result in
                switch result {
                case .success(let reply): write(context, reply, to: head)
                case .failure: write(context, .full(status: 500, headers: [], body: []), to: head)
                }
                server.core.inFlight.update { $0 -= 1 }
            }
        }
    }

    private func write(_ context: ChannelHandlerContext, _ reply: Reply, to head: HTTPRequestHead) {
        busy = false
        switch reply {
        case .full(let status, let fields, let bytes):
            var headers = HTTPHeaders(fields)
            headers.add(name: "Content-Length", value: String(bytes.count))
            let close = !head.isKeepAlive || server.draining.get()
            if close {
                headers.add(name: "Connection", value: "close")
            } else if head.version.major == 1 && head.version.minor == 0 {
                headers.add(name: "Connection", value: "keep-alive")
            }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .init(statusCode: status), headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: bytes)))), promise: nil)
            let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
            if close { written.assumeIsolated().whenComplete { _ in context.close(promise: nil) } }
        case .eventStream:
            streaming = true
            let headers = HTTPHeaders([("Content-Type", "text/event-stream"), ("Cache-Control", "no-store"), ("X-Accel-Buffering", "no")])
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))), promise: nil)
            // Subscribed before the first bytes go out: a client that has read them sees every
            // call made after. The comment makes the browser open the stream at once.
            server.core.events.add(context.channel)
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: ": smsh serve\n\n")))), promise: nil)
        }
    }

    /// Answers at once and closes: the rest of the request is never read.
    private func refuse(_ context: ChannelHandlerContext, status: HTTPResponseStatus, code: String, message: String) {
        guard !refused else { return }
        refused = true
        deadline?.cancel()
        deadline = nil
        body = nil
        let bytes = Array("{\"__type\":\"\(code)\",\"message\":\"\(message)\"}".utf8)
        let version = head?.version ?? .http1_1
        let headers = HTTPHeaders([("Content-Type", "application/json"), ("Content-Length", String(bytes.count)), ("Connection", "close")])
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: bytes)))), promise: nil)
        // Closed for writing only, then fully a moment later: closing at once with the rest of the
        // body unread would reset the connection, and the client could lose the answer.
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            context.close(mode: .output, promise: nil)
            context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(2)) { context.close(promise: nil) }
        }
        server.core.log(ReceivedRequest(method: head?.method.rawValue ?? "-", uri: head?.uri ?? "-", headers: [], body: [],
                                        client: context.channel.remoteAddress?.ipAddress ?? "-"),
                        DispatchTime.now().uptimeNanoseconds, status: Int(status.code), detail: code)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            // Quiet between requests: close. A request being answered or a stream is not idle.
            if !busy && !streaming { context.close(promise: nil) }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) seconds" : "\(s) seconds"
    }
}
