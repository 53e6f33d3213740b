import CadreCore
import Fluent
import Vapor

/// Starting an interview: one at a time per domain, retakes only after the policy's waiting
/// period and without the questions seen before.
enum InterviewStart {
    /// Starts the interview in `domain` for a submitted application that names it.
    static func begin(application: CandidateApplication, domain: String, on req: Request) async throws -> Interview {
        guard application.status == .submitted else {
            throw Problem.conflict("application_not_submitted", "Submit the application before starting an interview.")
        }
        guard try application.profile.domains.contains(domain) else {
            throw Problem.validation(field: "domain", "expected one of the application's domains: \(try application.profile.domains.joined(separator: ", "))")
        }
        guard let bank = try await req.application.itemBanks.latest(domain: domain, on: req.db) else {
            throw Problem.validation(field: "domain", "no item bank exists for \(domain)")
        }
        return try await begin(application: application, bank: bank, on: req)
    }

    static func begin(application: CandidateApplication, bank: ItemBank, on req: Request) async throws -> Interview {
        let userID = application.$user.id
        let domain = bank.domainID
        let earlier = try await Interview.query(on: req.db).filter(\.$user.$id == userID).filter(\.$domain == domain)
            .sort(\.$attempt).all()
        if let open = earlier.first(where: { $0.state == .inProgress }) {
            throw Problem.conflict("interview_in_progress", "Interview \(open.id!) in \(domain) is still in progress; finish it first.")
        }
        if let last = earlier.last {
            try await checkRetake(after: last, on: req)
        }
        let seen = try await seenQuestions(in: earlier, on: req.db)
        let seed = Int64(bitPattern: UInt64.random(in: .min ... .max))
        let interview = Interview()
        interview.id = .timeOrdered(at: req.now)
        interview.$application.id = try application.requireID()
        interview.$user.id = userID
        interview.domain = domain
        interview.bankVersion = bank.version
        interview.seed = seed
        interview.attempt = (earlier.last?.attempt ?? 0) + 1
        interview.state = .inProgress
        interview.excludedJSON = try RecruitingJSON.encode(seen.sorted())
        interview.scenarioIDsJSON = try RecruitingJSON.encode(chooseScenarios(bank, seen: seen, seed: UInt64(bitPattern: seed)))
        interview.servedAt = req.now
        do {
            try await interview.create(on: req.db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Problem.conflict("interview_in_progress", "Another interview in \(domain) was started at the same moment.")
        }
        return interview
    }

    private static func checkRetake(after last: Interview, on req: Request) async throws {
        guard let decision = try await CandidateDecision.query(on: req.db).filter(\.$interview.$id == last.requireID()).first() else { return }
        switch decision.status {
        case .accepted:
            throw Problem.conflict("already_qualified", "You are already qualified in \(last.domain).")
        case .pending:
            throw Problem.conflict("decision_pending", "Your interview in \(last.domain) is waiting for a decision.")
        case .rejected:
            let policy = try await DomainPolicies.policy(for: last.domain, on: req.db)
            let decidedAt = decision.decidedAt ?? last.completedAt ?? req.now
            let allowedFrom = decidedAt.addingTimeInterval(Double(policy.retakeAfterDays) * 86_400)
            if req.now < allowedFrom {
                throw Problem.conflict("retake_too_soon", "You can retake the \(last.domain) interview from \(ISO8601DateFormatter().string(from: allowedFrom)).")
            }
        }
    }

    /// Every item and scenario of earlier attempts: a retake asks none of them again.
    private static func seenQuestions(in interviews: [Interview], on db: any Database) async throws -> Set<String> {
        let ids = interviews.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let answers = try await InterviewAnswer.query(on: db).filter(\.$interview.$id ~~ ids)
            .filter(\.$kind ~~ [.item, .scenario]).all()
        return Set(answers.map(\.questionID))
    }

    /// Scenarios not seen before first, in an order drawn from the interview's seed.
    static func chooseScenarios(_ bank: ItemBank, seen: Set<String>, seed: UInt64) -> [String] {
        var generator = SplitMix64(seed: seed ^ 0x5CE4_A210)
        let fresh = bank.scenarios.map(\.id).filter { !seen.contains($0) }.shuffled(using: &generator)
        let again = bank.scenarios.map(\.id).filter { seen.contains($0) }.shuffled(using: &generator)
        return Array((fresh + again).prefix(InterviewsController.scenariosPerInterview))
    }
}
