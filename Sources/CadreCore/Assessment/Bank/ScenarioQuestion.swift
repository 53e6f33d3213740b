/// A free-text question about a realistic situation, scored against a rubric of binary
/// criteria.
public struct ScenarioQuestion: Sendable, Hashable, Identifiable {
    /// Identifier, unique within the bank (items and scenarios share one namespace).
    public var id: String
    /// The situation and the question, in Markdown.
    public var prompt: String
    /// Skills of the bank the scenario draws on; may be empty.
    public var skills: [String]
    /// The criteria; each is met or not.
    public var rubric: [RubricCriterion]
    /// The most points an answer can earn: the sum of the criteria's points.
    public var maxPoints: Int

    /// Creates a scenario from values that are already known to be valid.
    public init(id: String, prompt: String, skills: [String] = [], rubric: [RubricCriterion], maxPoints: Int) {
        self.id = id
        self.prompt = prompt
        self.skills = skills
        self.rubric = rubric
        self.maxPoints = maxPoints
    }
}

/// One binary criterion of a rubric.
///
/// The description is what a human or LLM grader judges. The concepts are what the embedded
/// scorer looks for: the criterion counts as met when at least `minimumConcepts` of them occur
/// in the answer.
public struct RubricCriterion: Sendable, Hashable, Identifiable {
    /// Identifier, unique within its scenario.
    public var id: String
    /// What a good answer does, stated so a grader can say yes or no.
    public var description: String
    /// Ideas the embedded scorer looks for, each with its alternative wordings.
    public var concepts: [RubricConcept]
    /// How many distinct concepts must be found for the criterion to count as met.
    public var minimumConcepts: Int
    /// Points earned when the criterion is met.
    public var points: Int

    /// Creates a criterion; `minimumConcepts` defaults to all of them.
    public init(id: String, description: String, concepts: [RubricConcept], minimumConcepts: Int? = nil, points: Int = 1) {
        self.id = id
        self.description = description
        self.concepts = concepts
        self.minimumConcepts = minimumConcepts ?? concepts.count
        self.points = points
    }
}

/// One idea a rubric criterion looks for, as alternative phrases that each express it.
///
/// Phrases are matched word by word after case folding and light stemming, so "caches" finds
/// "cache"; a word ending in `*` matches any word it begins, so "idempoten*" finds both
/// "idempotent" and "idempotency".
public struct RubricConcept: Sendable, Hashable {
    /// The alternative phrases, in the order authored; the first names the concept.
    public var phrases: [String]

    /// Creates a concept from its alternative phrases.
    public init(_ phrases: [String]) {
        self.phrases = phrases
    }

    /// The concept's label: its first phrase.
    public var label: String { phrases.first ?? "" }
}
