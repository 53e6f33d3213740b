/// Settings of an adaptive test, configurable per bank.
public struct AdaptiveTestConfiguration: Sendable, Hashable, Codable {
    /// How the next item is chosen.
    public var selection: ItemSelectionRule
    /// When the test stops.
    public var stopping: StoppingRule
    /// Grid on which EAP integrates ability.
    public var grid: QuadratureGrid
    /// Prior on ability; the test starts at its mean.
    public var prior: AbilityPrior

    /// Creates a configuration; defaults are max-information selection, SE ≤ 0.3 after 5 of at
    /// most 30 items, catsim's 41-node grid on [−6, 6] and a standard normal prior.
    public init(
        selection: ItemSelectionRule = ItemSelectionRule(),
        stopping: StoppingRule = StoppingRule(),
        grid: QuadratureGrid = .catsim,
        prior: AbilityPrior = .standardNormal
    ) {
        self.selection = selection
        self.stopping = stopping
        self.grid = grid
        self.prior = prior
    }
}

/// One scored item of a session's transcript, with the estimate it led to.
public struct AdministeredItem: Sendable, Hashable, Codable {
    /// Identifier of the bank item.
    public var itemID: String
    /// Whether the answer was scored correct.
    public var correct: Bool
    /// The ability estimate after this response.
    public var estimateAfter: AbilityEstimate
}

/// What an adaptive test asks for next.
public enum AdaptiveTestStep: Sendable, Hashable {
    /// Present this item.
    case administer(BankItem)
    /// The test is over.
    case finished(StopReason)
}

/// A computerized adaptive test in progress: alternate `nextStep(using:)` and
/// `record(itemID:correct:)` until the step is `.finished`.
///
/// The value holds no randomness of its own; the caller keeps a seeded generator (such as
/// `SplitMix64`) beside the stored responses, so re-recording the same responses with a
/// generator from the same seed reproduces the session item for item. Ability is re-estimated
/// by EAP after every response (Bock & Mislevy 1982), items are chosen by
/// `ItemSelectionRule`, and the test ends by `StoppingRule`.
public struct AdaptiveTest: Sendable, Hashable {
    /// The bank items are drawn from.
    public let bank: [BankItem]
    /// The test's settings.
    public let configuration: AdaptiveTestConfiguration
    /// Items seen in earlier attempts, never shown again.
    public let excludedItemIDs: Set<String>
    /// Scored items in order.
    public private(set) var transcript: [AdministeredItem] = []
    /// The current ability estimate; the prior's before any response.
    public private(set) var estimate: AbilityEstimate

    private var administeredIndices: [Int] = []
    private let indexByID: [String: Int]

    /// Starts a test on `bank`, excluding items the candidate has already seen.
    public init(bank: [BankItem], configuration: AdaptiveTestConfiguration = AdaptiveTestConfiguration(), excluding seen: Set<String> = []) {
        self.bank = bank
        self.configuration = configuration
        self.excludedItemIDs = seen
        self.indexByID = Dictionary(bank.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.estimate = .expectedAPosteriori(responses: [], grid: configuration.grid, prior: configuration.prior)
    }

    /// Why the test has stopped by its stopping rule, or `nil` if it may go on.
    /// (Bank exhaustion shows only in `nextStep(using:)`.)
    public var stopReason: StopReason? {
        configuration.stopping.stopReason(after: transcript.count, estimate: estimate)
    }

    /// The next item to present at the current θ̂, or why the test is over.
    ///
    /// Does not change the session; calling it twice with generators in the same state gives
    /// the same item.
    public func nextStep(using generator: inout some RandomNumberGenerator) -> AdaptiveTestStep {
        if let reason = stopReason { return .finished(reason) }
        guard let index = configuration.selection.selectItem(
            from: bank, at: estimate.theta, administered: administeredIndices,
            excluding: excludedItemIDs, using: &generator
        ) else { return .finished(.bankExhausted) }
        return .administer(bank[index])
    }

    /// Scores a response and re-estimates ability.
    /// - Throws: `AssessmentError` if the item is unknown, repeated, excluded, or the test
    ///   has already stopped; the session is then unchanged.
    public mutating func record(itemID: String, correct: Bool) throws(AssessmentError) {
        if let reason = stopReason { throw .testFinished(reason) }
        guard let index = indexByID[itemID] else { throw .unknownItem(id: itemID) }
        guard !excludedItemIDs.contains(itemID) else { throw .itemExcluded(id: itemID) }
        guard !administeredIndices.contains(index) else { throw .itemAlreadyAdministered(id: itemID) }
        administeredIndices.append(index)
        let responses = zip(administeredIndices, transcript.map(\.correct) + [correct]).map { index, correct in
            ScoredResponse(parameters: bank[index].parameters, correct: correct)
        }
        estimate = .expectedAPosteriori(responses: responses, grid: configuration.grid, prior: configuration.prior)
        transcript.append(AdministeredItem(itemID: itemID, correct: correct, estimateAfter: estimate))
    }
}
