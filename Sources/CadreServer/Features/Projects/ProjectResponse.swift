import CadreCore
import Vapor

/// A project as the API shows it.
struct ProjectResponse: Content {
    struct Pay: Codable {
        var model: String
        var amountMinor: Int64
        var currency: String
        var perTaskMinor: Int64?
        var hourlyRatesByLevel: [String: Int64]?
        var bonus: BonusTerms?
        var hourlyFloorMinor: Int64?
        var rejectedTime: String?
        /// The effective cap: the project's own or 1.5 × its time budget.
        var activeTimeCapSeconds: Int64?

        enum CodingKeys: String, CodingKey {
            case model, currency, bonus
            case amountMinor = "amount_minor"
            case perTaskMinor = "per_task_minor"
            case hourlyRatesByLevel = "hourly_rates_by_level"
            case hourlyFloorMinor = "hourly_floor_minor"
            case rejectedTime = "rejected_time"
            case activeTimeCapSeconds = "active_time_cap_seconds"
        }

        init(_ terms: PayTerms, timeBudgetSeconds: Int) {
            model = terms.model.rawValue
            amountMinor = terms.amountMinor
            currency = terms.currency
            perTaskMinor = terms.options.perTaskMinor
            hourlyRatesByLevel = terms.options.hourlyRatesByLevel.isEmpty ? nil : terms.options.hourlyRatesByLevel
            bonus = terms.options.bonus
            hourlyFloorMinor = terms.options.hourlyFloorMinor
            rejectedTime = terms.options.rejectedTime.rawValue
            activeTimeCapSeconds = terms.options.activeTimeCap(timeBudgetSeconds: timeBudgetSeconds)
        }
    }

    var id: UUID
    var organizationId: UUID
    var name: String
    var instructions: String
    var template: TemplateKind
    var configuration: JSONValue
    var answersPerTask: Int
    var reviewPolicy: String
    var reviewSampleRate: Double?
    var requiredQualifications: QualificationRequirements
    var pay: Pay
    var timeBudgetSeconds: Int
    var leaseSeconds: Int
    var budgetCapMinor: Int64?
    var deadline: Date?
    var priority: Int
    /// Quality settings are the client's: an expert sees none of them (nil), so nothing
    /// hints at how often check questions come or what bar they are held to.
    var goldRate: Double?
    var maxAnswersPerTask: Int?
    var consensusThreshold: Double?
    var minGoldAccuracy: Double?
    var state: ProjectState
    var createdAt: Date?
    var updatedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, name, instructions, template, configuration, pay, deadline, priority, state
        case organizationId = "organization_id"
        case answersPerTask = "answers_per_task"
        case reviewPolicy = "review_policy"
        case reviewSampleRate = "review_sample_rate"
        case requiredQualifications = "required_qualifications"
        case timeBudgetSeconds = "time_budget_seconds"
        case leaseSeconds = "lease_seconds"
        case budgetCapMinor = "budget_cap_minor"
        case goldRate = "gold_rate"
        case maxAnswersPerTask = "max_answers_per_task"
        case consensusThreshold = "consensus_threshold"
        case minGoldAccuracy = "min_gold_accuracy"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    /// The project as an expert may see it: without the client's quality settings.
    static func forExpert(_ project: Project) throws -> ProjectResponse {
        var response = try ProjectResponse(project)
        response.goldRate = nil
        response.maxAnswersPerTask = nil
        response.consensusThreshold = nil
        response.minGoldAccuracy = nil
        return response
    }

    init(_ project: Project) throws {
        let settings = try project.settings
        id = try project.requireID()
        organizationId = project.$organization.id
        name = settings.name
        instructions = settings.instructions
        template = settings.template
        configuration = settings.configuration
        answersPerTask = settings.answersPerTask
        reviewPolicy = settings.reviewPolicy.name
        if case .sample(let rate) = settings.reviewPolicy { reviewSampleRate = rate }
        requiredQualifications = settings.requirements
        pay = Pay(settings.pay, timeBudgetSeconds: settings.timeBudgetSeconds)
        timeBudgetSeconds = settings.timeBudgetSeconds
        leaseSeconds = settings.leaseSeconds
        budgetCapMinor = settings.budgetCapMinor
        deadline = settings.deadline
        priority = settings.priority
        goldRate = settings.quality.goldRate
        maxAnswersPerTask = settings.quality.maxAnswersPerTask
        consensusThreshold = settings.quality.consensusThreshold
        minGoldAccuracy = settings.quality.minimumGoldAccuracy
        state = project.state
        createdAt = project.createdAt
        updatedAt = project.updatedAt
    }
}
