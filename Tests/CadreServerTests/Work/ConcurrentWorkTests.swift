@testable import CadreServer
import CadreCore
import FluentKit
import XCTest
import XCTVapor

/// Many experts working at once over real HTTP: the invariants hold whatever the interleaving.
final class ConcurrentWorkTests: XCTestCase {
    var t: TestApp!

    override func setUp() async throws { t = try await TestApp.make() }
    override func tearDown() async throws { try await t.shutdown() }

    func testConcurrentExpertsNeverOverfillATaskOrAnswerTwice() async throws {
        try await t.overNetwork()
        try await work(on: [t])
    }

    /// Two instances on one PostgreSQL, each making its concurrent leases and storing its
    /// concurrent submits in batches: answers to one task (k = 3) land in batches of both
    /// instances at once, and none is lost, counted twice or stuck behind a deadlock.
    func testTwoInstancesBatchingLeasesAndSubmitsKeepEveryInvariant() async throws {
        guard TestApp.postgresURL != nil else { throw XCTSkip("two instances share a database only on PostgreSQL") }
        let second = try await TestApp.make(migrate: false)
        for instance in [t!, second] {
            instance.app.leaseBatches = LeaseBatches(maximumRunning: 1)
            instance.app.submitBatches = SubmitBatches(maximumRunning: 1)
        }
        try await work(on: [t, second])
        let instances = [t.app, second.app]
        XCTAssertGreaterThan(instances.map(\.leaseBatches.totals.items).reduce(0, +), 0, "six experts an instance: some leases must have been made together")
        XCTAssertGreaterThan(instances.map(\.submitBatches.totals.items).reduce(0, +), 0, "and some submits stored together")
        try await second.shutdown()
    }

    /// Twelve experts loop next → submit on 30 tasks of k = 3, spread over `instances`, then
    /// every invariant is checked.
    private func work(on instances: [TestApp]) async throws {
        // setup
        let k = 3
        let organization = try await t.makeOrganization()
        let project = try await t.makeProject(in: organization, state: .active) { $0.answersPerTask = k }
        for index in 0..<30 { try await t.makeTask(in: project, externalID: "task-\(index)") }
        var tokens: [String] = []
        for _ in 0..<12 { tokens.append(try await t.token(for: try await t.makeUser(.expert))) }
        let projectID = project.id!

        // MUT: each expert loops next → submit (retrying every submit once with the same key)
        let acknowledged = try await withThrowingTaskGroup(of: [String].self) { group in
            for (index, token) in tokens.enumerated() {
                let harness = instances[index % instances.count]
                group.addTask {
                    var mine: [String] = []
                    while true {
                        let lease = try await harness.send(.POST, "/api/v1/projects/\(projectID)/assignments/next", token: token)
                        if lease.status == .noContent { return mine }
                        XCTAssertTrue([.created, .ok].contains(lease.status), lease.body.string)
                        guard let id = lease.json["id"] as? String else { return mine }
                        let key = UUID().uuidString
                        for _ in 0..<2 {
                            let submitted = try await harness.send(
                                .POST, "/api/v1/assignments/\(id)/submit", token: token,
                                json: ["answer": ["label": "positive"]], headers: ["Idempotency-Key": key])
                            XCTAssertTrue([.created, .ok].contains(submitted.status), submitted.body.string)
                        }
                        mine.append(id)
                    }
                }
            }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }

        // validation
        XCTAssertEqual(acknowledged.count, 30 * k, "every slot answered exactly once")
        XCTAssertEqual(Set(acknowledged).count, acknowledged.count)
        let assignments = try await Assignment.query(on: t.app.db).all()
        XCTAssertEqual(assignments.filter { $0.state == .accepted }.count, 30 * k)
        let pairs = assignments.map { "\($0.$task.id)-\($0.$expert.id)" }
        XCTAssertEqual(Set(pairs).count, pairs.count, "no expert twice on a task")
        for task in try await WorkTask.query(on: t.app.db).all() {
            XCTAssertEqual(task.acceptedCount, k)
            XCTAssertEqual(task.slotsTaken, k)
            XCTAssertEqual(task.state, .complete)
        }
    }
}
