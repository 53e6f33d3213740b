import Fluent
import Synchronization
import Vapor

/// PostgreSQL's group commit for the usual submit: the answers of concurrent requests on this
/// instance are stored by one statement (`PreparedWork.SubmitLeasedBatch`) instead of one
/// each, so a whole group pays one round trip, one executor start-up and one commit.
///
/// A submit that finds fewer than `maximumRunning` batches running starts one at once with
/// whatever is waiting; otherwise it waits for a running batch to finish and joins the next.
/// So an idle server stores an answer as soon as it arrives, and a busy one in groups as
/// large as the load makes them.
///
/// Each answer gets the result the single statement would give it: true when stored, false
/// when its assignment was no longer leased (the caller then takes the careful path). A second
/// answer to an assignment already in the batch is left out (false) so that the careful path
/// can compare keys. If a batch fails as a whole — nothing of it is written then — each of its
/// answers is stored alone, so one answer's error stays that answer's.
final class SubmitBatches: Sendable {
    typealias Answer = LeaseQueries.LeasedAnswer

    private struct Waiting {
        var answer: Answer
        var waiter: CheckedContinuation<Bool, any Error>
    }

    private struct State {
        var waiting: [Waiting] = []
        var running = 0
    }

    /// Statements run for groups of two or more answers, and the answers they carried
    /// (`/metrics`: their ratio is the mean group size under load).
    struct Totals: Sendable, Equatable {
        var batches = 0
        var answers = 0
    }

    let maximumRunning: Int
    let maximumSize: Int
    private let state = Mutex(State())
    private let counted = Mutex(Totals())

    var totals: Totals { counted.withLock { $0 } }

    init(maximumRunning: Int = 2, maximumSize: Int = 64) {
        self.maximumRunning = maximumRunning
        self.maximumSize = maximumSize
    }

    /// Stores `answer` with the others waiting; see the type's comment for the result.
    func submit(_ answer: Answer, on db: any Database) async throws -> Bool {
        try await withCheckedThrowingContinuation { waiter in
            let batch = state.withLock { state -> [Waiting]? in
                state.waiting.append(Waiting(answer: answer, waiter: waiter))
                guard state.running < maximumRunning else { return nil }
                state.running += 1
                return take(from: &state)
            }
            if let batch { Task { await self.run(batch, on: db) } }
        }
    }

    /// Runs `batch`, then the batches that gathered meanwhile, until none is waiting.
    private func run(_ batch: [Waiting], on db: any Database) async {
        var batch = batch
        while !batch.isEmpty {
            let results = await store(batch.map(\.answer), on: db)
            for (waiting, result) in zip(batch, results) { waiting.waiter.resume(with: result) }
            batch = state.withLock { state in
                let next = take(from: &state)
                if next.isEmpty { state.running -= 1 }
                return next
            }
        }
    }

    private func take(from state: inout State) -> [Waiting] {
        let count = min(state.waiting.count, maximumSize)
        defer { state.waiting.removeFirst(count) }
        return Array(state.waiting.prefix(count))
    }

    /// One result per answer, in order.
    func store(_ answers: [Answer], on db: any Database) async -> [Result<Bool, any Error>] {
        var seen = Set<UUID>()
        let unique = answers.filter { seen.insert($0.assignmentID).inserted }
        if unique.count > 1 {
            do {
                let stored = Set(try await db.run(PreparedWork.SubmitLeasedBatch(answers: unique)))
                counted.withLock { $0.batches += 1; $0.answers += unique.count }
                var reported = Set<UUID>()
                return answers.map { .success(stored.contains($0.assignmentID) && reported.insert($0.assignmentID).inserted) }
            } catch {
                db.logger.notice("A batch of \(unique.count) submits failed; storing them one by one", metadata: ["error": "\(String(reflecting: error))"])
            }
        }
        var results: [Result<Bool, any Error>] = []
        for answer in answers {
            do {
                results.append(.success(try await LeaseQueries.submitLeased(answer, on: db)))
            } catch {
                results.append(.failure(error))
            }
        }
        return results
    }
}

extension SubmitBatches {
    /// The totals in Prometheus text format.
    func render() -> String {
        let totals = self.totals
        return """
            # HELP cadre_submit_batches_total Statements that stored two or more concurrent submits together (PostgreSQL).
            # TYPE cadre_submit_batches_total counter
            cadre_submit_batches_total \(totals.batches)
            # HELP cadre_submit_batched_answers_total Answers stored by those statements.
            # TYPE cadre_submit_batched_answers_total counter
            cadre_submit_batched_answers_total \(totals.answers)

            """
    }
}

extension Application {
    private struct SubmitBatchesKey: StorageKey { typealias Value = SubmitBatches }

    var submitBatches: SubmitBatches {
        get { storage[SubmitBatchesKey.self]! }
        set { storage[SubmitBatchesKey.self] = newValue }
    }
}
