@testable import CadreServer
import FluentKit
import SQLKit
import XCTest
import XCTVapor

/// PostgreSQL only: the leases concurrent requests ask of one project are made by one
/// statement (`LeaseBatches`), and each gets what leasing alone would give it: its own task, in
/// leasing order, never one its expert has seen, never a second live lease.
final class LeaseBatchTests: XCTestCase {
    var t: TestApp!
    var sql: (any SQLDatabase)!

    override func setUp() async throws {
        guard TestApp.postgresURL != nil else { throw XCTSkip("lease batches are PostgreSQL's group commit") }
        t = try await TestApp.make()
        sql = t.app.db as? any SQLDatabase
    }
    override func tearDown() async throws { try await t?.shutdown() }

    private func project(k: Int, tasks count: Int) async throws -> (Project, [WorkTask]) {
        let project = try await t.makeProject(in: try await t.makeOrganization(), state: .active) { $0.answersPerTask = k }
        var tasks: [WorkTask] = []
        for _ in 0..<count {
            tasks.append(try await t.makeTask(in: project))
            t.clock.advance(by: 1)
        }
        return (project, tasks)
    }

    private func experts(_ count: Int) async throws -> [UUID] {
        var ids: [UUID] = []
        for _ in 0..<count { ids.append(try await t.makeUser(.expert).id!) }
        return ids
    }

    private func lease(_ project: Project, for expertID: UUID) -> LeaseQueries.NewLease {
        LeaseQueries.NewLease(
            assignmentID: UUID(), projectID: project.id!, expertID: expertID, answersPerTask: project.answersPerTask,
            leasedAt: t.clock.now, expiresAt: t.clock.now.addingTimeInterval(900))
    }

    private func tasks(of results: [Result<LeaseQueries.TakenTask?, any Error>]) throws -> [UUID?] {
        try results.map { try $0.get()?.id }
    }

    /// Leased rows per expert on the project.
    private func leasedCount(_ project: Project) async throws -> [UUID: Int] {
        let rows = try await sql.raw("""
            SELECT expert_id, count(*)::int8 AS n FROM assignments WHERE project_id = \(bind: project.id!) AND state = 'leased' GROUP BY expert_id
            """).all()
        return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.decode(column: "expert_id", as: UUID.self), try $0.decode(column: "n", as: Int.self)) })
    }

    func testABatchGivesEachExpertItsOwnTaskInLeasingOrder() async throws {
        let (project, tasks) = try await project(k: 1, tasks: 5)
        let experts = try await experts(3)
        let batches = LeaseBatches()
        let results = await batches.make(experts.map { lease(project, for: $0) }, frontiers: LeaseFrontiers(), on: t.app.db)
        XCTAssertEqual(try self.tasks(of: results), tasks.prefix(3).map(\.id), "the first expert of the group gets the oldest task")
        XCTAssertEqual(batches.totals, BatchTotals(batches: 1, items: 3))
        let leased = try await leasedCount(project)
        XCTAssertEqual(leased, Dictionary(uniqueKeysWithValues: experts.map { ($0, 1) }))
        let taken = try await WorkTask.query(on: t.app.db).filter(\.$project.$id == project.id!).sort(\.$id).all()
        XCTAssertEqual(taken.map(\.slotsTaken), [1, 1, 1, 0, 0])
    }

    func testBothStatementsPairTheFirstFreeTasksWithTheExperts() async throws {
        let (project, tasks) = try await project(k: 1, tasks: 6)
        let experts = try await experts(4)
        let fromStart = try await t.app.db.run(PreparedWork.LeaseFreeTasks(leases: experts.prefix(2).map { lease(project, for: $0) }))
        XCTAssertEqual(Set(fromStart.map(\.1)), Set(tasks.prefix(2).map(\.id!)))
        let frontier = LeaseFrontiers.Frontier(priority: 0, taskID: tasks[3].id!)
        let fromFrontier = try await t.app.db.run(
            PreparedWork.LeaseFreeTasksFromFrontier(leases: experts.suffix(2).map { lease(project, for: $0) }, frontier: frontier))
        XCTAssertEqual(Set(fromFrontier.map(\.1)), Set(tasks[3...4].map(\.id!)), "from the frontier on, skipping the task before it")
    }

    func testAnExpertWithALiveLeaseOrTwiceInTheGroupGetsNoSecondLease() async throws {
        let (project, tasks) = try await project(k: 1, tasks: 5)
        let experts = try await experts(2)
        let (holder, other) = (experts[0], experts[1])
        let frontiers = LeaseFrontiers()
        let batches = LeaseBatches()
        let first = await batches.make([lease(project, for: holder)], frontiers: frontiers, on: t.app.db)
        XCTAssertEqual(try self.tasks(of: first), [tasks[0].id])
        let results = await batches.make(
            [lease(project, for: holder), lease(project, for: other), lease(project, for: other)], frontiers: frontiers, on: t.app.db)
        XCTAssertEqual(try self.tasks(of: results), [nil, tasks[1].id, nil], "the careful path finds their live leases")
        let leased = try await leasedCount(project)
        XCTAssertEqual(leased, [holder: 1, other: 1])
    }

    func testNoExpertGetsATaskItHasSeenAndNoTaskGoesOverK() async throws {
        let (project, tasks) = try await project(k: 2, tasks: 4)
        let experts = try await experts(3)
        let frontiers = LeaseFrontiers()
        let batches = LeaseBatches()
        // The first expert answers the oldest task, which keeps a free slot.
        let first = await batches.make([lease(project, for: experts[0])], frontiers: frontiers, on: t.app.db)
        XCTAssertEqual(try self.tasks(of: first), [tasks[0].id])
        try await sql.raw("UPDATE assignments SET state = 'accepted' WHERE expert_id = \(bind: experts[0])").run()
        var taken: [UUID?] = []
        for _ in 0..<2 {
            let round = await batches.make(experts.map { lease(project, for: $0) }, frontiers: frontiers, on: t.app.db)
            taken += try self.tasks(of: round)
            try await sql.raw("UPDATE assignments SET state = 'accepted' WHERE project_id = \(bind: project.id!)").run()
        }
        let rows = try await sql.raw("""
            SELECT task_id, expert_id FROM assignments WHERE project_id = \(bind: project.id!)
            """).all()
        let pairs = try rows.map { "\(try $0.decode(column: "task_id", as: UUID.self))-\(try $0.decode(column: "expert_id", as: UUID.self))" }
        XCTAssertEqual(Set(pairs).count, pairs.count, "no expert twice on a task")
        let slots = try await WorkTask.query(on: t.app.db).filter(\.$project.$id == project.id!).all().map(\.slotsTaken)
        XCTAssertTrue(slots.allSatisfy { $0 <= 2 }, "\(slots)")
        XCTAssertEqual(slots.reduce(0, +), pairs.count, "every lease took one slot")
        XCTAssertEqual(taken.compactMap { $0 }.count, 6, "two rounds of three experts over four tasks of k = 2: all served")
    }
}
