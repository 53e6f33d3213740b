import CadreCore
import Foundation

extension AssessCommand.Simulate {
    /// `count` interviews of simulees with θ drawn from N(0, 1), the calibrated population;
    /// each run gets its own seed derived from `seed`, so the whole batch replays exactly.
    static func population(
        _ bank: ItemBank, count: Int, seed: UInt64, configuration: AdaptiveTestConfiguration
    ) -> [SimulatedInterview] {
        var abilities = SplitMix64(seed: seed)
        return (0..<count).map { index in
            // Box–Muller (Box & Muller 1958) from two uniforms on the top 53 bits.
            let u = 1 - Double(abilities.next() >> 11) * 0x1p-53, v = Double(abilities.next() >> 11) * 0x1p-53
            let theta = (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
            return bank.simulateInterview(theta: theta, seed: seed &+ UInt64(index) &+ 1, configuration: configuration)
        }
    }

    /// Bias and RMSE of θ̂, test length, stop reasons and item exposure: what shows whether a
    /// bank measures well before real candidates take it.
    static func summary(_ runs: [SimulatedInterview], bank: ItemBank) -> [String] {
        let n = Double(runs.count)
        let errors = runs.map { $0.estimate.theta - $0.trueTheta }
        let bias = errors.reduce(0, +) / n
        let rmse = (errors.map { $0 * $0 }.reduce(0, +) / n).squareRoot()
        let lengths = runs.map(\.steps.count).sorted()
        let median = lengths.count % 2 == 1
            ? Double(lengths[lengths.count / 2])
            : Double(lengths[lengths.count / 2 - 1] + lengths[lengths.count / 2]) / 2
        var reasons: [StopReason: Int] = [:]
        var exposure: [String: Int] = [:]
        for run in runs {
            reasons[run.stopReason, default: 0] += 1
            for step in run.steps { exposure[step.itemID, default: 0] += 1 }
        }
        let rates = bank.items.map { Double(exposure[$0.id] ?? 0) / n }
        let unused = rates.filter { $0 == 0 }.count
        return [
            "\(bank.domainName) v\(bank.version): \(runs.count) simulees with θ ~ N(0, 1)",
            "bias \(AssessCommand.fixed(bias)), RMSE \(AssessCommand.fixed(rmse))",
            "test length: mean \(AssessCommand.fixed(Double(lengths.reduce(0, +)) / n, 1)), median \(AssessCommand.fixed(median, 1)), min \(lengths.first ?? 0), max \(lengths.last ?? 0)",
            "stopped: precision \(reasons[.precisionReached] ?? 0), maximum items \(reasons[.maximumItemsReached] ?? 0), bank exhausted \(reasons[.bankExhausted] ?? 0)",
            "item exposure: max \(AssessCommand.fixed(rates.max() ?? 0, 2)), mean \(AssessCommand.fixed(rates.reduce(0, +) / Double(max(rates.count, 1)), 2)), never used \(unused) of \(rates.count)",
        ]
    }
}
