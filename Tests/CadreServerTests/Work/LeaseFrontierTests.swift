@testable import CadreServer
import FluentKit
import Synchronization
import XCTest
import XCTVapor

/// The lease frontier (where a project's free tasks begin, used by PostgreSQL's lease) is found
/// once per lifetime by one caller, and forgotten when work ahead of it is given back, so
/// leasing order holds: a task handed back is the next one leased.
final class LeaseFrontierTests: XCTestCase {
    func testTheFrontierIsFoundOncePerLifetimeAndAgainOnceForgotten() async throws {
        let frontiers = LeaseFrontiers(lifetime: 0.1)
        let project = UUID()
        let finds = Mutex(0)
        let first = LeaseFrontiers.Frontier(priority: 1, taskID: UUID())
        let find: () async throws -> LeaseFrontiers.Frontier? = {
            finds.withLock { $0 += 1 }
            return first
        }
        let found = try await frontiers.frontier(of: project, find: find)
        let again = try await frontiers.frontier(of: project, find: find)
        XCTAssertEqual(found, first)
        XCTAssertEqual(again, first)
        XCTAssertEqual(finds.withLock { $0 }, 1, "a fresh frontier is not looked up again")
        frontiers.forget(project)
        _ = try await frontiers.frontier(of: project, find: find)
        XCTAssertEqual(finds.withLock { $0 }, 2)
        try await Task.sleep(for: .milliseconds(150))
        _ = try await frontiers.frontier(of: project, find: find)
        XCTAssertEqual(finds.withLock { $0 }, 3, "a stale frontier is looked up again")
    }

    func testTheFrontierOnlyMovesForwardInLeasingOrder() async throws {
        let frontiers = LeaseFrontiers()
        let project = UUID()
        let early = UUID.timeOrdered(at: Date(timeIntervalSince1970: 1_000))
        let late = UUID.timeOrdered(at: Date(timeIntervalSince1970: 2_000))
        let start = LeaseFrontiers.Frontier(priority: 5, taskID: late)
        _ = try await frontiers.frontier(of: project) { start }
        let known = { try await frontiers.frontier(of: project) { nil } }
        frontiers.advance(project, to: LeaseFrontiers.Frontier(priority: 5, taskID: early))
        var current = try await known()
        XCTAssertEqual(current, start, "an older task of the same priority is behind it")
        frontiers.advance(project, to: LeaseFrontiers.Frontier(priority: 9, taskID: late))
        current = try await known()
        XCTAssertEqual(current, start, "a higher priority is behind it")
        let next = LeaseFrontiers.Frontier(priority: 2, taskID: early)
        frontiers.advance(project, to: next)
        current = try await known()
        XCTAssertEqual(current, next, "a lower priority comes after it")
        frontiers.advance(project, to: LeaseFrontiers.Frontier(priority: 2, taskID: late))
        current = try await known()
        XCTAssertEqual(current?.taskID, late, "a later task of the same priority comes after it")
    }

    func testWhileOneCallerFindsTheFrontierTheOthersDoNotWait() async throws {
        let frontiers = LeaseFrontiers()
        let project = UUID()
        let (started, startedContinuation) = AsyncStream<Void>.makeStream()
        let (release, releaseContinuation) = AsyncStream<Void>.makeStream()
        let slow = Task {
            try await frontiers.frontier(of: project) {
                startedContinuation.yield()
                for await _ in release { break }
                return LeaseFrontiers.Frontier(priority: 0, taskID: UUID())
            }
        }
        for await _ in started { break }
        let meanwhile = try await frontiers.frontier(of: project) {
            XCTFail("a second caller must not look the frontier up while the first does")
            return nil
        }
        XCTAssertNil(meanwhile, "nothing is known yet: the lease looks from the start")
        releaseContinuation.yield()
        let found = try await slow.value
        XCTAssertNotNil(found)
    }
}

