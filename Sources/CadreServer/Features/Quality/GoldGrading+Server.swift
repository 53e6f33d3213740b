import CadreCore
import Fluent
import Foundation

/// Grading a gold answer and keeping the expert's standing, inside the submit transaction.
enum GoldGrading {
    static func grade(
        _ assignment: Assignment, answer: JSONValue, template: TemplateKind, bar: Double?, projectID: UUID, now: Date,
        on db: any Database
    ) async throws {
        guard let task = try await WorkTask.find(assignment.$task.id, on: db), let goldText = task.goldAnswer,
              let gold = try? JSONValue(parsing: goldText),
              let correct = template.gradeAgainstGold(answer, gold: gold)
        else { return }
        assignment.goldCorrect = correct
        let standing = try await ExpertStanding.find(project: projectID, expert: assignment.$expert.id, now: now, on: db)
        if standing.paused {
            Requalification.record(correct: correct, standing: standing, bar: bar ?? 0)
            return try await standing.save(on: db)
        }
        standing.goldAnswered += 1
        if correct { standing.goldCorrect += 1 }
        if let bar, standing.goldAnswered >= QualitySettings.minimumGoldAnswers, standing.goldAccuracy.mean < bar {
            standing.paused = true
            standing.pauseReason = Requalification.pauseReason(accuracy: standing.goldAccuracy.mean, answered: standing.goldAnswered, bar: bar)
            if let project = try await Project.find(projectID, on: db) {
                try await Webhooks.emit(.expertPaused, organization: project.$organization.id, data: [
                    "project_id": .string(projectID.uuidString.lowercased()),
                    "expert": .string(Pseudonym.of(assignment.$expert.id, in: projectID)),
                    "reason": .string(standing.pauseReason ?? ""),
                ], now: now, on: db)
            }
        }
        try await standing.save(on: db)
    }
}
