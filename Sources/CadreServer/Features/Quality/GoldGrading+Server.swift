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
        standing.goldAnswered += 1
        if correct { standing.goldCorrect += 1 }
        if let bar, !standing.paused, standing.goldAnswered >= QualitySettings.minimumGoldAnswers,
           standing.goldAccuracy.mean < bar {
            standing.paused = true
            standing.pauseReason = String(
                format: "Your accuracy on this project's check questions is %.0f%% over %d answers, below its bar of %.0f%%. "
                    + "The project's client or an administrator can reinstate you; your other projects are not affected.",
                standing.goldAccuracy.mean * 100, standing.goldAnswered, bar * 100)
        }
        try await standing.save(on: db)
    }
}
