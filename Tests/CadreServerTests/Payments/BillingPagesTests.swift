@testable import CadreServer
import CadreCore
import XCTest
import XCTVapor

/// The client's invoice pages over HTTP: the figures of the API, a CSV download that
/// matches it, and another organization's invoice hidden.
final class BillingPagesTests: XCTestCase {
    var t: TestApp!
    var organization: Organization!
    var clientCookies = ""

    override func setUp() async throws {
        t = try await TestApp.make()
        organization = try await t.makeOrganization("Acme Labs")
        let client = try await t.makeUser(.client, organization: organization)
        clientCookies = try await cookies(for: client)
        let project = try await t.makeProject(in: organization, state: .active) { $0.name = "Radiology labels" }
        try await t.fund(organization, 50_000)
        try await t.earn(4_000, expert: UUID(), project: project, seconds: 5_400, answers: 4)
    }

    override func tearDown() async throws { try await t.shutdown() }

    private func cookies(for user: User) async throws -> String {
        "cadre_csrf=\(WebSupport.csrf); cadre_session=\(try await WebSupport.session(for: user, in: t))"
    }

    private func get(_ path: String, cookies: String) async throws -> TestResponse {
        try await t.send(.GET, path, headers: WebSupport.headers(cookies: cookies, form: false))
    }

    func testAClientSeesItsInvoiceAndDownloadsTheSameCSV() async throws {
        let page = try await get("/billing/invoices/2026-11", cookies: clientCookies)
        XCTAssertEqual(page.status, .ok, page.body.string)
        let html = page.body.string
        XCTAssertTrue(html.contains("Radiology labels"))
        XCTAssertTrue(html.contains("48.00 USD"), "40.00 of expert cost plus the default 20 % fee")
        XCTAssertTrue(html.contains("1.50"), "expert hours")
        XCTAssertTrue(html.contains("data-testid=\"invoice-status\">draft"))
        XCTAssertTrue(html.contains("href=\"/billing/invoices/2026-11/csv?currency=USD\""))

        let csv = try await get("/billing/invoices/2026-11/csv?currency=USD", cookies: clientCookies)
        XCTAssertEqual(csv.headers.contentType?.subType, "csv")
        let statement = try await Invoicing.statement(of: organization, month: TestApp.pastMonth, currency: .usd, now: t.clock.now, on: t.app.db)
        XCTAssertEqual(csv.body.string, statement.invoice.csv)

        let list = try await get("/billing/invoices", cookies: clientCookies)
        XCTAssertTrue(list.body.string.contains("href=\"/billing/invoices/2026-11\""), list.body.string)
        XCTAssertTrue(list.body.string.contains("460.00 USD available"))
    }

    func testAnotherOrganizationsInvoiceIsNotFoundAndAdminsChooseOne() async throws {
        let other = try await t.makeUser(.client, organization: try await t.makeOrganization("Other Inc"))
        let otherCookies = try await cookies(for: other)
        let hidden = try await get("/billing/invoices/2026-11?organization=\(organization.id!)", cookies: otherCookies)
        XCTAssertEqual(hidden.status, .notFound)
        let own = try await get("/billing/invoices/2026-11", cookies: otherCookies)
        XCTAssertFalse(own.body.string.contains("Radiology labels"), "a client's page shows only its own organization")

        let adminCookies = try await cookies(for: try await t.makeUser(.admin))
        let picker = try await get("/billing/invoices", cookies: adminCookies)
        XCTAssertTrue(picker.body.string.contains("/billing/invoices?organization=\(organization.id!)"))
        let chosen = try await get("/billing/invoices/2026-11?organization=\(organization.id!)", cookies: adminCookies)
        XCTAssertTrue(chosen.body.string.contains("Radiology labels"))
        XCTAssertTrue(chosen.body.string.contains("/billing/invoices/2026-11/csv?organization=\(organization.id!)&amp;currency=USD")
                      || chosen.body.string.contains("/billing/invoices/2026-11/csv?organization=\(organization.id!)&currency=USD"))
    }
}
