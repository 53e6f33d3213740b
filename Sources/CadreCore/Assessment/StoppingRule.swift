/// Why an adaptive test ended.
public enum StopReason: String, Sendable, Hashable, Codable {
    /// The standard error reached its target after the minimum number of items.
    case precisionReached
    /// The maximum number of items was given.
    case maximumItemsReached
    /// No eligible item was left in the bank.
    case bankExhausted
}

/// When an adaptive test stops: a variable-length precision rule with a floor and a ceiling
/// on test length (Weiss & Kingsbury 1984, "Application of computerized adaptive testing to
/// educational problems", *Journal of Educational Measurement* 21).
public struct StoppingRule: Sendable, Hashable, Codable {
    /// Stop once the standard error is at or below this value.
    public var targetStandardError: Double
    /// Never stop on precision before this many items, so a lucky start cannot end the test.
    public var minimumItems: Int
    /// Always stop after this many items.
    public var maximumItems: Int

    /// Creates a stopping rule; the defaults are the interview's (SE ≤ 0.3, 5 to 30 items).
    public init(targetStandardError: Double = 0.3, minimumItems: Int = 5, maximumItems: Int = 30) {
        precondition(minimumItems >= 0 && maximumItems >= max(minimumItems, 1), "need 0 ≤ minimum ≤ maximum, maximum ≥ 1")
        self.targetStandardError = targetStandardError
        self.minimumItems = minimumItems
        self.maximumItems = maximumItems
    }

    /// The reason to stop after `itemsAdministered` items with `estimate`, or `nil` to go on.
    public func stopReason(after itemsAdministered: Int, estimate: AbilityEstimate) -> StopReason? {
        if itemsAdministered >= maximumItems { return .maximumItemsReached }
        if itemsAdministered >= minimumItems && estimate.standardError <= targetStandardError {
            return .precisionReached
        }
        return nil
    }
}
