import CadreCore
import Fluent
import Foundation

/// A client's body of human-data work: one template, its tasks, and the rules for doing them.
final class Project: Model, @unchecked Sendable {
    static let schema = "projects"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // data fields
    @Parent(key: "organization_id") var organization: Organization
    @Field(key: "name") var name: String
    @Field(key: "instructions") var instructions: String
    @Field(key: "template") var template: TemplateKind
    /// The template's validated configuration, as JSON text.
    @Field(key: "configuration") var configuration: String
    @Field(key: "answers_per_task") var answersPerTask: Int
    @Field(key: "review_policy") var reviewPolicy: String
    @Field(key: "review_sample_rate") var reviewSampleRate: Double
    /// `QualificationRequirements` as JSON text.
    @Field(key: "required_qualifications") var requiredQualifications: String
    @Field(key: "pay_model") var payModel: PayTerms.Model
    @Field(key: "pay_amount_minor") var payAmountMinor: Int64
    @Field(key: "currency") var currency: String
    /// `PayOptions` as JSON text: per-task amount of the combined model, level rates, bonus,
    /// floor, fraud rule and time cap.
    @Field(key: "pay_options") var payOptions: String
    @Field(key: "time_budget_seconds") var timeBudgetSeconds: Int
    @Field(key: "lease_seconds") var leaseSeconds: Int
    @OptionalField(key: "budget_cap_minor") var budgetCapMinor: Int64?
    @OptionalField(key: "deadline") var deadline: Date?
    @Field(key: "priority") var priority: Int
    @Field(key: "state") var state: ProjectState
    @Field(key: "gold_rate") var goldRate: Double
    @OptionalField(key: "max_answers_per_task") var maxAnswersPerTask: Int?
    @Field(key: "consensus_threshold") var consensusThreshold: Double
    @OptionalField(key: "min_gold_accuracy") var minimumGoldAccuracy: Double?

    init() {}

    init(organizationID: UUID, settings: ProjectSettings, at now: Date) {
        self.id = .timeOrdered(at: now)
        self.$organization.id = organizationID
        self.state = .draft
        apply(settings)
    }
}

struct CreateProjects: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Project.schema)
            .id()
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .restrict))
            .field("name", .string, .required)
            .field("instructions", .string, .required)
            .field("template", .string, .required)
            .field("configuration", .string, .required)
            .field("answers_per_task", .int, .required)
            .field("review_policy", .string, .required)
            .field("review_sample_rate", .double, .required)
            .field("required_qualifications", .string, .required)
            .field("pay_model", .string, .required)
            .field("pay_amount_minor", .int64, .required)
            .field("currency", .string, .required)
            .field("time_budget_seconds", .int, .required)
            .field("lease_seconds", .int, .required)
            .field("budget_cap_minor", .int64)
            .field("deadline", .datetime)
            .field("priority", .int, .required)
            .field("state", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Project.schema).delete()
    }
}
