import Foundation
import Synchronization

/// A small in-process map whose entries are trusted for a few seconds of wall time.
///
/// The work loop asks the same questions on every request — whose token is this, what is
/// this expert qualified for, is this project active — and their answers change rarely.
/// Writers in this instance remove the affected entries as they write (see the
/// `…Invalidation` model middlewares), so a change made here is seen here at once; another
/// instance sees it once its entry runs out and is read again: after `lifetime` and the time
/// of one read, never more than twice `lifetime`.
///
/// Ages are measured on the monotonic clock, not the application clock, so a test that
/// moves its clock neither hides nor forces an invalidation.
final class ShortLivedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// A value, or the mark of a removal (nil), with when it was stored.
    private struct Entry {
        var value: Value?
        var at: UInt64
        /// A caller is loading a fresh value; until it is stored, the others use this one.
        var refreshing = false
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
    /// An entry past its lifetime is loaded again by the first caller to find it so; until
    /// that load is stored (and for at most one more lifetime) the others keep using it.
    /// Otherwise every request arriving during the load loaded too: 7–8 reads of one project
    /// each time its entry ran out, with 32 experts working, instead of one.
    ///
    /// A removed key is not stored again for one lifetime: the write that removed it may not
    /// have committed yet, and a load in that window would read the old row.
    func value(for key: Key, load: () async throws -> Value?) async rethrows -> Value? {
        guard lifetime > 0 else { return try await load() }
        let now = Self.uptime()
        let maxAge = maxAge
        let (hit, generation, refreshing) = state.withLock { state -> (Value?, UInt64, Bool) in
            guard let entry = state.entries[key], let value = entry.value else { return (nil, state.generation, false) }
            let age = now &- entry.at
            if age < maxAge || (age < 2 &* maxAge && entry.refreshing) { return (value, state.generation, false) }
            state.entries[key]?.refreshing = true
            return (nil, state.generation, true)
        }
        if let hit { return hit }
        let loaded: Value?
        do {
            loaded = try await load()
        } catch {
            if refreshing { state.withLock { $0.entries[key]?.refreshing = false } }
            throw error
        }
        state.withLock { state in
            if refreshing, state.entries[key]?.refreshing == true {
                // Gone since (nil): drop the old value rather than serve it for another lifetime.
                if loaded == nil { state.entries[key] = nil } else { state.entries[key]?.refreshing = false }
            }
            guard let loaded, state.generation == generation, now >= state.quietUntil else { return }
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
