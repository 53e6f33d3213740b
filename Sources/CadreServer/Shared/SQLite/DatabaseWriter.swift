import Fluent
import SQLKit
import Synchronization
import Vapor

/// Every transaction that writes goes through here.
///
/// PostgreSQL: an ordinary transaction; concurrency comes from row locks (`FOR UPDATE SKIP
/// LOCKED`), so any number run at once, from any number of instances.
///
/// SQLite allows one writer at a time, and each commit has a fixed cost. So writes from
/// concurrent requests queue here and run back to back inside a single `BEGIN IMMEDIATE …
/// COMMIT` (group commit). Callers get their result only after the shared commit: a 2xx still
/// means durable. Waiting requests cost no CPU (sqlite-nio's busy handler would otherwise spin
/// on the lock). There are two lanes, never in one group: Fluent transactions on a pooled
/// connection, and direct writes — plain synchronous SQL on the writer's own connection and
/// thread (`DirectLane`), for the work loop's usual lease and submit.
///
/// One request's failure must roll back only its own changes. Savepoints do that, but cost
/// two statements per request on the one connection every write waits for, and failures are
/// rare. So a group first runs without them; if any request fails, the whole group is rolled
/// back and run again with a savepoint per request. Transaction bodies therefore must not
/// change anything but the database (they may run twice; only the committed run's result is
/// returned).
final class DatabaseWriter: Sendable {
    /// Transactions that must run alone (a large import) are not grouped with others.
    enum Mode: Sendable { case grouped, alone }

    /// How a job's body reports back: whether it succeeded, and how to hand its outcome to the
    /// waiting caller once the commit's fate is known.
    typealias Outcome = (succeeded: Bool, deliver: @Sendable ((any Error)?) -> Void)

    private struct Job: Sendable {
        enum Body: Sendable {
            case fluent(@Sendable (any Database) async -> Outcome)
            case direct(@Sendable (DirectConnection, TransactionMemo) -> Outcome)
        }

        var mode: Mode
        var body: Body
        /// Tells the caller its transaction never ran (the group failed before reaching it).
        var fail: @Sendable (any Error) -> Void

        var isDirect: Bool {
            if case .direct = body { return true }
            return false
        }

        func run(_ connection: any Database) async -> Outcome {
            guard case .fluent(let run) = body else { preconditionFailure("a direct write in a Fluent group") }
            return await run(connection)
        }
    }

    /// The SQLite file's own connection for direct writes; nil on PostgreSQL.
    let direct: DirectLane?

    init(sqlitePath: String? = nil) {
        direct = sqlitePath.map(DirectLane.init(path:))
    }

    private let queue = Mutex<(jobs: [Job], draining: Bool)>(([], false))
    /// Bounds one group so that a steady stream of writers still commits regularly.
    static let maxGroup = 256

