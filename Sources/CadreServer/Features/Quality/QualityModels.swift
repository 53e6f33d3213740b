import CadreCore
import Fluent
import Foundation

/// How one expert stands on one project: gold accuracy, agreement with consensus, and
/// whether the project paused them.
final class ExpertStanding: Model, @unchecked Sendable {
    static let schema = "expert_standings"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // data fields
    @Parent(key: "project_id") var project: Project
    @Parent(key: "expert_id") var expert: User
    @Field(key: "gold_answered") var goldAnswered: Int
    @Field(key: "gold_correct") var goldCorrect: Int
    @Field(key: "agreement_compared") var agreementCompared: Int
    @Field(key: "agreement_agreed") var agreementAgreed: Int
    @Field(key: "paused") var paused: Bool
    @OptionalField(key: "pause_reason") var pauseReason: String?
    /// Gold answered and right in the current requalification set, while paused.
    @Field(key: "requal_answered") var requalAnswered: Int
    @Field(key: "requal_correct") var requalCorrect: Int

    init() {}

    init(projectID: UUID, expertID: UUID, at now: Date) {
        id = .timeOrdered(at: now)
        $project.id = projectID
        $expert.id = expertID
        goldAnswered = 0
        goldCorrect = 0
        agreementCompared = 0
        agreementAgreed = 0
        paused = false
        requalAnswered = 0
        requalCorrect = 0
    }

    var goldAccuracy: GoldAccuracy { GoldAccuracy(correct: goldCorrect, answered: goldAnswered) }
}

/// The stored consensus of one task.
final class TaskConsensusRow: Model, @unchecked Sendable {
    static let schema = "consensus"

    @ID(custom: "task_id", generatedBy: .user) var id: UUID?
    @Parent(key: "project_id") var project: Project
    @Field(key: "result") var result: String
    @Field(key: "confidence") var confidence: Double
    @Field(key: "answers") var answers: Int

    init() {}
}

/// The last aggregation of a project, as the quality report shows it.
final class QualityReportRow: Model, @unchecked Sendable {
    static let schema = "quality_reports"

    @ID(custom: "project_id", generatedBy: .user) var id: UUID?
    @Field(key: "report") var report: String
    @Field(key: "computed_at") var computedAt: Date

    init() {}
}
