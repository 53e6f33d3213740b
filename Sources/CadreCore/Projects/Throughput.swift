import Foundation

/// Answers per hour over the last day, and when the remaining work will be done at that pace.
public struct Throughput: Equatable, Sendable {
    public struct Hour: Equatable, Sendable {
        public var start: Date
        public var answers: Int
    }

    /// Oldest first, ending with the hour that contains `now`.
    public var hours: [Hour]
    /// Answers per hour, averaged over the hours since the first answer of the window (so a
    /// project that started an hour ago is not diluted by 23 empty hours).
    public var ratePerHour: Double
    /// nil when nothing remains or nothing was answered in the window.
    public var estimatedCompletion: Date?

    public static let windowHours = 24

    public init(answeredAt times: [Date], remainingAnswers: Int, now: Date) {
        let hourLength: TimeInterval = 3600
        let currentHour = (now.timeIntervalSince1970 / hourLength).rounded(.down) * hourLength
        let firstHour = currentHour - Double(Self.windowHours - 1) * hourLength
        var counts = [Int](repeating: 0, count: Self.windowHours)
        var earliest: Date?
        for time in times {
            let offset = Int(((time.timeIntervalSince1970 - firstHour) / hourLength).rounded(.down))
            guard (0..<Self.windowHours).contains(offset), time <= now else { continue }
            counts[offset] += 1
            earliest = min(earliest ?? time, time)
        }
        hours = counts.enumerated().map { Hour(start: Date(timeIntervalSince1970: firstHour + Double($0.offset) * hourLength), answers: $0.element) }
        let total = counts.reduce(0, +)
        if let earliest, total > 0 {
            let elapsedHours = max(now.timeIntervalSince(earliest) / hourLength, 1.0 / 60)
            ratePerHour = Double(total) / min(elapsedHours, Double(Self.windowHours))
        } else {
            ratePerHour = 0
        }
        estimatedCompletion = remainingAnswers > 0 && ratePerHour > 0
            ? now.addingTimeInterval(Double(remainingAnswers) / ratePerHour * hourLength) : nil
    }
}
