@testable import CadreServer
import CadreCore
import FluentKit
import SQLKit
import XCTest

/// Aggregation writes a project's consensus rows in chunks, only those that changed: after
/// any run the stored rows are exactly the core's result on the accepted answers — new tasks
/// added, changed ones rewritten, tasks left with no accepted answer dropped.
final class ConsensusStoreTests: XCTestCase {
    var t: TestApp!
    var project: Project!
    var experts: [User] = []

    override func setUp() async throws {
        t = try await TestApp.make()
        project = try await t.makeProject(in: try await t.makeOrganization(), state: .active)
        experts = []
        for _ in 0..<3 { experts.append(try await t.makeUser(.expert)) }
    }
    override func tearDown() async throws { try await t.shutdown() }

    /// `count` tasks, each with one accepted answer by one of three experts.
    private func answeredTasks(_ count: Int) async throws {
        let sql = t.app.db as! any SQLDatabase
        let labels = ["positive", "negative", "neutral"]
        for chunk in stride(from: 0, to: count, by: 250) {
            let tasks = sql.insert(into: WorkTask.schema)
                .columns("id", "project_id", "external_id", "input", "priority", "state", "slots_taken", "accepted_count", "is_gold", "extra_answers")
            let answers = sql.insert(into: Assignment.schema)
                .columns("id", "task_id", "project_id", "expert_id", "state", "leased_at", "expires_at", "submitted_at", "answer", "needs_review", "decided_at", "is_gold")
            for index in chunk..<min(chunk + 250, count) {
                let task = UUID.timeOrdered(at: t.clock.now), now = t.clock.now
                tasks.values(SQLBind(task), SQLBind(project.id!), SQLBind("t-\(task)"), SQLBind(#"{"text":"review"}"#), SQLBind(0),
                             SQLBind("complete"), SQLBind(1), SQLBind(1), SQLBind(false), SQLBind(0))
                answers.values(SQLBind(UUID.timeOrdered(at: now)), SQLBind(task), SQLBind(project.id!), SQLBind(experts[index % 3].id!),
                               SQLBind("accepted"), SQLBind(now), SQLBind(now), SQLBind(now), SQLBind(#"{"labels":["\#(labels[index % 3])"]}"#),
                               SQLBind(false), SQLBind(now), SQLBind(false))
            }
            try await tasks.run()
            try await answers.run()
        }
    }

    private func aggregate() async throws {
        try await QualityJobs.enqueue(projectID: project.id!, now: t.clock.now, on: t.app.db)
        t.clock.advance(by: QualityJobs.debounce + 1)
        let ran = try await QualityJobs.runDue(t.app)
        XCTAssertEqual(ran, 1)
    }

    /// The stored rows against the core's consensus on the accepted answers, row for row.
    private func assertStoredIsTheCoresResult(file: StaticString = #filePath, line: UInt = #line) async throws {
        let (expected, tasks, _) = try await t.coresConsensus(of: project)
        let stored = Dictionary(uniqueKeysWithValues: try await TaskConsensusRow.query(on: t.app.db)
            .filter(\.$project.$id == project.id!).all().map { ($0.id!.uuidString, $0) })
        XCTAssertEqual(stored.count, expected.tasks.count, "one row per task with a consensus", file: file, line: line)
        for consensus in expected.tasks {
            guard let row = stored[tasks.name(consensus.task)] else { return XCTFail("a task's consensus is missing", file: file, line: line) }
            XCTAssertEqual(try JSONValue(parsing: row.result), consensus.result, file: file, line: line)
            XCTAssertEqual(row.confidence, consensus.confidence, accuracy: 1e-12, file: file, line: line)
            XCTAssertEqual(row.answers, consensus.answers, file: file, line: line)
        }
    }

    func testStoredConsensusFollowsTheAnswersAcrossChunks() async throws {
        try await answeredTasks(Aggregation.rowsPerWrite * 2 + 100)
        try await aggregate()
        try await assertStoredIsTheCoresResult()

        // Ten tasks lose their only answer, a third of the others change their label, and new
        // tasks are answered: the next run drops, rewrites and adds rows accordingly.
        let sql = t.app.db as! any SQLDatabase
        let answers = try await Assignment.query(on: t.app.db).filter(\.$project.$id == project.id!).sort(\.$id).all()
        let rejected = answers.prefix(10).map { $0.id! }
        try await sql.update(Assignment.schema).set("state", to: "rejected").where("id", .in, rejected).run()
        let relabelled = answers.dropFirst(10).enumerated().filter { $0.offset % 3 == 0 }.map { $0.element.id! }
        try await sql.update(Assignment.schema).set("answer", to: #"{"labels":["neutral"]}"#).where("id", .in, relabelled).run()
        try await answeredTasks(40)
        try await aggregate()
        try await assertStoredIsTheCoresResult()
        let dropped = try await TaskConsensusRow.query(on: t.app.db).filter(\.$id ~~ answers.prefix(10).map { $0.$task.id }).count()
        XCTAssertEqual(dropped, 0, "a task with no accepted answer has no consensus")
    }
}
