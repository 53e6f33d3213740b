@testable import CadreServer
import CadreCore
import XCTest
import XCTVapor
import FluentKit

/// The web pages through HTTP, as a browser would use them (the Selenium suite drives a real one).
final class WebShellTests: XCTestCase {
    var t: TestApp!

    override func setUp() async throws { t = try await TestApp.make() }
    override func tearDown() async throws { try await t.shutdown() }

    private func cookie(_ response: TestResponse, _ name: String) -> String? {
        response.headers[.setCookie].compactMap { header -> String? in
            guard header.hasPrefix(name + "=") else { return nil }
            return String(header.dropFirst(name.count + 1).prefix { $0 != ";" })
        }.first
    }

    func testSignInPageSetsACSRFCookieAndEmbedsTheSameToken() async throws {
        let page = try await t.send(.GET, "/signin", headers: ["Accept": "text/html"])
        XCTAssertEqual(page.status, .ok)
        let token = try XCTUnwrap(cookie(page, "cadre_csrf"))
        XCTAssertTrue(page.body.string.contains("name=\"csrf\" value=\"\(token)\""))
        let header = try XCTUnwrap(page.headers[.setCookie].first { $0.hasPrefix("cadre_csrf=") })
        XCTAssertTrue(header.contains("HttpOnly"))
        XCTAssertTrue(header.contains("SameSite=Strict"))
        XCTAssertFalse(header.contains("Secure"), "plain-http deployments must still get the cookie back")
    }

    func testSignInWithCSRFOpensASessionAndShowsTheRoleHome() async throws {
        let organization = try await t.makeOrganization("Acme Labs")
        let client = try await t.makeUser(.client, organization: organization, name: "Casey")
        let form = WebSupport.urlEncoded(["email": client.email, "password": TestApp.password, "csrf": WebSupport.csrf])
        let signIn = try await t.send(.POST, "/signin", rawBody: form, headers: WebSupport.headers(cookies: "cadre_csrf=\(WebSupport.csrf)", form: true))
        XCTAssertEqual(signIn.status, .seeOther)
        XCTAssertEqual(signIn.headers.first(name: .location), "/")
        let session = try XCTUnwrap(cookie(signIn, "cadre_session"))
        let home = try await t.send(.GET, "/", headers: WebSupport.headers(cookies: "cadre_csrf=\(WebSupport.csrf); cadre_session=\(session)", form: false))
        XCTAssertEqual(home.status, .ok)
        XCTAssertTrue(home.body.string.contains("Acme Labs"))
        XCTAssertTrue(home.body.string.contains("data-testid=\"empty-projects\""))
        XCTAssertFalse(home.body.string.contains("href=\"/admin\""))
    }

    func testAPostWithoutTheCSRFTokenIsRefusedAndChangesNothing() async throws {
        let admin = try await t.makeUser(.admin)
        let session = try await WebSupport.session(for: admin, in: t)
        let before = try await Organization.query(on: t.app.db).count()
        let forged = try await t.send(
            .POST, "/admin/organizations", rawBody: "name=Forged",
            headers: WebSupport.headers(cookies: "cadre_csrf=\(WebSupport.csrf); cadre_session=\(session)", form: true))
        XCTAssertEqual(forged.status, .forbidden)
        XCTAssertTrue(forged.body.string.contains("Form expired"))
        let mismatched = try await t.send(
            .POST, "/admin/organizations", rawBody: "name=Forged&csrf=" + String(repeating: "b", count: 43),
            headers: WebSupport.headers(cookies: "cadre_csrf=\(WebSupport.csrf); cadre_session=\(session)", form: true))
        XCTAssertEqual(mismatched.status, .forbidden)
        let after = try await Organization.query(on: t.app.db).count()
        XCTAssertEqual(after, before)
    }

    func testTheAPIIgnoresSessionCookies() async throws {
        let admin = try await t.makeUser(.admin)
        let session = try await WebSupport.session(for: admin, in: t)
        let response = try await t.send(.GET, "/api/v1/users", headers: ["Cookie": "cadre_session=\(session)"])
        XCTAssertEqual(response.status, .unauthorized)
    }

    func testSignOutEndsTheSession() async throws {
        let expert = try await t.makeUser(.expert)
        let session = try await WebSupport.session(for: expert, in: t)
        let cookies = "cadre_csrf=\(WebSupport.csrf); cadre_session=\(session)"
        let signOut = try await t.send(.POST, "/signout", rawBody: "csrf=\(WebSupport.csrf)", headers: WebSupport.headers(cookies: cookies, form: true))
        XCTAssertEqual(signOut.headers.first(name: .location), "/signin")
        let home = try await t.send(.GET, "/", headers: WebSupport.headers(cookies: cookies, form: false))
        XCTAssertEqual(home.status, .seeOther)
        XCTAssertEqual(home.headers.first(name: .location), "/signin")
    }

