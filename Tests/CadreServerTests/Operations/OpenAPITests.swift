@testable import CadreServer
import XCTest

final class OpenAPITests: XCTestCase {
    var t: TestApp!

    override func setUp() async throws { t = try await TestApp.make() }
    override func tearDown() async throws { try await t.shutdown() }

    /// Web pages are HTML for people, not API; everything else must be documented.
    static let webPaths: Set<String> = [
        "/", "/signin", "/signout", "/admin", "/admin/organizations", "/admin/users",
        "/projects", "/projects/new", "/projects/:projectID", "/projects/:projectID/edit", "/projects/:projectID/state",
        "/projects/:projectID/import", "/projects/:projectID/quality", "/projects/:projectID/quality/:standingID/reinstate", "/work", "/work/projects/:projectID", "/work/assignments/:assignmentID/heartbeat", "/review/assignments/:assignmentID/heartbeat", "/review/assignments/:assignmentID/segments",
        "/work/uploads", "/work/uploads/:uploadID", "/admin/clips/recheck", "/projects/:projectID/snapshots", "/snapshots/:snapshotID/files/:name",
        "/webhooks", "/webhooks/:webhookID/delete", "/webhooks/:webhookID/deliveries/:deliveryID/redeliver", "/uploads/:uploadID/video", "/uploads/:uploadID/thumbnail", "/earnings", "/projects/:projectID/spend",
        "/work/assignments/:assignmentID/skip", "/work/assignments/:assignmentID/submit", "/review/projects/:projectID",
        "/review/assignments/:assignmentID/decision",
        "/apply", "/application", "/application/resume", "/application/skills", "/application/submit", "/application/interviews",
        "/application/decisions/:decisionID/appeal", "/interviews/:interviewID", "/interviews/:interviewID/answers",
        "/interviews/:interviewID/events", "/interviews/:interviewID/report", "/admin/candidates",
        "/admin/candidates/decisions/:decisionID", "/admin/candidates/appeals/:appealID", "/admin/funnel",
        "/billing/invoices", "/billing/invoices/:month", "/billing/invoices/:month/csv",
    ]

    func testEveryRegisteredRouteIsDocumentedAndNothingElse() {
        let registered = Set(t.app.routes.all.compactMap { route -> String? in
            let path = "/" + route.path.map(\.description).joined(separator: "/")
            return Self.webPaths.contains(path) ? nil : "\(route.method.rawValue) \(path)"
        })
        let documented = Set(OpenAPIDocument.operations.map { "\($0.method) \($0.path)" })
        XCTAssertEqual(registered.subtracting(documented).sorted(), [], "routes missing from /openapi.json")
        XCTAssertEqual(documented.subtracting(registered).sorted(), [], "documented routes that do not exist")
    }

    func testTheDocumentIsServedAndWellFormed() async throws {
        let response = try await t.send(.GET, "/openapi.json")
        XCTAssertEqual(response.status, .ok)
        let document = response.json
        XCTAssertEqual(document["openapi"] as? String, "3.1.0")
        let paths = try XCTUnwrap(document["paths"] as? [String: [String: Any]])
        let show = try XCTUnwrap(paths["/api/v1/organizations/{organizationID}"]?["get"] as? [String: Any])
        XCTAssertEqual((show["parameters"] as? [[String: Any]])?.first?["name"] as? String, "organizationID")
        XCTAssertNotNil((show["security"] as? [[String: Any]])?.first?["bearer"])
        // A header the server requires is a documented parameter, so generated clients send it.
        let submit = try XCTUnwrap(paths["/api/v1/assignments/{assignmentID}/submit"]?["post"] as? [String: Any])
        let header = try XCTUnwrap((submit["parameters"] as? [[String: Any]])?.first { $0["in"] as? String == "header" })
        XCTAssertEqual(header["name"] as? String, "Idempotency-Key")
        XCTAssertEqual(header["required"] as? Bool, true)
        let signIn = try XCTUnwrap(paths["/api/v1/sessions"]?["post"] as? [String: Any])
        XCTAssertEqual((signIn["security"] as? [Any])?.count, 0)
        // Every $ref points at a schema that exists.
        let schemas = try XCTUnwrap((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let text = response.body.string.replacingOccurrences(of: "\\/", with: "/")
        let refs = text.components(separatedBy: "#/components/schemas/").dropFirst().map { $0.prefix { $0 != "\"" } }
        XCTAssertFalse(refs.isEmpty)
        for ref in refs { XCTAssertNotNil(schemas[String(ref)], "dangling $ref \(ref)") }
    }
}
