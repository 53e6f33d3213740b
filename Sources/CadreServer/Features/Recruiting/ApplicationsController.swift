import CadreCore
import Fluent
import Vapor

/// Candidates sign up, fill in an application, upload a resume, confirm skills and submit.
struct ApplicationsController: RouteCollection {
    struct SignUp: Decodable {
        var email: String
        var password: String
        var name: String
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.post("candidates", use: signUp)
        let applications = routes.grouped("applications")
        applications.post(use: create)
        applications.get(use: list)
        let application = applications.grouped(":applicationID")
        application.get(use: read)
        application.patch(use: update)
        application.on(.PUT, "resume", body: .collect(maxSize: "5mb"), use: uploadResume)
        application.post("submit", use: submit)
    }

    /// Public sign-up: a candidate account and an API token in one step.
    @Sendable func signUp(req: Request) async throws -> Response {
        let body = try req.recruitingBody(SignUp.self)
        let user = try await Recruiting.signUp(name: body.name, email: body.email, password: body.password, on: req)
        let (secret, token) = try await SignIn.openSession(for: user, kind: .api, on: req)
        return try await SessionResponse(token: secret, expiresAt: token.expiresAt, user: UserResponse(user))
            .encodeResponse(status: .created, for: req)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let current = try req.authorize(.manageApplication(owner: req.currentUser?.user.id ?? UUID()))
        let body = try req.recruitingBody(ApplicationProfileBody.self)
        let profile = try body.merged(into: ApplicationProfileBody.empty, knownDomains: try await Recruiting.knownDomains(on: req))
        let application = try CandidateApplication(userID: current.user.requireID(), profile: profile, at: req.now)
        do {
            try await application.create(on: req.db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Problem.conflict("application_exists", "You already have an application; change it with PATCH /api/v1/applications/{id}.")
        }
        return try recruitingResponse(try await Recruiting.view(of: application, on: req), status: .created)
    }

    @Sendable func list(req: Request) async throws -> Response {
        try req.authorize(.recruit)
        let page = try PageRequest(from: req)
        let query = CandidateApplication.query(on: req.db)
        if let raw = req.query[String.self, at: "status"] {
            guard let status = CandidateApplication.Status(rawValue: raw) else {
                throw Problem.validation(field: "status", "expected one of \(CandidateApplication.Status.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.filter(\.$status == status)
        }
        let (rows, next) = try await page.fetch(query)
        var items: [ApplicationView] = []
        for row in rows { items.append(try await Recruiting.view(of: row, on: req)) }
        return try recruitingResponse(RecruitingPage(items: items, nextCursor: next))
    }

    @Sendable func read(req: Request) async throws -> Response {
        let application = try await Recruiting.application(req)
        return try recruitingResponse(try await Recruiting.view(of: application, on: req))
    }

    @Sendable func update(req: Request) async throws -> Response {
        let application = try await Recruiting.application(req)
        let body = try req.recruitingBody(ApplicationProfileBody.self)
        let profile = try body.merged(into: try application.profile, knownDomains: try await Recruiting.knownDomains(on: req))
        application.profileJSON = try RecruitingJSON.encode(profile)
        try await application.save(on: req.db)
        return try recruitingResponse(try await Recruiting.view(of: application, on: req))
    }

    /// Stores the resume's text, its fingerprint, and the skills it mentions as proposals.
    @Sendable func uploadResume(req: Request) async throws -> Response {
        let application = try await Recruiting.application(req)
        let text = try await ResumeText.extract(from: req)
        try await Recruiting.storeResume(text, in: application, on: req)
        return try recruitingResponse(try await Recruiting.view(of: application, on: req))
    }

    /// Sends the application: interviews can start once it names its domains and languages
    /// and carries a resume.
    @Sendable func submit(req: Request) async throws -> Response {
        let application = try await Recruiting.application(req)
        try await Recruiting.submit(application, on: req)
        return try recruitingResponse(try await Recruiting.view(of: application, on: req))
    }
}

/// One page of a recruiting list (snake_case on the wire).
struct RecruitingPage<Item: Encodable>: Encodable {
    var items: [Item]
    var nextCursor: String?
}

/// Lookups shared by the recruiting controllers.
enum Recruiting {
    /// The application named in the path, if the caller may see it.
    static func application(_ req: Request) async throws -> CandidateApplication {
        guard let raw = req.parameters.get("applicationID"), let id = UUID(uuidString: raw),
              let application = try await CandidateApplication.find(id, on: req.db) else {
            try req.authorize(.manageApplication(owner: UUID()))
            throw Problem.notFound("application")
        }
        try req.authorize(.manageApplication(owner: application.$user.id))
        return application
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
