import CadreCore
import Fluent
import Vapor

/// Finding experts for work: by domain, skill, minimum θ, languages, availability and
/// quality standing, ranked by fit. Clients see a pseudonym per organization, never a name.
struct ExpertSearchController: RouteCollection {
    struct Filters {
        var domain: String?
        var skill: String?
        var minimumTheta: Double?
        var languages: [String]
        var minimumWeeklyHours: Int?
        var minimumGoldAccuracy: Double?
        var limit: Int
    }

    struct Match: Encodable {
        /// The expert's id for admins; a pseudonym (stable within the organization) for clients.
        var expert: String
        var name: String?
        var email: String?
        var fit: Double
        var domains: [DomainLevel]
        var languages: [String]
        var skills: [String]
        var weeklyHours: Int?
        var timezone: String?
        var goldAccuracy: Double?
        var goldAnswered: Int
        var paused: Bool

        struct DomainLevel: Encodable {
            var domain: String
            var theta: Double
            var standardError: Double?
        }
    }

    struct InviteBody: Decodable {
        var expert: String
        var message: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("experts", use: search)
        routes.post("projects", ":projectID", "invitations", use: invite)
        routes.get("invitations", use: invitations)
    }

    @Sendable func search(req: Request) async throws -> Response {
        let current = try req.authorize(.searchExperts)
        let filters = try Self.filters(req)
        let matches = try await Self.matches(filters, on: req.db)
        let organization = current.user.role == .client ? current.user.$organization.id : nil
        let shown = matches.prefix(filters.limit).map { match -> Match in
            var match = match
            if let organization, let id = UUID(uuidString: match.expert) {
                match.expert = Pseudonym.of(id, in: organization)
                match.name = nil
                match.email = nil
            }
            return match
        }
        return try recruitingResponse(RecruitingPage(items: Array(shown), nextCursor: nil))
    }

