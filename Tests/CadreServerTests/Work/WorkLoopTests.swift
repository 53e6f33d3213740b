@testable import CadreServer
import CadreCore
import FluentKit
import XCTest
import XCTVapor

final class WorkLoopTests: XCTestCase {
    var t: TestApp!
    var organization: Organization!
    var project: Project!
    var expert: User!
    var token: String!

    override func setUp() async throws {
        t = try await TestApp.make()
        organization = try await t.makeOrganization()
        project = try await t.makeProject(in: organization, state: .active) { $0.answersPerTask = 2 }
        expert = try await t.makeUser(.expert)
        token = try await t.token(for: expert)
    }
    override func tearDown() async throws { try await t.shutdown() }

    private func next(_ token: String? = nil) async throws -> TestResponse {
        try await t.send(.POST, "/api/v1/projects/\(project.id!)/assignments/next", token: token ?? self.token)
    }

    private func leaseID() async throws -> String {
        let response = try await next()
        XCTAssertEqual(response.status, .created, response.body.string)
        return try XCTUnwrap(response.json["id"] as? String)
    }

    private func submit(_ assignment: String, _ answer: [String: Any], key: String = UUID().uuidString, token: String? = nil) async throws -> TestResponse {
        try await t.send(.POST, "/api/v1/assignments/\(assignment)/submit", token: token ?? self.token, json: ["answer": answer],
                         headers: ["Idempotency-Key": key])
    }

    func testHighestPriorityThenOldestFirstAndNeverTheSameTaskTwice() async throws {
        let low = try await t.makeTask(in: project, externalID: "low", priority: 0)
        t.clock.advance(by: 1)
        let high = try await t.makeTask(in: project, externalID: "high", priority: 5)
        t.clock.advance(by: 1)
        let lowNewer = try await t.makeTask(in: project, externalID: "low-newer", priority: 0)
        var order: [String] = []
        while true {
            let response = try await next()
            if response.status == .noContent { break }
            XCTAssertEqual(response.status, .created, response.body.string)
            let assignment = response.json
            let task = try XCTUnwrap(assignment["task"] as? [String: Any])
            order.append(try XCTUnwrap(task["id"] as? String))
            XCTAssertNotNil(task["input"])
            let submitted = try await submit(assignment["id"] as! String, ["label": "positive"])
            XCTAssertEqual(submitted.status, .created, submitted.body.string)
        }
        XCTAssertEqual(order, [high.id!, low.id!, lowNewer.id!].map(\.uuidString))
    }

    func testAskingAgainReturnsTheLiveLease() async throws {
        try await t.makeTask(in: project)
        try await t.makeTask(in: project)
        let first = try await next()
        let again = try await next()
        XCTAssertEqual(first.status, .created)
        XCTAssertEqual(again.status, .ok)
        XCTAssertEqual(first.json["id"] as? String, again.json["id"] as? String)
    }

    func testNoMoreThanKAnswersPerTask() async throws {
        let task = try await t.makeTask(in: project)
        var holders: [String] = []
        for _ in 0..<3 {
            let other = try await t.makeUser(.expert)
            let token = try await t.token(for: other)
            let response = try await next(token)
            if response.status == .created { holders.append(token) }
        }
        XCTAssertEqual(holders.count, 2, "k = 2: a third expert must not get the task")
        let stored = try await WorkTask.find(task.id, on: t.app.db)
        XCTAssertEqual(stored?.slotsTaken, 2)
    }

    func testSubmitIsIdempotentByKey() async throws {
        let task = try await t.makeTask(in: project)
        let lease = try await next()
        let id = try XCTUnwrap(lease.json["id"] as? String)
        let first = try await submit(id, ["label": "negative", "rationale": "angry"], key: "key-1")
        XCTAssertEqual(first.status, .created)
        XCTAssertEqual(first.json["state"] as? String, "accepted")
        let retry = try await submit(id, ["label": "negative", "rationale": "angry"], key: "key-1")
        XCTAssertEqual(retry.status, .ok)
        XCTAssertEqual(retry.json["submitted_at"] as? String, first.json["submitted_at"] as? String)
        let different = try await submit(id, ["label": "positive"], key: "key-2")
        XCTAssertEqual(different.status, .conflict)
        XCTAssertEqual(try different.problem().code, "already_submitted")

        let stored = try await WorkTask.find(task.id, on: t.app.db)
        XCTAssertEqual(stored?.acceptedCount, 1, "a retry must not count twice")
        let answer = try await Assignment.find(UUID(uuidString: id), on: t.app.db)?.answer
        XCTAssertEqual(try answer.map { try JSONValue(parsing: $0) }, ["labels": ["negative"], "rationale": "angry"])
    }

    func testInvalidAnswersAreRefusedAndChangeNothing() async throws {
        try await t.makeTask(in: project)
        let id = try await leaseID()
        let wrong = try await submit(id, ["label": "furious"])
        XCTAssertEqual(wrong.status, .unprocessableEntity)
        XCTAssertEqual(try wrong.problem().errors.first?.field.hasPrefix("answer"), true)
        let noKey = try await t.send(.POST, "/api/v1/assignments/\(id)/submit", token: token, json: ["answer": ["label": "positive"]])
        XCTAssertEqual(noKey.status, .badRequest)
        XCTAssertEqual(try noKey.problem().code, "idempotency_key_required")
        let missing = try await t.send(.POST, "/api/v1/assignments/\(id)/submit", token: token, json: ["nothing": 1], headers: ["Idempotency-Key": "k"])
        XCTAssertEqual(try missing.problem().errors.map(\.field), ["answer"])
        let assignment = try await Assignment.find(UUID(uuidString: id), on: t.app.db)
        XCTAssertEqual(assignment?.state, .leased)
        XCTAssertNil(assignment?.answer)
    }

