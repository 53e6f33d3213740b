import CadreCore
import Fluent
import Vapor

struct QualificationResponse: Content {
    var id: UUID
    var expertId: UUID
    var kind: Qualification.Kind
    var subject: String
    var level: Double
    var standardError: Double?
    var createdAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, kind, subject, level
        case standardError = "standard_error"
        case expertId = "expert_id"
        case createdAt = "created_at"
    }

    init(_ qualification: Qualification) {
        id = qualification.id!
        expertId = qualification.$user.id
        kind = qualification.kind
        subject = qualification.subject
        level = qualification.level
        standardError = qualification.standardError
        createdAt = qualification.createdAt
    }
}

/// Qualifications granted by hand: a domain with an ability θ, a language, or reviewing a
/// project. Granting the same kind and subject again updates the level.
struct QualificationsController: RouteCollection {
    struct Grant: Content {
        var kind: String
        var subject: String
        var level: Double?
    }

    func boot(routes: any RoutesBuilder) throws {
        let qualifications = routes.grouped("experts", ":expertID", "qualifications")
        qualifications.post(use: grant)
        qualifications.get(use: list)
    }

    @Sendable func grant(req: Request) async throws -> Response {
        try req.authorize(.grantQualification)
        let expert = try await Self.expert(req)
        let body = try req.content.decode(Grant.self)
        let (kind, subject, level) = try await validate(body, on: req)
        let existing = try await Qualification.query(on: req.db)
            .filter(\.$user.$id == (try expert.requireID())).filter(\.$kind == kind).filter(\.$subject == subject).first()
        let expertID = try expert.requireID()
        let qualification = existing ?? Qualification(userID: expertID, kind: kind, subject: subject, level: level, at: req.now)
        qualification.level = level
        try await qualification.save(on: req.db)
        return try await QualificationResponse(qualification).encodeResponse(status: existing == nil ? .created : .ok, for: req)
    }

    @Sendable func list(req: Request) async throws -> [QualificationResponse] {
        guard let raw = req.parameters.get("expertID"), let id = UUID(uuidString: raw) else {
            try req.authorize(.readQualifications(expert: UUID()))
            throw Problem.notFound("expert")
        }
        try req.authorize(.readQualifications(expert: id))
        let expert = try await Self.expert(req)
        return try await Qualification.query(on: req.db).filter(\.$user.$id == expert.requireID()).sort(\.$id).all()
            .map(QualificationResponse.init)
    }

    private func validate(_ body: Grant, on req: Request) async throws -> (Qualification.Kind, String, Double) {
        guard let kind = Qualification.Kind(rawValue: body.kind) else {
            throw Problem.validation(field: "kind", "expected one of domain, language, reviewer")
        }
        let subject = body.subject.trimmingCharacters(in: .whitespaces)
        switch kind {
        case .domain:
            guard !subject.isEmpty, subject.count <= 64, subject.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                throw Problem.validation(field: "subject", "expected a domain name of letters, digits, '_' or '-' (such as medicine)")
            }
            guard let level = body.level, (-6...6).contains(level) else {
                throw Problem.validation(field: "level", "required for a domain: the ability estimate θ, from -6 to 6")
            }
            return (kind, subject, level)
        case .language:
            guard ProjectSettings.isLanguageCode(subject) else {
                throw Problem.validation(field: "subject", "expected a language code such as \"en\" or \"pt-BR\"")
            }
            return (kind, subject, 0)
        case .reviewer:
            guard let id = UUID(uuidString: subject), try await Project.find(id, on: req.db) != nil else {
                throw Problem.validation(field: "subject", "expected the id of an existing project")
            }
            return (kind, id.uuidString, 0)
        }
    }

    private static func expert(_ req: Request) async throws -> User {
        guard let raw = req.parameters.get("expertID"), let id = UUID(uuidString: raw),
              let user = try await User.find(id, on: req.db), user.role == .expert
        else { throw Problem.notFound("expert") }
        return user
    }
}
