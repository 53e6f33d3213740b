@testable import CadreServer
import FluentKit
import SQLKit
import XCTest

/// A project whose aggregation is slow waits so that aggregating takes at most 5 % of its time.
final class QualityCooldownTests: XCTestCase {
    func testASlowRunPutsTheProjectOffAndAQuickOneDoesNot() {
        let cooldowns = QualityCooldowns()
        let project = UUID()
        cooldowns.ran(project, for: 0.05, finishedAt: 1_000)
        XCTAssertNil(cooldowns.resumeTime(of: project), "a run well within the debounce changes nothing")
        cooldowns.ran(project, for: 1, finishedAt: 1_000)
        XCTAssertEqual(cooldowns.resumeTime(of: project), 1_020)
        cooldowns.ran(project, for: 0.01, finishedAt: 1_030)
        XCTAssertNil(cooldowns.resumeTime(of: project))
    }

    func testAProjectInItsCooldownIsPutBackUntilItEnds() async throws {
        let t = try await TestApp.make()
        do {
            let project = try await t.makeProject(in: try await t.makeOrganization(), state: .active)
            let now = t.clock.now
            t.app.qualityCooldowns.ran(project.id!, for: 1, finishedAt: now.timeIntervalSince1970)
            try await QualityJobs.enqueue(projectID: project.id!, now: now, on: t.app.db)
            t.clock.advance(by: QualityJobs.debounce + 1)
            let early = try await QualityJobs.runDue(t.app, pacing: true)
            XCTAssertEqual(early, 0, "still cooling down")
            let queued = try await (t.app.db as! any SQLDatabase).raw("SELECT due_at FROM quality_jobs").all()
            XCTAssertEqual(try queued.first?.decode(column: "due_at", as: Double.self), now.timeIntervalSince1970 + 20)
            t.clock.advance(by: 20)
            let later = try await QualityJobs.runDue(t.app, pacing: true)
            XCTAssertEqual(later, 1)
            // Called directly (tests, the simulation), every due project is aggregated.
            t.app.qualityCooldowns.ran(project.id!, for: 1, finishedAt: t.clock.now.timeIntervalSince1970)
            try await QualityJobs.enqueue(projectID: project.id!, now: t.clock.now, on: t.app.db)
            t.clock.advance(by: QualityJobs.debounce + 1)
            let direct = try await QualityJobs.runDue(t.app)
            XCTAssertEqual(direct, 1)
        } catch {
            try await t.shutdown()
            throw error
        }
        try await t.shutdown()
    }
}
