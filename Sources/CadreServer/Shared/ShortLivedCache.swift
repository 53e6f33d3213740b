import Foundation
import Synchronization

/// A small in-process map whose entries are trusted for a few seconds of wall time.
///
/// The work loop asks the same questions on every request — whose token is this, what is
/// this expert qualified for, is this project active — and their answers change rarely.
/// Writers in this instance remove the affected entries as they write (see the
/// `…Invalidation` model middlewares), so a change made here is seen here at once; another
/// instance sees it when its entry runs out, after at most `lifetime`.
///
/// Ages are measured on the monotonic clock, not the application clock, so a test that
/// moves its clock neither hides nor forces an invalidation.
final class ShortLivedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// A value, or the mark of a removal (nil), with when it was stored.
    private struct Entry {
        var value: Value?
        var at: UInt64
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        /// Bumped by every removal, so a load that began before a write cannot store what it read.
        var generation: UInt64 = 0
        /// After a sweeping removal nothing is stored for one lifetime.
        var quietUntil: UInt64 = 0
    }

    let lifetime: TimeInterval
    let capacity: Int
    private let state = Mutex(State())

    /// A `lifetime` of 0 turns caching off: every lookup loads.
    init(lifetime: TimeInterval, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    private var maxAge: UInt64 { UInt64(lifetime * 1e9) }

    /// The fresh value for `key`, or what `load` returns. A nil from `load` is not cached:
    /// absence is always asked again.
    ///
    /// A removed key is not stored again for one lifetime: the write that removed it may not
    /// have committed yet, and a load in that window would read the old row.
    func value(for key: Key, load: () async throws -> Value?) async rethrows -> Value? {
        guard lifetime > 0 else { return try await load() }
        let now = Self.uptime()
        let maxAge = maxAge
        let (hit, generation) = state.withLock { state -> (Value?, UInt64) in
            if let entry = state.entries[key], let value = entry.value, now &- entry.at < maxAge { return (value, state.generation) }
            return (nil, state.generation)
        }
        if let hit { return hit }
        guard let loaded = try await load() else { return nil }
        state.withLock { state in
            guard state.generation == generation, now >= state.quietUntil else { return }
            if let entry = state.entries[key], entry.value == nil, now &- entry.at < maxAge { return }
            if state.entries.count >= capacity {
                state.entries = state.entries.filter { now &- $0.value.at < maxAge }
                if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            }
            state.entries[key] = Entry(value: loaded, at: now)
        }
        return loaded
    }

    /// The fresh value for `key` if there is one, without loading.
    func cachedValue(for key: Key) -> Value? {
        guard lifetime > 0 else { return nil }
        let now = Self.uptime()
        let maxAge = maxAge
        return state.withLock { state in
            guard let entry = state.entries[key], let value = entry.value, now &- entry.at < maxAge else { return nil }
            return value
        }
    }

    func remove(_ key: Key) {
        guard lifetime > 0 else { return }
        let now = Self.uptime()
        state.withLock { state in
            state.entries[key] = Entry(value: nil, at: now)
            state.generation &+= 1
        }
    }

    /// Removes every entry that matches, and stores nothing for one lifetime.
    func removeAll(where shouldRemove: (Key, Value) -> Bool = { _, _ in true }) {
        guard lifetime > 0 else { return }
        let now = Self.uptime()
        let maxAge = maxAge
        state.withLock { state in
            state.entries = state.entries.filter { key, entry in entry.value.map { !shouldRemove(key, $0) } ?? true }
            state.generation &+= 1
            state.quietUntil = now &+ maxAge
        }
    }

    private static func uptime() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
}