    /// Invites an expert (by id, or by the pseudonym a client saw) to a project.
    @Sendable func invite(req: Request) async throws -> Response {
        let project = try await ProjectsController.load(req)
        let current = try req.authorize(.manageProject(organization: project.$organization.id))
        let body = try req.recruitingBody(InviteBody.self)
        if let message = body.message, message.count > 2_000 {
            throw Problem.validation(field: "message", "expected at most 2000 characters")
        }
        let experts = try await User.query(on: req.db).filter(\.$role == .expert).all()
        let organization = project.$organization.id
        guard let expert = experts.first(where: {
            $0.id!.uuidString.lowercased() == body.expert.lowercased() || Pseudonym.of($0.id!, in: organization) == body.expert
        }) else { throw Problem.validation(field: "expert", "no expert has this id or pseudonym") }
        let projectID = try project.requireID()
        if let existing = try await Invitation.query(on: req.db).filter(\.$project.$id == projectID).filter(\.$expert.$id == expert.id!).first() {
            return try recruitingResponse(InvitationView(existing, projectName: project.name))
        }
        let invitation = Invitation()
        invitation.id = .timeOrdered(at: req.now)
        invitation.$project.id = projectID
        invitation.$expert.id = expert.id!
        invitation.invitedBy = current.user.id!
        invitation.message = body.message
        do {
            try await invitation.create(on: req.db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Problem.conflict("already_invited", "This expert was invited to this project at the same moment.")
        }
        return try recruitingResponse(InvitationView(invitation, projectName: project.name), status: .created)
    }

    /// An expert's invitations.
    @Sendable func invitations(req: Request) async throws -> Response {
        let current = try req.authorize(.leaseWork)
        let rows = try await Invitation.query(on: req.db).filter(\.$expert.$id == current.user.id!).with(\.$project).sort(\.$id, .descending).limit(200).all()
        return try recruitingResponse(rows.map { InvitationView($0, projectName: $0.project.name) })
    }

    static func filters(_ req: Request) throws -> Filters {
        var errors: [FieldError] = []
        func number<T: LosslessStringConvertible>(_ name: String, _ type: T.Type) -> T? {
            guard let raw = req.query[String.self, at: name] else { return nil }
            guard let value = T(raw) else { errors.append(FieldError(field: name, message: "expected a number, got '\(raw)'")); return nil }
            return value
        }
        let languages = (req.query[String.self, at: "language"] ?? "").split(separator: ",").map(String.init)
        for (index, code) in languages.enumerated() where !ProjectSettings.isLanguageCode(code) {
            errors.append(FieldError(field: "language[\(index)]", message: "expected a language code such as \"en\""))
        }
        let filters = Filters(
            domain: req.query[String.self, at: "domain"], skill: req.query[String.self, at: "skill"],
            minimumTheta: number("min_theta", Double.self), languages: languages,
            minimumWeeklyHours: number("min_weekly_hours", Int.self), minimumGoldAccuracy: number("min_gold_accuracy", Double.self),
            limit: number("limit", Int.self) ?? 50)
        if !(1...200).contains(filters.limit) { errors.append(FieldError(field: "limit", message: "expected 1 to 200")) }
        if !errors.isEmpty { throw Problem.validation(errors) }
        return filters
    }

    /// Every expert that passes the filters, best fit first: ability in the domain asked for
    /// (or the best one), plus half a point per matching skill, plus gold accuracy above chance.
    static func matches(_ filters: Filters, on db: any Database) async throws -> [Match] {
        let experts = try await User.query(on: db).filter(\.$role == .expert).all()
        let ids = experts.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let qualifications = Dictionary(grouping: try await Qualification.query(on: db).filter(\.$user.$id ~~ ids).all(), by: { $0.$user.id })
        let applications = Dictionary(try await CandidateApplication.query(on: db).filter(\.$user.$id ~~ ids).all().map { ($0.$user.id, $0) }) { a, _ in a }
        let standings = Dictionary(grouping: try await ExpertStanding.query(on: db).filter(\.$expert.$id ~~ ids).all(), by: { $0.$expert.id })
        var result: [Match] = []
        for expert in experts {
            let id = expert.id!
            let held = qualifications[id] ?? []
            let domains = held.filter { $0.kind == .domain }.map { Match.DomainLevel(domain: $0.subject, theta: $0.level, standardError: $0.standardError) }
            let languages = held.filter { $0.kind == .language }.map(\.subject)
            let profile = try applications[id].map { try $0.profile }
            let skills = profile?.skills ?? []
            let answered = standings[id]?.map(\.goldAnswered).reduce(0, +) ?? 0
            let correct = standings[id]?.map(\.goldCorrect).reduce(0, +) ?? 0
            let accuracy = answered > 0 ? Double(correct) / Double(answered) : nil
            let theta = filters.domain.map { domain in domains.first { $0.domain == domain }?.theta } ?? domains.map(\.theta).max()
            if filters.domain != nil, theta == nil { continue }
            if let minimum = filters.minimumTheta, (theta ?? -.infinity) < minimum { continue }
            if let skill = filters.skill, !skills.contains(skill) { continue }
            if !filters.languages.allSatisfy(languages.contains) { continue }
            if let hours = filters.minimumWeeklyHours, (profile?.weeklyHours ?? 0) < hours { continue }
            if let minimum = filters.minimumGoldAccuracy, (accuracy ?? 0) < minimum { continue }
            let skillBonus = filters.skill == nil ? 0 : 0.5
            let fit = (theta ?? 0) + skillBonus + ((accuracy ?? 0.5) - 0.5)
            result.append(Match(
                expert: id.uuidString, name: expert.name, email: expert.email, fit: (fit * 1000).rounded() / 1000,
                domains: domains.sorted { $0.domain < $1.domain }, languages: languages.sorted(), skills: skills,
                weeklyHours: profile?.weeklyHours, timezone: profile?.timezone, goldAccuracy: accuracy, goldAnswered: answered,
                paused: standings[id]?.contains { $0.paused } ?? false))
        }
        return result.sorted { $0.fit != $1.fit ? $0.fit > $1.fit : $0.expert < $1.expert }
    }
}

/// An invitation to work on a project: shown to the expert; qualifications still gate the work.
final class Invitation: Model, @unchecked Sendable {
    static let schema = "invitations"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Parent(key: "project_id") var project: Project
    @Parent(key: "expert_id") var expert: User
    @Field(key: "invited_by") var invitedBy: UUID
    @OptionalField(key: "message") var message: String?

    init() {}
}

struct InvitationView: Encodable {
    var id: UUID
    var projectId: UUID
    var projectName: String
    var message: String?
    var createdAt: Date?

    init(_ invitation: Invitation, projectName: String) {
        id = invitation.id!
        projectId = invitation.$project.id
        self.projectName = projectName
        message = invitation.message
        createdAt = invitation.createdAt
    }
}
