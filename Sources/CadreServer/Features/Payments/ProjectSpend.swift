import CadreCore
import Fluent
import SQLKit
import Vapor

/// What a project costs its client: pay already on the ledger, work finished but not yet
/// accrued (estimated), the budget and what it has committed, the daily burn, and what
/// the rest of the work is likely to cost.
///
/// Estimates price time at the worker's hourly rate and accepted answers at the per-task
/// rate, before the bonus and floor top-ups the weekly accrual may add; the ledger figures
/// are exact.
struct ProjectSpend: Content {
    struct Budget: Content {
        var capMinor: Int64
        var committedChargeMinor: Int64
        var remainingMinor: Int64
        /// `open` while one more turn fits, `committed` when the project hands out no more work.
        var status: String
        var reason: String?

        enum CodingKeys: String, CodingKey {
            case status, reason
            case capMinor = "cap_minor"
            case committedChargeMinor = "committed_charge_minor"
            case remainingMinor = "remaining_minor"
        }
    }

    struct Day: Content {
        var day: String
        var estimatedCostMinor: Int64
        enum CodingKeys: String, CodingKey { case day, estimatedCostMinor = "estimated_cost_minor" }
    }

    var projectId: UUID
    var currency: String
    var feeBasisPoints: Int
    var postedExpertCostMinor: Int64
    /// Posted expert cost plus the platform fee on it.
    var postedChargeMinor: Int64
    var unpostedEstimateMinor: Int64
    var budget: Budget?
    /// The last 30 days, oldest first, by the day work was decided (UTC).
    var burn: [Day]
    var acceptedAnswers: Int
    var remainingAnswers: Int
    /// Remaining answers × the average cost of an accepted answer so far; nil before any.
    var projectedCostToFinishMinor: Int64?

    enum CodingKeys: String, CodingKey {
        case currency, budget, burn
        case projectId = "project_id"
        case feeBasisPoints = "fee_basis_points"
        case postedExpertCostMinor = "posted_expert_cost_minor"
        case postedChargeMinor = "posted_charge_minor"
        case unpostedEstimateMinor = "unposted_estimate_minor"
        case acceptedAnswers = "accepted_answers"
        case remainingAnswers = "remaining_answers"
        case projectedCostToFinishMinor = "projected_cost_to_finish_minor"
    }

    static let burnDays = 30

    static func load(_ project: Project, now: Date, on db: any Database) async throws -> ProjectSpend {
        let id = try project.requireID()
        let rules = try project.payRules
        let policy = try project.activeTimePolicy
        guard let organization = try await Organization.find(project.$organization.id, on: db) else { throw Problem.notFound("organization") }
        let posted = try await ProjectCost.postedExpertCost(projectID: id, currency: rules.currency, on: db)
        let fee = try posted.percentage(basisPoints: organization.feeBasisPoints)

        let since = CivilDay(containing: now).adding(days: 1 - burnDays).start
        let turns = try await db.sql.raw("""
            SELECT expert_id, reviewer_id, state, fraud, active_ms, review_active_ms, decided_at, cost_posted FROM assignments
            WHERE project_id = \(bind: id) AND state IN ('accepted', 'rejected')
              AND (cost_posted = \(bind: false) OR decided_at >= \(bind: since))
            """).all(decoding: Turn.self)
        let levels = try await PayLevels.load(Set(turns.flatMap { [$0.expert_id] + ($0.reviewer_id.map { [$0] } ?? []) }), on: db)
        var unposted: Int128 = 0
        var perDay: [CivilDay: Int128] = [:]
        for turn in turns {
            let cost = turn.estimatedCost(rules: rules, policy: policy, levels: levels)
            if !turn.cost_posted { unposted += cost }
            if let decided = turn.decided_at, decided >= since { perDay[CivilDay(containing: decided), default: 0] += cost }
        }
        let burn = (0..<burnDays).map { offset -> Day in
            let day = CivilDay(containing: since).adding(days: offset)
            return Day(day: day.description, estimatedCostMinor: Int64(Rounding.roundedQuotient(perDay[day] ?? 0, 3600)))
        }
        let unpostedMinor = Int64(Rounding.roundedQuotient(unposted, 3600))
        let answers = try await AnswerCounts.load(project, on: db)
        var spend = ProjectSpend(
            projectId: id, currency: rules.currency.code, feeBasisPoints: organization.feeBasisPoints,
            postedExpertCostMinor: posted.minorUnits, postedChargeMinor: try posted.adding(fee).minorUnits,
            unpostedEstimateMinor: unpostedMinor, budget: nil, burn: burn,
            acceptedAnswers: answers.accepted, remainingAnswers: answers.remaining, projectedCostToFinishMinor: nil)
        if answers.accepted > 0 {
            let spent = Int128(posted.minorUnits) + Int128(unpostedMinor)
            spend.projectedCostToFinishMinor = Int64(Rounding.roundedQuotient(spent * Int128(answers.remaining), Int128(answers.accepted)))
        }
        if let cap = project.budgetCapMinor {
            switch try await BudgetGuard.decide(project: project, newTurn: .zero(rules.currency), now: now, on: db) {
            case let .admitted(charge, remaining):
                let status = try await BudgetGuard.wouldAdmitAnother(project, now: now, on: db)
                spend.budget = Budget(capMinor: cap, committedChargeMinor: charge.minorUnits, remainingMinor: remaining.minorUnits,
                                      status: status == nil ? "open" : "committed", reason: status)
            case let .refused(charge, reason):
                spend.budget = Budget(capMinor: cap, committedChargeMinor: charge.minorUnits, remainingMinor: cap - charge.minorUnits,
                                      status: "committed", reason: reason)
            }
        }
        return spend
    }

