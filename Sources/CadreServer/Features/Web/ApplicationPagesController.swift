import CadreCore
import Fluent
import Vapor

/// The candidate's application in the browser. Every form calls the same recruiting functions
/// as the API; a refused form comes back with each message beside its field.
struct ApplicationPagesController: RouteCollection {
    struct ProfileForm: Content {
        var headline: String?
        var domains: [String]?
        var languages: String?
        var timezone: String?
        var weekly_hours: String?
        var rate: String?
        var currency: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        let application = routes.grouped("application")
        application.get(use: page)
        application.post(use: saveProfile)
        application.on(.POST, "resume", body: .collect(maxSize: ByteCount(value: CSRFMiddleware.maxUploadBytes)), use: uploadResume)
        application.post("skills", use: confirmSkills)
        application.post("submit", use: submit)
        application.post("interviews", use: startInterview)
        application.post("decisions", ":decisionID", "appeal", use: appeal)
    }

    @Sendable func page(req: Request) async throws -> Response {
        let userID = try Self.authorize(req)
        return try await ApplicationPageRenderer(req: req).render(try await Self.own(userID, on: req))
    }

    @Sendable func saveProfile(req: Request) async throws -> Response {
        let userID = try Self.authorize(req)
        let existing = try await Self.own(userID, on: req)
        let form = try req.content.decode(ProfileForm.self)
        return try await Self.attempt(req, existing, keeping: form) {
            let body = try Self.profileBody(form)
            let base = try existing?.profile ?? ApplicationProfileBody.empty
            let profile = try body.merged(into: base, knownDomains: try await Recruiting.knownDomains(on: req))
            if let existing {
                existing.profileJSON = try RecruitingJSON.encode(profile)
                try await existing.save(on: req.db)
            } else {
                try await CandidateApplication(userID: userID, profile: profile, at: req.now).create(on: req.db)
            }
            return .profileSaved
        }
    }

