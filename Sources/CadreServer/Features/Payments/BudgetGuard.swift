import CadreCore
import Fluent
import SQLKit
import Vapor

/// Keeps a project's committed cost within its budget cap, before anything is spent.
///
/// Committed cost is what the ledger holds for the project plus the maximum cost of every
/// turn (answer or review) whose pay is not yet posted, plus the turn about to be handed
/// out (`ProjectBudget`). Leases of a capped project are decided one at a time: on
/// PostgreSQL the project row is locked for the transaction, so instances sharing the
/// database wait for each other; SQLite's writer holds the whole database. Uncapped
/// projects skip all of this and keep the fast lease path.
enum BudgetGuard {
    /// The maximum cost to store on a new turn of a capped project, or nil when the project
    /// has no cap. Throws `budget_committed` (409) when the turn could overspend the cap.
    /// Run inside the lease's write transaction.
    static func admit(project: Project, workerID: UUID, kind: WorkRecord.Kind, now: Date, on db: any Database) async throws -> Int64? {
        guard project.budgetCapMinor != nil else { return nil }
        let projectID = try project.requireID()
        if db.isPostgres {
            _ = try await db.sql.raw("SELECT id FROM projects WHERE id = \(bind: projectID) FOR UPDATE").all()
        }
        let newTurn = try await maximumCost(project: project, workerID: workerID, kind: kind, on: db)
        switch try await decide(project: project, newTurn: newTurn, now: now, on: db) {
        case .admitted: return newTurn.minorUnits
        case .refused: throw refusal
        }
    }

    /// Whether a turn already costed at `maximumMinor` (a lapsed lease answered late) may
    /// come back into the committed cost.
    static func readmit(project: Project, maximumMinor: Int64?, now: Date, on db: any Database) async throws {
        guard project.budgetCapMinor != nil, let maximumMinor else { return }
        if db.isPostgres {
            _ = try await db.sql.raw("SELECT id FROM projects WHERE id = \(bind: try project.requireID()) FOR UPDATE").all()
        }
        let rules = try project.payRules
        if case .refused = try await decide(project: project, newTurn: Money(minorUnits: maximumMinor, currency: rules.currency), now: now, on: db) {
            throw refusal
        }
    }

    /// What experts are told; the client's spend page shows the figures.
    static let refusal = Problem.conflict(
        "budget_committed", "This project's budget is fully committed to work already done or in progress, so it hands out no more tasks until its client raises the cap.")

    /// The budget decision for one more turn costing `newTurn` (zero to just read the state).
    static func decide(project: Project, newTurn: Money, now: Date, on db: any Database) async throws -> ProjectBudget.Decision {
        let rules = try project.payRules
        guard let capMinor = project.budgetCapMinor else {
            return .admitted(committedCharge: .zero(rules.currency), remaining: .zero(rules.currency))
        }
        let projectID = try project.requireID()
        let posted = try await ProjectCost.postedExpertCost(projectID: projectID, currency: rules.currency, on: db)
        let open = try await ProjectCost.openTurnMaximum(projectID: projectID, on: db)
        guard let organization = try await Organization.find(project.$organization.id, on: db) else { throw Problem.notFound("organization") }
        let budget = ProjectBudget(
            cap: Money(minorUnits: capMinor, currency: rules.currency), feeBasisPoints: organization.feeBasisPoints,
            invoiceMonths: invoiceMonths(project, firstPosting: try await ProjectCost.firstPosting(projectID: projectID, on: db), now: now))
        return try budget.decide(
            postedExpertCost: posted, openLeaseMaximums: [Money(minorUnits: open, currency: rules.currency)], newLease: newTurn)
    }

    /// Why the project would refuse one more answer at the standard rate, or nil if it
    /// would hand it out: what the client's spend page shows.
    static func wouldAdmitAnother(_ project: Project, now: Date, on db: any Database) async throws -> String? {
        let turn = try project.payRules.maximumLeaseCost(level: nil, capSeconds: try project.activeTimePolicy.capSeconds)
        if case .refused(_, let reason) = try await decide(project: project, newTurn: turn, now: now, on: db) { return reason }
        return nil
    }

    /// The most a turn by this expert (or reviewer) can cost: time capped per task at the
    /// rate for the worker's pay level, with per-task pay, floor and bonus rounded up.
    static func maximumCost(project: Project, workerID: UUID, kind: WorkRecord.Kind, on db: any Database) async throws -> Money {
        let level = try await User.find(workerID, on: db)?.payLevel
        return try project.payRules.maximumLeaseCost(level: level, capSeconds: try project.activeTimePolicy.capSeconds, kind: kind)
    }

    /// Calendar months the project's cost can be invoiced over: each month's invoice rounds
    /// its fee on its own, and `ProjectBudget` reserves a minor unit for each beyond the first.
    /// From the first posted pay (or a week ago: the accrual of a closed week is dated in it)
    /// to a week after now or the deadline, whichever is later.
    static func invoiceMonths(_ project: Project, firstPosting: Date?, now: Date) -> Int {
        let week: TimeInterval = 7 * 86_400
        let first = PayPeriod.month(containing: min(firstPosting ?? now, now - week))
        let last = PayPeriod.month(containing: max(now, project.deadline ?? now) + week)
        return max(1, (last.year - first.year) * 12 + last.number - first.number + 1)
    }
}

/// A project's cost as the database knows it. Sums are cast to BIGINT because PostgreSQL
/// sums bigints as NUMERIC.
enum ProjectCost {
    /// Expert cost posted to the ledger for the project (earnings, bonuses, top-ups, net of
    /// reversals): what its client's funds were debited for it.
    static func postedExpertCost(projectID: UUID, currency: Currency, on db: any Database) async throws -> Money {
        struct Row: Decodable { var net: Int64? }
        let row = try await db.sql.raw("""
            SELECT CAST(SUM(CASE WHEN e.side = 'debit' THEN e.amount_minor ELSE -e.amount_minor END) AS BIGINT) AS net
            FROM ledger_entries AS e JOIN ledger_postings AS p ON p.id = e.posting_id
            WHERE p.project_id = \(bind: projectID) AND p.currency = \(bind: currency.code) AND e.account_kind = 'client_funds'
            """).first(decoding: Row.self)
        return Money(minorUnits: row?.net ?? 0, currency: currency)
    }

    /// When the project's first pay was posted, if any.
    static func firstPosting(projectID: UUID, on db: any Database) async throws -> Date? {
        try await LedgerPostingRow.query(on: db).filter(\.$projectID == projectID).sort(\.$at).first()?.at
    }

    /// The summed maximum cost of the project's turns whose pay is not yet posted: live
    /// leases, answers waiting for review or for the accrual run. Skipped and lapsed turns
    /// are not paid, so they hold nothing.
    static func openTurnMaximum(projectID: UUID, on db: any Database) async throws -> Int64 {
        struct Row: Decodable { var open: Int64? }
        let row = try await db.sql.raw("""
            SELECT CAST(SUM(COALESCE(max_cost_minor, 0) + COALESCE(review_max_cost_minor, 0)) AS BIGINT) AS open FROM assignments
            WHERE project_id = \(bind: projectID) AND cost_posted = \(bind: false) AND state NOT IN ('skipped', 'expired')
            """).first(decoding: Row.self)
        return row?.open ?? 0
    }
}
