@testable import CadreServer
import CadreCore
import FluentKit
import XCTest
import XCTVapor

/// The work loop reads tokens, qualifications, standings and projects through short-lived
/// caches. Each test first makes the loop read (and so cache) the thing, then changes it
/// through the API, and expects the very next request to see the change: these fail if a
/// write does not invalidate.
final class ReadCacheTests: XCTestCase {
    var t: TestApp!
    var organization: Organization!
    var project: Project!
    var expert: User!
    var token: String!
    var admin: String!

    override func setUp() async throws {
        t = try await TestApp.make()
        organization = try await t.makeOrganization()
        project = try await t.makeProject(in: organization, state: .active)
        expert = try await t.makeUser(.expert)
        token = try await t.token(for: expert)
        admin = try await t.token(for: try await t.makeUser(.admin))
        for _ in 0..<5 { try await t.makeTask(in: project) }
    }

    override func tearDown() async throws { try await t.shutdown() }

    private func next() async throws -> TestResponse {
        try await t.send(.POST, "/api/v1/projects/\(project.id!)/assignments/next", token: token)
    }

    /// Leases and submits once, so every read of the loop has been made (and cached).
    private func workOnce() async throws {
        let leased = try await next()
        XCTAssertEqual(leased.status, .created, leased.body.string)
        let id = try XCTUnwrap(leased.json["id"] as? String)
        let submitted = try await t.send(
            .POST, "/api/v1/assignments/\(id)/submit", token: token, json: ["answer": ["label": "positive"]],
            headers: ["Idempotency-Key": id])
        XCTAssertEqual(submitted.status, .created, submitted.body.string)
    }

    func testARevokedTokenIsRefusedAtOnce() async throws {
        try await workOnce()
        let revoked = try await t.send(.DELETE, "/api/v1/sessions/current", token: token)
        XCTAssertEqual(revoked.status, .noContent)
        let me = try await t.send(.GET, "/api/v1/me", token: token)
        XCTAssertEqual(me.status, .unauthorized)
        let refused = try await next()
        XCTAssertEqual(refused.status, .unauthorized)
    }

    func testAnExpiredTokenIsRefusedEvenWhileCached() async throws {
        try await workOnce()
        t.clock.advance(by: t.app.cadreConfiguration.apiTokenLifetime + 1)
        let refused = try await next()
        XCTAssertEqual(refused.status, .unauthorized)
    }

    func testAPausedProjectHandsOutNoWorkAtOnce() async throws {
        try await workOnce()
        let paused = try await t.send(.POST, "/api/v1/projects/\(project.id!)/pause", token: admin)
        XCTAssertEqual(paused.status, .ok, paused.body.string)
        let refused = try await next()
        XCTAssertEqual(refused.status, .conflict)
        XCTAssertEqual(try refused.problem().code, "project_not_active")
        let leases = try await Assignment.query(on: t.app.db).count()
        XCTAssertEqual(leases, 1)

        let resumed = try await t.send(.POST, "/api/v1/projects/\(project.id!)/activate", token: admin)
        XCTAssertEqual(resumed.status, .ok, resumed.body.string)
        try await workOnce()
    }

    func testNewRequirementsAndNewQualificationsApplyAtOnce() async throws {
        try await workOnce()
        let found = try await Project.find(project.id!, on: t.app.db)
        let stored = try XCTUnwrap(found)
        stored.requiredQualifications = #"{"domains":[{"domain":"law","min_ability":1}],"languages":[]}"#
        try await stored.save(on: t.app.db)
        let refused = try await next()
        XCTAssertEqual(refused.status, .forbidden)
        XCTAssertEqual(try refused.problem().code, "not_qualified")

        let granted = try await t.send(
            .POST, "/api/v1/experts/\(expert.id!)/qualifications", token: admin, json: ["kind": "domain", "subject": "law", "level": 1.5])
        XCTAssertEqual(granted.status, .created, granted.body.string)
        try await workOnce()
    }

    func testPausingAnExpertAndReinstatingApplyAtOnce() async throws {
        try await workOnce()
        let standing = ExpertStanding(projectID: project.id!, expertID: expert.id!, at: t.clock.now)
        standing.paused = true
        standing.pauseReason = "Gold accuracy is below the bar."
        try await standing.create(on: t.app.db)
        let refused = try await next()
        XCTAssertEqual(refused.status, .forbidden, refused.body.string)
        XCTAssertEqual(try refused.problem().code, "paused")

        let reinstated = try await t.send(.POST, "/api/v1/projects/\(project.id!)/experts/\(expert.id!)/reinstate", token: admin)
        XCTAssertEqual(reinstated.status, .noContent, reinstated.body.string)
        try await workOnce()
    }

    func testARemovedEntryIsNotStoredAgainByALoadThatRacedTheWrite() async throws {
        let cache = ShortLivedCache<String, Int>(lifetime: 60)
        // A load that began before the write and finishes after it: its value is returned, not kept.
        let raced = await cache.value(for: "k") {
            cache.remove("k")
            return 1
        }
        XCTAssertEqual(raced, 1)
        XCTAssertNil(cache.cachedValue(for: "k"))
        // A load after the write, before it could have committed, is not kept either.
        _ = await cache.value(for: "k") { 2 }
        XCTAssertNil(cache.cachedValue(for: "k"))
        // Other keys cache as usual.
        _ = await cache.value(for: "other") { 3 }
        XCTAssertEqual(cache.cachedValue(for: "other"), 3)
    }

