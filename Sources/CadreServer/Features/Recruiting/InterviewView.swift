import CadreCore
import Foundation

/// An interview as its candidate sees it: where it stands and the question to answer now.
/// Built from `ItemPresentation`, so no answer key can reach it.
struct InterviewView: Encodable {
    var id: UUID
    var applicationId: UUID
    var domain: String
    var domainName: String
    var attempt: Int
    var state: String
    var bankVersion: Int
    var startedAt: Date?
    var completedAt: Date?
    var progress: Progress
    var question: QuestionView?
    var reportUrl: String?

    struct Progress: Encodable {
        var itemsAnswered: Int
        var scenariosAnswered: Int
        var scenariosTotal: Int
        var questionsLeftEstimate: Int
        var standardError: Double
        var targetStandardError: Double
        var maximumItems: Int
    }

    struct QuestionView: Encodable {
        var id: String
        /// `item`, `scenario` or `follow_up`.
        var kind: String
        /// For items: `multiple_choice` or `numeric`.
        var answerKind: String?
        /// Markdown.
        var text: String
        var options: [ChoiceOption]?
        var unit: String?
    }

    init(interview: Interview, session: InterviewSession) {
        id = interview.id!
        applicationId = interview.$application.id
        domain = interview.domain
        domainName = session.bank.domainName
        attempt = interview.attempt
        state = interview.state.rawValue
        bankVersion = interview.bankVersion
        startedAt = interview.createdAt
        completedAt = interview.completedAt
        progress = Progress(
            itemsAnswered: session.itemsAnswered, scenariosAnswered: session.scenariosAnswered,
            scenariosTotal: session.scenarioIDs.count,
            questionsLeftEstimate: session.current == nil ? 0 : session.estimatedQuestionsLeft,
            standardError: (session.test.estimate.standardError * 1000).rounded() / 1000,
            targetStandardError: session.bank.interview.targetStandardError,
            maximumItems: session.bank.interview.maximumItems)
        reportUrl = interview.state == .completed ? "/api/v1/interviews/\(interview.id!)/report" : nil
        switch session.current {
        case .item(let item):
            question = QuestionView(id: item.id, kind: "item", answerKind: item.kind, text: item.stem,
                                    options: item.options.isEmpty ? nil : item.options, unit: item.unit)
        case .scenario(let scenario):
            question = QuestionView(id: scenario.id, kind: "scenario", text: scenario.prompt)
        case .followUp(let scenarioID, let text):
            question = QuestionView(id: InterviewSession.Question.followUpID(scenarioID), kind: "follow_up", text: text)
        case nil:
            question = nil
        }
    }
}
