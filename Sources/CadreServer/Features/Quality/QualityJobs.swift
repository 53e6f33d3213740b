import Fluent
import SQLKit
import Synchronization
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

    /// Aggregates every due project; returns how many it did. `cadre serve`'s worker calls
    /// this on a timer, `pacing` slow projects (`QualityCooldowns`); tests and the simulation
    /// call it directly and get every due project aggregated.
    @discardableResult
    static func runDue(_ app: Application, pacing: Bool = false) async throws -> Int {
        var done = 0
        while let projectID = try await claim(now: app.clock.now(), on: app.db) {
            let now = app.clock.now()
            if pacing, let resume = app.qualityCooldowns.resumeTime(of: projectID), resume > now.timeIntervalSince1970 {
                try await postpone(projectID, until: resume, on: app.db)
                continue
            }
            do {
                let started = DispatchTime.now().uptimeNanoseconds
                try await Aggregation(projectID: projectID, now: now).run(app)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                app.qualityCooldowns.ran(projectID, for: seconds, finishedAt: app.clock.now().timeIntervalSince1970)
            } catch {
                app.logger.error("aggregation of project \(projectID) failed: \(String(reflecting: error))")
                try? await enqueue(projectID: projectID, now: app.clock.now(), on: app.db)
                throw error
            }
            done += 1
        }
        return done
    }

    /// Puts a claimed project back, due at `time` (seconds since 1970).
    private static func postpone(_ projectID: UUID, until time: Double, on db: any Database) async throws {
        try await db.sql.raw("""
            INSERT INTO quality_jobs (project_id, due_at) VALUES (\(bind: projectID), \(bind: time))
            ON CONFLICT (project_id) DO UPDATE SET due_at = excluded.due_at
            """).run()
    }
}

/// A large project's aggregation rereads and rewrites every task's consensus; at the usual
/// two-second debounce a busy project of tens of thousands of tasks would spend much of the
/// machine on it. So once a run takes longer than `share` of the debounce, the project waits
/// until its runs take at most that share of the time (in this instance).
final class QualityCooldowns: Sendable {
    static let share = 0.05
    private let resumeTimes = Mutex<[UUID: Double]>([:])

    func ran(_ projectID: UUID, for seconds: Double, finishedAt now: Double) {
        let wait = seconds / Self.share
        resumeTimes.withLock { times in
            if wait > QualityJobs.debounce { times[projectID] = now + wait } else { times[projectID] = nil }
        }
    }

    func resumeTime(of projectID: UUID) -> Double? {
        resumeTimes.withLock { $0[projectID] }
    }
}

extension Application {
    private struct QualityCooldownsKey: StorageKey { typealias Value = QualityCooldowns }

    var qualityCooldowns: QualityCooldowns {
        get { storage[QualityCooldownsKey.self]! }
        set { storage[QualityCooldownsKey.self] = newValue }
    }
}
