import CadreCore
import Foundation

/// An application as its candidate and admins see it (snake_case on the wire).
struct ApplicationView: Encodable {
    var id: UUID
    var userId: UUID
    var name: String
    var email: String
    var status: String
    var profile: ApplicationProfile
    var resume: ResumeSummary?
    /// Skills found in the resume by domain, and the domains they suggest, to confirm.
    var skillProposals: SkillExtraction?
    var suggestedDomains: [String]
    var createdAt: Date?
    var submittedAt: Date?
    var interviews: [InterviewSummary]
    var decisions: [DecisionView]
    /// What each interview measures and how, so nothing about the process is hidden.
    var howItWorks: String = ApplicationView.explanation

    struct ResumeSummary: Encodable {
        var characters: Int
        var excerpt: String
    }

    static let explanation = """
        Each domain you apply for has its own interview. It starts with an adaptive test: every \
        question is chosen to be as informative as possible about your level given your answers so \
        far, and the test ends as soon as your level is measured precisely enough (a standard error \
        of 0.3 on the ability scale) or after the bank's maximum number of questions. Then come a few \
        scenario questions answered in your own words, scored against published criteria. Time per \
        question, pasting and leaving the page are recorded and shown to the person who reviews your \
        interview; they never reject anyone on their own. Your report is available as soon as the \
        interview ends, and you can appeal any rejection.
        """
}

struct InterviewSummary: Encodable {
    var id: UUID
    var domain: String
    var attempt: Int
    var state: String
    var startedAt: Date?
    var completedAt: Date?
    var theta: Double?
    var standardError: Double?
}

struct DecisionView: Encodable {
    var id: UUID
    var interviewId: UUID
    var userId: UUID
    var domain: String
    var recommendation: String
    var recommendationReason: String
    var status: String
    /// `policy` when the decision policy accepted on its own, else the admin's user id.
    var decidedBy: String?
    var decidedAt: Date?
    var reason: String?
    var createdAt: Date?
    var appeals: [AppealView]
}

struct AppealView: Encodable {
    var id: UUID
    var decisionId: UUID
    var text: String
    var status: String
    var createdAt: Date?
    var resolvedAt: Date?
    var note: String?
}

extension InterviewSummary {
    init(_ interview: Interview) {
        id = interview.id!
        domain = interview.domain
        attempt = interview.attempt
        state = interview.state.rawValue
        startedAt = interview.createdAt
        completedAt = interview.completedAt
        theta = interview.theta
        standardError = interview.standardError
    }
}

extension AppealView {
    init(_ appeal: Appeal) {
        id = appeal.id!
        decisionId = appeal.$decision.id
        text = appeal.text
        status = appeal.status.rawValue
        createdAt = appeal.createdAt
        resolvedAt = appeal.resolvedAt
        note = appeal.note
    }
}

extension DecisionView {
    init(_ decision: CandidateDecision, appeals: [Appeal]) {
        id = decision.id!
        interviewId = decision.$interview.id
        userId = decision.$user.id
        domain = decision.domain
        recommendation = decision.recommendation
        recommendationReason = decision.recommendationReason
        status = decision.status.rawValue
        decidedBy = decision.status == .pending ? nil : (decision.decidedBy?.uuidString ?? "policy")
        decidedAt = decision.decidedAt
        reason = decision.reason
        createdAt = decision.createdAt
        self.appeals = appeals.filter { $0.$decision.id == decision.id }.map(AppealView.init)
    }
}
