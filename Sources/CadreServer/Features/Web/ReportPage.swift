import CadreCore
import Foundation
import Vapor

/// An interview report for people: the measurement with its uncertainty drawn as a band, the
/// evidence behind every scenario score, integrity signals, transcript and provenance.
struct ReportPage: Encodable {
    struct Band: Encodable {
        /// Positions on a 0–600 wide scale covering θ from −3 to 3.
        var lower: Int
        var width: Int
        var theta: Int
        var cutoff: Int
        var ticks: [Tick]

        struct Tick: Encodable { var x: Int; var label: String }

        init(theta: Double, lower: Double, upper: Double, cutoff: Double) {
            func x(_ value: Double) -> Int { Int(((min(3, max(-3, value)) + 3) / 6 * 600).rounded()) }
            self.lower = x(lower)
            width = max(2, x(upper) - x(lower))
            self.theta = x(theta)
            self.cutoff = x(cutoff)
            ticks = (-3...3).map { Tick(x: x(Double($0)), label: $0 < 0 ? "−\(-$0)" : "\($0)") }
        }
    }

    struct Scenario: Encodable {
        var promptHTML: String
        var answer: String
        var followUpQuestion: String?
        var followUpAnswer: String?
        var points: Int
        var maxPoints: Int
        var confidence: String
        var scorer: String
        var criteria: [InterviewReport.ScenarioResult.Criterion]
    }

    struct Entry: Encodable {
        var kind: String
        var detail: String
        var questionId: String?
        var at: String
    }

    struct Line: Encodable {
        var position: Int
        var kind: String
        var questionHTML: String
        var answer: String
        var seconds: Int
        var correct: String?
        var thetaAfter: String?
    }

    var layout: LayoutContext
    var isAdmin: Bool
    var candidateName: String
    var domainName: String
    var attempt: Int
    var completedAt: String
    var duration: String
    var theta: String
    var standardError: String
    var lowerBound: String
    var upperBound: String
    var percentile: Int
    var itemsAdministered: Int
    var stopReason: String
    var band: Band
    var skills: [InterviewReport.SkillBreakdown]
    var scenarios: [Scenario]
    var flags: [Entry]
    var events: [Entry]
    var hasFlags: Bool
    var flagCounts: [String]
    /// Long lists of flags start folded behind their counts.
    var flagsOpen: Bool
    var hasEvents: Bool
    var transcript: [Line]
    var provenance: InterviewReport.Provenance
    var recommendation: String
    var recommendationReason: String
    var decision: DecisionView?
    var decisionLabel: String

    init(req: Request, _ loaded: InterviewsController.ReportView) {
        let report = loaded.report
        let ability = report.ability
        layout = LayoutContext(title: "Report · \(report.domainName)", req: req)
        isAdmin = req.currentUser?.user.role == .admin
        candidateName = report.candidate.name
        domainName = report.domainName
        attempt = report.attempt
        completedAt = Self.timestamp(report.completedAt)
        duration = HumanDuration.text(report.durationSeconds)
        theta = Self.signed(ability.theta)
        standardError = String(format: "%.2f", ability.standardError)
        lowerBound = Self.signed(ability.lowerBound)
        upperBound = Self.signed(ability.upperBound)
        percentile = Int(ability.percentile.rounded())
        itemsAdministered = ability.itemsAdministered
        stopReason = ability.stopReason == "precisionReached" ? "measured precisely enough" : "reached the maximum number of questions"
        band = Band(theta: ability.theta, lower: ability.lowerBound, upper: ability.upperBound, cutoff: report.provenance.policyCutoff)
        skills = report.skills
        scenarios = report.scenarios.map {
            Scenario(promptHTML: Markdown.html($0.prompt), answer: $0.answer, followUpQuestion: $0.followUpQuestion,
                     followUpAnswer: $0.followUpAnswer, points: $0.points, maxPoints: $0.maxPoints,
                     confidence: $0.confidence, scorer: $0.scorer, criteria: $0.criteria)
        }
        flags = report.integrity.flags.map(Self.entry)
        events = report.integrity.events.map(Self.entry)
        hasFlags = !flags.isEmpty
        flagCounts = FlagCounts.lines(report.integrity.flags.map(\.kind))
        flagsOpen = flags.count <= 5
        hasEvents = !events.isEmpty
        transcript = report.transcript.map {
            Line(position: $0.position + 1, kind: $0.kind, questionHTML: Markdown.html($0.question), answer: $0.answer,
                 seconds: Int($0.seconds.rounded()), correct: $0.correct.map { $0 ? "correct" : "wrong" },
                 thetaAfter: $0.thetaAfter.map(Self.signed))
        }
        provenance = report.provenance
        recommendation = report.recommendation.outcome.replacingOccurrences(of: "_", with: " ")
        recommendationReason = report.recommendation.reason
        decision = loaded.decision
        decisionLabel = ApplicationPageRenderer.label(loaded.decision?.status ?? "pending")
    }

    private static func entry(_ entry: InterviewReport.Integrity.Entry) -> Entry {
        Entry(kind: entry.kind.replacingOccurrences(of: "_", with: " "), detail: entry.detail, questionId: entry.questionId,
              at: entry.at.map(timestamp) ?? "—")
    }

    static func signed(_ value: Double) -> String {
        let text = String(format: "%.2f", abs(value))
        return value < -0.005 ? "−" + text : text
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
        return formatter.string(from: date)
    }
}

/// Durations as people say them: "45 seconds", "12 minutes", "3.5 hours", "2 days".
enum HumanDuration {
    static func text(_ seconds: Double?) -> String {
        guard let seconds else { return "—" }
        func unit(_ value: Double, _ name: String) -> String {
            let rounded = value < 10 ? (value * 10).rounded() / 10 : value.rounded()
            let number = rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
            return "\(number) \(name)\(rounded == 1 ? "" : "s")"
        }
        switch seconds {
        case ..<90: return unit(seconds, "second")
        case ..<(90 * 60): return unit(seconds / 60, "minute")
        case ..<(36 * 3600): return unit(seconds / 3600, "hour")
        default: return unit(seconds / 86_400, "day")
        }
    }
}
