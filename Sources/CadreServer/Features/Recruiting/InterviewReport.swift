import CadreCore
import Foundation

/// Everything an interview measured, written once when it ends: ability, skills, scenario
/// scores with their evidence, integrity, the transcript, and where every score came from.
struct InterviewReport: Codable, Sendable {
    var interviewId: UUID
    var candidate: Candidate
    var domain: String
    var domainName: String
    var attempt: Int
    var startedAt: Date
    var completedAt: Date
    var durationSeconds: Double
    var ability: Ability
    var skills: [SkillBreakdown]
    var scenarios: [ScenarioResult]
    var integrity: Integrity
    var transcript: [TranscriptEntry]
    var provenance: Provenance
    var recommendation: Recommendation

    struct Candidate: Codable, Sendable {
        var id: UUID
        var name: String
    }

    struct Ability: Codable, Sendable {
        var theta: Double
        var standardError: Double
        /// Percentile on the calibrated scale, where the candidate population is N(0, 1).
        var percentile: Double
        var lowerBound: Double
        var upperBound: Double
        var itemsAdministered: Int
        var stopReason: String
    }

    struct SkillBreakdown: Codable, Sendable {
        var id: String
        var name: String
        var items: Int
        var correct: Int
    }

    struct ScenarioResult: Codable, Sendable {
        var id: String
        var prompt: String
        var answer: String
        var followUpQuestion: String?
        var followUpAnswer: String?
        /// Why no follow-up was asked although an LLM is configured.
        var followUpFailure: String?
        var points: Int
        var maxPoints: Int
        var confidence: String
        var scorer: String
        /// Why the LLM's score was not used, when one is configured.
        var fallbackReason: String?
        /// The embedded scorer's points, always computed: a second opinion beside an LLM's.
        var embeddedPoints: Int
        var criteria: [Criterion]

        struct Criterion: Codable, Sendable {
            var id: String
            var description: String
            var met: Bool
            var points: Int
            var evidence: [String]
        }
    }

    struct Integrity: Codable, Sendable {
        /// Signals that keep the policy from accepting on its own.
        var flags: [Entry]
        /// Everything the interview page reported, flagged or not.
        var events: [Entry]

        struct Entry: Codable, Sendable {
            var kind: String
            var detail: String
            var questionId: String?
            var at: Date?
        }
    }

    struct TranscriptEntry: Codable, Sendable {
        var position: Int
        var kind: String
        var questionId: String
        var question: String
        var answer: String
        /// Whether an item was answered correctly; only admins see it, so a report cannot be
        /// used to rebuild answer keys.
        var correct: Bool?
        var seconds: Double
        var thetaAfter: Double?
        var standardErrorAfter: Double?
    }

    struct Provenance: Codable, Sendable {
        var engine: String
        var bankDomain: String
        var bankVersion: Int
        var rubricVersion: Int
        var scorers: [String]
        var policyCutoff: Double
    }

    struct Recommendation: Codable, Sendable {
        /// `accept`, `human_review` or `rejection_review`.
        var outcome: String
        var reason: String
    }

    /// The report as its candidate sees it: no per-item correctness, and no ability estimate
    /// after each item either, since its rise or fall would tell the same.
    var forCandidate: InterviewReport {
        var copy = self
        copy.transcript = transcript.map { entry in
            var entry = entry
            entry.correct = nil
            entry.thetaAfter = nil
            entry.standardErrorAfter = nil
            return entry
        }
        return copy
    }
}

extension DecisionRecommendation {
    var outcomeName: String {
        switch self {
        case .accept: "accept"
        case .humanReview: "human_review"
        case .rejectionReview: "rejection_review"
        }
    }
}
