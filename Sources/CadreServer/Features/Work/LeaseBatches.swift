import Fluent
import Synchronization
import Vapor

/// PostgreSQL's group commit for the usual lease (`Batches`), per project: the leases that
/// concurrent requests on this instance ask of one project are made by one statement
/// (`PreparedWork.LeaseFreeTasks`), which also reads the front of the leasing order once for
/// all of them instead of once each.
///
/// Each lease gets what leasing alone would give it. One the statement did not make (its
/// expert holds a live lease, fewer free tasks unseen by the whole group were found than it
/// has experts, or the batch failed as a whole) is tried alone at once. A second lease for an
/// expert already in the group gets nil, which sends it down the careful path, where it finds
/// the first one's lease.
final class LeaseBatches: Sendable {
    typealias Lease = LeaseQueries.NewLease

    /// A project's leases batch together while `k` stays the same.
    private struct Key: Hashable {
        var projectID: UUID
        var answersPerTask: Int
    }

    let maximumRunning: Int
    let maximumSize: Int
    private let projects = Mutex<[Key: Batches<Lease, LeaseQueries.TakenTask?>]>([:])
    private let counted = Mutex(BatchTotals())

    /// Statements run for groups of two or more leases, and the leases they were asked for.
    var totals: BatchTotals { counted.withLock { $0 } }

    init(maximumRunning: Int = 1, maximumSize: Int = 64) {
        self.maximumRunning = maximumRunning
        self.maximumSize = maximumSize
    }

    /// `LeaseQueries.leaseFreeTask` for `lease`, made with the others waiting on its project.
    func lease(_ lease: Lease, frontiers: LeaseFrontiers, on db: any Database) async throws -> LeaseQueries.TakenTask? {
        let key = Key(projectID: lease.projectID, answersPerTask: lease.answersPerTask)
        let batches = projects.withLock { projects in
            if let existing = projects[key] { return existing }
            let made = Batches<Lease, LeaseQueries.TakenTask?>(maximumRunning: maximumRunning, maximumSize: maximumSize)
            projects[key] = made
            return made
        }
        return try await batches.add(lease) { await self.make($0, frontiers: frontiers, on: db) }
    }

    /// One result per lease, in order.
    func make(_ leases: [Lease], frontiers: LeaseFrontiers, on db: any Database) async -> [Result<LeaseQueries.TakenTask?, any Error>] {
        var experts = Set<UUID>()
        let unique = leases.filter { experts.insert($0.expertID).inserted }
        var taken: [UUID: LeaseQueries.TakenTask] = [:]
        if unique.count > 1 {
            do {
                taken = try await LeaseQueries.leaseFreeTasks(unique, frontiers: frontiers, on: db)
                counted.withLock { $0.batches += 1; $0.items += unique.count }
            } catch {
                db.logger.notice("A batch of \(unique.count) leases failed; making them one by one", metadata: ["error": "\(String(reflecting: error))"])
            }
        }
        var served = Set<UUID>()
        var results: [Result<LeaseQueries.TakenTask?, any Error>] = []
        for lease in leases {
            guard served.insert(lease.expertID).inserted else {
                results.append(.success(nil))
                continue
            }
            if let task = taken[lease.assignmentID] {
                results.append(.success(task))
                continue
            }
            results.append(await Result { try await LeaseQueries.leaseFreeTask(lease, frontiers: frontiers, on: db) })
        }
        return results
    }
}

extension Application {
    var leaseBatches: LeaseBatches {
        get { work.leaseBatches }
        set { work.leaseBatches = newValue }
    }
}
