import CadreCore
import Fluent
import SQLKit
import Vapor

/// Turns finished work into earnings on the ledger, one closed ISO week at a time.
///
/// A week's work records (answers whose outcome is final, and the reviews that decided them)
/// go through `PayCalculator` with each project's pay rules and each expert's level and
/// standing; every earnings line is posted under its idempotency key, and the turns are
/// marked as posted so the budget stops holding their maximum cost. Each client
/// organization is one transaction: one client's empty funds hold back only its own
/// projects' pay, and are reported. Running a week again posts nothing new.
enum PayAccrual {
    struct Report: Content, Equatable {
        var period: String
        var linesPosted: Int
        var linesAlreadyPosted: Int
        /// Expert cost posted by this run, per currency, in minor units.
        var postedMinor: [String: Int64]
        /// Organizations whose pay could not be posted, with the reason.
        var heldBack: [String]

        enum CodingKeys: String, CodingKey {
            case period
            case linesPosted = "lines_posted"
            case linesAlreadyPosted = "lines_already_posted"
            case postedMinor = "posted_minor"
            case heldBack = "held_back"
        }
    }

    /// Accrues every closed week that still holds unposted work, oldest first.
    static func accrueClosedWeeks(now: Date, writer: DatabaseWriter, on db: any Database) async throws -> [Report] {
        struct Oldest: Decodable { var oldest: Date? }
        let current = PayPeriod.isoWeek(containing: now)
        let row = try await db.sql.raw("""
            SELECT MIN(decided_at) AS oldest FROM assignments
            WHERE cost_posted = \(bind: false) AND state IN ('accepted', 'rejected') AND decided_at < \(bind: current.start)
            """).first(decoding: Oldest.self)
        guard let oldest = row?.oldest else { return [] }
        var reports: [Report] = []
        var week = PayPeriod.isoWeek(containing: oldest)
        while week < current {
            reports.append(try await accrue(week, now: now, writer: writer, on: db))
            week = PayPeriod.isoWeek(containing: week.end)
        }
        return reports
    }

    /// Accrues one closed week. An open week is refused: its pay is not final.
    static func accrue(_ period: PayPeriod, now: Date, writer: DatabaseWriter, on db: any Database) async throws -> Report {
        guard period.end <= now else {
            throw Problem.conflict("period_open", "\(period) ends at \(ISO8601DateFormatter().string(from: period.end)); its pay can be accrued after that.")
        }
        let work = try await PeriodWork.load(period, on: db)
        var report = Report(period: period.description, linesPosted: 0, linesAlreadyPosted: 0, postedMinor: [:], heldBack: [])
        let lines: [EarningsLine]
        do {
            lines = try PayCalculator(rules: Array(work.rules.values)).earnings(for: period, records: work.records, standings: work.standings)
        } catch {
            throw Problem.conflict("pay_not_computable", "Pay for \(period) could not be computed: \(error)")
        }
        for (organization, projects) in work.projectsByOrganization.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            let orgLines = lines.filter { $0.organizationID == organization }
            do {
                let outcomes = try await writer.transaction(on: db, .alone) { tx -> [LedgerStore.Outcome] in
                    if tx.isPostgres {
                        // One accrual at a time across instances: they post the same ids.
                        _ = try await tx.sql.raw("SELECT pg_advisory_xact_lock(\(bind: Self.advisoryLock))").all()
                    }
                    var outcomes: [LedgerStore.Outcome] = []
                    for line in orgLines { outcomes.append(try await LedgerStore.post(try line.posting(), within: tx)) }
                    try await tx.sql.raw("""
                        UPDATE assignments SET cost_posted = \(bind: true)
                        WHERE project_id IN \(SQLBind.group(projects)) AND decided_at >= \(bind: period.start)
                          AND decided_at < \(bind: period.end) AND state IN ('accepted', 'rejected')
                        """).run()
                    return outcomes
                }
                for (line, outcome) in zip(orgLines, outcomes) {
                    if outcome == .applied {
                        report.linesPosted += 1
                        report.postedMinor[line.amount.currency.code, default: 0] += line.amount.minorUnits
                    } else {
                        report.linesAlreadyPosted += 1
                    }
                }
            } catch let error as LedgerError {
                report.heldBack.append("organization \(organization): \(error)")
            }
        }
        return report
    }

    /// An arbitrary constant naming the accrual lock among PostgreSQL advisory locks.
    static let advisoryLock: Int64 = 0x6361_6472_6570_6179
}

