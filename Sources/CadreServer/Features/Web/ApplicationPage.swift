import CadreCore
import Foundation

/// The candidate's application page: profile, resume, skills to confirm, and once submitted
/// where each domain's interview stands.
struct ApplicationPage: Encodable {
    struct ProfileForm: Encodable {
        var headline = ""
        var domains: [DomainChoice] = []
        var languages = ""
        var timezone = "UTC"
        var weeklyHours = "10"
        var rate = ""
        var currency = "USD"
    }

    struct DomainChoice: Encodable {
        var id: String
        var name: String
        var checked: Bool
        /// The resume suggests this domain.
        var suggested: Bool
    }

    struct SkillGroup: Encodable {
        var domainName: String
        var skills: [SkillChoice]
    }

    struct SkillChoice: Encodable {
        var id: String
        var name: String
        var phrase: String
        var excerpt: String
        var checked: Bool
    }

    /// One domain after submission: its latest interview, its decision, and what to do next.
    struct DomainProgress: Encodable {
        var id: String
        var name: String
        /// `not_started`, `in_progress`, `completed` or the decision's status.
        var state: String
        var stateLabel: String
        var interviewURL: String?
        var reportURL: String?
        var canStart = false
        var decision: DecisionItem?
    }

    struct DecisionItem: Encodable {
        var id: String
        var status: String
        var reason: String?
        var canAppeal: Bool
        var appeal: AppealItem?
    }

    struct AppealItem: Encodable {
        var text: String
        var status: String
        var note: String?
    }

    var layout: LayoutContext
    var exists = false
    var isSubmitted = false
    var status = "new"
    var form = ProfileForm()
    var errors = FieldMessages()
    var resumeCharacters: Int?
    var resumeExcerpt: String?
    var pdfReadable = ResumeText.pdftotextPath != nil
    var pastedResume = ""
    var skillGroups: [SkillGroup] = []
    var hasSkillGroups = false
    var progress: [DomainProgress] = []
    var howItWorks = ApplicationView.explanation
}

extension ApplicationPage.ProfileForm {
    init(_ profile: ApplicationProfile, banks: [(id: String, name: String)], suggested: [String]) {
        headline = profile.headline
        domains = banks.map { .init(id: $0.id, name: $0.name, checked: profile.domains.contains($0.id), suggested: suggested.contains($0.id)) }
        languages = profile.languages.joined(separator: ", ")
        timezone = profile.timezone
        weeklyHours = String(profile.weeklyHours)
        rate = profile.expectedRate.amountMinor == 0 ? "" : TypedAmount.major(profile.expectedRate.amountMinor)
        currency = profile.expectedRate.currency
    }
}

/// Amounts typed as people write them ("45", "45.5", "45.50") to integer minor units and
/// back, without floating point.
enum TypedAmount {
    static func minor(_ typed: String) -> Int? {
        let parts = typed.trimmingCharacters(in: .whitespaces).split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int(parts[0]), whole >= 0, whole < 100_000_000 else { return nil }
        guard parts.count == 2 else { return whole * 100 }
        let fraction = String(parts[1])
        guard (1...2).contains(fraction.count), fraction.allSatisfy(\.isNumber), let cents = Int(fraction) else { return nil }
        return whole * 100 + (fraction.count == 1 ? cents * 10 : cents)
    }

    static func major(_ minor: Int) -> String {
        "\(minor / 100).\(String(format: "%02d", minor % 100))"
    }
}
