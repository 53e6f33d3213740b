import Fluent
import SQLKit
import Vapor

/// The SQL of the review queue, leased like tasks (see `LeaseQueries`).
enum ReviewQueries {
    /// The oldest submission awaiting review that this reviewer did not write and nobody else
    /// holds a live review of.
    static func nextSubmission(projectID: UUID, reviewerID: UUID, now: Date, on db: any Database) async throws -> UUID? {
        let lock: SQLQueryString = db.isPostgres ? " FOR UPDATE SKIP LOCKED" : ""
        let row = try await db.sql.raw("""
            SELECT id FROM assignments
            WHERE project_id = \(bind: projectID) AND state = 'submitted' AND needs_review = \(bind: true)
              AND expert_id <> \(bind: reviewerID)
              AND (reviewer_id IS NULL OR review_expires_at < \(bind: now))
            ORDER BY submitted_at, id
            LIMIT 1\(lock)
            """).first()
        return try row?.decode(column: "id", as: UUID.self)
    }
}
