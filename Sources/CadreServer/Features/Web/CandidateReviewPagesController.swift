import CadreCore
import Fluent
import Vapor

/// The admins' recruiting pages: the review queue (pending decisions beside their report
/// summary, open appeals) and the funnel. Decisions go through `CandidateDecisions`, as the API's do.
struct CandidateReviewPagesController: RouteCollection {
    struct DecideForm: Content { var outcome: String?; var reason: String? }
    struct ResolveForm: Content { var outcome: String?; var note: String? }

    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped("admin")
        admin.get("candidates", use: queue)
        admin.post("candidates", "decisions", ":decisionID", use: decide)
        admin.post("candidates", "appeals", ":appealID", use: resolve)
        admin.get("funnel", use: funnel)
    }

    @Sendable func queue(req: Request) async throws -> Response {
        try req.authorize(.recruit)
        return try await render(req)
    }

    @Sendable func decide(req: Request) async throws -> Response {
        let admin = try req.authorize(.recruit)
        let decision = try await CandidateDecisions.decision(req)
        let form = try req.content.decode(DecideForm.self)
        do {
            try await CandidateDecisions.decide(decision, outcome: form.outcome ?? "", reason: form.reason ?? "", by: admin.user.id, on: req)
            return req.redirect(to: Notice.candidateDecided.on("/admin/candidates"), redirectType: .normal)
        } catch let problem as Problem where problem.status.code < 500 {
            return try await render(req, failed: (decision.id, problem), typedReason: form.reason ?? "")
        }
    }

    @Sendable func resolve(req: Request) async throws -> Response {
        let admin = try req.authorize(.recruit)
        let appeal = try await CandidateDecisions.appeal(req)
        let form = try req.content.decode(ResolveForm.self)
        do {
            try await CandidateDecisions.resolve(appeal, outcome: form.outcome ?? "", note: form.note ?? "", by: admin.user.id, on: req)
            return req.redirect(to: Notice.appealResolved.on("/admin/candidates"), redirectType: .normal)
        } catch let problem as Problem where problem.status.code < 500 {
            return try await render(req, failed: (appeal.id, problem), typedReason: form.note ?? "")
        }
    }

    @Sendable func funnel(req: Request) async throws -> Response {
        try req.authorize(.recruit)
        let page = FunnelPage(layout: LayoutContext(title: "Recruiting funnel", req: req), try await RecruitingFunnel.measure(on: req.db))
        return try await req.view.render("admin/funnel", page).encodeResponse(for: req)
    }

    /// The queue, oldest first; a refused form is shown again under its own card.
    private func render(_ req: Request, failed: (id: UUID?, problem: Problem)? = nil, typedReason: String = "") async throws -> Response {
        let pending = try await CandidateDecision.query(on: req.db).filter(\.$status == .pending).sort(\.$createdAt).limit(100).all()
        let appeals = try await Appeal.query(on: req.db).filter(\.$status == .open).sort(\.$createdAt).limit(100).all()
        let appealed = try await CandidateDecision.query(on: req.db).filter(\.$id ~~ appeals.map { $0.$decision.id }).all()
        let interviewIDs = (pending + appealed).map { $0.$interview.id }
        let interviews = try await Interview.query(on: req.db).filter(\.$id ~~ interviewIDs).all()
        let reports = try Dictionary(interviews.compactMap { interview in
            try interview.reportJSON.map { (interview.id!, try RecruitingJSON.decode(InterviewReport.self, from: $0)) }
        }) { a, _ in a }
        let decisionsByID = Dictionary(appealed.map { ($0.id!, $0) }) { a, _ in a }
        var page = CandidateQueuePage(layout: LayoutContext(title: "Candidate review", req: req))
        page.pending = pending.map { decision in
            var card = CandidateQueuePage.Card(decision, report: reports[decision.$interview.id])
            if let failed, failed.id == decision.id { card.fail(failed.problem, typed: typedReason) }
            return card
        }
        page.appeals = appeals.compactMap { appeal in
            guard let decision = decisionsByID[appeal.$decision.id] else { return nil }
            var card = CandidateQueuePage.AppealCard(appeal, decision: decision, report: reports[decision.$interview.id])
            if let failed, failed.id == appeal.id { card.fail(failed.problem, typed: typedReason) }
            return card
        }
        page.hasPending = !page.pending.isEmpty
        page.hasAppeals = !page.appeals.isEmpty
        if let failed, failed.problem.errors.isEmpty { page.layout.error = failed.problem.detail }
        return try await req.view.render("admin/candidates", page).encodeResponse(status: failed?.problem.status ?? .ok, for: req)
    }
}
