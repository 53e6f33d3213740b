/// How long people usually take on an item.
public struct ItemTimeNorm: Sendable, Hashable, Codable {
    /// Typical time on the item, in seconds.
    public var typicalSeconds: Double

    /// Creates a norm from a typical time (for example an author's estimate for a new item).
    public init(typicalSeconds: Double) {
        self.typicalSeconds = typicalSeconds
    }

    /// The norm of observed times: their median, which a few abandoned or rushed sessions
    /// cannot drag the way they drag a mean. `nil` when there are no positive observations.
    public init?(observedSeconds: [Double]) {
        let sorted = observedSeconds.filter { $0 > 0 && $0.isFinite }.sorted()
        guard !sorted.isEmpty else { return nil }
        let middle = sorted.count / 2
        typicalSeconds = sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
    }
}

/// Time a candidate spent on one item.
public struct ItemTiming: Sendable, Hashable, Codable {
    /// Identifier of the item.
    public var itemID: String
    /// Seconds from showing the item to receiving the answer.
    public var seconds: Double

    /// Creates a timing.
    public init(itemID: String, seconds: Double) {
        self.itemID = itemID
        self.seconds = seconds
    }
}

/// Flags answers given far faster than an item's norm: too fast to have read and solved it.
///
/// This is the normative-threshold method NT10 of Wise & Ma (2012, "Setting response time
/// thresholds for a CAT item pool: the normative threshold method", NCME): an answer is rapid
/// when it takes less than 10 % of the item's typical time, with the threshold capped at 10
/// seconds so that long items do not flag careful fast readers. A flag is a signal for a
/// person to look at, never a verdict.
public struct RapidResponseRule: Sendable, Hashable, Codable {
    /// Share of the typical time below which an answer is rapid.
    public var fractionOfNorm: Double
    /// Upper limit of the threshold, in seconds.
    public var maximumThresholdSeconds: Double

    /// Creates a rule; the defaults are NT10 (10 %, at most 10 seconds).
    public init(fractionOfNorm: Double = 0.1, maximumThresholdSeconds: Double = 10) {
        self.fractionOfNorm = fractionOfNorm
        self.maximumThresholdSeconds = maximumThresholdSeconds
    }

    /// Seconds below which an answer to an item with `norm` counts as rapid.
    public func thresholdSeconds(for norm: ItemTimeNorm) -> Double {
        min(fractionOfNorm * norm.typicalSeconds, maximumThresholdSeconds)
    }

    /// Whether `seconds` on an item with `norm` is far below the norm.
    public func isRapid(seconds: Double, norm: ItemTimeNorm) -> Bool {
        seconds < thresholdSeconds(for: norm)
    }

    /// A flag for each timing far below its item's norm, in the order given. Items without a
    /// norm are skipped: there is nothing yet to compare them with.
    public func flags(for timings: [ItemTiming], norms: [String: ItemTimeNorm]) -> [IntegrityFlag] {
        timings.compactMap { timing in
            guard let norm = norms[timing.itemID], isRapid(seconds: timing.seconds, norm: norm) else { return nil }
            return .rapidResponse(itemID: timing.itemID, seconds: timing.seconds, thresholdSeconds: thresholdSeconds(for: norm))
        }
    }
}
