import CadreCore
import Fluent
import Vapor

/// Deciding on candidates, appealing and resolving appeals: the rules the API and the admin
/// pages share, so a decision made on either is the same decision.
enum CandidateDecisions {
    /// Accepts or rejects a pending decision with the admin's reason; an acceptance qualifies
    /// the candidate in the domain at the interview's ability estimate.
    static func decide(_ decision: CandidateDecision, outcome: String, reason rawReason: String, by adminID: UUID?, on req: Request) async throws {
        let reason = rawReason.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [FieldError] = []
        if !["accept", "reject"].contains(outcome) { errors.append(FieldError(field: "outcome", message: "expected accept or reject")) }
        if reason.isEmpty || reason.count > 2_000 { errors.append(FieldError(field: "reason", message: "expected why, in 1 to 2000 characters")) }
        if !errors.isEmpty { throw Problem.validation(errors) }
        guard decision.status == .pending else {
            throw Problem.conflict("already_decided", "This decision was made already (\(decision.status.rawValue)).")
        }
        let interview = try await decision.$interview.get(on: req.db)
        let application = try await interview.$application.get(on: req.db)
        decision.status = outcome == "accept" ? .accepted : .rejected
        decision.decidedBy = adminID
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
    }

    /// A candidate asks for a rejection to be looked at again, once per decision.
    static func appeal(_ decision: CandidateDecision, text rawText: String, on req: Request) async throws -> Appeal {
        let text = rawText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 5_000 else { throw Problem.validation(field: "text", "expected 1 to 5000 characters") }
        guard decision.status == .rejected else {
            throw Problem.conflict("not_rejected", "Only a rejection can be appealed.")
        }
        let id = try decision.requireID()
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
        return appeal
    }

    /// Upholding keeps the rejection; overturning puts the decision back in the review queue.
    static func resolve(_ appeal: Appeal, outcome: String, note rawNote: String, by adminID: UUID?, on req: Request) async throws {
        let note = rawNote.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [FieldError] = []
        if !["upheld", "overturned"].contains(outcome) { errors.append(FieldError(field: "outcome", message: "expected upheld or overturned")) }
        if note.isEmpty || note.count > 2_000 { errors.append(FieldError(field: "note", message: "expected 1 to 2000 characters")) }
        if !errors.isEmpty { throw Problem.validation(errors) }
        guard appeal.status == .open else { throw Problem.conflict("already_resolved", "This appeal was resolved already.") }
        appeal.status = outcome == "upheld" ? .upheld : .overturned
        appeal.resolvedBy = adminID
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
    }

    /// The decision named in the path, for admins.
    static func decision(_ req: Request) async throws -> CandidateDecision {
        guard let raw = req.parameters.get("decisionID"), let id = UUID(uuidString: raw),
              let decision = try await CandidateDecision.find(id, on: req.db) else { throw Problem.notFound("decision") }
        return decision
    }

    /// The decision named in the path, if the caller may appeal it.
    static func ownDecision(_ req: Request) async throws -> CandidateDecision {
        try await Recruiting.owned(CandidateDecision.self, parameter: "decisionID", name: "decision", owner: \.$user.id, on: req)
    }

    static func appeal(_ req: Request) async throws -> Appeal {
        guard let raw = req.parameters.get("appealID"), let id = UUID(uuidString: raw),
              let appeal = try await Appeal.find(id, on: req.db) else { throw Problem.notFound("appeal") }
        return appeal
    }
}