    private struct Turn: Decodable {
        var expert_id: UUID
        var reviewer_id: UUID?
        var state: String
        var fraud: Bool
        var active_ms: Int64
        var review_active_ms: Int64
        var decided_at: Date?
        var cost_posted: Bool

        /// Cost × 3600 in minor units, so a day's sum is rounded once.
        func estimatedCost(rules: ProjectPayRules, policy: ActiveTimePolicy, levels: [UUID: String]) -> Int128 {
            let outcome: WorkRecord.Outcome = state == "accepted" ? .accepted : (fraud ? .rejectedAsFraud : .rejected)
            var cost: Int128 = 0
            if let hourly = rules.hourly {
                if rules.paysTime(of: outcome) {
                    cost += Int128(hourly.rate(forLevel: levels[expert_id]).minorUnits) * Int128(policy.seconds(ofMilliseconds: active_ms))
                }
                if let reviewer = reviewer_id {
                    cost += Int128(hourly.rate(forLevel: levels[reviewer]).minorUnits) * Int128(policy.seconds(ofMilliseconds: review_active_ms))
                }
            }
            if outcome == .accepted, let fee = rules.perAcceptedAnswer { cost += Int128(fee.minorUnits) * 3600 }
            return cost
        }
    }
}

/// Experts' pay levels, by id.
enum PayLevels {
    static func load(_ ids: Set<UUID>, on db: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        var levels: [UUID: String] = [:]
        for user in try await User.query(on: db).filter(\.$id ~~ Array(ids)).filter(\.$payLevel != nil).all() {
            levels[try user.requireID()] = user.payLevel
        }
        return levels
    }
}

/// Accepted answers so far and answers still wanted, over the project's non-gold tasks.
enum AnswerCounts {
    static func load(_ project: Project, on db: any Database) async throws -> (accepted: Int, remaining: Int) {
        struct Row: Decodable { var accepted: Int64?; var remaining: Int64? }
        let row = try await db.sql.raw("""
            SELECT CAST(SUM(accepted_count) AS BIGINT) AS accepted,
              CAST(SUM(CASE WHEN state = 'complete' THEN 0 ELSE \(bind: project.answersPerTask) + extra_answers - accepted_count END) AS BIGINT) AS remaining
            FROM tasks WHERE project_id = \(bind: try project.requireID()) AND is_gold = \(bind: false)
            """).first(decoding: Row.self)
        return (Int(row?.accepted ?? 0), max(0, Int(row?.remaining ?? 0)))
    }
}
