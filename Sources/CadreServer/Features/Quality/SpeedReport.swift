import CadreCore
import Foundation

/// How long experts take per answer (lease to submit) against the project's median, and
/// how many of their answers came implausibly fast — a sign of answering without reading.
struct SpeedReport: Codable, Sendable {
    /// An answer faster than this share of the project's median time is flagged.
    static let tooFastShare = 0.25

    struct Expert: Codable, Sendable {
        var medianSeconds: Double
        var tooFast: Int
        enum CodingKeys: String, CodingKey { case medianSeconds = "median_seconds", tooFast = "too_fast" }
    }

    var projectMedianSeconds: Double?
    /// By expert id.
    var experts: [String: Expert]

    enum CodingKeys: String, CodingKey { case experts, projectMedianSeconds = "project_median_seconds" }

    init(_ durations: [(worker: Int32, seconds: Double)], workers: Interner) {
        projectMedianSeconds = Self.median(durations.map(\.seconds))
        let threshold = (projectMedianSeconds ?? 0) * Self.tooFastShare
        var byWorker: [Int32: [Double]] = [:]
        for duration in durations { byWorker[duration.worker, default: []].append(duration.seconds) }
        experts = Dictionary(uniqueKeysWithValues: byWorker.map { worker, seconds in
            (workers.name(worker), Expert(medianSeconds: Self.median(seconds) ?? 0, tooFast: seconds.filter { $0 < threshold }.count))
        })
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 0 ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
    }
}