/// What one week of finished work looks like to pay.
struct PeriodWork {
    var records: [WorkRecord] = []
    var rules: [UUID: ProjectPayRules] = [:]
    var standings: [ExpertProject: ExpertPayStanding] = [:]
    var projectsByOrganization: [UUID: [UUID]] = [:]

    /// The period's records, or with `worker` only that expert's answers and reviews
    /// (still unposted: what an earnings page estimates).
    static func load(_ period: PayPeriod, worker: UUID? = nil, on db: any Database) async throws -> PeriodWork {
        let onlyWorker: SQLQueryString = worker.map { "AND cost_posted = \(bind: false) AND (expert_id = \(bind: $0) OR reviewer_id = \(bind: $0))" } ?? ""
        let rows = try await db.sql.raw("""
            SELECT id, expert_id, reviewer_id, project_id, state, fraud, active_ms, review_active_ms, decided_at FROM assignments
            WHERE decided_at >= \(bind: period.start) AND decided_at < \(bind: period.end) AND state IN ('accepted', 'rejected') \(onlyWorker)
            """).all(decoding: Row.self)
        var work = PeriodWork()
        let projectIDs = Array(Set(rows.map(\.project_id)))
        guard !projectIDs.isEmpty else { return work }
        var policies: [UUID: ActiveTimePolicy] = [:]
        for project in try await Project.query(on: db).filter(\.$id ~~ projectIDs).all() {
            let id = try project.requireID()
            work.rules[id] = try project.payRules
            policies[id] = try project.activeTimePolicy
            work.projectsByOrganization[project.$organization.id, default: []].append(id)
        }
        for row in rows {
            guard let policy = policies[row.project_id] else { continue }
            let outcome: WorkRecord.Outcome = row.state == Assignment.State.accepted.rawValue ? .accepted : (row.fraud ? .rejectedAsFraud : .rejected)
            work.records.append(WorkRecord(
                assignmentID: row.id, expertID: row.expert_id, projectID: row.project_id, kind: .answer,
                activeSeconds: policy.seconds(ofMilliseconds: row.active_ms), outcome: outcome, at: row.decided_at))
            if let reviewer = row.reviewer_id {
                work.records.append(WorkRecord(
                    assignmentID: row.id, expertID: reviewer, projectID: row.project_id, kind: .review,
                    activeSeconds: policy.seconds(ofMilliseconds: row.review_active_ms), outcome: .accepted, at: row.decided_at))
            }
        }
        if let worker { work.records.removeAll { $0.expertID != worker } }
        try await work.loadStandings(on: db)
        return work
    }

    /// Each worker's pay level and, per project, standing in basis points: gold accuracy once
    /// five gold answers are graded, else agreement with consensus once five are compared,
    /// else unknown (no bonus on a guess).
    private mutating func loadStandings(on db: any Database) async throws {
        let workers = Array(Set(records.map(\.expertID)))
        let levels = Dictionary(try await User.query(on: db).filter(\.$id ~~ workers).all().map { ($0.id!, $0.payLevel) }, uniquingKeysWith: { a, _ in a })
        var scores: [ExpertProject: Int] = [:]
        for standing in try await ExpertStanding.query(on: db).filter(\.$project.$id ~~ Array(rules.keys)).filter(\.$expert.$id ~~ workers).all() {
            let key = ExpertProject(expertID: standing.$expert.id, projectID: standing.$project.id)
            if standing.goldAnswered >= 5 {
                scores[key] = standing.goldCorrect * 10_000 / standing.goldAnswered
            } else if standing.agreementCompared >= 5 {
                scores[key] = standing.agreementAgreed * 10_000 / standing.agreementCompared
            }
        }
        for record in records {
            let key = ExpertProject(expertID: record.expertID, projectID: record.projectID)
            standings[key] = ExpertPayStanding(level: levels[record.expertID] ?? nil, standingBasisPoints: scores[key])
        }
    }

    private struct Row: Decodable {
        var id: UUID
        var expert_id: UUID
        var reviewer_id: UUID?
        var project_id: UUID
        var state: String
        var fraud: Bool
        var active_ms: Int64
        var review_active_ms: Int64
        var decided_at: Date
    }
}
