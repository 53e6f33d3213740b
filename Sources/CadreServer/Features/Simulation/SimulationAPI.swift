import CadreCore
import Vapor

/// The simulation's way in: real HTTP requests to the application it started, as any client
/// would make them, with every unexpected answer raised as an error that says what was asked.
struct SimulationAPI {
    let client: any Client
    let base: String

    struct Failure: Error, CustomStringConvertible {
        var request: String
        var status: HTTPStatus
        var body: String
        var description: String { "\(request) answered \(status.code): \(body.prefix(400))" }
    }

    /// Sends a request and returns the status and the parsed body (null when empty).
    @discardableResult
    func call(
        _ method: HTTPMethod, _ path: String, token: String? = nil, json: JSONValue? = nil, ndjson: String? = nil, text: String? = nil,
        headers extra: [(String, String)] = [], expect: Set<UInt> = [200, 201]
    ) async throws -> (status: HTTPStatus, body: JSONValue) {
        var headers = HTTPHeaders(extra)
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        var body: ByteBuffer?
        if let json {
            headers.contentType = .json
            body = ByteBuffer(string: json.jsonText)
        } else if let ndjson {
            headers.replaceOrAdd(name: .contentType, value: "application/x-ndjson")
            body = ByteBuffer(string: ndjson)
        } else if let text {
            headers.contentType = .plainText
            body = ByteBuffer(string: text)
        }
        let response = try await client.send(method, headers: headers, to: URI(string: base + path)) { $0.body = body }
        let text = response.body.map { String(buffer: $0) } ?? ""
        guard expect.contains(response.status.code) else {
            throw Failure(request: "\(method) \(path)", status: response.status, body: text)
        }
        return (response.status, text.isEmpty ? .null : (try? JSONValue(parsing: text)) ?? .string(text))
    }

    /// Raw bytes of a download.
    func download(_ path: String, token: String) async throws -> String {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: token)
        let response = try await client.get(URI(string: base + path), headers: headers)
        guard response.status == .ok else { throw Failure(request: "GET \(path)", status: response.status, body: "") }
        return response.body.map { String(buffer: $0) } ?? ""
    }

    func signIn(_ email: String, _ password: String) async throws -> String {
        let session = try await call(.POST, "/api/v1/sessions", json: ["email": .string(email), "password": .string(password)])
        guard let token = session.body["token"]?.stringValue else {
            throw Failure(request: "POST /api/v1/sessions", status: session.status, body: "no token")
        }
        return token
    }
}
