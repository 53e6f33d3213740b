/// How a bank measured a population of simulees: the accuracy of θ̂, test length, why tests
/// stopped and how often each item was shown — what shows whether a bank measures well
/// before real candidates take it.
public struct SimulationSummary: Sendable, Hashable {
    /// Number of simulated interviews.
    public var interviews: Int
    /// Mean of θ̂ − θ.
    public var bias: Double
    /// Root mean square of θ̂ − θ.
    public var rootMeanSquareError: Double
    /// Mean number of items given.
    public var meanLength: Double
    /// Median number of items given (the mean of the middle two for an even count).
    public var medianLength: Double
    /// Fewest items given in one interview.
    public var shortestLength: Int
    /// Most items given in one interview.
    public var longestLength: Int
    /// Number of interviews per stop reason.
    public var stopReasons: [StopReason: Int]
    /// Share of interviews that showed each item of the bank, by item id (0 for unused items).
    public var exposureRates: [String: Double]

    /// Summarises `runs` of the adaptive test on `bank`.
    public init(_ runs: [SimulatedInterview], bank: ItemBank) {
        precondition(!runs.isEmpty, "a summary needs at least one interview")
        let n = Double(runs.count)
        let errors = runs.map { $0.estimate.theta - $0.trueTheta }
        let lengths = runs.map(\.steps.count).sorted()
        var reasons: [StopReason: Int] = [:]
        var shown: [String: Int] = [:]
        for run in runs {
            reasons[run.stopReason, default: 0] += 1
            for step in run.steps { shown[step.itemID, default: 0] += 1 }
        }
        interviews = runs.count
        bias = errors.reduce(0, +) / n
        rootMeanSquareError = (errors.map { $0 * $0 }.reduce(0, +) / n).squareRoot()
        meanLength = Double(lengths.reduce(0, +)) / n
        medianLength = lengths.count % 2 == 1
            ? Double(lengths[lengths.count / 2])
            : Double(lengths[lengths.count / 2 - 1] + lengths[lengths.count / 2]) / 2
        shortestLength = lengths[0]
        longestLength = lengths[lengths.count - 1]
        stopReasons = reasons
        exposureRates = Dictionary(uniqueKeysWithValues: bank.items.map { ($0.id, Double(shown[$0.id] ?? 0) / n) })
    }

    /// The highest exposure rate of any item.
    public var maximumExposure: Double { exposureRates.values.max() ?? 0 }

    /// The mean exposure rate over the bank's items.
    public var meanExposure: Double {
        exposureRates.isEmpty ? 0 : exposureRates.values.reduce(0, +) / Double(exposureRates.count)
    }

    /// Number of items no simulee was shown.
    public var unusedItems: Int { exposureRates.values.filter { $0 == 0 }.count }
}
