import Foundation

/// Latencies of one kind of call, kept as raw samples (a few hundred thousand at most in a
/// run), so percentiles are exact rather than bucketed.
struct LatencySamples: Sendable {
    private(set) var seconds: [Double] = []

    mutating func record(_ value: Double) { seconds.append(value) }
    mutating func merge(_ other: LatencySamples) { seconds += other.seconds }

    var count: Int { seconds.count }

    /// The nearest-rank percentile, in milliseconds.
    func percentile(_ p: Double) -> Double {
        guard !seconds.isEmpty else { return 0 }
        let sorted = seconds.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)] * 1000
    }
}

/// What one virtual expert did during the load phase.
struct ExpertRun: Sendable {
    var next = LatencySamples()
    var submit = LatencySamples()
    /// Assignment ids whose submit got a 2xx: each must be stored exactly once.
    var acknowledged: [String] = []
    var failures: [String] = []

    mutating func merge(_ other: ExpertRun) {
        next.merge(other.next)
        submit.merge(other.submit)
        acknowledged += other.acknowledged
        failures += other.failures
    }
}

func elapsed(since start: UInt64) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}
