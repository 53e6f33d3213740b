@testable import CadreServer
import SQLKit
import XCTest
import XCTVapor

final class OperationsTests: XCTestCase {
    var t: TestApp!

    override func setUp() async throws { t = try await TestApp.make() }
    override func tearDown() async throws { try await t.shutdown() }

    func testHealthAndReadiness() async throws {
        let health = try await t.send(.GET, "/healthz")
        XCTAssertEqual(health.status, .ok)
        XCTAssertEqual(health.json["status"] as? String, "ok")
        let ready = try await t.send(.GET, "/readyz")
        XCTAssertEqual(ready.status, .ok)
        XCTAssertEqual(ready.json["database"] as? String, "ok")
    }

    func testReadinessFailsWhenTheDatabaseIsGone() async throws {
        // A database nobody listens on: port 1 on loopback refuses at once.
        let unreachable = try await TestApp.make(migrate: false) { $0.database = .postgres(url: "postgres://cadre@127.0.0.1:1/cadre") }
        let ready = try await unreachable.send(.GET, "/readyz")
        try await unreachable.shutdown()
        XCTAssertEqual(ready.status, .serviceUnavailable)
        XCTAssertEqual(ready.json["database"] as? String, "unreachable")
    }

    func testEveryResponseCarriesARequestIdAndSecurityHeaders() async throws {
        let generated = try await t.send(.GET, "/healthz")
        let id = try XCTUnwrap(generated.headers.first(name: "X-Request-Id"))
        XCTAssertEqual(UUID(uuidString: id)?.uuidString.lowercased(), id)
        XCTAssertTrue(generated.headers.first(name: "Content-Security-Policy")?.contains("default-src 'self'") ?? false)
        XCTAssertEqual(generated.headers.first(name: "X-Content-Type-Options"), "nosniff")

        let echoed = try await t.send(.GET, "/api/v1/me", headers: ["X-Request-Id": "trace-123"])
        XCTAssertEqual(echoed.headers.first(name: "X-Request-Id"), "trace-123")
        XCTAssertEqual(try echoed.problem().requestId, "trace-123")

        let forged = try await t.send(.GET, "/healthz", headers: ["X-Request-Id": "bad id\nwith newline"])
        XCTAssertNotEqual(forged.headers.first(name: "X-Request-Id"), "bad id\nwith newline")
    }

    func testMetricsCountRequestsByRouteAndStatus() async throws {
        _ = try await t.send(.GET, "/healthz")
        _ = try await t.send(.GET, "/healthz")
        _ = try await t.send(.GET, "/api/v1/me")
        let metrics = try await t.send(.GET, "/metrics")
        XCTAssertEqual(metrics.status, .ok)
        XCTAssertEqual(metrics.headers.contentType?.subType, "plain")
        let text = metrics.body.string
        XCTAssertTrue(text.contains(#"cadre_http_requests_total{method="GET",route="/healthz",status="200"} 2"#), text)
        XCTAssertTrue(text.contains(#"cadre_http_requests_total{method="GET",route="/api/v1/me",status="401"} 1"#), text)
        XCTAssertTrue(text.contains(#"cadre_http_request_duration_seconds_count{method="GET",route="/healthz",status="200"} 2"#), text)
        XCTAssertTrue(text.contains("# TYPE cadre_http_request_duration_seconds histogram"))
        for name in ["lease", "submit"] {
            XCTAssertTrue(text.contains("cadre_\(name)_batches_total 0\n"), text)
            XCTAssertTrue(text.contains("cadre_\(name)_batched_total 0\n"), text)
        }
    }

    func testUsesTheDatabaseTheEnvironmentAskedFor() {
        XCTAssertEqual((t.app.db as? any SQLDatabase)?.dialect.name, TestApp.postgresURL == nil ? "sqlite" : "postgresql")
    }
}