    @Sendable func uploadResume(req: Request) async throws -> Response {
        struct Upload: Content { var file: File?; var text: String? }
        let userID = try Self.authorize(req)
        let existing = try await Self.own(userID, on: req)
        let upload = try req.content.decode(Upload.self)
        return try await Self.attempt(req, existing, pasted: upload.text) {
            let application = try await Self.ensure(existing, userID: userID, on: req)
            let text: String
            do {
                if let file = upload.file, file.data.readableBytes > 0 {
                    let isPDF = file.extension?.lowercased() == "pdf" || file.contentType?.subType == "pdf"
                    text = try await ResumeText.extract(Data(buffer: file.data), type: isPDF ? .pdf : .plainText, on: req)
                } else if let pasted = upload.text, !pasted.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    text = try await ResumeText.extract(Data(pasted.utf8), type: .plainText, on: req)
                } else {
                    throw Problem.validation(field: "resume", "choose a PDF or text file, or paste your resume")
                }
            } catch var problem as Problem where problem.errors.isEmpty {
                // "This server cannot read PDF files…" belongs beside the upload, like any other resume error.
                problem.errors = [FieldError(field: "resume", message: problem.detail)]
                throw problem
            }
            try await Recruiting.storeResume(text, in: application, on: req)
            return .resumeSaved
        }
    }

    /// The skills the candidate ticked become the profile's confirmed skills.
    @Sendable func confirmSkills(req: Request) async throws -> Response {
        struct Form: Content { var skills: [String]? }
        let userID = try Self.authorize(req)
        let existing = try await Self.own(userID, on: req)
        let form = try req.content.decode(Form.self)
        return try await Self.attempt(req, existing) {
            guard let application = existing else { throw Problem.validation(field: "skills", "save your profile first") }
            var body = ApplicationProfileBody(try application.profile)
            body.skills = form.skills ?? []
            let profile = try body.merged(into: try application.profile, knownDomains: try await Recruiting.knownDomains(on: req))
            application.profileJSON = try RecruitingJSON.encode(profile)
            try await application.save(on: req.db)
            return .skillsSaved
        }
    }

    @Sendable func submit(req: Request) async throws -> Response {
        let userID = try Self.authorize(req)
        let existing = try await Self.own(userID, on: req)
        return try await Self.attempt(req, existing) {
            guard let application = existing else { throw Problem.validation(field: "domains", "fill in your profile first") }
            try await Recruiting.submit(application, on: req)
            return .applicationSubmitted
        }
    }

    @Sendable func startInterview(req: Request) async throws -> Response {
        struct Form: Content { var domain: String? }
        let userID = try Self.authorize(req)
        let existing = try await Self.own(userID, on: req)
        let form = try req.content.decode(Form.self)
        do {
            guard let application = existing else { throw Problem.conflict("application_not_submitted", "Submit the application before starting an interview.") }
            let interview = try await InterviewStart.begin(application: application, domain: form.domain ?? "", on: req)
            return req.redirect(to: "/interviews/\(try interview.requireID())", redirectType: .normal)
        } catch let problem as Problem where problem.status.code < 500 {
            return try await ApplicationPageRenderer(req: req).render(existing, problem: problem)
        }
    }

    @Sendable func appeal(req: Request) async throws -> Response {
        struct Form: Content { var text: String? }
        let decision = try await CandidateDecisions.ownDecision(req)
        let existing = try await Self.own(decision.$user.id, on: req)
        let form = try req.content.decode(Form.self)
        return try await Self.attempt(req, existing) {
            _ = try await CandidateDecisions.appeal(decision, text: form.text ?? "", on: req)
            return .appealSent
        }
    }

    /// Runs a form's action, then redirects with its notice; a refusal re-renders the page
    /// with the messages and what the candidate typed.
    private static func attempt(_ req: Request, _ existing: CandidateApplication?, keeping form: ProfileForm? = nil, pasted: String? = nil,
                                _ action: () async throws -> Notice) async throws -> Response {
        do {
            let notice = try await action()
            return req.redirect(to: notice.on("/application"), redirectType: .normal)
        } catch let problem as Problem where problem.status.code < 500 {
            return try await ApplicationPageRenderer(req: req).render(existing, problem: problem, typed: form, pasted: pasted)
        } catch let failure as ValidationFailure {
            return try await ApplicationPageRenderer(req: req).render(existing, problem: .validation(failure.errors), typed: form, pasted: pasted)
        }
    }

    static func authorize(_ req: Request) throws -> UUID {
        let current = try req.signedIn
        try req.authorize(.manageApplication(owner: current.principal.userID))
        return current.principal.userID
    }

    static func own(_ userID: UUID, on req: Request) async throws -> CandidateApplication? {
        try await CandidateApplication.query(on: req.db).filter(\.$user.$id == userID).first()
    }

    /// A resume can come before the profile: the application is created on demand.
    private static func ensure(_ existing: CandidateApplication?, userID: UUID, on req: Request) async throws -> CandidateApplication {
        if let existing { return existing }
        let application = try CandidateApplication(userID: userID, profile: ApplicationProfileBody.empty, at: req.now)
        try await application.create(on: req.db)
        return application
    }

    /// The form's text fields as the API's profile body; what cannot be read is a field error.
    static func profileBody(_ form: ProfileForm) throws -> ApplicationProfileBody {
        var body = ApplicationProfileBody(ApplicationProfileBody.empty)
        var errors: [FieldError] = []
        body.headline = form.headline ?? ""
        body.domains = form.domains ?? []
        body.languages = (form.languages ?? "").split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
        if body.languages?.isEmpty == true { errors.append(FieldError(field: "languages", message: "name at least one language, such as en")) }
        body.timezone = (form.timezone ?? "").trimmingCharacters(in: .whitespaces)
        if let hours = Int((form.weekly_hours ?? "").trimmingCharacters(in: .whitespaces)) {
            body.weeklyHours = hours
        } else {
            errors.append(FieldError(field: "weekly_hours", message: "expected a whole number of hours a week"))
        }
        let typedRate = (form.rate ?? "").trimmingCharacters(in: .whitespaces)
        let currency = (form.currency ?? "USD").trimmingCharacters(in: .whitespaces).uppercased()
        if typedRate.isEmpty {
            body.expectedRate = .init(amountMinor: 0, currency: currency)
        } else if let minor = TypedAmount.minor(typedRate) {
            body.expectedRate = .init(amountMinor: minor, currency: currency)
        } else {
            errors.append(FieldError(field: "rate", message: "expected an hourly amount such as 45 or 45.50"))
        }
        if !errors.isEmpty { throw ValidationFailure(errors) }
        return body
    }
}
