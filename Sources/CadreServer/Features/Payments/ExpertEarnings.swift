import CadreCore
import Fluent
import Vapor

/// An expert's earnings page as data: this week so far (estimated from finished work, with
/// the lines the weekly accrual will post), what is owed, in payout and paid, and the
/// history of past weeks from the ledger. One currency at a time.
struct ExpertEarnings: Content {
    struct Line: Content {
        var projectId: UUID
        var projectName: String
        var kind: String
        var amountMinor: Int64
        var explanation: String
        enum CodingKeys: String, CodingKey {
            case kind, explanation
            case projectId = "project_id"
            case projectName = "project_name"
            case amountMinor = "amount_minor"
        }
    }

    struct CurrentPeriod: Content {
        var period: String
        var activeSeconds: Int64
        var tasks: Int
        var estimatedMinor: Int64
        var lines: [Line]
        enum CodingKeys: String, CodingKey {
            case period, tasks, lines
            case activeSeconds = "active_seconds"
            case estimatedMinor = "estimated_minor"
        }
    }

    struct Week: Content {
        var period: String
        var earningsMinor: Int64
        var bonusesMinor: Int64
        var topUpsMinor: Int64
        var activeSeconds: Int64
        var acceptedAnswers: Int
        enum CodingKeys: String, CodingKey {
            case period
            case earningsMinor = "earnings_minor"
            case bonusesMinor = "bonuses_minor"
            case topUpsMinor = "top_ups_minor"
            case activeSeconds = "active_seconds"
            case acceptedAnswers = "accepted_answers"
        }
    }

    var currency: String
    var payLevel: String?
    var currentPeriod: CurrentPeriod
    /// Posted to the ledger and not yet in a payout batch.
    var pendingMinor: Int64
    var inPayoutMinor: Int64
    var paidMinor: Int64
    /// Newest first.
    var history: [Week]

    enum CodingKeys: String, CodingKey {
        case currency, history
        case payLevel = "pay_level"
        case currentPeriod = "current_period"
        case pendingMinor = "pending_minor"
        case inPayoutMinor = "in_payout_minor"
        case paidMinor = "paid_minor"
    }

    static func load(expert: User, currency: Currency, now: Date, on db: any Database) async throws -> ExpertEarnings {
        let expertID = try expert.requireID()
        let week = PayPeriod.isoWeek(containing: now)
        let work = try await PeriodWork.load(week, worker: expertID, on: db)
        let estimated = try PayCalculator(rules: Array(work.rules.values))
            .earnings(for: week, records: work.records, standings: work.standings)
            .filter { $0.amount.currency == currency }
        let names = try await projectNames(Set(estimated.map(\.projectID)), on: db)
        let current = CurrentPeriod(
            period: week.description,
            activeSeconds: work.records.filter { work.rules[$0.projectID]?.currency == currency }.reduce(0) { $0 + $1.activeSeconds },
            tasks: work.records.filter { $0.kind == .answer && work.rules[$0.projectID]?.currency == currency }.count,
            estimatedMinor: estimated.reduce(0) { $0 + $1.amount.minorUnits },
            lines: estimated.map {
                Line(projectId: $0.projectID, projectName: names[$0.projectID] ?? "", kind: $0.kind.rawValue,
                     amountMinor: $0.amount.minorUnits, explanation: $0.explanation)
            })
        let statement = try ExpertStatement.compute(
            expert: expertID, currency: currency, postings: try await LedgerStore.postings(ofExpert: expertID, on: db))
        return ExpertEarnings(
            currency: currency.code, payLevel: expert.payLevel, currentPeriod: current, pendingMinor: statement.pending.minorUnits,
            inPayoutMinor: statement.inPayout.minorUnits, paidMinor: statement.paid.minorUnits,
            history: statement.periods.reversed().map {
                Week(period: $0.period.description, earningsMinor: $0.earnings.minorUnits, bonusesMinor: $0.bonuses.minorUnits,
                     topUpsMinor: $0.topUps.minorUnits, activeSeconds: $0.usage.activeSeconds, acceptedAnswers: $0.usage.acceptedAnswers)
            })
    }

    private static func projectNames(_ ids: Set<UUID>, on db: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        return Dictionary(try await Project.query(on: db).filter(\.$id ~~ Array(ids)).all().map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
    }
}
