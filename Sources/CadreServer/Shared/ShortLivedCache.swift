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
    /// A value with when it was stored.
    private struct Entry {
        var value: Value
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
        /// Keys with a write under way (`beginWrite`), counted: nothing is stored for them.
        var writing: [Key: Int] = [:]
        /// Keys removed by a write that may not have committed yet: nothing is stored for them
        /// until this time (one lifetime on).
        var heldUntil: [Key: UInt64] = [:]

        /// Holds `key` from `now` for `maxAge`; past `capacity` held keys, lapsed holds go.
        mutating func hold(_ key: Key, now: UInt64, maxAge: UInt64, capacity: Int) {
            if heldUntil.count >= capacity { heldUntil = heldUntil.filter { $0.value > now } }
            heldUntil[key] = max(heldUntil[key] ?? 0, now &+ maxAge)
        }
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
    /// Nothing is stored for a key while a write of it runs, nor by a load that began before
    /// the write ended, nor for one lifetime after a write that may not have committed yet
    /// (`remove`, `endWrite`): a load in that window could read the old row.
    func value(for key: Key, load: () async throws -> Value?) async rethrows -> Value? {
        guard lifetime > 0 else { return try await load() }
        let now = Self.uptime()
        let maxAge = maxAge
        let (hit, generation, refreshing) = state.withLock { state -> (Value?, UInt64, Bool) in
            guard let entry = state.entries[key] else { return (nil, state.generation, false) }
            let value = entry.value
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
            guard let loaded, state.generation == generation, now >= state.quietUntil, state.writing[key] == nil else { return }
            if let held = state.heldUntil[key] {
                guard now >= held else { return }
                state.heldUntil[key] = nil
            }
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
            guard let entry = state.entries[key], now &- entry.at < maxAge else { return nil }
            return entry.value
        }
    }

    /// Removes `key`'s entry for a write whose commit this cache cannot see: nothing is
    /// stored for it for one lifetime, since a load in that window could read the old row.
    func remove(_ key: Key) {
        guard lifetime > 0 else { return }
        let now = Self.uptime()
        let maxAge = maxAge
        state.withLock { state in
            state.entries[key] = nil
            state.hold(key, now: now, maxAge: maxAge, capacity: capacity)
            state.generation &+= 1
        }
    }

    /// A write of `key`'s row begins: its entry goes, and nothing is stored for it until the
    /// write ends.
    func beginWrite(_ key: Key) {
        guard lifetime > 0 else { return }
        state.withLock { state in
            state.entries[key] = nil
            state.writing[key, default: 0] += 1
            state.generation &+= 1
        }
    }

    /// The write begun by `beginWrite` ended. A load that began before this is not stored.
    /// `committed` says the change is visible to new reads (a write outside a transaction):
    /// the next load may store again at once. Otherwise the transaction may not have
    /// committed yet, and the key is held for one lifetime, as by `remove`.
    func endWrite(_ key: Key, committed: Bool) {
        guard lifetime > 0 else { return }
        let now = Self.uptime()
        let maxAge = maxAge
        state.withLock { state in
            state.entries[key] = nil
            if let count = state.writing[key] { state.writing[key] = count > 1 ? count - 1 : nil }
            if !committed { state.hold(key, now: now, maxAge: maxAge, capacity: capacity) }
            state.generation &+= 1
        }
    }

    /// Removes every entry that matches, and stores nothing for one lifetime.
    func removeAll(where shouldRemove: (Key, Value) -> Bool = { _, _ in true }) {
        guard lifetime > 0 else { return }
        let now = Self.uptime()
        let maxAge = maxAge
        state.withLock { state in
            state.entries = state.entries.filter { key, entry in !shouldRemove(key, entry.value) }
            state.generation &+= 1
            state.quietUntil = now &+ maxAge
        }
    }

    private static func uptime() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
}
