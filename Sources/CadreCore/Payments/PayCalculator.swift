import Foundation

/// Turns a period's work records into earnings lines per expert per project.
///
/// For each expert on each project, over the records whose `at` falls in the period:
/// 1. **Hourly**: paid seconds (every record's time, except fraud unless the project pays it)
///    at the rate for the expert's level, prorated once over the total so splitting work
///    into more assignments never changes pay.
/// 2. **Per task**: accepted answers × the per-task rate.
/// 3. **Bonus**: the project's percentage of base pay (1 + 2) when the expert's standing
///    reaches the bar.
/// 4. **Floor top-up**: if base pay is below floor × paid hours, the difference. The floor
///    is a minimum wage for time actually worked, so it compares base pay only; the bonus
///    is a reward on top and never fills the floor.
/// Each amount is rounded once with the payments rule (`Rounding`).
public struct PayCalculator: Sendable {
    public let rules: [UUID: ProjectPayRules]

    public init(rules: [ProjectPayRules]) {
        self.rules = Dictionary(rules.map { ($0.projectID, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// Earnings lines sorted by expert, project, then kind (hourly, per task, bonus, top-up).
    public func earnings(
        for period: PayPeriod, records: [WorkRecord], standings: [ExpertProject: ExpertPayStanding] = [:]
    ) throws(PayError) -> [EarningsLine] {
        var groups: [ExpertProject: [WorkRecord]] = [:]
        for record in records where period.contains(record.at) {
            guard record.activeSeconds >= 0 else { throw .negativeActiveSeconds(assignment: record.assignmentID) }
            groups[ExpertProject(expertID: record.expertID, projectID: record.projectID), default: []].append(record)
        }
        var lines: [EarningsLine] = []
        for key in groups.keys.sorted() {
            guard let rules = rules[key.projectID] else { throw .noRulesForProject(key.projectID) }
            do {
                lines += try earnings(of: key, records: groups[key]!, rules: rules, standing: standings[key] ?? ExpertPayStanding(), period: period)
            } catch {
                throw .money(error)
            }
        }
        return lines
    }

    private func earnings(
        of key: ExpertProject, records: [WorkRecord], rules: ProjectPayRules, standing: ExpertPayStanding, period: PayPeriod
    ) throws(MoneyError) -> [EarningsLine] {
        var paidSeconds: Int64 = 0
        for record in records where rules.paysTime(of: record.outcome) {
            let (sum, overflow) = paidSeconds.addingReportingOverflow(record.activeSeconds)
            guard !overflow else { throw .overflow("active seconds of expert \(key.expertID)") }
            paidSeconds = sum
        }
        let accepted = records.count(where: \.isAcceptedAnswer)
        let usage = WorkUsage(activeSeconds: paidSeconds, acceptedAnswers: accepted)
        var lines: [EarningsLine] = []
        func add(_ kind: EarningsLine.Kind, _ amount: Money, _ explanation: String) {
            guard amount.isPositive else { return }
            lines.append(EarningsLine(
                period: period, expertID: key.expertID, projectID: key.projectID, organizationID: rules.organizationID,
                kind: kind, amount: amount, usage: lines.isEmpty ? usage : nil, explanation: explanation))
        }

        var base = Money.zero(rules.currency)
        if let rates = rules.hourly {
            let rate = rates.rate(forLevel: standing.level)
            let pay = try rate.prorated(overSeconds: paidSeconds)
            let level = standing.level.map { " (level \($0))" } ?? ""
            add(.hourly, pay, "\(PayText.duration(paidSeconds)) active at \(rate)/h\(level)")
            base = try base.adding(pay)
        }
        if let fee = rules.perAcceptedAnswer {
            let pay = try fee.multiplied(by: Int64(accepted))
            add(.perTask, pay, "\(accepted) accepted answer\(accepted == 1 ? "" : "s") × \(fee)")
            base = try base.adding(pay)
        }
        if let bonus = rules.qualityBonus, let score = standing.standingBasisPoints, score >= bonus.barBasisPoints {
            let pay = try base.percentage(basisPoints: bonus.rateBasisPoints)
            add(.bonus, pay, "\(PayText.percent(bonus.rateBasisPoints)) quality bonus on \(base) base pay: standing \(PayText.percent(score)) reaches the bar of \(PayText.percent(bonus.barBasisPoints))")
        }
        if let floor = rules.hourlyFloor {
            let guaranteed = try floor.prorated(overSeconds: paidSeconds)
            let shortfall = try guaranteed.subtracting(base)
            add(.floorTopUp, shortfall, "floor \(floor)/h × \(PayText.duration(paidSeconds)) = \(guaranteed), base pay \(base)")
        }
        return lines
    }
}
