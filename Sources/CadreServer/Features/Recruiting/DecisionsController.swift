import CadreCore
import Fluent
import Vapor

/// The human side of decisions: the admins' review queue, decisions with a reason, and appeals.
/// A rejection is always made by a person.
struct DecisionsController: RouteCollection {
    struct Decide: Decodable {
        var outcome: String
        var reason: String
    }

    struct AppealBody: Decodable { var text: String }

    struct Resolve: Decodable {
        var outcome: String
        var note: String
    }

    func boot(routes: any RoutesBuilder) throws {
        let decisions = routes.grouped("candidate-decisions")
        decisions.get(use: list)
        decisions.post(":decisionID", use: decide)
        decisions.post(":decisionID", "appeals", use: appeal)
        routes.get("appeals", use: appeals)
        routes.post("appeals", ":appealID", "resolve", use: resolve)
    }

    /// The review queue (`?status=pending`, the default) or any other status.
    @Sendable func list(req: Request) async throws -> Response {
        try req.authorize(.recruit)
        let page = try PageRequest(from: req)
        let raw = req.query[String.self, at: "status"] ?? CandidateDecision.Status.pending.rawValue
        guard let status = CandidateDecision.Status(rawValue: raw) else {
            throw Problem.validation(field: "status", "expected one of \(CandidateDecision.Status.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let (rows, next) = try await page.fetch(CandidateDecision.query(on: req.db).filter(\.$status == status))
        let ids = rows.compactMap(\.id)
        let appeals = ids.isEmpty ? [] : try await Appeal.query(on: req.db).filter(\.$decision.$id ~~ ids).all()
        return try recruitingResponse(RecruitingPage(items: rows.map { DecisionView($0, appeals: appeals) }, nextCursor: next))
    }

    @Sendable func decide(req: Request) async throws -> Response {
        let admin = try req.authorize(.recruit)
        let decision = try await Self.decision(req)
        let body = try req.recruitingBody(Decide.self)
        let reason = body.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [FieldError] = []
        if !["accept", "reject"].contains(body.outcome) { errors.append(FieldError(field: "outcome", message: "expected accept or reject")) }
        if reason.isEmpty || reason.count > 2_000 { errors.append(FieldError(field: "reason", message: "expected why, in 1 to 2000 characters")) }
        if !errors.isEmpty { throw Problem.validation(errors) }
        guard decision.status == .pending else {
            throw Problem.conflict("already_decided", "This decision was made already (\(decision.status.rawValue)).")
        }
        let interview = try await decision.$interview.get(on: req.db)
        let application = try await interview.$application.get(on: req.db)
        decision.status = body.outcome == "accept" ? .accepted : .rejected
        decision.decidedBy = admin.user.id
        decision.decidedAt = req.now
        decision.reason = reason
        let now = req.now
        let languages = try application.profile.languages
        try await req.db.transaction { tx in
            try await decision.save(on: tx)
            if decision.status == .accepted, let theta = interview.theta, let se = interview.standardError {
                try await Acceptance.qualify(userID: decision.$user.id, domain: decision.domain,
                                             estimate: AbilityEstimate(theta: theta, standardError: se),
                                             languages: languages, at: now, on: tx)
            }
        }
        let appeals = try await Appeal.query(on: req.db).filter(\.$decision.$id == decision.requireID()).all()
        return try recruitingResponse(DecisionView(decision, appeals: appeals))
    }

    /// A candidate asks for a rejection to be looked at again, once per decision.
    @Sendable func appeal(req: Request) async throws -> Response {
        guard let raw = req.parameters.get("decisionID"), let id = UUID(uuidString: raw),
              let decision = try await CandidateDecision.find(id, on: req.db) else {
            try req.authorize(.manageApplication(owner: UUID()))
            throw Problem.notFound("decision")
        }
        try req.authorize(.manageApplication(owner: decision.$user.id))
        let body = try req.recruitingBody(AppealBody.self)
        let text = body.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 5_000 else { throw Problem.validation(field: "text", "expected 1 to 5000 characters") }
        guard decision.status == .rejected else {
            throw Problem.conflict("not_rejected", "Only a rejection can be appealed.")
        }
        if try await Appeal.query(on: req.db).filter(\.$decision.$id == id).first() != nil {
            throw Problem.conflict("already_appealed", "This decision has been appealed already.")
        }
        let appeal = Appeal()
        appeal.id = .timeOrdered(at: req.now)
        appeal.$decision.id = id
        appeal.$user.id = decision.$user.id
        appeal.text = text
        appeal.status = .open
        try await appeal.create(on: req.db)
        return try recruitingResponse(AppealView(appeal), status: .created)
    }

    @Sendable func appeals(req: Request) async throws -> Response {
        try req.authorize(.recruit)
        let page = try PageRequest(from: req)
        let raw = req.query[String.self, at: "status"] ?? Appeal.Status.open.rawValue
        guard let status = Appeal.Status(rawValue: raw) else {
            throw Problem.validation(field: "status", "expected one of \(Appeal.Status.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let (rows, next) = try await page.fetch(Appeal.query(on: req.db).filter(\.$status == status))
        return try recruitingResponse(RecruitingPage(items: rows.map(AppealView.init), nextCursor: next))
    }

    /// Upholding keeps the rejection; overturning puts the decision back in the review queue.
    @Sendable func resolve(req: Request) async throws -> Response {
        let admin = try req.authorize(.recruit)
        guard let raw = req.parameters.get("appealID"), let id = UUID(uuidString: raw),
              let appeal = try await Appeal.find(id, on: req.db) else { throw Problem.notFound("appeal") }
        let body = try req.recruitingBody(Resolve.self)
        let note = body.note.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [FieldError] = []
        if !["upheld", "overturned"].contains(body.outcome) { errors.append(FieldError(field: "outcome", message: "expected upheld or overturned")) }
        if note.isEmpty || note.count > 2_000 { errors.append(FieldError(field: "note", message: "expected 1 to 2000 characters")) }
        if !errors.isEmpty { throw Problem.validation(errors) }
        guard appeal.status == .open else { throw Problem.conflict("already_resolved", "This appeal was resolved already.") }
        appeal.status = body.outcome == "upheld" ? .upheld : .overturned
        appeal.resolvedBy = admin.user.id
        appeal.resolvedAt = req.now
        appeal.note = note
        let decision = try await appeal.$decision.get(on: req.db)
        try await req.db.transaction { tx in
            try await appeal.save(on: tx)
            if appeal.status == .overturned {
                decision.status = .pending
                decision.decidedBy = nil
                decision.decidedAt = nil
                try await decision.save(on: tx)
            }
        }
        return try recruitingResponse(AppealView(appeal))
    }

    private static func decision(_ req: Request) async throws -> CandidateDecision {
        guard let raw = req.parameters.get("decisionID"), let id = UUID(uuidString: raw),
              let decision = try await CandidateDecision.find(id, on: req.db) else { throw Problem.notFound("decision") }
        return decision
    }
}
