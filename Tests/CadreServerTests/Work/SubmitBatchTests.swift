@testable import CadreServer
import FluentKit
import SQLKit
import XCTest
import XCTVapor

/// PostgreSQL only: concurrent submits on an instance are stored together by one statement
/// (`SubmitBatches`), and each answer gets what storing it alone would give it.
final class SubmitBatchTests: XCTestCase {
    var t: TestApp!
    var sql: (any SQLDatabase)!
    var project: Project!

    override func setUp() async throws {
        guard TestApp.postgresURL != nil else { throw XCTSkip("submit batches are PostgreSQL's group commit") }
        t = try await TestApp.make()
        sql = t.app.db as? any SQLDatabase
        project = try await t.makeProject(in: try await t.makeOrganization(), state: .active) { $0.answersPerTask = 2 }
    }
    override func tearDown() async throws { try await t?.shutdown() }

    /// Leases one task for each of `count` new experts over the API; (assignment, task) ids.
    private func leases(_ count: Int) async throws -> [(assignment: UUID, task: UUID)] {
        var leased: [(UUID, UUID)] = []
        for _ in 0..<count {
            let token = try await t.token(for: try await t.makeUser(.expert))
            let response = try await t.send(.POST, "/api/v1/projects/\(project.id!)/assignments/next", token: token)
            XCTAssertEqual(response.status, .created, response.body.string)
            let task = try XCTUnwrap(response.json["task"] as? [String: Any])
            leased.append((try XCTUnwrap(UUID(uuidString: response.json["id"] as? String ?? "")), try XCTUnwrap(UUID(uuidString: task["id"] as? String ?? ""))))
        }
        return leased
    }

    private func answer(_ assignmentID: UUID, key: String = UUID().uuidString, text: String = "positive", review: Bool = false) -> LeaseQueries.LeasedAnswer {
        LeaseQueries.LeasedAnswer(
            assignmentID: assignmentID, projectID: project.id!, answersPerTask: project.answersPerTask, answer: #"{"label":"\#(text)"}"#,
            idempotencyKey: key, submittedAt: t.clock.now, needsReview: review)
    }

    private func values(_ results: [Result<Bool, any Error>]) -> [Bool?] { results.map { try? $0.get() } }

    private func task(_ id: UUID) async throws -> (state: String, accepted: Int) {
        let found = try await sql.raw("SELECT state, accepted_count FROM tasks WHERE id = \(bind: id)").first()
        let row = try XCTUnwrap(found)
        return (try row.decode(column: "state", as: String.self), try row.decode(column: "accepted_count", as: Int.self))
    }

    private func assignment(_ id: UUID) async throws -> (state: String, key: String?) {
        let found = try await sql.raw("SELECT state, idempotency_key FROM assignments WHERE id = \(bind: id)").first()
        let row = try XCTUnwrap(found)
        return (try row.decode(column: "state", as: String.self), try row.decode(column: "idempotency_key", as: String?.self))
    }

    func testABatchStoresEachAnswerOnceAndCountsAnswersToOneTaskTogether() async throws {
        try await t.makeTask(in: project)
        t.clock.advance(by: 1)
        try await t.makeTask(in: project)
        let leased = try await leases(4)
        XCTAssertEqual(leased[0].task, leased[1].task, "k = 2: the first two experts share the oldest task")
        XCTAssertEqual(leased[2].task, leased[3].task)
        let batches = SubmitBatches()
        let results = await batches.store([
            answer(leased[0].assignment, key: "first"),
            answer(leased[1].assignment),
            answer(leased[2].assignment),
            answer(leased[3].assignment, review: true),
            answer(leased[0].assignment, key: "second"),
            answer(UUID()),
        ], on: t.app.db)
        XCTAssertEqual(values(results), [true, true, true, true, false, false], "a second answer to one assignment, or to none, is not stored")
        XCTAssertEqual(batches.totals, BatchTotals(batches: 1, items: 5), "one statement for all of them")
        let (firstState, firstAccepted) = try await task(leased[0].task)
        XCTAssertEqual(firstState, "complete", "two answers in one batch complete a task of k = 2")
        XCTAssertEqual(firstAccepted, 2)
        let (secondState, secondAccepted) = try await task(leased[2].task)
        XCTAssertEqual(secondState, "open", "an answer waiting for review is not counted yet")
        XCTAssertEqual(secondAccepted, 1)
        let first = try await assignment(leased[0].assignment)
        XCTAssertEqual(first.state, "accepted")
        XCTAssertEqual(first.key, "first", "the first answer to an assignment in a batch is the one stored")
        let reviewed = try await assignment(leased[3].assignment)
        XCTAssertEqual(reviewed.state, "submitted")
        let jobs = try await sql.raw("SELECT count(*) AS n FROM quality_jobs WHERE project_id = \(bind: project.id!)").first()
        XCTAssertEqual(try jobs?.decode(column: "n", as: Int.self), 1, "the project's consensus is queued once")
        let again = await batches.store([answer(leased[0].assignment, key: "first"), answer(leased[1].assignment)], on: t.app.db)
        XCTAssertEqual(values(again), [false, false], "stored answers are not leased any more: the careful path decides")
        let (_, acceptedAfter) = try await task(leased[0].task)
        XCTAssertEqual(acceptedAfter, 2)
    }

    func testAnAnswerPostgreSQLRefusesFailsAloneAndTheOthersAreStored() async throws {
        for _ in 0..<2 {
            try await t.makeTask(in: project)
            t.clock.advance(by: 1)
        }
        let leased = try await leases(3)
        let batches = SubmitBatches()
        // PostgreSQL's text cannot hold U+0000: the batch fails as a whole, then each answer alone.
        let results = await batches.store(
            [answer(leased[0].assignment), answer(leased[1].assignment, text: "nul\u{0}"), answer(leased[2].assignment)], on: t.app.db)
        XCTAssertEqual(values(results), [true, nil, true])
        XCTAssertEqual(batches.totals.batches, 0)
        let refused = try await assignment(leased[1].assignment)
        XCTAssertEqual(refused.state, "leased", "the refused answer changed nothing")
        let stored = try await assignment(leased[2].assignment)
        XCTAssertEqual(stored.state, "accepted")
    }

    func testConcurrentSubmitsShareStatementsAndEachIsStoredOnce() async throws {
        for _ in 0..<20 {
            try await t.makeTask(in: project)
            t.clock.advance(by: 1)
        }
        let leased = try await leases(40)
        let batches = SubmitBatches(maximumRunning: 1)
        let db = t.app.db
        let answers = leased.map { answer($0.assignment) } + leased.prefix(10).map { answer($0.assignment) }
        let stored = try await withThrowingTaskGroup(of: Bool.self) { group in
            for answer in answers { group.addTask { try await batches.submit(answer, on: db) } }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        XCTAssertEqual(stored, 40, "each of the 40 assignments is stored by exactly one of its submits")
        let rows = try await sql.raw("""
            SELECT count(*) AS tasks, sum(accepted_count)::int8 AS answers, count(*) FILTER (WHERE state = 'complete') AS complete
            FROM tasks WHERE project_id = \(bind: project.id!)
            """).first()
        XCTAssertEqual(try rows?.decode(column: "answers", as: Int.self), 40)
        XCTAssertEqual(try rows?.decode(column: "complete", as: Int.self), 20)
        let totals = batches.totals
        XCTAssertGreaterThan(totals.batches, 0, "fifty submits at once, one statement at a time: some must have waited together")
        XCTAssertLessThan(totals.batches, totals.items)
    }
}
