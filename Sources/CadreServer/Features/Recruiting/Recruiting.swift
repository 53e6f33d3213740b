import CadreCore
import Fluent
import Vapor

/// Lookups and rules shared by the recruiting API and the recruiting pages.
enum Recruiting {
    /// The application named in the path, if the caller may see it.
    static func application(_ req: Request) async throws -> CandidateApplication {
        try await owned(CandidateApplication.self, parameter: "applicationID", name: "application", owner: \.$user.id, on: req)
    }

    /// A candidate's row named by a path parameter, after the access check against its owner.
    /// A missing row is checked as someone else's, so roles that may never see such rows hear
    /// 403 and the rest 404, the same as for a row that exists.
    static func owned<M: Model>(
        _ type: M.Type, parameter: String, name: String, owner: KeyPath<M, UUID>, on req: Request
    ) async throws -> M where M.IDValue == UUID {
        guard let raw = req.parameters.get(parameter), let id = UUID(uuidString: raw), let row = try await M.find(id, on: req.db) else {
            try req.authorize(.manageApplication(owner: UUID()))
            throw Problem.notFound(name)
        }
        try req.authorize(.manageApplication(owner: row[keyPath: owner]))
        return row
    }

    /// A candidate account: the same checks whether it signs up through the API or the page.
    static func signUp(name: String, email: String, password: String, on req: Request) async throws -> User {
        let request = CreateUserRequest(email: email, password: password, name: name, role: Role.candidate.rawValue)
        let errors = request.problems(allowedRoles: [.candidate])
        if !errors.isEmpty { throw Problem.validation(errors) }
        return try await Accounts.createUser(request, organizationID: nil, on: req)
    }

    /// Stores the resume's text, its fingerprint, and the skills it mentions as proposals.
    static func storeResume(_ text: String, in application: CandidateApplication, on req: Request) async throws {
        let fingerprint = ResumeFingerprint(resume: text)
        application.resumeText = text
        application.resumeFingerprint = fingerprint.digest
        application.resumeSignatureJSON = try RecruitingJSON.encode(fingerprint.signature)
        application.proposedSkillsJSON = try RecruitingJSON.encode(try await req.application.skills.propose(for: text))
        try await application.save(on: req.db)
    }

    /// Interviews can start once the application names its domains and languages and
    /// carries a resume; submitting twice changes nothing.
    static func submit(_ application: CandidateApplication, on req: Request) async throws {
        let profile = try application.profile
        var errors: [FieldError] = []
        if profile.domains.isEmpty { errors.append(FieldError(field: "domains", message: "choose at least one domain before submitting")) }
        if profile.languages.isEmpty { errors.append(FieldError(field: "languages", message: "name at least one language before submitting")) }
        if application.resumeText == nil { errors.append(FieldError(field: "resume", message: "upload a resume (PDF or text) before submitting")) }
        if !errors.isEmpty { throw Problem.validation(errors) }
        if application.status == .draft {
            application.status = .submitted
            application.submittedAt = req.now
            try await application.save(on: req.db)
        }
    }

    static func knownDomains(on req: Request) async throws -> Set<String> {
        Set(try await req.application.itemBanks.latestBanks(on: req.db).map(\.domainID))
    }

    static func view(of application: CandidateApplication, on req: Request) async throws -> ApplicationView {
        let id = try application.requireID()
        let user = try await application.$user.get(on: req.db)
        let interviews = try await Interview.query(on: req.db).filter(\.$application.$id == id).sort(\.$createdAt).all()
        let interviewIDs = interviews.compactMap(\.id)
        let decisions = interviewIDs.isEmpty ? [] :
            try await CandidateDecision.query(on: req.db).filter(\.$interview.$id ~~ interviewIDs).sort(\.$createdAt).all()
        let decisionIDs = decisions.compactMap(\.id)
        let appeals = decisionIDs.isEmpty ? [] : try await Appeal.query(on: req.db).filter(\.$decision.$id ~~ decisionIDs).sort(\.$createdAt).all()
        let proposals = try application.proposedSkillsJSON.map { try RecruitingJSON.decode(SkillExtraction.self, from: $0) }
        return ApplicationView(
            id: id, userId: user.id!, name: user.name, email: user.email, status: application.status.rawValue,
            profile: try application.profile,
            resume: application.resumeText.map { .init(characters: $0.count, excerpt: String($0.prefix(400))) },
            skillProposals: proposals, suggestedDomains: proposals?.suggestedDomainIDs ?? [], createdAt: application.createdAt, submittedAt: application.submittedAt,
            interviews: interviews.map(InterviewSummary.init),
            decisions: decisions.map { DecisionView($0, appeals: appeals) })
    }
}
