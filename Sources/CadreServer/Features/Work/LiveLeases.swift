import Foundation
import Synchronization
import Vapor

/// Leases this instance handed out and that are not yet answered, with what a submit must
/// know of its assignment: who holds it, its project, whether it is gold and its task's
/// input. Those facts never change for an assignment, so the usual submit reads nothing
/// before it writes. The assignment's state does change (expiry, skip, another instance), but
/// the submit's write is guarded by it (`LeaseQueries.submitLeased`), so an entry that is out
/// of date only sends a submit down the careful path, which reads the row.
final class LiveLeases: Sendable {
    private struct Entry {
        var target: Submission.Target
        var expiresAt: Date
    }

    /// Past this many, leases that ran out are dropped (and, if that is not enough, all):
    /// a miss only costs the read the cache saves.
    let capacity: Int
    private let entries = Mutex<[UUID: Entry]>([:])

    init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    func remember(_ assignment: Assignment, taskInput: String, now: Date) {
        guard let id = assignment.id else { return }
        let target = Submission.Target(
            id: id, expertID: assignment.$expert.id, projectID: assignment.$project.id, state: .leased, isGold: assignment.isGold,
            taskInput: taskInput)
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { $0.value.expiresAt > now }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[id] = Entry(target: target, expiresAt: assignment.expiresAt)
        }
    }

    /// The assignment as it was leased here, if it was.
    func target(_ id: UUID) -> Submission.Target? {
        entries.withLock { $0[id]?.target }
    }

    func forget(_ id: UUID) {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }

}

extension Application {
    var liveLeases: LiveLeases {
        get { work.leases }
        set { work.leases = newValue }
    }
}
