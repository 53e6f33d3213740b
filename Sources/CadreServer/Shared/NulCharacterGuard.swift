import CadreCore
import Vapor

/// Refuses U+0000 wherever a request carries text: the path, the query, and JSON or form
/// bodies. PostgreSQL cannot store the character (a 500 there, silently kept on SQLite), so
/// it is a 422 naming the field on both databases, before any handler runs.
///
/// The path and query are checked by the middleware; bodies by the content decoders, because
/// a body is collected only after the middleware has run.
struct NulCharacterGuard: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        if Self.pathHoldsNul(request) {
            return request.eventLoop.makeFailedFuture(Problem.validation(field: "path", JSONValue.nulCharacterMessage))
        }
        if let field = Self.fieldWithNul(inForm: request.url.query ?? "", unnamed: "query") {
            return request.eventLoop.makeFailedFuture(Problem.validation(field: field, JSONValue.nulCharacterMessage))
        }
        return next.respond(to: request)
    }

    /// Routing has run: a matched route's constant components hold no U+0000, so only its
    /// parameters (decoded by the router) can. `url.path` rebuilds the path's text on every
    /// call, so it is left to paths that matched nothing.
    private static func pathHoldsNul(_ request: Request) -> Bool {
        guard request.route != nil else { return containsNul(request.url.path) }
        let parameters = request.parameters
        return parameters.allNames.contains { parameters.get($0)?.utf8.contains(0) == true }
            || parameters.getCatchall().contains { $0.utf8.contains(0) }
    }

    /// Wraps the JSON and form decoders so that `req.content.decode` refuses the character too.
    static func install() throws {
        for type in [HTTPMediaType.json, .urlEncodedForm] {
            let decoder = try ContentConfiguration.global.requireDecoder(for: type)
            guard !(decoder is Decoder) else { continue }
            ContentConfiguration.global.use(decoder: Decoder(base: decoder, form: type == .urlEncodedForm), for: type)
        }
    }

    /// The name of the first `name=value` pair of a query string or form body that holds
    /// U+0000, raw or percent-encoded; `unnamed` when the name itself is what holds it.
    static func fieldWithNul(inForm text: String, unnamed: String) -> String? {
        guard containsNul(text) else { return nil }
        for pair in text.split(separator: "&") where containsNul(String(pair)) {
            let name = String(pair.prefix { $0 != "=" })
            let decoded = name.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? name
            return decoded.isEmpty || containsNul(decoded) ? unnamed : decoded
        }
        return nil
    }

    /// Throws a 422 naming the field of a JSON document that holds U+0000. JSON can carry the
    /// character only escaped, so a document without the escape is not parsed twice.
    static func check(json text: String) throws {
        var text = text
        try text.withUTF8 { try check(json: $0) }
    }

    static func check(json bytes: UnsafeBufferPointer<UInt8>) throws {
        if contains(escapedNul, in: bytes),
           let path = (try? JSONValue(parsing: Data(buffer: bytes)))?.pathOfNulCharacter {
            throw Problem.validation(field: path, JSONValue.nulCharacterMessage)
        }
    }

    static func containsNul(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { $0.contains(0) || contains(percentEncodedNul, in: $0) }
    }

    private static let escapedNul = Array("\\u0000".utf8)
    private static let percentEncodedNul = Array("%00".utf8)

    /// Whether `needle` occurs in `bytes`: a plain byte search, since the texts looked for have
    /// no letters whose case could differ (JSON's escape is a lower-case `\u`).
    private static func contains(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= needle.count, let first = needle.first else { return false }
        var index = 0
        while index <= bytes.count - needle.count {
            if bytes[index] == first, needle.indices.allSatisfy({ bytes[index + $0] == needle[$0] }) { return true }
            index += 1
        }
        return false
    }

    struct Decoder: ContentDecoder {
        let base: any ContentDecoder
        let form: Bool

        func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
            try decode(decodable, from: body, headers: headers, userInfo: [:])
        }

        func decode<D: Decodable>(
            _ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders, userInfo: [CodingUserInfoKey: any Sendable]
        ) throws -> D {
            if form, let field = NulCharacterGuard.fieldWithNul(inForm: String(buffer: body), unnamed: "body") {
                throw Problem.validation(field: field, JSONValue.nulCharacterMessage)
            }
            if !form { try body.withUnsafeReadableBytes { try NulCharacterGuard.check(json: $0.bindMemory(to: UInt8.self)) } }
            return try base.decode(decodable, from: body, headers: headers, userInfo: userInfo)
        }
    }
}
