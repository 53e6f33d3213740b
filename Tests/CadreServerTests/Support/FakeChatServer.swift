import CadreCore
import Foundation
import Logging
import Synchronization
import XCTVapor

/// A small OpenAI-compatible chat-completions endpoint on a free loopback port, answering
/// what the test scripts and recording every request it receives.
final class FakeChatServer: Sendable {
    /// What the server does with the next request.
    enum Reply: Sendable {
        /// 200 with a chat completion whose first choice says this.
        case content(String)
        /// This status with this body.
        case status(HTTPStatus, String)
        /// 200 with this body as it is.
        case body(String)
        /// No answer until the server stops, to exercise the client's timeout.
        case stall
        /// A 200 head and the start of a body, then nothing until the server stops.
        case stallMidBody
    }

    /// One request as the server saw it.
    struct Received: Sendable {
        var path: String
        var headers: HTTPHeaders
        var body: JSONValue

        /// The text of every message sent, by role, in order.
        func messages(_ role: String) -> [String] {
            (body["messages"]?.arrayValue ?? []).filter { $0["role"]?.stringValue == role }.compactMap { $0["content"]?.stringValue }
        }
    }

    private struct State {
        var reply: Reply = .status(.internalServerError, "no reply scripted")
        var received: [Received] = []
        var stopping = false
    }

    private let app: Application
    private let state = Mutex(State())

    /// The port the operating system chose.
    var port: Int { app.http.server.shared.localAddress?.port ?? 0 }

    /// The base address to configure: requests are expected at `<baseURL>/chat/completions`.
    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    private init(app: Application) {
        self.app = app
    }

    static func start(replying reply: Reply) async throws -> FakeChatServer {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        let server = FakeChatServer(app: app)
        server.script(reply)
        app.on(.POST, "**", body: .collect(maxSize: "4mb")) { [server] request in
            try await server.respond(to: request)
        }
        do {
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            XCTAssertNotEqual(server.port, 0, "the fake chat server has no port")
            return server
        } catch {
            await app.server.shutdown()
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// Answers later requests with `reply`.
    func script(_ reply: Reply) {
        state.withLock { $0.reply = reply }
    }

    /// Every request received so far, oldest first.
    var received: [Received] { state.withLock { $0.received } }

    func shutdown() async throws {
        state.withLock { $0.stopping = true }
        await app.server.shutdown()
        try await app.asyncShutdown()
    }

    private func respond(to request: Request) async throws -> Response {
        let bytes = request.body.data.map { Data(buffer: $0) } ?? Data()
        let body = (try? JSONValue(parsing: bytes)) ?? .null
        let reply = state.withLock { state -> Reply in
            state.received.append(Received(path: request.url.path, headers: request.headers, body: body))
            return state.reply
        }
        // Chat completions for the LLM client; `/v1/hooks` receives webhook deliveries.
        guard request.url.path == "/v1/chat/completions" || request.url.path == "/v1/hooks" else { return Response(status: .notFound) }
        switch reply {
        case .content(let content):
            let completion: [String: Any] = [
                "id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": body["model"]?.stringValue ?? "",
                "choices": [["index": 0, "message": ["role": "assistant", "content": content], "finish_reason": "stop"]],
            ]
            return json(.ok, String(decoding: try JSONSerialization.data(withJSONObject: completion), as: UTF8.self))
        case .status(let status, let text):
            return json(status, text)
        case .body(let text):
            return json(.ok, text)
        case .stall:
            try await waitUntilStopping()
            return json(.serviceUnavailable, "stopped")
        case .stallMidBody:
            let body = Response.Body(asyncStream: { [self] writer in
                try await writer.writeBuffer(ByteBuffer(string: #"{"choices":[{"message":{"content":"#))
                try await waitUntilStopping()
                try await writer.write(.end)
            })
            return Response(status: .ok, headers: ["Content-Type": "application/json"], body: body)
        }
    }

    /// Polls rather than sleeping once, so shutting down does not wait out a long stall.
    private func waitUntilStopping() async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while !state.withLock({ $0.stopping }), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    private func json(_ status: HTTPStatus, _ text: String) -> Response {
        Response(status: status, headers: ["Content-Type": "application/json"], body: .init(string: text))
    }
}

/// Keeps what is logged, so a test can check a fallback was not silent.
final class LogRecorder: Sendable {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    private let entries = Mutex<[Entry]>([])

    var logged: [Entry] { entries.withLock { $0 } }

    var logger: Logger {
        Logger(label: "test") { _ in Handler(recorder: self) }
    }

    private struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }.mapValues { "\($0)" }
            recorder.entries.withLock { $0.append(Entry(level: event.level, message: event.message.description, metadata: merged)) }
        }
    }
}