    func testExpiredLeaseReturnsTheTaskAndALateSubmitIsRefusedOnceTheSlotIsTaken() async throws {
        project.answersPerTask = 1
        try await project.save(on: t.app.db)
        try await t.makeTask(in: project)
        let id = try await leaseID()

        t.clock.advance(by: TimeInterval(project.leaseSeconds) + 1)
        let heartbeat = try await t.send(.POST, "/api/v1/assignments/\(id)/heartbeat", token: token)
        XCTAssertEqual(heartbeat.status, .conflict)

        let other = try await t.token(for: try await t.makeUser(.expert))
        let taken = try await next(other)
        XCTAssertEqual(taken.status, .created, "the expired lease's task goes back to the pool")

        let late = try await submit(id, ["label": "positive"])
        XCTAssertEqual(late.status, .conflict)
        XCTAssertEqual(try late.problem().code, "lease_expired")
    }

    func testALateSubmitStillCountsWhileTheSlotIsFree() async throws {
        try await t.makeTask(in: project)
        let id = try await leaseID()
        t.clock.advance(by: TimeInterval(project.leaseSeconds) + 1)
        let late = try await submit(id, ["label": "positive"])
        XCTAssertEqual(late.status, .created, late.body.string)
    }

    func testHeartbeatExtendsTheLease() async throws {
        try await t.makeTask(in: project)
        let lease = try await next()
        let id = try XCTUnwrap(lease.json["id"] as? String)
        t.clock.advance(by: 600)
        let heartbeat = try await t.send(.POST, "/api/v1/assignments/\(id)/heartbeat", token: token)
        XCTAssertEqual(heartbeat.status, .ok)
        XCTAssertNotEqual(heartbeat.json["expires_at"] as? String, lease.json["expires_at"] as? String)
        t.clock.advance(by: 600)
        let submitted = try await submit(id, ["label": "neutral"])
        XCTAssertEqual(submitted.status, .created)
    }

    func testSkipFreesTheTaskForOthersButNeverForTheSkipper() async throws {
        project.answersPerTask = 1
        try await project.save(on: t.app.db)
        try await t.makeTask(in: project)
        let id = try await leaseID()
        let skipped = try await t.send(.POST, "/api/v1/assignments/\(id)/skip", token: token, json: ["reason": "not my language"])
        XCTAssertEqual(skipped.status, .ok)
        XCTAssertEqual(skipped.json["state"] as? String, "skipped")
        let mine = try await next()
        XCTAssertEqual(mine.status, .noContent)
        let other = try await t.token(for: try await t.makeUser(.expert))
        let theirs = try await next(other)
        XCTAssertEqual(theirs.status, .created)
    }

    func testUnqualifiedExpertsAndInactiveProjectsGetNoWork() async throws {
        try await t.makeTask(in: project)
        project.requiredQualifications = #"{"domains":[{"domain":"law","min_ability":1}],"languages":[]}"#
        try await project.save(on: t.app.db)
        let refused = try await next()
        XCTAssertEqual(refused.status, .forbidden)
        XCTAssertEqual(try refused.problem().code, "not_qualified")
        XCTAssertTrue(try refused.problem().detail.contains("law"))
        let anywhere = try await t.send(.POST, "/api/v1/assignments/next", token: token)
        XCTAssertEqual(anywhere.status, .noContent)

        try await Qualification(userID: expert.id!, kind: .domain, subject: "law", level: 1.5, at: t.clock.now).create(on: t.app.db)
        project.state = .paused
        try await project.save(on: t.app.db)
        let paused = try await next()
        XCTAssertEqual(paused.status, .conflict)
        XCTAssertEqual(try paused.problem().code, "project_not_active")
        let leases = try await Assignment.query(on: t.app.db).count()
        XCTAssertEqual(leases, 0)
    }

    func testAnotherExpertsAssignmentIsHidden() async throws {
        try await t.makeTask(in: project)
        let id = try await leaseID()
        let other = try await t.token(for: try await t.makeUser(.expert))
        let stolen = try await submit(id, ["label": "positive"], token: other)
        XCTAssertEqual(stolen.status, .notFound)
    }

    func testCrossProjectNextPicksTheHighestPriorityProject() async throws {
        let urgent = try await t.makeProject(in: organization, state: .active) { $0.priority = 10 }
        try await t.makeTask(in: project)
        let urgentTask = try await t.makeTask(in: urgent)
        let response = try await t.send(.POST, "/api/v1/assignments/next", token: token)
        XCTAssertEqual(response.status, .created)
        XCTAssertEqual((response.json["task"] as? [String: Any])?["id"] as? String, urgentTask.id?.uuidString)
        XCTAssertEqual(response.json["project_id"] as? String, urgent.id?.uuidString)
    }

    func testHistoryShowsTheExpertsOwnAssignmentsOnly() async throws {
        try await t.makeTask(in: project)
        try await t.makeTask(in: project)
        let id = try await leaseID()
        _ = try await submit(id, ["label": "positive"])
        let other = try await t.token(for: try await t.makeUser(.expert))
        _ = try await next(other)
        let history = try await t.send(.GET, "/api/v1/assignments", token: token)
        let items = try XCTUnwrap(history.json["items"] as? [[String: Any]])
        XCTAssertEqual(items.map { $0["id"] as? String }, [id])
        XCTAssertEqual((items.first?["answer"] as? [String: Any])?["labels"] as? [String], ["positive"])
    }
}
