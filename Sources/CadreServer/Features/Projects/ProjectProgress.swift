import CadreCore
import Fluent
import SQLKit
import Vapor

/// Where a project stands: tasks by state, answers by state, who is working, and the pace.
struct ProjectProgress: Content {
    struct Hour: Content {
        var start: Date
        var answers: Int
    }

    var tasks: [String: Int]
    var answers: [String: Int]
    var activeExperts: Int
    var throughputPerHour: [Hour]
    var ratePerHour: Double
    var remainingAnswers: Int
    var estimatedCompletion: Date?

    enum CodingKeys: String, CodingKey {
        case tasks, answers
        case activeExperts = "active_experts"
        case throughputPerHour = "throughput_per_hour"
        case ratePerHour = "rate_per_hour"
        case remainingAnswers = "remaining_answers"
        case estimatedCompletion = "estimated_completion"
    }

    /// An expert counts as active with a turn leased or submitted in the last hour.
    static let activeWindow: TimeInterval = 3600

    static func load(_ project: Project, now: Date, on db: any Database) async throws -> ProjectProgress {
        let id = try project.requireID()
        var tasks = ["open": 0, "in_progress": 0, "complete": 0, "total": 0]
        for row in try await db.sql.raw("""
            SELECT state, CASE WHEN slots_taken > 0 AND state = 'open' THEN 1 ELSE 0 END AS started, COUNT(*) AS n
            FROM tasks WHERE project_id = \(bind: id) GROUP BY state, started
            """).all() {
            let state = try row.decode(column: "state", as: String.self)
            let started = try row.decode(column: "started", as: Int.self) == 1
            let count = try row.decode(column: "n", as: Int.self)
            tasks[started ? "in_progress" : state, default: 0] += count
            tasks["total", default: 0] += count
        }
        var answers = Dictionary(uniqueKeysWithValues: Assignment.State.allCases.map { ($0.rawValue, 0) })
        for row in try await db.sql.raw("SELECT state, COUNT(*) AS n FROM assignments WHERE project_id = \(bind: id) GROUP BY state").all() {
            answers[try row.decode(column: "state", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        let active = try await db.sql.raw("""
            SELECT COUNT(DISTINCT expert_id) AS n FROM assignments
            WHERE project_id = \(bind: id) AND leased_at >= \(bind: now.addingTimeInterval(-activeWindow))
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        let dayAgo = now.addingTimeInterval(-Double(Throughput.windowHours) * 3600)
        let times = try await db.sql.raw("""
            SELECT submitted_at FROM assignments
            WHERE project_id = \(bind: id) AND submitted_at IS NOT NULL AND submitted_at >= \(bind: dayAgo)
            """).all().map { try $0.decode(column: "submitted_at", as: Date.self) }
        let remaining = max(0, (tasks["total"] ?? 0) * project.answersPerTask - (answers["accepted"] ?? 0) - (answers["submitted"] ?? 0))
        let throughput = Throughput(answeredAt: times, remainingAnswers: remaining, now: now)
        return ProjectProgress(
            tasks: tasks, answers: answers, activeExperts: active,
            throughputPerHour: throughput.hours.map { Hour(start: $0.start, answers: $0.answers) },
            ratePerHour: throughput.ratePerHour, remainingAnswers: remaining,
            estimatedCompletion: throughput.estimatedCompletion)
    }

    /// The few counts a list of projects shows, for many projects in two queries.
    struct Counts {
        var tasks = 0
        var complete = 0
        var accepted = 0
        var submitted = 0
    }

    static func counts(of projects: [UUID], on db: any Database) async throws -> [UUID: Counts] {
        guard !projects.isEmpty else { return [:] }
        var counts: [UUID: Counts] = [:]
        for row in try await db.sql.raw("""
            SELECT project_id, state, COUNT(*) AS n FROM tasks WHERE project_id IN \(SQLBind.group(projects)) GROUP BY project_id, state
            """).all() {
            let id = try row.decode(column: "project_id", as: UUID.self), n = try row.decode(column: "n", as: Int.self)
            counts[id, default: Counts()].tasks += n
            if try row.decode(column: "state", as: String.self) == WorkTask.State.complete.rawValue { counts[id, default: Counts()].complete += n }
        }
        for row in try await db.sql.raw("""
            SELECT project_id, state, COUNT(*) AS n FROM assignments
            WHERE project_id IN \(SQLBind.group(projects)) AND state IN ('accepted', 'submitted') GROUP BY project_id, state
            """).all() {
            let id = try row.decode(column: "project_id", as: UUID.self), n = try row.decode(column: "n", as: Int.self)
            if try row.decode(column: "state", as: String.self) == "accepted" {
                counts[id, default: Counts()].accepted = n
            } else {
                counts[id, default: Counts()].submitted = n
            }
        }
        return counts
    }
}
