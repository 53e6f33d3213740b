@testable import CadreServer
import CadreCore
import XCTest
import XCTVapor

final class SessionTests: XCTestCase {
    var t: TestApp!

    override func setUp() async throws { t = try await TestApp.make() }
    override func tearDown() async throws { try await t.shutdown() }

    func testSignInReturnsATokenThatIdentifiesTheUser() async throws {
        // setup
        let user = try await t.makeUser(.expert, email: "Ada@Example.com", name: "Ada")
        // MUT: the email matches case-insensitively
        let response = try await t.send(.POST, "/api/v1/sessions", json: ["email": "ADA@example.com ", "password": TestApp.password])
        // validation
        XCTAssertEqual(response.status, .created)
        let body = response.json
        let token = try XCTUnwrap(body["token"] as? String)
        XCTAssertTrue(token.hasPrefix("cdr_"))
        XCTAssertNil((body["user"] as? [String: Any])?["password_hash"])
        let me = try await t.send(.GET, "/api/v1/me", token: token)
        XCTAssertEqual(me.status, .ok)
        XCTAssertEqual(me.json["id"] as? String, user.id?.uuidString)
        XCTAssertEqual(me.json["email"] as? String, "ada@example.com")
        XCTAssertEqual(me.json["role"] as? String, "expert")
    }

    func testTokensAreStoredOnlyAsHashes() async throws {
        let user = try await t.makeUser(.client, organization: try await t.makeOrganization())
        let token = try await t.token(for: user)
        let stored = try await AccessToken.query(on: t.app.db).all().map(\.tokenHash)
        XCTAssertEqual(stored, [AccessToken.hash(of: token)])
        XCTAssertFalse(stored.contains(token))
    }

    func testWrongPasswordAndUnknownEmailGetTheSameAnswer() async throws {
        let user = try await t.makeUser(.expert)
        let wrong = try await t.send(.POST, "/api/v1/sessions", json: ["email": user.email, "password": "not-the-password"])
        let unknown = try await t.send(.POST, "/api/v1/sessions", json: ["email": "nobody@example.com", "password": "whatever-long"])
        XCTAssertEqual(wrong.status, .unauthorized)
        XCTAssertEqual(unknown.status, .unauthorized)
        XCTAssertEqual(try wrong.problem().code, "invalid_credentials")
        XCTAssertEqual(try wrong.problem().detail, try unknown.problem().detail)
    }

    func testRevokedTokenStopsWorking() async throws {
        let token = try await t.token(for: try await t.makeUser(.expert))
        let revoke = try await t.send(.DELETE, "/api/v1/sessions/current", token: token)
        XCTAssertEqual(revoke.status, .noContent)
        let me = try await t.send(.GET, "/api/v1/me", token: token)
        XCTAssertEqual(me.status, .unauthorized)
        XCTAssertEqual(try me.problem().code, "unauthenticated")
        XCTAssertEqual(me.headers.first(name: "WWW-Authenticate"), "Bearer")
    }

    func testRevokingOneTokenLeavesOtherSessionsAlone() async throws {
        let user = try await t.makeUser(.expert)
        let first = try await t.token(for: user)
        let second = try await t.token(for: user)
        _ = try await t.send(.DELETE, "/api/v1/sessions/current", token: first)
        let stillValid = try await t.send(.GET, "/api/v1/me", token: second)
        XCTAssertEqual(stillValid.status, .ok)
    }

    func testTokenExpires() async throws {
        let token = try await t.token(for: try await t.makeUser(.expert))
        t.clock.advance(by: t.app.cadreConfiguration.apiTokenLifetime - 60)
        let beforeExpiry = try await t.send(.GET, "/api/v1/me", token: token)
        XCTAssertEqual(beforeExpiry.status, .ok)
        t.clock.advance(by: 120)
        let afterExpiry = try await t.send(.GET, "/api/v1/me", token: token)
        XCTAssertEqual(afterExpiry.status, .unauthorized)
    }

    func testGarbageTokensAreRejected() async throws {
        for token in ["", "cdr_nope", String(repeating: "x", count: 5000)] {
            let response = try await t.send(.GET, "/api/v1/me", headers: ["Authorization": "Bearer \(token)"])
            XCTAssertEqual(response.status, .unauthorized, "token \(token.prefix(20))")
        }
    }

    func testRepeatedFailuresLockTheAccountUntilTheWindowEnds() async throws {
        let user = try await t.makeUser(.expert)
        for _ in 0..<LoginThrottle.accountLimit {
            let failure = try await t.send(.POST, "/api/v1/sessions", json: ["email": user.email, "password": "wrong-password"])
            XCTAssertEqual(failure.status, .unauthorized)
        }
        // Even the right password is refused while locked, and the client is told when to retry.
        let locked = try await t.send(.POST, "/api/v1/sessions", json: ["email": user.email, "password": TestApp.password])
        XCTAssertEqual(locked.status, .tooManyRequests)
        XCTAssertEqual(try locked.problem().code, "too_many_attempts")
        let retryAfter = try XCTUnwrap(Int(locked.headers.first(name: "Retry-After") ?? ""))
        XCTAssertGreaterThan(retryAfter, 0)
        XCTAssertLessThanOrEqual(retryAfter, Int(LoginThrottle.window))

        // Another account is not affected.
        let other = try await t.makeUser(.expert)
        _ = try await t.token(for: other)

        t.clock.advance(by: LoginThrottle.window + 1)
        _ = try await t.token(for: user)
    }

    func testSuccessClearsTheAccountsFailureCount() async throws {
        let user = try await t.makeUser(.expert)
        for _ in 0..<(LoginThrottle.accountLimit - 1) {
            _ = try await t.send(.POST, "/api/v1/sessions", json: ["email": user.email, "password": "wrong-password"])
        }
        _ = try await t.token(for: user)
        for _ in 0..<(LoginThrottle.accountLimit - 1) {
            _ = try await t.send(.POST, "/api/v1/sessions", json: ["email": user.email, "password": "wrong-password"])
        }
        _ = try await t.token(for: user)
    }

    func testOneAddressGuessingManyAccountsIsThrottled() async throws {
        let user = try await t.makeUser(.expert)
        for index in 0..<LoginThrottle.addressLimit {
            let response = try await t.send(.POST, "/api/v1/sessions", json: ["email": "guess\(index)@example.com", "password": "wrong-password"])
            XCTAssertEqual(response.status, .unauthorized)
        }
        let blocked = try await t.send(.POST, "/api/v1/sessions", json: ["email": user.email, "password": TestApp.password])
        XCTAssertEqual(blocked.status, .tooManyRequests)
    }

    func testConcurrentFailuresAreAllCounted() async throws {
        let user = try await t.makeUser(.expert)
        let app = t!
        try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
            for _ in 0..<LoginThrottle.accountLimit {
                group.addTask {
                    try await app.send(.POST, "/api/v1/sessions", json: ["email": user.email, "password": "wrong-password"]).status
                }
            }
            for try await status in group { XCTAssertEqual(status, .unauthorized) }
        }
        let locked = try await t.send(.POST, "/api/v1/sessions", json: ["email": user.email, "password": TestApp.password])
        XCTAssertEqual(locked.status, .tooManyRequests)
    }
}
