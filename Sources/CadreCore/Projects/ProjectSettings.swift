import Foundation

/// Where a project is in its life. Only an active project hands out work.
public enum ProjectState: String, Codable, CaseIterable, Sendable {
    case draft, active, paused, completed, archived

    /// The moves a client may make; anything else is refused with the allowed ones named.
    public func canMove(to next: ProjectState) -> Bool {
        switch (self, next) {
        case (.draft, .active), (.paused, .active): return true
        case (.active, .paused): return true
        case (.active, .completed), (.paused, .completed): return true
        case (.draft, .archived), (.paused, .archived), (.completed, .archived): return true
        default: return false
        }
    }
}

/// Whether submissions go to a reviewer before they count.
public enum ReviewPolicy: Equatable, Sendable {
    case none
    /// Each submission is reviewed with this probability (0…1), decided by a hash of its id
    /// so the choice is reproducible.
    case sample(rate: Double)
    case all

    public var name: String {
        switch self {
        case .none: return "none"
        case .sample: return "sample"
        case .all: return "all"
        }
    }

    public var rate: Double {
        switch self {
        case .none: return 0
        case .sample(let rate): return rate
        case .all: return 1
        }
    }

    /// Whether the submission with this id is sent to review.
    public func selects(_ id: UUID) -> Bool {
        switch self {
        case .none: return false
        case .all: return true
        case .sample(let rate):
            // FNV-1a over the id's bytes: stable across processes, unlike Hasher.
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            withUnsafeBytes(of: id.uuid) { bytes in
                for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            }
            return Double(hash % 1_000_000) / 1_000_000 < rate
        }
    }
}

/// How experts are paid on a project, in integer minor units (cents) of an ISO currency.
///
/// `amountMinor` is the hourly rate for `hourly` and `hourlyAndPerTask`, and the amount per
/// accepted answer for `perTask`; everything else (the per-task amount of the combined model,
/// rates by level, bonus, floor, fraud rule, time cap) is in `options`.
public struct PayTerms: Equatable, Sendable {
    public enum Model: String, Codable, Sendable, CaseIterable {
        case hourly, perTask = "per_task", hourlyAndPerTask = "hourly_and_per_task"

        public var paysHourly: Bool { self != .perTask }
    }

    public var model: Model
    public var amountMinor: Int64
    public var currency: String
    public var options: PayOptions

    public init(model: Model, amountMinor: Int64, currency: String, options: PayOptions = PayOptions()) {
        self.model = model
        self.amountMinor = amountMinor
        self.currency = currency
        self.options = options
    }
}

/// The optional parts of a project's pay, stored as one JSON document beside the rate.
public struct PayOptions: Equatable, Sendable, Codable {
    /// The amount per accepted answer when the model is `hourly_and_per_task`.
    public var perTaskMinor: Int64?
    /// Hourly rates for named expert levels ("senior": 9000); other levels get the standard rate.
    public var hourlyRatesByLevel: [String: Int64]
    public var bonus: BonusTerms?
    /// The least an expert earns per active hour before bonuses; the shortfall is topped up.
    public var hourlyFloorMinor: Int64?
    public var rejectedTime: RejectedTimePay
    /// The most active seconds paid per task; nil means 1.5 × the time budget.
    public var activeTimeCapSeconds: Int?

    public init(
        perTaskMinor: Int64? = nil, hourlyRatesByLevel: [String: Int64] = [:], bonus: BonusTerms? = nil,
        hourlyFloorMinor: Int64? = nil, rejectedTime: RejectedTimePay = .paidUnlessFraud, activeTimeCapSeconds: Int? = nil
    ) {
        self.perTaskMinor = perTaskMinor
        self.hourlyRatesByLevel = hourlyRatesByLevel
        self.bonus = bonus
        self.hourlyFloorMinor = hourlyFloorMinor
        self.rejectedTime = rejectedTime
        self.activeTimeCapSeconds = activeTimeCapSeconds
    }

    enum CodingKeys: String, CodingKey {
        case bonus
        case perTaskMinor = "per_task_minor"
        case hourlyRatesByLevel = "hourly_rates_by_level"
        case hourlyFloorMinor = "hourly_floor_minor"
        case rejectedTime = "rejected_time"
        case activeTimeCapSeconds = "active_time_cap_seconds"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        perTaskMinor = try c.decodeIfPresent(Int64.self, forKey: .perTaskMinor)
        hourlyRatesByLevel = try c.decodeIfPresent([String: Int64].self, forKey: .hourlyRatesByLevel) ?? [:]
        bonus = try c.decodeIfPresent(BonusTerms.self, forKey: .bonus)
        hourlyFloorMinor = try c.decodeIfPresent(Int64.self, forKey: .hourlyFloorMinor)
        rejectedTime = try c.decodeIfPresent(RejectedTimePay.self, forKey: .rejectedTime) ?? .paidUnlessFraud
        activeTimeCapSeconds = try c.decodeIfPresent(Int.self, forKey: .activeTimeCapSeconds)
    }