    func transaction<T: Sendable>(
        on database: any Database, _ mode: Mode = .grouped, _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        guard database.sql.dialect.name == "sqlite" else {
            return try await database.transaction { try await body($0) }
        }
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            enqueue(Job(mode: mode, body: .fluent({ connection in
                do {
                    return Self.outcome(of: try await body(connection), for: continuation)
                } catch {
                    return (false, { _ in continuation.resume(throwing: error) })
                }
            }), fail: { continuation.resume(throwing: $0) }), on: database)
        }
    }

    /// Runs `body` as a direct write in the next direct group (SQLite only): synchronous SQL on
    /// the writer's own connection, committed with the rest of the group.
    func direct<T: Sendable>(on database: any Database, _ body: @escaping @Sendable (DirectConnection, TransactionMemo) throws -> T) async throws -> T {
        precondition(direct != nil, "direct writes are for SQLite only")
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            enqueue(Job(mode: .grouped, body: .direct({ connection, memo in
                do {
                    return Self.outcome(of: try body(connection, memo), for: continuation)
                } catch {
                    return (false, { _ in continuation.resume(throwing: error) })
                }
            }), fail: { continuation.resume(throwing: $0) }), on: database)
        }
    }

    private static func outcome<T: Sendable>(of value: T, for continuation: CheckedContinuation<T, any Error>) -> Outcome {
        (true, { commitError in
            if let commitError { continuation.resume(throwing: commitError) } else { continuation.resume(returning: value) }
        })
    }

    private func enqueue(_ job: Job, on database: any Database) {
        let startDraining = queue.withLock { state -> Bool in
            state.jobs.append(job)
            defer { state.draining = true }
            return !state.draining
        }
        if startDraining { Task { await self.drain(database) } }
    }

    private func drain(_ database: any Database) async {
        while true {
            let group = queue.withLock { state -> [Job] in
                guard let first = state.jobs.first else {
                    state.draining = false
                    return []
                }
                if first.mode == .alone {
                    state.jobs.removeFirst()
                    return [first]
                }
                let count = min(Self.maxGroup, state.jobs.prefix { $0.mode != .alone && $0.isDirect == first.isDirect }.count)
                let group = Array(state.jobs.prefix(count))
                state.jobs.removeFirst(count)
                return group
            }
            if group.isEmpty { return }
            await commit(group, on: database)
        }
    }

    private func commit(_ group: [Job], on database: any Database) async {
        if let direct, group[0].isDirect {
            let bodies = group.map { job -> @Sendable (DirectConnection, TransactionMemo) -> Outcome in
                guard case .direct(let body) = job.body else { preconditionFailure("a Fluent write in a direct group") }
                return body
            }
            return await commitDirect(bodies, fail: group.map(\.fail), on: direct)
        }
        if await commitTogether(group, on: database) { return }
        await commitWithSavepoints(group, on: database)
    }

    /// Runs the group in one transaction without savepoints. False, with everything rolled
    /// back and nobody told anything, if a body failed in a group of several.
    private func commitTogether(_ group: [Job], on database: any Database) async -> Bool {
        let deliveries = Deliveries()
        do {
            let complete = try await database.withConnection { connection -> Bool in
                let sql = connection.sql
                try await sql.raw("BEGIN IMMEDIATE").run()
                do {
                    var failed = false
                    let memo = TransactionMemo()
                    for job in group {
                        let outcome = await Self.$memo.withValue(memo) { await Self.$runsGroup.withValue(true) { await job.run(connection) } }
                        if !outcome.succeeded {
                            if group.count > 1 {
                                try await sql.raw("ROLLBACK").run()
                                return false
                            }
                            failed = true  // Alone: rolling back undoes only its own work.
                        }
                        deliveries.items.append(outcome.deliver)
                    }
                    try await sql.raw(failed ? "ROLLBACK" : "COMMIT").run()
                } catch {
                    try? await sql.raw("ROLLBACK").run()
                    throw error
                }
                return true
            }
            if complete { deliveries.items.forEach { $0(nil) } }
            return complete
        } catch {
            deliveries.items.forEach { $0(error) }
            for job in group.dropFirst(deliveries.items.count) { job.fail(error) }
            return true
        }
    }

    /// Runs the group in one transaction, each body in its own savepoint.
    private func commitWithSavepoints(_ group: [Job], on database: any Database) async {
        let deliveries = Deliveries()
        do {
            try await database.withConnection { connection in
                let sql = connection.sql
                try await sql.raw("BEGIN IMMEDIATE").run()
                do {
                    for job in group {
                        try await sql.raw("SAVEPOINT cadre_write").run()
                        let (succeeded, deliver) = await Self.$runsGroup.withValue(true) { await job.run(connection) }
                        if !succeeded { try await sql.raw("ROLLBACK TO cadre_write").run() }
                        try await sql.raw("RELEASE cadre_write").run()
                        deliveries.items.append(deliver)
                    }
                    try await sql.raw("COMMIT").run()
                } catch {
                    try? await sql.raw("ROLLBACK").run()
                    throw error
                }
            }
            deliveries.items.forEach { $0(nil) }
        } catch {
            // Nothing of this group was committed: every caller learns so.
            deliveries.items.forEach { $0(error) }
            for job in group.dropFirst(deliveries.items.count) { job.fail(error) }
        }
    }

    /// While a group runs without savepoints, what its writers did that need not be done again
    /// before the commit (see `TransactionMemo`); nil elsewhere, and on PostgreSQL.
    @TaskLocal static var memo: TransactionMemo?

    /// True while a group's job runs: inside a transaction begun with SQL, which Fluent's
    /// `inTransaction` does not know of (`CacheInvalidation` asks).
    @TaskLocal static var runsGroup = false

    /// The outcomes of a group's jobs, collected in order on the one task that runs them.
    final class Deliveries: @unchecked Sendable {
        var items: [@Sendable ((any Error)?) -> Void] = []
    }
}

/// Writes that a transaction needs only once, such as marking a project's consensus stale:
/// the first writer of a group does them, the others skip them. A group that fails is rolled
/// back whole and rerun with savepoints and no memo, so a skipped write is never lost.
final class TransactionMemo: Sendable {
    private let done = Mutex<Set<String>>([])

    /// True the first time `key` is asked in this transaction.
    func isFirst(_ key: String) -> Bool {
        done.withLock { $0.insert(key).inserted }
    }
}

extension Application {
    /// This application's writer (created at configuration time).
    var writer: DatabaseWriter {
        get { work.writer }
        set { work.writer = newValue }
    }
}

extension Request {
    var writer: DatabaseWriter { application.writer }
}

extension Database {
    /// This database as SQLKit, for the few hot paths written in SQL.
    var sql: any SQLDatabase { self as! any SQLDatabase }

    var isPostgres: Bool { sql.dialect.name == "postgresql" }
}
