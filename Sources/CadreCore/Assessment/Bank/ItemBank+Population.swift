import Foundation

extension ItemBank {
    /// `count` interviews of simulees with θ drawn from N(0, 1), the scale the bank's
    /// parameters are stated on. Each simulee answers from the bank's own parameters through
    /// the real `AdaptiveTest` (see `simulateInterview(theta:seed:configuration:)`), with its
    /// own seed derived from `seed`, so the whole batch replays exactly.
    /// - Complexity: O(count × test length × bank size).
    public func simulatePopulation(
        count: Int, seed: UInt64, configuration: AdaptiveTestConfiguration? = nil
    ) -> [SimulatedInterview] {
        var abilities = SplitMix64(seed: seed)
        return (0..<count).map { index in
            // Box–Muller (Box & Muller 1958) from two uniforms on the top 53 bits; `u` is
            // taken as 1 − uniform so it is never 0 and the logarithm stays finite.
            let u = 1 - Double(abilities.next() >> 11) * 0x1p-53, v = Double(abilities.next() >> 11) * 0x1p-53
            let theta = (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
            return simulateInterview(theta: theta, seed: seed &+ UInt64(index) &+ 1, configuration: configuration)
        }
    }
}
