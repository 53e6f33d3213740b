import Foundation

/// How an assignment's heartbeats become paid seconds.
///
/// The workspace sends a heartbeat every 30 seconds while its page is visible and the expert
/// has interacted within the last minute. Two consecutive heartbeats at most
/// `idleThresholdSeconds` apart mean the expert was working in between, so the gap is paid;
/// a longer gap means the page was hidden or idle, and that gap is not paid at all — idle
/// time is never guessed, not even partly. The default threshold is the 60-second
/// interaction window plus 15 seconds of slack for a heartbeat delayed by the network or a
/// throttled background tab. The sum is then capped per task (by default 1.5 × the
/// project's time budget) so a task left open all day cannot run up a bill.
public struct ActiveTimePolicy: Equatable, Sendable {
    /// The longest gap between heartbeats that still counts as work.
    public var idleThresholdSeconds: Int64
    /// The most active seconds one assignment can be paid for.
    public var capSeconds: Int64

    public static let defaultIdleThresholdSeconds: Int64 = 75

    public init(idleThresholdSeconds: Int64 = defaultIdleThresholdSeconds, capSeconds: Int64) {
        self.idleThresholdSeconds = idleThresholdSeconds
        self.capSeconds = capSeconds
    }

    /// The default policy for a project: the default threshold and a cap of 1.5 × its time
    /// budget per task (rounded down to a whole second).
    public init(timeBudgetSeconds: Int) {
        self.init(capSeconds: Int64(timeBudgetSeconds) * 3 / 2)
    }

    /// Active seconds for one assignment's heartbeats, in any order.
    ///
    /// Gaps are summed in whole milliseconds and the total is rounded half to even to whole
    /// seconds (the payments rounding rule), then capped. Duplicate timestamps add nothing.
    public func activeSeconds(heartbeats: [Date]) -> Int64 {
        let instants = heartbeats.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }.sorted()
        let thresholdMilliseconds = idleThresholdSeconds * 1000
        var total: Int64 = 0
        for (earlier, later) in zip(instants, instants.dropFirst()) {
            let gap = later - earlier
            if gap <= thresholdMilliseconds { total += gap }
        }
        let seconds = Int64(Rounding.roundedQuotient(Int128(total), 1000))
        return min(seconds, capSeconds)
    }
}

extension ActiveTimePolicy {
    /// The server's running form of `activeSeconds(heartbeats:)`: adds the gap from the
    /// previous heartbeat to `now` to the milliseconds accumulated so far when it is short
    /// enough to be work, capped. Out-of-order or repeated beats add nothing.
    public func accumulate(activeMilliseconds: Int64, previous: Date, now: Date) -> Int64 {
        let gap = Int64(((now.timeIntervalSince1970 - previous.timeIntervalSince1970) * 1000).rounded())
        guard gap > 0, gap <= idleThresholdSeconds * 1000 else { return activeMilliseconds }
        return min(activeMilliseconds + gap, capSeconds * 1000)
    }

    /// Accumulated milliseconds as paid seconds: rounded half to even, then capped — the
    /// same result `activeSeconds(heartbeats:)` gives for the same beats.
    public func seconds(ofMilliseconds milliseconds: Int64) -> Int64 {
        min(Int64(Rounding.roundedQuotient(Int128(milliseconds), 1000)), capSeconds)
    }
}
