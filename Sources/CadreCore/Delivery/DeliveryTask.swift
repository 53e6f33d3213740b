/// One task as delivery sees it: its stored input, every accepted answer, and the quality
/// engine's consensus when there is one.
public struct DeliveryTask: Sendable, Equatable {
    /// One accepted answer (the reviewer's edit when accepted with edits).
    public struct Answer: Sendable, Equatable {
        public var value: JSONValue
        /// Whether it passes the snapshot's answer filters; unselected answers still count
        /// towards agreement, since the task's annotators gave them.
        public var selected: Bool

        public init(_ value: JSONValue, selected: Bool = true) {
            self.value = value
            self.selected = selected
        }
    }

    /// The stored consensus of the task.
    public struct Consensus: Sendable, Equatable {
        public var result: JSONValue
        /// 0…1, as the quality engine computed it.
        public var confidence: Double

        public init(result: JSONValue, confidence: Double) {
            self.result = result
            self.confidence = confidence
        }
    }

    public var externalID: String
    /// The template-normalised input.
    public var input: JSONValue
    /// Accepted answers in the order they were given.
    public var answers: [Answer]
    public var consensus: Consensus?

    public init(externalID: String, input: JSONValue, answers: [Answer], consensus: Consensus? = nil) {
        self.externalID = externalID
        self.input = input
        self.answers = answers
        self.consensus = consensus
    }

    var selectedAnswers: [JSONValue] { answers.filter(\.selected).map(\.value) }

    /// Why the task gives no rows at all under `options`, before any format looks at it:
    /// consensus asked for and missing, or a confidence below the minimum.
    func gate(_ options: DeliveryOptions) -> DeliveryExclusion? {
        if options.selection == .consensus || options.minimumConfidence != nil {
            guard let consensus else { return .noConsensus }
            if let minimum = options.minimumConfidence, consensus.confidence < minimum { return .lowConfidence }
        }
        return nil
    }

    /// The share of the task's answers for which `same` holds; 0 when there are none.
    func share(where same: (JSONValue) -> Bool) -> Double {
        answers.isEmpty ? 0 : Double(answers.filter { same($0.value) }.count) / Double(answers.count)
    }
}

/// Whether a snapshot holds one row per task from its consensus, or one row per answer.
public enum AnswerSelection: String, Sendable, CaseIterable, Codable {
    case consensus
    case all
}

/// The choices of a snapshot that change rows (filters that choose tasks and answers are
/// applied before the format sees them).
public struct DeliveryOptions: Sendable, Equatable {
    public var selection: AnswerSelection
    /// Tasks whose consensus confidence is lower are left out.
    public var minimumConfidence: Double?
    /// Prompts and completions as lists of `{role, content}` messages instead of strings.
    public var conversational: Bool
    /// Ranking DPO: only pairs from neighbouring places instead of every implied pair.
    public var adjacentPairsOnly: Bool
    /// KTO: the normalised overall score (0…1) at or above which a completion is desirable.
    public var ktoThreshold: Double

    public init(
        selection: AnswerSelection = .consensus, minimumConfidence: Double? = nil, conversational: Bool = false,
        adjacentPairsOnly: Bool = false, ktoThreshold: Double = 0.5
    ) {
        self.selection = selection
        self.minimumConfidence = minimumConfidence
        self.conversational = conversational
        self.adjacentPairsOnly = adjacentPairsOnly
        self.ktoThreshold = ktoThreshold
    }
}

/// Turns tasks into the rows of one format.
public protocol DeliveryEncoder: Sendable {
    func encode(_ task: DeliveryTask) -> EncodedTask
}
