import CadreCore
import Foundation

extension Project {
    /// The project's settings as the core validates and reasons about them.
    var settings: ProjectSettings {
        get throws {
            ProjectSettings(
                name: name,
                instructions: instructions,
                template: template,
                configuration: try JSONValue(parsing: configuration),
                answersPerTask: answersPerTask,
                reviewPolicy: reviewPolicyValue,
                requirements: try requirements,
                pay: PayTerms(model: payModel, amountMinor: payAmountMinor, currency: currency, options: try payOptionsValue),
                timeBudgetSeconds: timeBudgetSeconds,
                leaseSeconds: leaseSeconds,
                budgetCapMinor: budgetCapMinor,
                deadline: deadline,
                priority: priority,
                quality: QualitySettings(
                    goldRate: goldRate, maxAnswersPerTask: maxAnswersPerTask, consensusThreshold: consensusThreshold,
                    minimumGoldAccuracy: minimumGoldAccuracy))
        }
    }

    /// Stored as JSON text; a damaged row throws rather than paying by defaults.
    var payOptionsValue: PayOptions {
        get throws { try Self.decodedPayOptions.value(for: payOptions) { try JSONDecoder().decode(PayOptions.self, from: Data($0.utf8)) } }
    }

    /// The project's pay as the payments core computes it.
    var payRules: ProjectPayRules {
        get throws {
            try ProjectPayRules(
                terms: PayTerms(model: payModel, amountMinor: payAmountMinor, currency: currency, options: try payOptionsValue),
                projectID: try requireID(), organizationID: $organization.id)
        }
    }

    /// How this project turns heartbeats into paid time.
    var activeTimePolicy: ActiveTimePolicy {
        get throws { ActiveTimePolicy(capSeconds: try payOptionsValue.activeTimeCap(timeBudgetSeconds: timeBudgetSeconds)) }
    }

    var reviewPolicyValue: ReviewPolicy {
        switch reviewPolicy {
        case "all": return .all
        case "sample": return .sample(rate: reviewSampleRate)
        default: return .none
        }
    }

    /// Stored as JSON text. It throws rather than defaulting, so a damaged row can never read
    /// as "no requirements" and open the project to everyone.
    var requirements: QualificationRequirements {
        get throws {
            try Self.decodedRequirements.value(for: requiredQualifications) {
                try JSONDecoder().decode(QualificationRequirements.self, from: Data($0.utf8))
            }
        }
    }

    /// The template with this configuration, validated: asked for on every submit.
    var configuredTemplate: ConfiguredTemplate {
        get throws {
            let template = template
            return try Self.configuredTemplates.value(for: template.rawValue + "\u{0}" + configuration) { _ in
                try template.configured(try JSONValue(parsing: configuration))
            }
        }
    }

    // The work loop asks for these on every lease and submit of a cached project.
    private static let decodedPayOptions = TextMemo<PayOptions>()
    private static let decodedRequirements = TextMemo<QualificationRequirements>()
    private static let configuredTemplates = TextMemo<ConfiguredTemplate>()

    func apply(_ settings: ProjectSettings) {
        name = settings.name
        instructions = settings.instructions
        template = settings.template
        configuration = settings.configuration.jsonText
        answersPerTask = settings.answersPerTask
        reviewPolicy = settings.reviewPolicy.name
        reviewSampleRate = settings.reviewPolicy.rate
        requiredQualifications = String(decoding: (try? JSONEncoder().encode(settings.requirements)) ?? Data("{}".utf8), as: UTF8.self)
        payModel = settings.pay.model
        payAmountMinor = settings.pay.amountMinor
        currency = settings.pay.currency
        payOptions = String(decoding: (try? JSONEncoder().encode(settings.pay.options)) ?? Data("{}".utf8), as: UTF8.self)
        timeBudgetSeconds = settings.timeBudgetSeconds
        leaseSeconds = settings.leaseSeconds
        budgetCapMinor = settings.budgetCapMinor
        deadline = settings.deadline
        priority = settings.priority
        goldRate = settings.quality.goldRate
        maxAnswersPerTask = settings.quality.maxAnswersPerTask
        consensusThreshold = settings.quality.consensusThreshold
        minimumGoldAccuracy = settings.quality.minimumGoldAccuracy
    }
}
