import CadreCore
import Foundation

extension AssessCommand.Simulate {
    /// `count` interviews of simulees with θ drawn from N(0, 1), the calibrated population;
    /// the batch replays exactly from `seed` (see `ItemBank.simulatePopulation`).
    static func population(
        _ bank: ItemBank, count: Int, seed: UInt64, configuration: AdaptiveTestConfiguration
    ) -> [SimulatedInterview] {
        bank.simulatePopulation(count: count, seed: seed, configuration: configuration)
    }

    /// Bias and RMSE of θ̂, test length, stop reasons and item exposure: what shows whether a
    /// bank measures well before real candidates take it.
    static func summary(_ runs: [SimulatedInterview], bank: ItemBank) -> [String] {
        let summary = SimulationSummary(runs, bank: bank)
        let reasons = summary.stopReasons
        return [
            "\(bank.domainName) v\(bank.version): \(runs.count) simulees with θ ~ N(0, 1)",
            "bias \(AssessCommand.fixed(summary.bias)), RMSE \(AssessCommand.fixed(summary.rootMeanSquareError))",
            "test length: mean \(AssessCommand.fixed(summary.meanLength, 1)), median \(AssessCommand.fixed(summary.medianLength, 1)), min \(summary.shortestLength), max \(summary.longestLength)",
            "stopped: precision \(reasons[.precisionReached] ?? 0), maximum items \(reasons[.maximumItemsReached] ?? 0), bank exhausted \(reasons[.bankExhausted] ?? 0)",
            "item exposure: max \(AssessCommand.fixed(summary.maximumExposure, 2)), mean \(AssessCommand.fixed(summary.meanExposure, 2)), never used \(summary.unusedItems) of \(summary.exposureRates.count)",
        ]
    }
}
