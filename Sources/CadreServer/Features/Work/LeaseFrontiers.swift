import Foundation
import Synchronization

/// Where a project's free tasks begin, per instance, for PostgreSQL's lease.
///
/// The lease takes the first free task in order (highest priority, then oldest). On
/// PostgreSQL every task that fills or completes leaves a dead entry at the front of that
/// order in the index, until vacuum removes it; a busy project's leases each stepped over
/// hundreds of them. So each instance finds the first free task once per `lifetime` (one
/// caller at a time; the others keep using the last answer) and leases start their scan there;
/// with one answer a task, each lease also moves the frontier up to the task it took.
///
/// A task ahead of the frontier can only become free again when a lease is given back (skip,
/// expiry, rejection) or a task of higher priority is imported. This instance then forgets the
/// frontier at once; another instance finds such a task when it next refreshes, at most
/// `lifetime` later. A lease that finds nothing from the frontier looks from the start.
final class LeaseFrontiers: Sendable {
    /// The first free task's priority and id.
    struct Frontier: Sendable, Equatable {
        var priority: Int
        var taskID: UUID

        /// Later in leasing order: lower priority, or the same priority and a later id (ids
        /// order by their bytes, as PostgreSQL orders them).
        func isAfter(_ other: Frontier) -> Bool {
            if priority != other.priority { return priority < other.priority }
            return other.taskID.precedes(taskID)
        }
    }

    private struct Entry {
        var frontier: Frontier?
        var foundAt: UInt64
        var refreshing: Bool
    }

    /// In nanoseconds.
    let lifetime: UInt64
    private let entries = Mutex<[UUID: Entry]>([:])

    init(lifetime: TimeInterval = 1) {
        self.lifetime = UInt64(lifetime * 1e9)
    }

    /// The frontier to start from, after finding it with `find` if it is stale and no other
    /// caller is finding it already.
    func frontier(of projectID: UUID, find: () async throws -> Frontier?) async throws -> Frontier? {
        let now = DispatchTime.now().uptimeNanoseconds
        let (known, mustFind) = entries.withLock { entries -> (Frontier?, Bool) in
            guard let entry = entries[projectID] else {
                entries[projectID] = Entry(frontier: nil, foundAt: 0, refreshing: true)
                return (nil, true)
            }
            if entry.refreshing || now &- entry.foundAt < lifetime { return (entry.frontier, false) }
            entries[projectID]?.refreshing = true
            return (entry.frontier, true)
        }
        guard mustFind else { return known }
        do {
            let found = try await find()
            entries.withLock { $0[projectID] = Entry(frontier: found, foundAt: DispatchTime.now().uptimeNanoseconds, refreshing: false) }
            return found
        } catch {
            entries.withLock { $0[projectID]?.refreshing = false }
            throw error
        }
    }

    /// Moves the frontier up to `frontier` if that is further along the leasing order.
    func advance(_ projectID: UUID, to frontier: Frontier) {
        entries.withLock { entries in
            guard let current = entries[projectID]?.frontier, frontier.isAfter(current) else { return }
            entries[projectID]?.frontier = frontier
        }
    }

    /// Work ahead of the frontier may be free again: the next lease finds the frontier anew.
    func forget(_ projectID: UUID) {
        _ = entries.withLock { $0.removeValue(forKey: projectID) }
    }
}

extension UUID {
    /// Whether this id sorts before `other` in PostgreSQL's order of `uuid`: by its bytes.
    func precedes(_ other: UUID) -> Bool {
        withUnsafeBytes(of: uuid) { mine in withUnsafeBytes(of: other.uuid) { theirs in mine.lexicographicallyPrecedes(theirs) } }
    }
}