    func testUserTextIsEscapedInPages() async throws {
        let admin = try await t.makeUser(.admin)
        try await t.makeOrganization("<script>alert(1)</script>")
        let session = try await WebSupport.session(for: admin, in: t)
        let page = try await t.send(.GET, "/admin", headers: WebSupport.headers(cookies: "cadre_csrf=\(WebSupport.csrf); cadre_session=\(session)", form: false))
        XCTAssertEqual(page.status, .ok)
        XCTAssertFalse(page.body.string.contains("<script>alert(1)</script>"))
        XCTAssertTrue(page.body.string.contains("&lt;script&gt;"))
    }

    func testAdminFormErrorsKeepWhatWasTyped() async throws {
        let admin = try await t.makeUser(.admin)
        let session = try await WebSupport.session(for: admin, in: t)
        let form = WebSupport.urlEncoded(["email": "kept@example.com", "password": "short", "name": "Kept", "role": "expert", "organization_id": "", "csrf": WebSupport.csrf])
        let page = try await t.send(.POST, "/admin/users", rawBody: form, headers: WebSupport.headers(cookies: "cadre_csrf=\(WebSupport.csrf); cadre_session=\(session)", form: true))
        XCTAssertEqual(page.status, .unprocessableEntity)
        XCTAssertTrue(page.body.string.contains("password: must be at least 10 characters"))
        XCTAssertTrue(page.body.string.contains("value=\"kept@example.com\""))
        let count = try await User.query(on: t.app.db).filter(\.$email == "kept@example.com").count()
        XCTAssertEqual(count, 0)
    }

    func testUnknownPagesGetAnHTMLErrorPage() async throws {
        let page = try await t.send(.GET, "/no-such-page", headers: ["Accept": "text/html"])
        XCTAssertEqual(page.status, .notFound)
        XCTAssertEqual(page.headers.contentType?.subType, "html")
        XCTAssertTrue(page.body.string.contains("404"))
    }

    func testNoticesShowOnlyFixedMessages() async throws {
        let admin = try await t.makeUser(.admin)
        let cookies = "cadre_csrf=\(WebSupport.csrf); cadre_session=\(try await WebSupport.session(for: admin, in: t))"
        let known = try await t.send(.GET, "/admin?notice=user_created", headers: WebSupport.headers(cookies: cookies, form: false))
        XCTAssertTrue(known.body.string.contains("User created."))
        let crafted = try await t.send(.GET, "/admin?notice=Your%20account%20is%20locked", headers: WebSupport.headers(cookies: cookies, form: false))
        XCTAssertFalse(crafted.body.string.contains("locked"))
        XCTAssertFalse(crafted.body.string.contains("flash-notice"))
    }

    func testAFailedUserFormKeepsTheChosenOrganization() async throws {
        let admin = try await t.makeUser(.admin)
        let organization = try await t.makeOrganization("Chosen Org")
        let cookies = "cadre_csrf=\(WebSupport.csrf); cadre_session=\(try await WebSupport.session(for: admin, in: t))"
        let form = WebSupport.urlEncoded(["email": "c@example.com", "password": "short", "name": "C", "role": "client",
                                          "organization_id": organization.id!.uuidString, "csrf": WebSupport.csrf])
        let page = try await t.send(.POST, "/admin/users", rawBody: form, headers: WebSupport.headers(cookies: cookies, form: true))
        XCTAssertEqual(page.status, .unprocessableEntity)
        XCTAssertTrue(page.body.string.contains("value=\"\(organization.id!.uuidString)\" selected>Chosen Org"), page.body.string)
    }

    func testErrorPagesKeepTheTopBarWhenSignedIn() async throws {
        let expert = try await t.makeUser(.expert, name: "Ada Expert")
        let cookies = "cadre_csrf=\(WebSupport.csrf); cadre_session=\(try await WebSupport.session(for: expert, in: t))"
        let page = try await t.send(.GET, "/no-such-page", headers: WebSupport.headers(cookies: cookies, form: false))
        XCTAssertEqual(page.status, .notFound)
        XCTAssertTrue(page.body.string.contains("data-testid=\"current-user\">Ada Expert"))
        XCTAssertTrue(page.body.string.contains("name=\"csrf\" value=\"\(WebSupport.csrf)\""), "sign out still works")
    }

    func testSignInErrorsSitInsideTheCard() async throws {
        let form = WebSupport.urlEncoded(["email": "nobody@example.com", "password": "wrong-password", "csrf": WebSupport.csrf])
        let page = try await t.send(.POST, "/signin", rawBody: form, headers: WebSupport.headers(cookies: "cadre_csrf=\(WebSupport.csrf)", form: true))
        let html = page.body.string
        let card = try XCTUnwrap(html.range(of: "<section class=\"card narrow\">"))
        let error = try XCTUnwrap(html.range(of: "data-testid=\"error\""))
        XCTAssertLessThan(card.lowerBound, error.lowerBound)
    }
}
