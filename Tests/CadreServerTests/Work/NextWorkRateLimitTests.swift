@testable import CadreServer
import CadreCore
import XCTest
import XCTVapor

/// Asking for work in a loop is refused with 429 and Retry-After once a caller's allowance is
/// spent; the allowance refills with time and is each caller's own.
final class NextWorkRateLimitTests: XCTestCase {
    var t: TestApp!

    override func setUp() async throws {
        t = try await TestApp.make { $0.nextWorkPerMinute = 3 }
    }

    override func tearDown() async throws { try await t.shutdown() }

    func testACallerOverItsAllowanceWaitsWhileOthersWork() async throws {
        let project = try await t.makeProject(in: try await t.makeOrganization(), state: .active)
        let spinning = try await t.token(for: try await t.makeUser(.expert))
        for _ in 0..<3 {
            let allowed = try await t.send(.POST, "/api/v1/projects/\(project.id!)/assignments/next", token: spinning)
            XCTAssertNotEqual(allowed.status, .tooManyRequests)
        }
        let refused = try await t.send(.POST, "/api/v1/assignments/next", token: spinning)
        XCTAssertEqual(refused.status, .tooManyRequests)
        XCTAssertEqual(refused.headers.first(name: "Retry-After"), "20", "one call a minute / 3 comes back in 20 s")
        XCTAssertEqual(try refused.problem().code, "rate_limited")
        let reviews = try await t.send(.POST, "/api/v1/projects/\(project.id!)/reviews/next", token: spinning)
        XCTAssertEqual(reviews.status, .tooManyRequests, "reviews draw on the same allowance")

        let other = try await t.token(for: try await t.makeUser(.expert))
        let fresh = try await t.send(.POST, "/api/v1/assignments/next", token: other)
        XCTAssertNotEqual(fresh.status, .tooManyRequests, "each caller has its own allowance")

        t.clock.advance(by: 20)
        let later = try await t.send(.POST, "/api/v1/assignments/next", token: spinning)
        XCTAssertNotEqual(later.status, .tooManyRequests)
        let heartbeat = try await t.send(.GET, "/api/v1/assignments", token: spinning)
        XCTAssertEqual(heartbeat.status, .ok, "other work calls are not limited")
    }

    func testNoLimitWhenTurnedOff() {
        let limiter = RateLimiter(perMinute: 0)
        XCTAssertTrue((0..<1_000).allSatisfy { _ in limiter.take(UUID(), at: Date()) == nil })
        let one = RateLimiter(perMinute: 60, capacity: 2)
        let caller = UUID()
        let start = Date()
        XCTAssertTrue((0..<60).allSatisfy { _ in one.take(caller, at: start) == nil })
        XCTAssertEqual(one.take(caller, at: start), 1)
        XCTAssertNil(one.take(caller, at: start.addingTimeInterval(1)))
        for _ in 0..<5 { XCTAssertNil(one.take(UUID(), at: start)) }
        XCTAssertEqual(one.take(caller, at: start.addingTimeInterval(1)), 1, "sweeping idle callers keeps a spent one")
    }
}
