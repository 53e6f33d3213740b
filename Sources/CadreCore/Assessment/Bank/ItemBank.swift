import Foundation

/// One domain's interview material: the adaptive test's items with their answer keys and IRT
/// parameters, and the free-text scenario questions with their rubrics.
///
/// A bank is read from JSON with `init(parsing:)`, which checks everything a candidate could
/// trip over (ids, keys, tolerances, parameter ranges, skill tags) and names the field of each
/// problem. The answer keys live here and in `AssessmentItem`, never in `BankItem` or
/// `ItemPresentation`, which are what selection and candidate-facing pages work from.
public struct ItemBank: Sendable, Hashable {
    /// Stable identifier of the domain, a lowercase slug such as `software-engineering`.
    public var domainID: String
    /// The domain's name as candidates and admins read it.
    public var domainName: String
    /// Version of the bank's content, increased whenever an item, key or rubric changes, so a
    /// report can say which version it was scored against.
    public var version: Int
    /// The domain's skills; every item and scenario is tagged with some of them.
    public var skills: [BankSkill]
    /// Items of the adaptive test.
    public var items: [AssessmentItem]
    /// Free-text scenario questions scored against rubrics.
    public var scenarios: [ScenarioQuestion]
    /// How long the adaptive test runs on this bank.
    public var interview: InterviewSettings

    /// Creates a bank from values that are already known to be valid.
    public init(
        domainID: String, domainName: String, version: Int, skills: [BankSkill],
        items: [AssessmentItem], scenarios: [ScenarioQuestion], interview: InterviewSettings = InterviewSettings()
    ) {
        self.domainID = domainID
        self.domainName = domainName
        self.version = version
        self.skills = skills
        self.items = items
        self.scenarios = scenarios
        self.interview = interview
    }

    /// The item with `id`, if the bank has one.
    public func item(id: String) -> AssessmentItem? {
        items.first { $0.id == id }
    }

    /// The scenario with `id`, if the bank has one.
    public func scenario(id: String) -> ScenarioQuestion? {
        scenarios.first { $0.id == id }
    }

    /// The items as the adaptive test sees them: ids, parameters and skills, no answer keys.
    public var bankItems: [BankItem] {
        items.map { BankItem(id: $0.id, parameters: $0.parameters, skills: $0.skills) }
    }

    /// The adaptive test's settings for this bank: its stopping rule and randomesque count,
    /// with equal content-balancing targets for every skill that has items.
    public var adaptiveTestConfiguration: AdaptiveTestConfiguration {
        let tagged = Set(items.flatMap(\.skills))
        let targets = Dictionary(uniqueKeysWithValues: skills.map(\.id).filter(tagged.contains).map { ($0, 1.0) })
        return AdaptiveTestConfiguration(
            selection: ItemSelectionRule(randomesqueCount: interview.randomesqueCount, skillTargets: targets),
            stopping: StoppingRule(
                targetStandardError: interview.targetStandardError,
                minimumItems: interview.minimumItems,
                maximumItems: interview.maximumItems
            )
        )
    }
}

/// A skill of a domain, used to tag items and to balance content in the adaptive test.
public struct BankSkill: Sendable, Hashable, Codable {
    /// Stable identifier, a lowercase slug such as `data-structures`.
    public var id: String
    /// The skill's name as it appears in reports.
    public var name: String

    /// Creates a skill.
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// Length and precision of the adaptive test on one bank (the issue's "configurable per
/// bank"); the defaults are the interview's: SE ≤ 0.3 after 5 of at most 30 items, with a
/// random choice among the 3 most informative items for exposure control.
public struct InterviewSettings: Sendable, Hashable, Codable {
    /// Stop once the standard error of θ̂ is at or below this.
    public var targetStandardError: Double
    /// Never stop on precision before this many items.
    public var minimumItems: Int
    /// Always stop after this many items.
    public var maximumItems: Int
    /// Size of the randomesque pool (1 gives pure maximum information).
    public var randomesqueCount: Int

    /// Creates settings; see each property.
    public init(targetStandardError: Double = 0.3, minimumItems: Int = 5, maximumItems: Int = 30, randomesqueCount: Int = 3) {
        self.targetStandardError = targetStandardError
        self.minimumItems = minimumItems
        self.maximumItems = maximumItems
        self.randomesqueCount = randomesqueCount
    }
}
