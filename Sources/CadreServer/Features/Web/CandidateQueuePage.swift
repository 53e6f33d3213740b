import CadreCore
import Foundation

/// The admins' review queue: each pending decision with enough of its report to decide, and
/// each open appeal with the decision it questions.
struct CandidateQueuePage: Encodable {
    struct Summary: Encodable {
        var candidateName = "—"
        var domainName = ""
        var ability = "—"
        var percentile: Int?
        var scenarioPoints = ""
        var flags: [String] = []
        /// "rapid response × 30": a long list of one kind reads as one signal.
        var flagCounts: [String] = []
        var hasFlags = false
        var reportURL = ""
    }

    struct Card: Encodable {
        var id: String
        var actionURL: String
        var summary: Summary
        var recommendation: String
        var recommendationReason: String
        var reason = ""
        var errors = FieldMessages()

        init(_ decision: CandidateDecision, report: InterviewReport?) {
            id = decision.id?.uuidString ?? ""
            actionURL = "/admin/candidates/decisions/\(id)"
            summary = Summary(decision, report: report)
            recommendation = decision.recommendation.replacingOccurrences(of: "_", with: " ")
            recommendationReason = decision.recommendationReason
        }

        mutating func fail(_ problem: Problem, typed: String) {
            errors = FieldMessages(problem)
            reason = typed
        }
    }

    struct AppealCard: Encodable {
        var id: String
        var actionURL: String
        var summary: Summary
        var text: String
        var decisionReason: String
        var note = ""
        var errors = FieldMessages()

        init(_ appeal: Appeal, decision: CandidateDecision, report: InterviewReport?) {
            id = appeal.id?.uuidString ?? ""
            actionURL = "/admin/candidates/appeals/\(id)"
            summary = Summary(decision, report: report)
            text = appeal.text
            decisionReason = decision.reason ?? "—"
        }

        mutating func fail(_ problem: Problem, typed: String) {
            errors = FieldMessages(problem)
            note = typed
        }
    }

    var layout: LayoutContext
    var pending: [Card] = []
    var appeals: [AppealCard] = []
    var hasPending = false
    var hasAppeals = false
}

extension CandidateQueuePage.Summary {
    init(_ decision: CandidateDecision, report: InterviewReport?) {
        domainName = decision.domain
        reportURL = "/interviews/\(decision.$interview.id)/report"
        guard let report else { return }
        candidateName = report.candidate.name
        domainName = report.domainName
        ability = "θ \(ReportPage.signed(report.ability.theta)) ± \(String(format: "%.2f", report.ability.standardError))"
        percentile = Int(report.ability.percentile.rounded())
        let points = report.scenarios.reduce(0) { $0 + $1.points }
        let possible = report.scenarios.reduce(0) { $0 + $1.maxPoints }
        scenarioPoints = possible == 0 ? "no scenarios" : "\(points) of \(possible) scenario points"
        flags = report.integrity.flags.map { "\($0.kind.replacingOccurrences(of: "_", with: " ")): \($0.detail)" }
        flagCounts = FlagCounts.lines(report.integrity.flags.map(\.kind))
        hasFlags = !flags.isEmpty
    }
}

/// The funnel with each step's share of the applicants and the median waits in human units.
struct FunnelPage: Encodable {
    struct Step: Encodable {
        var label: String
        var count: Int
        /// Share of applicants, 0–100, for the bar.
        var percent: Int
    }

    struct Wait: Encodable {
        var label: String
        var median: String
    }

    var layout: LayoutContext
    var steps: [Step]
    var waits: [Wait]

    init(layout: LayoutContext, _ funnel: RecruitingFunnel) {
        self.layout = layout
        let base = max(1, funnel.applied)
        steps = [("Applied", funnel.applied), ("Interviewed", funnel.interviewed), ("Decided", funnel.decided),
                 ("Accepted", funnel.accepted), ("Active", funnel.active)].map {
            Step(label: $0.0, count: $0.1, percent: Int((Double($0.1) / Double(base) * 100).rounded()))
        }
        waits = [
            Wait(label: "Application to first interview finished", median: HumanDuration.text(funnel.medianSecondsToInterview)),
            Wait(label: "Interview to decision", median: HumanDuration.text(funnel.medianSecondsToDecision)),
            Wait(label: "Application to decision", median: HumanDuration.text(funnel.medianSecondsApplicationToDecision)),
            Wait(label: "Acceptance to first submitted task", median: HumanDuration.text(funnel.medianSecondsToActive)),
        ]
    }
}

/// Integrity flags counted by kind, in order of first appearance.
enum FlagCounts {
    static func lines(_ kinds: [String]) -> [String] {
        var order: [String] = []
        var counts: [String: Int] = [:]
        for kind in kinds {
            if counts[kind] == nil { order.append(kind) }
            counts[kind, default: 0] += 1
        }
        return order.map { "\($0.replacingOccurrences(of: "_", with: " ")) × \(counts[$0]!)" }
    }
}
