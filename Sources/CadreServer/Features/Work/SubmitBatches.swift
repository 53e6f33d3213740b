import Fluent
import Synchronization
import Vapor

/// PostgreSQL's group commit for the usual submit (`Batches`): the answers of concurrent
/// requests on this instance are stored by one statement (`PreparedWork.SubmitLeasedBatch`)
/// instead of one each.
///
/// Each answer gets the result the single statement would give it: true when stored, false
/// when its assignment was no longer leased (the caller then takes the careful path). A second
/// answer to an assignment already in the batch is left out (false) so that the careful path
/// can compare keys. If a batch fails as a whole — nothing of it is written then — each of its
/// answers is stored alone, so one answer's error stays that answer's.
final class SubmitBatches: Sendable {
    typealias Answer = LeaseQueries.LeasedAnswer

    private let batches: Batches<Answer, Bool>
    private let counted = Mutex(BatchTotals())

    var totals: BatchTotals { counted.withLock { $0 } }

    init(maximumRunning: Int = 1, maximumSize: Int = 64) {
        batches = Batches(maximumRunning: maximumRunning, maximumSize: maximumSize)
    }

    /// Stores `answer` with the others waiting; see the type's comment for the result.
    func submit(_ answer: Answer, on db: any Database) async throws -> Bool {
        try await batches.add(answer) { await self.store($0, on: db) }
    }

    /// One result per answer, in order.
    func store(_ answers: [Answer], on db: any Database) async -> [Result<Bool, any Error>] {
        var seen = Set<UUID>()
        let unique = answers.filter { seen.insert($0.assignmentID).inserted }
        if unique.count > 1 {
            do {
                let stored = Set(try await db.run(PreparedWork.SubmitLeasedBatch(answers: unique)))
                counted.withLock { $0.batches += 1; $0.items += unique.count }
                var reported = Set<UUID>()
                return answers.map { .success(stored.contains($0.assignmentID) && reported.insert($0.assignmentID).inserted) }
            } catch {
                db.logger.notice("A batch of \(unique.count) submits failed; storing them one by one", metadata: ["error": "\(String(reflecting: error))"])
            }
        }
        var results: [Result<Bool, any Error>] = []
        for answer in answers { results.append(await Result { try await LeaseQueries.submitLeased(answer, on: db) }) }
        return results
    }
}

extension Application {
    var submitBatches: SubmitBatches {
        get { work.submitBatches }
        set { work.submitBatches = newValue }
    }
}
