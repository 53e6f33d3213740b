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
        let status = try req.statusQuery(CandidateDecision.Status.self) ?? .pending
        let (rows, next) = try await page.fetch(CandidateDecision.query(on: req.db).filter(\.$status == status))
        let ids = rows.compactMap(\.id)
        let appeals = ids.isEmpty ? [] : try await Appeal.query(on: req.db).filter(\.$decision.$id ~~ ids).all()
        return try recruitingResponse(RecruitingPage(items: rows.map { DecisionView($0, appeals: appeals) }, nextCursor: next))
    }

    @Sendable func decide(req: Request) async throws -> Response {
        let admin = try req.authorize(.recruit)
        let decision = try await CandidateDecisions.decision(req)
        let body = try req.recruitingBody(Decide.self)
        try await CandidateDecisions.decide(decision, outcome: body.outcome, reason: body.reason, by: admin.user.id, on: req)
        let appeals = try await Appeal.query(on: req.db).filter(\.$decision.$id == decision.requireID()).all()
        return try recruitingResponse(DecisionView(decision, appeals: appeals))
    }

    /// A candidate asks for a rejection to be looked at again, once per decision.
    @Sendable func appeal(req: Request) async throws -> Response {
        let decision = try await CandidateDecisions.ownDecision(req)
        let body = try req.recruitingBody(AppealBody.self)
        let appeal = try await CandidateDecisions.appeal(decision, text: body.text, on: req)
        return try recruitingResponse(AppealView(appeal), status: .created)
    }

    @Sendable func appeals(req: Request) async throws -> Response {
        try req.authorize(.recruit)
        let page = try PageRequest(from: req)
        let status = try req.statusQuery(Appeal.Status.self) ?? .open
        let (rows, next) = try await page.fetch(Appeal.query(on: req.db).filter(\.$status == status))
        return try recruitingResponse(RecruitingPage(items: rows.map(AppealView.init), nextCursor: next))
    }

    /// Upholding keeps the rejection; overturning puts the decision back in the review queue.
    @Sendable func resolve(req: Request) async throws -> Response {
        let admin = try req.authorize(.recruit)
        let appeal = try await CandidateDecisions.appeal(req)
        let body = try req.recruitingBody(Resolve.self)
        try await CandidateDecisions.resolve(appeal, outcome: body.outcome, note: body.note, by: admin.user.id, on: req)
        return try recruitingResponse(AppealView(appeal))
    }
}
