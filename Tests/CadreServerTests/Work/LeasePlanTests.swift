@testable import CadreServer
import FluentKit
import SQLKit
import XCTest
import XCTVapor

/// PostgreSQL only: the work loop's statements keep plans that do not grow with the data once
/// the tables have statistics, for a project the statistics have never seen — and a large
/// import gives them statistics at once. Each of these went wrong in a long-lived database:
/// a submit that scanned a partial index of every lease since the last vacuum, a lease that
/// merged against every answer ever given or read every assignment of the project, and a
/// first lease that sorted all of a new project's tasks.
final class LeasePlanTests: XCTestCase {
    var t: TestApp!
    var sql: (any SQLDatabase)!

    override func setUp() async throws {
        guard TestApp.postgresURL != nil else { throw XCTSkip("plans are PostgreSQL's") }
        t = try await TestApp.make()
        sql = t.app.db as? any SQLDatabase
    }
    override func tearDown() async throws { try await t?.shutdown() }

    /// A finished project with `count` answered tasks, then fresh statistics.
    private func history(count: Int) async throws {
        let project = try await t.makeProject(in: try await t.makeOrganization(), state: .completed)
        let expert = try await t.makeUser(.expert)
        try await sql.raw("""
            INSERT INTO tasks (id, project_id, external_id, input, priority, state, slots_taken, accepted_count, is_gold, extra_answers)
            SELECT gen_random_uuid(), \(bind: project.id!), 'old-' || n, '{"text":"old"}', 0, 'complete', 1, 1, false, 0
            FROM generate_series(1, \(bind: count)) AS n
            """).run()
        try await sql.raw("""
            INSERT INTO assignments (id, task_id, project_id, expert_id, state, leased_at, expires_at, submitted_at, answer, needs_review, decided_at, is_gold)
            SELECT gen_random_uuid(), id, project_id, \(bind: expert.id!), 'accepted', now(), now(), now(), '{"label":"positive"}', false, now(), false
            FROM tasks WHERE project_id = \(bind: project.id!)
            """).run()
        try await sql.raw("ANALYZE tasks").run()
        try await sql.raw("ANALYZE assignments").run()
    }

    /// The plan of prepared `statement` for `arguments`, as EXPLAIN's text, on one connection:
    /// generic (as PostgreSQL settles on after a few executions) or custom (planned for these
    /// arguments, as it starts).
    private func plan(_ statement: String, arguments: String, generic: Bool = true) async throws -> String {
        try await t.app.db.transaction { db in
            let sql = db as! any SQLDatabase
            try await sql.raw("SET LOCAL plan_cache_mode = \(unsafeRaw: generic ? "force_generic_plan" : "force_custom_plan")").run()
            try await sql.raw("PREPARE plan_probe AS \(unsafeRaw: statement)").run()
            let rows = try await sql.raw("EXPLAIN EXECUTE plan_probe(\(unsafeRaw: arguments))").all()
            try await sql.raw("DEALLOCATE plan_probe").run()
            return try rows.map { try $0.decode(column: "QUERY PLAN", as: String.self) }.joined(separator: "\n")
        }
    }

    private func indexes(in plan: String, on prefix: String) -> Set<String> {
        let pattern = #/(?:Scan using|Bitmap Index Scan on) ([a-z_]+)/#
        return Set(plan.matches(of: pattern).map { String($0.output.1) }.filter { $0.hasPrefix(prefix) })
    }

    func testASubmitFindsItsAssignmentByPrimaryKey() async throws {
        try await history(count: 3000)
        let plan = try await plan(
            PreparedWork.SubmitLeased.sql,
            arguments: "'accepted', '{}', 'key', now(), false, gen_random_uuid(), 1, gen_random_uuid(), 0")
        XCTAssertEqual(indexes(in: plan, on: "assignments"), ["assignments_pkey"], plan)
    }

    func testABatchOfSubmitsFindsItsAssignmentsByPrimaryKey() async throws {
        try await history(count: 3000)
        let plan = try await plan(
            PreparedWork.SubmitLeasedBatch.sql,
            arguments: """
                ARRAY[gen_random_uuid(), gen_random_uuid()], ARRAY['accepted', 'accepted'], ARRAY['{}', '{}'], ARRAY['a', 'b'], \
                ARRAY[now(), now()], ARRAY[false, false], ARRAY[1, 1], ARRAY[gen_random_uuid(), gen_random_uuid()], ARRAY[0.0, 0.0]
                """)
        XCTAssertEqual(indexes(in: plan, on: "assignments"), ["assignments_pkey"], plan)
        XCTAssertFalse(plan.contains("Seq Scan on assignments") || plan.contains("Seq Scan on tasks"), plan)
    }

    func testALeaseLooksUpEachCandidateAndTheExpertsOwnLeasesOnly() async throws {
        try await history(count: 3000)
        let project = try await t.makeProject(in: try await t.makeOrganization(), state: .active)
        for _ in 0..<20 { try await t.makeTask(in: project) }
        let lease = "'\(project.id!)', 1, gen_random_uuid(), now(), gen_random_uuid(), now()"
        let leases = "'\(project.id!)', 1, ARRAY[gen_random_uuid(), gen_random_uuid()], ARRAY[gen_random_uuid(), gen_random_uuid()], ARRAY[now(), now()], ARRAY[now(), now()], 2"
        for (statement, arguments) in [
            (PreparedWork.LeaseFreeTask.sql, lease),
            (PreparedWork.LeaseFreeTaskFromFrontier.sql, lease + ", 0, gen_random_uuid()"),
            (PreparedWork.LeaseFreeTasks.sql, leases),
            (PreparedWork.LeaseFreeTasksFromFrontier.sql, leases + ", 0, gen_random_uuid()"),
        ] {
            for generic in [true, false] {
            let plan = try await plan(statement, arguments: arguments, generic: generic)
            XCTAssertFalse(plan.contains("Anti Join"), "a join against every answer instead of a lookup per candidate: \(plan)")
            let used = indexes(in: plan, on: "assignments")
            XCTAssertTrue(
                used.isSubset(of: ["assignments_one_per_expert", "assignments_leased", "assignments_by_expert"]),
                "assignments read through \(used.sorted()), not by task and expert: \(plan)")
            }
        }
    }

    func testALargeImportRefreshesTheTasksStatistics() async throws {
        let organization = try await t.makeOrganization()
        let project = try await t.makeProject(in: organization)
        let client = try await t.token(for: try await t.makeUser(.client, organization: organization))
        func importTasks(_ range: ClosedRange<Int>) async throws {
            let body = range.map { #"{"external_id": "t\#($0)", "text": "review \#($0)"}"# }.joined(separator: "\n")
            let response = try await t.send(.POST, "/api/v1/projects/\(project.id!)/tasks", token: client, rawBody: body,
                                            headers: ["Content-Type": "application/x-ndjson"])
            XCTAssertEqual(response.status, .created, response.body.string)
        }
        let analyses = {
            try await self.sql.raw("SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'tasks'").first()!
                .decode(column: "analyze_count", as: Int.self)
        }
        let before = try await analyses()
        try await importTasks(1...10)
        var after = try await analyses()
        XCTAssertEqual(after, before, "a small import leaves statistics to autovacuum")
        try await importTasks(11...(10 + TaskImport.analyzeAfter))
        after = try await analyses()
        XCTAssertEqual(after, before + 1, "an import of \(TaskImport.analyzeAfter) tasks analyzes the table")
    }
}
