import Foundation
import Synchronization
import Vapor

/// A token bucket per caller: `perMinute` calls a minute on average, up to `perMinute` at
/// once after a quiet spell. It guards calls that are cheap to make and costly to serve in a
/// loop — asking for the next task or review — against a client that spins on them.
///
/// Buckets live in this instance's memory, so with several instances behind a balancer a
/// caller gets the allowance once per instance; that bounds a runaway client, which is the point.
/// Time is the application clock, so tests move it by hand.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var at: Date
    }

    private struct State {
        var buckets: [UUID: Bucket] = [:]
        /// Buckets held before the next sweep: doubled after a sweep that freed little, so a
        /// table of busy callers is not rescanned on every call.
        var sweepAt: Int
    }

    let perMinute: Int
    /// Buckets kept before idle (full) ones are swept.
    let capacity: Int
    private let state: Mutex<State>

    /// A `perMinute` of 0 turns the limit off.
    init(perMinute: Int, capacity: Int = 50_000) {
        self.perMinute = perMinute
        self.capacity = capacity
        state = Mutex(State(sweepAt: capacity))
    }

    /// Takes one call from `caller`'s bucket, or says how many seconds until one is there.
    func take(_ caller: UUID, at now: Date) -> Int? {
        guard perMinute > 0 else { return nil }
        let limit = Double(perMinute)
        let perSecond = limit / 60
        return state.withLock { state in
            var bucket = state.buckets[caller] ?? Bucket(tokens: limit, at: now)
            bucket.tokens = min(limit, bucket.tokens + max(0, now.timeIntervalSince(bucket.at)) * perSecond)
            bucket.at = now
            defer { state.buckets[caller] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                if state.buckets.count >= state.sweepAt {
                    sweep(&state.buckets, now: now, limit: limit, perSecond: perSecond)
                    state.sweepAt = max(capacity, state.buckets.count * 2)
                }
                return nil
            }
            return Int(((1 - bucket.tokens) / perSecond).rounded(.up))
        }
    }

    /// Forgets callers whose buckets have refilled: they would start full anyway.
    private func sweep(_ buckets: inout [UUID: Bucket], now: Date, limit: Double, perSecond: Double) {
        buckets = buckets.filter { $0.value.tokens + now.timeIntervalSince($0.value.at) * perSecond < limit }
    }
}

/// Refuses a caller over its allowance of next-task and next-review calls with 429 and
/// `Retry-After`, before the handler touches the database.
struct NextWorkRateLimit: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let caller = request.currentUser?.user.id, let wait = request.application.nextWorkLimiter.take(caller, at: request.now) {
            throw Problem(
                status: .tooManyRequests, code: "rate_limited", title: "Too many requests",
                detail: "Too many requests for new work. Try again in \(wait) seconds.",
                headers: ["Retry-After": String(wait)])
        }
        return try await next.respond(to: request)
    }
}

extension Application {
    private struct NextWorkLimiterKey: StorageKey { typealias Value = RateLimiter }

    /// The limit on asking for the next task or review (`CADRE_NEXT_WORK_PER_MINUTE`).
    var nextWorkLimiter: RateLimiter {
        get { storage[NextWorkLimiterKey.self] ?? RateLimiter(perMinute: 0) }
        set { storage[NextWorkLimiterKey.self] = newValue }
    }
}