    /// The paid-time cap for a project with this time budget.
    public func activeTimeCap(timeBudgetSeconds: Int) -> Int64 {
        activeTimeCapSeconds.map(Int64.init) ?? Int64(timeBudgetSeconds) * 3 / 2
    }
}

/// A quality bonus as a client writes it: a percentage of base pay, in basis points, for
/// experts whose standing reaches the bar (also basis points: 9000 = 90 % gold accuracy).
public struct BonusTerms: Equatable, Sendable, Codable {
    public var rateBasisPoints: Int
    public var barBasisPoints: Int

    public init(rateBasisPoints: Int, barBasisPoints: Int) {
        self.rateBasisPoints = rateBasisPoints
        self.barBasisPoints = barBasisPoints
    }

    enum CodingKeys: String, CodingKey {
        case rateBasisPoints = "rate_bp"
        case barBasisPoints = "bar_bp"
    }
}

/// One required domain qualification: the expert's ability estimate θ must be at least `minimumAbility`.
public struct DomainRequirement: Equatable, Sendable, Codable {
    public var domain: String
    public var minimumAbility: Double

    public init(domain: String, minimumAbility: Double) {
        self.domain = domain
        self.minimumAbility = minimumAbility
    }

    enum CodingKeys: String, CodingKey {
        case domain
        case minimumAbility = "min_ability"
    }
}

/// What an expert must hold to work on a project.
public struct QualificationRequirements: Equatable, Sendable, Codable {
    public var domains: [DomainRequirement]
    public var languages: [String]

    public init(domains: [DomainRequirement] = [], languages: [String] = []) {
        self.domains = domains
        self.languages = languages
    }

    /// Whether an expert with these domain abilities and languages qualifies.
    public func isMet(abilities: [String: Double], languages held: Set<String>) -> Bool {
        domains.allSatisfy { requirement in
            abilities[requirement.domain].map { $0 >= requirement.minimumAbility } ?? false
        } && languages.allSatisfy { held.contains($0) }
    }
}

/// Everything a client sets on a project, validated. Built from a create request, or from an
/// existing project merged with an edit.
public struct ProjectSettings: Equatable, Sendable {
    public var name: String
    public var instructions: String
    public var template: TemplateKind
    public var configuration: JSONValue
    public var answersPerTask: Int
    public var reviewPolicy: ReviewPolicy
    public var requirements: QualificationRequirements
    public var pay: PayTerms
    public var timeBudgetSeconds: Int
    public var leaseSeconds: Int
    public var budgetCapMinor: Int64?
    public var deadline: Date?
    public var priority: Int
    public var quality: QualitySettings = QualitySettings()

    public init(
        name: String, instructions: String, template: TemplateKind, configuration: JSONValue, answersPerTask: Int,
        reviewPolicy: ReviewPolicy, requirements: QualificationRequirements, pay: PayTerms, timeBudgetSeconds: Int,
        leaseSeconds: Int, budgetCapMinor: Int64?, deadline: Date?, priority: Int, quality: QualitySettings = QualitySettings()
    ) {
        self.quality = quality
        self.name = name
        self.instructions = instructions
        self.template = template
        self.configuration = configuration
        self.answersPerTask = answersPerTask
        self.reviewPolicy = reviewPolicy
        self.requirements = requirements
        self.pay = pay
        self.timeBudgetSeconds = timeBudgetSeconds
        self.leaseSeconds = leaseSeconds
        self.budgetCapMinor = budgetCapMinor
        self.deadline = deadline
        self.priority = priority
    }

    public static let defaultTimeBudgetSeconds = 600
    public static let defaultLeaseSeconds = 900
}

/// How a project checks and steers the quality of its answers.
public struct QualitySettings: Equatable, Sendable {
    /// Share of leases that serve a gold task (one with a known answer), 0…0.5.
    public var goldRate: Double = 0
    /// Dynamic overlap: a task whose consensus confidence stays below `consensusThreshold`
    /// after `answers_per_task` answers gets one more, up to this many. nil: never.
    public var maxAnswersPerTask: Int?
    public var consensusThreshold: Double = 0.7
    /// Experts whose gold accuracy is surely below this (posterior lower bound, after
    /// `minimumGoldAnswers`) are paused from the project. nil: nobody is paused.
    public var minimumGoldAccuracy: Double?
    public static let minimumGoldAnswers = 5

    public init(goldRate: Double = 0, maxAnswersPerTask: Int? = nil, consensusThreshold: Double = 0.7, minimumGoldAccuracy: Double? = nil) {
        self.goldRate = goldRate
        self.maxAnswersPerTask = maxAnswersPerTask
        self.consensusThreshold = consensusThreshold
        self.minimumGoldAccuracy = minimumGoldAccuracy
    }
}
