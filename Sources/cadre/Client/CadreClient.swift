import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A small client of Cadre's JSON API for the command line: one base URL, one bearer token.
struct CadreClient: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var status: Int
        var body: String
        var description: String { "HTTP \(status): \(body)" }
    }

    let baseURL: String
    var token: String?
    let http: HTTPClient

    init(baseURL: String, token: String? = nil, http: HTTPClient = .shared) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
        self.http = http
    }

    /// Sends a request and returns the status and body; `timeout` bounds the whole exchange.
    func send(
        _ method: HTTPMethod, _ path: String, json: Any? = nil, body: HTTPClientRequest.Body? = nil,
        headers extra: [(String, String)] = [], timeout: TimeAmount = .seconds(60)
    ) async throws -> (status: Int, body: Data) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in extra { request.headers.add(name: name, value: value) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: try JSONSerialization.data(withJSONObject: json)))
        } else if let body {
            request.body = body
        }
        let response = try await http.execute(request, timeout: timeout)
        let bytes = try await response.body.collect(upTo: 64 * 1024 * 1024)
        return (Int(response.status.code), Data(buffer: bytes))
    }

    /// Sends a request that must succeed, and decodes its JSON object.
    func object(
        _ method: HTTPMethod, _ path: String, json: Any? = nil, expect: Set<Int> = [200, 201]
    ) async throws -> [String: Any] {
        let (status, body) = try await send(method, path, json: json)
        guard expect.contains(status) else { throw Failure(status: status, body: String(decoding: body, as: UTF8.self)) }
        return (try JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
    }

    /// Signs in and returns a client that carries the token.
    func signedIn(email: String, password: String) async throws -> CadreClient {
        let session = try await object(.POST, "/api/v1/sessions", json: ["email": email, "password": password])
        guard let token = session["token"] as? String else { throw Failure(status: 0, body: "no token in the sign-in response") }
        return CadreClient(baseURL: baseURL, token: token, http: http)
    }
}
