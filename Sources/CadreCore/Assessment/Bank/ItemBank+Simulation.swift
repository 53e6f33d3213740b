/// An adaptive interview run against a simulated candidate of known ability, so a bank's
/// behaviour can be inspected before real candidates see it.
public struct SimulatedInterview: Sendable, Hashable {
    /// One administered item.
    public struct Step: Sendable, Hashable {
        /// The item's id.
        public var itemID: String
        /// The item's parameters when it was given.
        public var parameters: ItemParameters
        /// The simulee's probability of answering it correctly, `P(θ)`.
        public var probabilityCorrect: Double
        /// Whether the simulee answered correctly.
        public var correct: Bool
        /// The ability estimate after the response.
        public var estimate: AbilityEstimate
    }

    /// The simulee's true ability.
    public var trueTheta: Double
    /// The items given, in order.
    public var steps: [Step]
    /// Why the interview ended.
    public var stopReason: StopReason
    /// The final estimate.
    public var estimate: AbilityEstimate
}

extension ItemBank {
    /// Runs the bank's adaptive test against a simulee who answers each item correctly with
    /// probability `P(θ)` of the item's own parameters (the standard CAT simulation design,
    /// e.g. Weiss & Kingsbury 1984).
    ///
    /// Item selection draws from `SplitMix64(seed:)`, as a live session does; the simulee's
    /// answers draw from a second generator derived from the same seed, so the two streams
    /// are independent and the whole run is reproducible from `seed`.
    public func simulateInterview(
        theta: Double, seed: UInt64, configuration: AdaptiveTestConfiguration? = nil
    ) -> SimulatedInterview {
        var test = AdaptiveTest(bank: bankItems, configuration: configuration ?? adaptiveTestConfiguration)
        var selection = SplitMix64(seed: seed)
        // A fixed odd constant (the golden-ratio increment) separates the answer stream.
        var answers = SplitMix64(seed: seed ^ 0x9E37_79B9_7F4A_7C15)
        var steps: [SimulatedInterview.Step] = []
        while true {
            switch test.nextStep(using: &selection) {
            case let .finished(reason):
                return SimulatedInterview(trueTheta: theta, steps: steps, stopReason: reason, estimate: test.estimate)
            case let .administer(item):
                let probability = item.parameters.probabilityCorrect(at: theta)
                let draw = Double(answers.next() >> 11) * 0x1p-53
                let correct = draw < probability
                do {
                    try test.record(itemID: item.id, correct: correct)
                } catch {
                    preconditionFailure("the adaptive test refused the item it chose: \(error)")
                }
                steps.append(SimulatedInterview.Step(
                    itemID: item.id, parameters: item.parameters, probabilityCorrect: probability,
                    correct: correct, estimate: test.estimate
                ))
            }
        }
    }
}
