import Fluent
import SQLKit
import Vapor

/// The queue of projects whose consensus is stale. An accepted answer marks its project
/// (one row per project, so a burst of answers costs one recomputation); every instance's
/// worker claims due rows — on PostgreSQL with `SKIP LOCKED`, so two instances never
/// aggregate the same project at once.
enum QualityJobs {
    static let table = "quality_jobs"
    /// Answers arriving within this window are aggregated together.
    static let debounce: TimeInterval = 2

    /// Marks the project for recomputation (inside the caller's transaction).
    static func enqueue(projectID: UUID, now: Date, on db: any Database) async throws {
        if let memo = DatabaseWriter.memo, !memo.isFirst("quality_jobs \(projectID)") { return }
        try await db.sql.raw("""
            INSERT INTO quality_jobs (project_id, due_at) VALUES (\(bind: projectID), \(bind: dueTime(after: now)))
            ON CONFLICT (project_id) DO NOTHING
            """).run()
    }

    static func dueTime(after now: Date) -> Double { now.timeIntervalSince1970 + debounce }

    /// Takes one due project off the queue, or nil.
    static func claim(now: Date, on db: any Database) async throws -> UUID? {
        let lock: SQLQueryString = db.isPostgres ? " FOR UPDATE SKIP LOCKED" : ""
        let row = try await db.sql.raw("""
            DELETE FROM quality_jobs WHERE project_id = (
              SELECT project_id FROM quality_jobs WHERE due_at <= \(bind: now.timeIntervalSince1970) ORDER BY due_at LIMIT 1\(lock))
            RETURNING project_id
            """).first()
        return try row?.decode(column: "project_id", as: UUID.self)
    }

    /// Aggregates every due project; returns how many it did. The worker calls this on a
    /// timer; tests call it directly.
    @discardableResult
    static func runDue(_ app: Application) async throws -> Int {
        var done = 0
        while let projectID = try await claim(now: app.clock.now(), on: app.db) {
            do {
                try await Aggregation(projectID: projectID, now: app.clock.now()).run(app)
            } catch {
                app.logger.error("aggregation of project \(projectID) failed: \(String(reflecting: error))")
                try? await enqueue(projectID: projectID, now: app.clock.now(), on: app.db)
                throw error
            }
            done += 1
        }
        return done
    }
}
