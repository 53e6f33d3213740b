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
        if let status = try req.statusQuery(CandidateApplication.Status.self) {
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
