import Synchronization

/// Group commit for PostgreSQL: items of concurrent requests handed to one `store` call, so a
/// whole group pays one round trip, one executor start-up and one commit.
///
/// An item that finds fewer than `maximumRunning` groups running starts one at once with
/// whatever is waiting; otherwise it waits for a running group to finish and joins the next.
/// So an idle server stores an item as soon as it arrives, and a busy one in groups as large
/// as the load makes them (at most `maximumSize`).
final class Batches<Item: Sendable, Output: Sendable>: Sendable {
    /// Stores a group; one result per item, in order.
    typealias Store = @Sendable ([Item]) async -> [Result<Output, any Error>]

    private struct Waiting {
        var item: Item
        var waiter: CheckedContinuation<Output, any Error>
    }

    private struct State {
        var waiting: [Waiting] = []
        var running = 0
    }

    let maximumRunning: Int
    let maximumSize: Int
    private let state = Mutex(State())

    init(maximumRunning: Int, maximumSize: Int) {
        self.maximumRunning = maximumRunning
        self.maximumSize = maximumSize
    }

    /// `item`'s result, once a group holding it was stored by `store` (this caller's, or the
    /// one of the caller that started the group).
    func add(_ item: Item, store: @escaping Store) async throws -> Output {
        try await withCheckedThrowingContinuation { waiter in
            let group = state.withLock { state -> [Waiting]? in
                state.waiting.append(Waiting(item: item, waiter: waiter))
                guard state.running < maximumRunning else { return nil }
                state.running += 1
                return take(from: &state)
            }
            if let group { Task { await self.run(group, store: store) } }
        }
    }

    /// Stores `group`, then the groups that gathered meanwhile, until none is waiting.
    private func run(_ group: [Waiting], store: Store) async {
        var group = group
        while !group.isEmpty {
            let results = await store(group.map(\.item))
            for (waiting, result) in zip(group, results) { waiting.waiter.resume(with: result) }
            group = state.withLock { state in
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
}

/// What a kind of batch did, for `/metrics`: statements run for groups of two or more items,
/// and the items they carried (their ratio is the mean group size under load).
struct BatchTotals: Sendable, Equatable {
    var batches = 0
    var items = 0

    /// As Prometheus counters `cadre_<name>_batches_total` and `cadre_<name>_batched_total`.
    func render(name: String, what: String) -> String {
        """
        # HELP cadre_\(name)_batches_total Statements that stored two or more concurrent \(what) together (PostgreSQL).
        # TYPE cadre_\(name)_batches_total counter
        cadre_\(name)_batches_total \(batches)
        # HELP cadre_\(name)_batched_total \(what.prefix(1).uppercased() + what.dropFirst()) stored by those statements.
        # TYPE cadre_\(name)_batched_total counter
        cadre_\(name)_batched_total \(items)

        """
    }
}

extension Result where Failure == any Error {
    /// A group's fallback stores its items one by one, each with its own outcome.
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
