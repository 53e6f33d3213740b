import CadreCore
import Fluent
import SQLKit
import Vapor

/// The way back for an expert paused from a project: a requalification set of check
/// questions (the project's gold tasks they have not seen). With enough of them right they
/// are reinstated automatically; the client can also reinstate them by hand.
enum Requalification {
    /// Check questions in one requalification set.
    static let setSize = 5

    static func pauseReason(accuracy: Double, answered: Int, bar: Double) -> String {
        String(
            format: "Your accuracy on this project's check questions is %.0f%% over %d answers, below its bar of %.0f%%. "
                + "To return, answer a requalification set of %d check questions: with at least %.0f%% right you are reinstated. "
                + "The project's client can also reinstate you; your other projects are not affected.",
            accuracy * 100, answered, bar * 100, setSize, bar * 100)
    }

    /// Counts a gold answer given while paused, and reinstates or starts a new set when a set ends.
    static func record(correct: Bool, standing: ExpertStanding, bar: Double) {
        standing.requalAnswered += 1
        if correct { standing.requalCorrect += 1 }
        guard standing.requalAnswered >= setSize else { return }
        if Double(standing.requalCorrect) / Double(standing.requalAnswered) >= bar {
            standing.paused = false
            standing.pauseReason = nil
            // The passing set becomes the new gold record.
            standing.goldAnswered = standing.requalAnswered
            standing.goldCorrect = standing.requalCorrect
        }
        standing.requalAnswered = 0
        standing.requalCorrect = 0
    }
}

struct AddRequalificationAndHistory: AsyncMigration {
    func prepare(on database: any Database) async throws {
        for name in ["requal_answered", "requal_correct"] {
            try await database.schema(ExpertStanding.schema)
                .field(.definition(name: .key(FieldKey(stringLiteral: name)), dataType: .int, constraints: [.required, .sql(.default(0))]))
                .update()
        }
        try await database.schema(QualityHistoryRow.schema)
            .id()
            .field("project_id", .uuid, .required, .references(Project.schema, .id, onDelete: .cascade))
            .field("computed_at", .datetime, .required)
            .field("alpha", .double)
            .field("mean_confidence", .double)
            .field("agreement", .double)
            .field("answers", .int, .required)
            .create()
        try await database.sql.raw("CREATE INDEX quality_history_by_project ON quality_history (project_id, computed_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(QualityHistoryRow.schema).delete()
        for name in ["requal_correct", "requal_answered"] {
            try await database.schema(ExpertStanding.schema).deleteField(FieldKey(stringLiteral: name)).update()
        }
    }
}

/// One point of a project's quality over time, written by each aggregation.
final class QualityHistoryRow: Model, @unchecked Sendable {
    static let schema = "quality_history"

    @ID(key: .id) var id: UUID?
    @Parent(key: "project_id") var project: Project
    @Field(key: "computed_at") var computedAt: Date
    @OptionalField(key: "alpha") var alpha: Double?
    @OptionalField(key: "mean_confidence") var meanConfidence: Double?
    /// Share of all answers that agreed with their task's consensus.
    @OptionalField(key: "agreement") var agreement: Double?
    @Field(key: "answers") var answers: Int

    init() {}
}
