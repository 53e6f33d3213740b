import CadreCore
import Foundation

/// The interview page: one question at a time, built from `InterviewView` (and so from
/// `ItemPresentation`), which carries no answer key.
struct InterviewPage: Encodable {
    var layout: LayoutContext
    var id: String
    var domainName: String
    var attempt: Int
    var answerURL: String
    var eventsURL: String
    var step: InterviewStep
}

/// The part of the interview page that changes after each answer; the page's script swaps it
/// in from the answer route's reply.
struct InterviewStep: Encodable {
    struct Progress: Encodable {
        var percent: Int
        var questionNumber: Int
        var questionsLeft: Int
        var itemsAnswered: Int
        var scenariosAnswered: Int
        var scenariosTotal: Int
    }

    struct Question: Encodable {
        var id: String
        var kind: String
        var kindLabel: String
        var isChoice: Bool
        var isNumeric: Bool
        var isText: Bool
        var stemHTML: String
        var options: [Option]
        var unit: String?
    }

    struct Option: Encodable {
        var key: String
        /// The number key that picks it (1–9); the letter key is `key` itself.
        var number: Int
        var html: String
    }

    var state: String
    var done: Bool
    var reportURL: String
    var progress: Progress
    var question: Question?

    init(_ view: InterviewView) {
        state = view.state
        done = view.question == nil
        reportURL = "/interviews/\(view.id)/report"
        let answered = view.progress.itemsAnswered + view.progress.scenariosAnswered
        let left = view.progress.questionsLeftEstimate
        progress = Progress(
            percent: done ? 100 : Int((Double(answered) / Double(max(1, answered + left)) * 100).rounded()),
            questionNumber: answered + 1, questionsLeft: left,
            itemsAnswered: view.progress.itemsAnswered, scenariosAnswered: view.progress.scenariosAnswered,
            scenariosTotal: view.progress.scenariosTotal)
        question = view.question.map { question in
            let options = question.options ?? []
            return Question(
                id: question.id, kind: question.kind, kindLabel: Self.label(question),
                isChoice: question.answerKind == "multiple_choice", isNumeric: question.answerKind == "numeric",
                isText: question.kind != "item", stemHTML: Markdown.html(question.text),
                options: options.enumerated().map { index, option in Option(key: option.key, number: index + 1, html: Inline.html(option.text)) },
                unit: question.unit)
        }
    }

    private static func label(_ question: InterviewView.QuestionView) -> String {
        switch question.kind {
        case "scenario": "Scenario · answer in your own words"
        case "follow_up": "Follow-up question"
        default: question.answerKind == "numeric" ? "Give a number" : "Choose one answer"
        }
    }
}

/// What the answer route returns to the page's script.
struct InterviewStepReply: Encodable {
    var state: String
    var done: Bool
    var reportURL: String
    /// The rendered `interviews/step` view.
    var html: String
}