/// Over the API, on both databases (the frontier is PostgreSQL's, the order is everyone's).
final class LeaseOrderAfterGivingBackTests: XCTestCase {
    var t: TestApp!
    var project: Project!
    var tasks: [WorkTask] = []

    override func setUp() async throws {
        t = try await TestApp.make()
        t.app.leaseFrontiers = LeaseFrontiers(lifetime: 0.1)
        project = try await t.makeProject(in: try await t.makeOrganization(), state: .active) { $0.leaseSeconds = 60 }
        tasks = []
        for index in 0..<3 {
            tasks.append(try await t.makeTask(in: project, externalID: "task-\(index)"))
            t.clock.advance(by: 1)
        }
    }
    override func tearDown() async throws { try await t.shutdown() }

    private func lease(by token: String) async throws -> (assignment: String, task: String) {
        let response = try await t.send(.POST, "/api/v1/projects/\(project.id!)/assignments/next", token: token)
        XCTAssertEqual(response.status, .created, response.body.string)
        let task = try XCTUnwrap(response.json["task"] as? [String: Any])
        return (try XCTUnwrap(response.json["id"] as? String), try XCTUnwrap(task["id"] as? String))
    }

    private func experts(_ count: Int) async throws -> [String] {
        var tokens: [String] = []
        for _ in 0..<count { tokens.append(try await t.token(for: try await t.makeUser(.expert))) }
        return tokens
    }

    func testASkippedTaskIsTheNextLeasedEvenAfterTheFrontierMovedPastIt() async throws {
        let (first, second, third) = try await { let e = try await experts(3); return (e[0], e[1], e[2]) }()
        let held = try await lease(by: first)
        XCTAssertEqual(held.task, tasks[0].id!.uuidString)
        try await Task.sleep(for: .milliseconds(150))  // The frontier is found again, past the first task.
        let next = try await lease(by: second)
        XCTAssertEqual(next.task, tasks[1].id!.uuidString)
        let skipped = try await t.send(.POST, "/api/v1/assignments/\(held.assignment)/skip", token: first, json: ["reason": "not my field"])
        XCTAssertEqual(skipped.status, .ok, skipped.body.string)
        let again = try await lease(by: third)
        XCTAssertEqual(again.task, tasks[0].id!.uuidString, "oldest first: the task given back comes before the third")
    }

    func testAnExpiredLeasesTaskIsTheNextLeasedEvenAfterTheFrontierMovedPastIt() async throws {
        let (first, second, third) = try await { let e = try await experts(3); return (e[0], e[1], e[2]) }()
        let held = try await lease(by: first)
        XCTAssertEqual(held.task, tasks[0].id!.uuidString)
        try await Task.sleep(for: .milliseconds(150))
        let next = try await lease(by: second)
        XCTAssertEqual(next.task, tasks[1].id!.uuidString)
        t.clock.advance(by: 120)  // The first lease ran out, and the expired-lease sweep is due.
        let again = try await lease(by: third)
        XCTAssertEqual(again.task, tasks[0].id!.uuidString, "oldest first: the expired lease's task comes before the third")
    }

    func testASweepThatGivesNothingBackKeepsTheFrontier() async throws {
        t.app.leaseFrontiers = LeaseFrontiers(lifetime: 600)
        let frontiers = t.app.leaseFrontiers
        let (first, second) = try await { let e = try await experts(2); return (e[0], e[1]) }()
        _ = try await lease(by: first)
        // Known on both databases (SQLite's lease does not use it, but a sweep forgets it there too).
        let start = LeaseFrontiers.Frontier(priority: tasks[1].priority, taskID: tasks[1].id!)
        _ = try await frontiers.frontier(of: project.id!) { start }
        t.clock.advance(by: 5)  // The sweep is due; the first lease has 55 s left.
        _ = try await lease(by: second)
        let kept = try await frontiers.frontier(of: project.id!) {
            XCTFail("a sweep that reclaimed nothing forgot the frontier: the next leases scan from the start")
            return nil
        }
        XCTAssertNotNil(kept)
    }
}
