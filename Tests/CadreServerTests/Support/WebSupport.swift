@testable import CadreServer
import Foundation
import XCTVapor

/// What a browser sends to the web pages, for tests that skip the browser.
enum WebSupport {
    /// A well-formed CSRF token (43 URL-safe characters) used as both cookie and form field.
    static let csrf = String(repeating: "a", count: 43)

    static func session(for user: User, in t: TestApp) async throws -> String {
        let (secret, hash) = AccessToken.generateSecret()
        try await AccessToken(userID: user.id!, tokenHash: hash, kind: .web, expiresAt: t.clock.now.addingTimeInterval(3600), at: t.clock.now)
            .create(on: t.app.db)
        return secret
    }

    static func urlEncoded(_ form: [String: Any]) -> String {
        form.map { key, value in
            let allowed = CharacterSet.alphanumerics
            return "\(key.addingPercentEncoding(withAllowedCharacters: allowed)!)=\("\(value)".addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }.joined(separator: "&")
    }

    static func headers(cookies: String, form: Bool) -> HTTPHeaders {
        var headers: HTTPHeaders = ["Cookie": cookies, "Accept": "text/html"]
        if form { headers.contentType = .urlEncodedForm }
        return headers
    }
}
