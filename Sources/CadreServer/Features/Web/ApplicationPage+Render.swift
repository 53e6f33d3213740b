import CadreCore
import Fluent
import Vapor

/// Builds the application page from the stored application, and after a refused form from
/// what the candidate typed, with the problem's messages.
struct ApplicationPageRenderer {
    let req: Request

    func render(_ application: CandidateApplication?, problem: Problem? = nil,
                typed: ApplicationPagesController.ProfileForm? = nil, pasted: String? = nil) async throws -> Response {
        var page = ApplicationPage(layout: LayoutContext(title: "Your application", req: req))
        let banks = try await req.application.itemBanks.latestBanks(on: req.db)
            .map { (id: $0.domainID, name: $0.domainName) }.sorted { $0.name < $1.name }
        let names = Dictionary(banks.map { ($0.id, $0.name) }) { a, _ in a }
        var profile = ApplicationProfileBody.empty
        var suggested: [String] = []
        if let application {
            let view = try await Recruiting.view(of: application, on: req)
            profile = view.profile
            suggested = view.suggestedDomains
            page.exists = true
            page.status = view.status
            page.isSubmitted = application.status == .submitted
            page.resumeCharacters = view.resume?.characters
            page.resumeExcerpt = view.resume?.excerpt
            page.skillGroups = skillGroups(view.skillProposals, confirmed: profile.skills)
            page.hasSkillGroups = !page.skillGroups.isEmpty
            if page.isSubmitted { page.progress = progress(view, names: names) }
        } else {
            // A starting point most candidates keep; the field stays editable.
            profile.languages = ["en"]
        }
        page.form = .init(profile, banks: banks, suggested: suggested)
        if let typed { page.form = keep(typed, banks: banks, suggested: suggested) }
        page.pastedResume = pasted ?? ""
        if let problem {
            page.errors = FieldMessages(problem)
            if problem.errors.isEmpty { page.layout.error = problem.detail }
        }
        return try await req.view.render("recruiting/application", page).encodeResponse(status: problem?.status ?? .ok, for: req)
    }

    /// Proposals grouped by domain; all ticked until the candidate has confirmed any.
    private func skillGroups(_ proposals: SkillExtraction?, confirmed: [String]) -> [ApplicationPage.SkillGroup] {
        guard let proposals else { return [] }
        return proposals.domains.map { domain in
            .init(domainName: domain.domainName, skills: domain.skills.map { skill in
                .init(id: skill.skillID, name: skill.skillName, phrase: skill.matchedPhrase, excerpt: skill.excerpt,
                      checked: confirmed.isEmpty || confirmed.contains(skill.skillID))
            })
        }
    }

    private func keep(_ typed: ApplicationPagesController.ProfileForm, banks: [(id: String, name: String)], suggested: [String]) -> ApplicationPage.ProfileForm {
        let chosen = typed.domains ?? []
        return .init(
            headline: typed.headline ?? "",
            domains: banks.map { .init(id: $0.id, name: $0.name, checked: chosen.contains($0.id), suggested: suggested.contains($0.id)) },
            languages: typed.languages ?? "", timezone: typed.timezone ?? "", weeklyHours: typed.weekly_hours ?? "",
            rate: typed.rate ?? "", currency: typed.currency ?? "")
    }

    /// Each applied domain with its latest interview and that interview's decision.
    private func progress(_ view: ApplicationView, names: [String: String]) -> [ApplicationPage.DomainProgress] {
        view.profile.domains.map { domain in
            var row = ApplicationPage.DomainProgress(id: domain, name: names[domain] ?? domain, state: "not_started", stateLabel: "Not started")
            guard let interview = view.interviews.filter({ $0.domain == domain }).max(by: { $0.attempt < $1.attempt }) else {
                row.canStart = true
                return row
            }
            row.interviewURL = "/interviews/\(interview.id)"
            guard interview.state == Interview.State.completed.rawValue else {
                row.state = "in_progress"
                row.stateLabel = "In progress"
                return row
            }
            row.reportURL = "/interviews/\(interview.id)/report"
            row.state = "completed"
            row.stateLabel = "Completed"
            if let decision = view.decisions.first(where: { $0.interviewId == interview.id }) {
                row.state = decision.status
                row.stateLabel = Self.label(decision.status)
                let appeal = decision.appeals.first
                row.decision = .init(
                    id: decision.id.uuidString, status: decision.status, reason: decision.status == "pending" ? nil : decision.reason,
                    canAppeal: decision.status == "rejected" && appeal == nil,
                    appeal: appeal.map { .init(text: $0.text, status: $0.status, note: $0.note) })
                // A rejection may be followed by a retake; the start action says when one is allowed.
                row.canStart = decision.status == "rejected"
            }
            return row
        }
    }

    static func label(_ status: String) -> String {
        switch status {
        case "pending": "Completed · waiting for a decision"
        case "accepted": "Accepted"
        case "rejected": "Not accepted"
        default: status
        }
    }
}