    func testAnEntryPastItsLifetimeIsReadAgainByOneCallerWhileTheOthersUseIt() async throws {
        let cache = ShortLivedCache<String, Int>(lifetime: 1)
        _ = await cache.value(for: "k") { 1 }
        try await Task.sleep(for: .milliseconds(1050))
        let (started, startedContinuation) = AsyncStream<Void>.makeStream()
        let (release, releaseContinuation) = AsyncStream<Void>.makeStream()
        let refresh = Task {
            await cache.value(for: "k") {
                startedContinuation.yield()
                for await _ in release { break }
                return 2
            }
        }
        for await _ in started { break }
        let meanwhile = await cache.value(for: "k") {
            XCTFail("a second caller must not read while the first one does")
            return 3
        }
        XCTAssertEqual(meanwhile, 1, "the others keep the old value during the read")
        releaseContinuation.yield()
        let refreshed = await refresh.value
        XCTAssertEqual(refreshed, 2)
        XCTAssertEqual(cache.cachedValue(for: "k"), 2, "the read's value is stored")
    }

    func testAnOldValueIsNeverUsedPastTwiceTheLifetimeNorAfterAFailedOrEmptyRead() async throws {
        let cache = ShortLivedCache<String, Int>(lifetime: 0.1)
        _ = await cache.value(for: "k") { 1 }
        try await Task.sleep(for: .milliseconds(120))
        struct Unreachable: Error {}
        do {
            _ = try await cache.value(for: "k") { throw Unreachable() }
            XCTFail("the read's error reaches its caller")
        } catch {}
        let afterFailure = await cache.value(for: "k") { 2 }
        XCTAssertEqual(afterFailure, 2, "a failed read leaves nobody refreshing: the next caller reads")
        try await Task.sleep(for: .milliseconds(120))
        let gone = await cache.value(for: "k") { nil }
        XCTAssertNil(gone)
        let afterEmpty = await cache.value(for: "k") { 4 }
        XCTAssertEqual(afterEmpty, 4, "a read that found nothing drops the old value")
        // A refresh that never finishes: past twice the lifetime the old value is not served.
        try await Task.sleep(for: .milliseconds(120))
        let (started, startedContinuation) = AsyncStream<Void>.makeStream()
        let stuck = Task {
            await cache.value(for: "k") {
                startedContinuation.yield()
                try? await Task.sleep(for: .seconds(5))
                return 5
            }
        }
        for await _ in started { break }
        try await Task.sleep(for: .milliseconds(100))
        let late = await cache.value(for: "k") { 6 }
        XCTAssertEqual(late, 6, "over twice the lifetime old: read again rather than trusted")
        stuck.cancel()
    }

    func testAWriteHoldsItsKeyUntilItEndsAndLongerOnlyIfItMayNotHaveCommitted() async throws {
        let cache = ShortLivedCache<String, Int>(lifetime: 60)
        cache.beginWrite("k")
        cache.beginWrite("k")
        _ = await cache.value(for: "k") { 1 }
        XCTAssertNil(cache.cachedValue(for: "k"), "not stored while a write runs")
        let raced = await cache.value(for: "k") {
            cache.endWrite("k", committed: true)
            return 2
        }
        XCTAssertEqual(raced, 2)
        XCTAssertNil(cache.cachedValue(for: "k"), "nor by a load that began before the write ended, nor while the other runs")
        cache.endWrite("k", committed: true)
        _ = await cache.value(for: "k") { 3 }
        XCTAssertEqual(cache.cachedValue(for: "k"), 3, "once every write has committed, the next load is stored")

        cache.beginWrite("k")
        XCTAssertNil(cache.cachedValue(for: "k"))
        cache.endWrite("k", committed: false)
        _ = await cache.value(for: "k") { 4 }
        XCTAssertNil(cache.cachedValue(for: "k"), "a write inside a transaction holds the key for one lifetime")
    }

    /// An activation outside a transaction has committed when it returns: the next lease
    /// caches the project (it was read again on every request for one lifetime). One saved in
    /// a writer's transaction is held.
    func testAProjectSavedOutsideATransactionIsCachedAgainAtOnce() async throws {
        try await workOnce()
        let paused = try await t.send(.POST, "/api/v1/projects/\(project.id!)/pause", token: admin)
        XCTAssertEqual(paused.status, .ok, paused.body.string)
        let resumed = try await t.send(.POST, "/api/v1/projects/\(project.id!)/activate", token: admin)
        XCTAssertEqual(resumed.status, .ok, resumed.body.string)
        XCTAssertNil(t.app.readCaches.projects.cachedValue(for: project.id!))
        try await workOnce()
        XCTAssertEqual(t.app.readCaches.projects.cachedValue(for: project.id!)?.state, .active)

        let id = project.id!
        try await t.app.writer.transaction(on: t.app.db) { db in
            let found = try await Project.find(id, on: db)
            found?.priority += 1
            try await found?.save(on: db)
        }
        try await workOnce()
        XCTAssertNil(t.app.readCaches.projects.cachedValue(for: id))
    }
}
