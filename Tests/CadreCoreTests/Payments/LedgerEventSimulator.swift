@testable import CadreCore
import Foundation

/// A small world of clients, experts and projects in which `BusinessEvent`s happen, applied
/// to a ledger the way the server would: earnings come from `PayCalculator`, payouts from
/// `PayoutBatch`, fees from `Invoice`. Events the ledger refuses for a business reason (not
/// enough funds, already reversed) are expected; `offer` checks each refusal was right and
/// changed nothing. Any other error is recorded as unexpected.
struct LedgerEventSimulator {
    static let organizations = [Fixture.acme, Fixture.globex, Fixture.id(102)]
    static let feeBasisPoints = [Fixture.acme: 1500, Fixture.globex: 0, Fixture.id(102): 1250]
    static let experts = (1...5).map(Fixture.id)
    static let currencies: [Currency] = [.usd, .jpy]
    /// Every way a project pays: hourly with a level rate and a quality bonus, per task with a
    /// floor (so top-ups), all of them at once, and a currency without minor units.
    static let projects: [ProjectPayRules] = try! [
        ProjectPayRules(projectID: Fixture.id(200), organizationID: Fixture.acme, currency: .usd,
                        hourly: HourlyRates(standard: Fixture.usd(4000), byLevel: ["senior": Fixture.usd(6000)]),
                        qualityBonus: QualityBonus(rateBasisPoints: 1000, barBasisPoints: 8000)),
        ProjectPayRules(projectID: Fixture.id(201), organizationID: Fixture.acme, currency: .usd,
                        perAcceptedAnswer: Fixture.usd(150), hourlyFloor: Fixture.usd(1500), rejectedTime: .alwaysPaid),
        ProjectPayRules(projectID: Fixture.id(202), organizationID: Fixture.globex, currency: .usd,
                        hourly: HourlyRates(standard: Fixture.usd(2500)), perAcceptedAnswer: Fixture.usd(50),
                        qualityBonus: QualityBonus(rateBasisPoints: 500, barBasisPoints: 9000), hourlyFloor: Fixture.usd(3000)),
        ProjectPayRules(projectID: Fixture.id(203), organizationID: Fixture.id(102), currency: .jpy,
                        hourly: HourlyRates(standard: yen(3000), byLevel: ["senior": yen(4500)]), hourlyFloor: yen(3500)),
    ]
    static func yen(_ amount: Int64) -> Money { Money(minorUnits: amount, currency: .jpy) }
    /// Fixed per expert, so a week's pay computed again is the same pay: odd experts are
    /// senior, and standing rises with the expert's number, reaching one bar or both.
    static let standings = Dictionary(uniqueKeysWithValues: experts.enumerated().flatMap { n, expert in
        projects.map { (ExpertProject(expertID: expert, projectID: $0.projectID),
                        ExpertPayStanding(level: n % 2 == 1 ? "senior" : nil, standingBasisPoints: 7600 + 600 * n)) }
    })
    /// What `BusinessEvent.work`'s outcome number means; a review is always accepted.
    static let outcomes: [(WorkRecord.Kind, WorkRecord.Outcome)] = [
        (.answer, .accepted), (.answer, .rejected), (.answer, .rejectedAsFraud), (.review, .accepted),
    ]

    var ledger = Ledger()
    /// Every posting offered to the ledger and accepted, retries included, in order.
    var accepted: [Posting] = []
    var batches: [PayoutBatch] = []
    var records: [WorkRecord] = []
    var clock = Date(timeIntervalSince1970: 1_788_739_200)  // Monday 7 September 2026 (2026-W37)
    var counter = 0
    /// Net debits per account as the simulator counts them from the postings the ledger
    /// applied: an account of the ledger's balances kept apart from the ledger itself.
    var expected: [AccountCurrency: Int64] = [:]
    var failures: [Failure] = []

    /// Plays `events` in order, checking the ledger after each one.
    static func run(_ events: [BusinessEvent]) -> LedgerEventSimulator {
        var world = LedgerEventSimulator()
        for (n, event) in events.enumerated() {
            do { try world.apply(event) } catch { world.fail(.unexpected, "event \(n) \(event): \(error)") }
            world.checkBalances(after: "event \(n) \(event)")
        }
        return world
    }

    mutating func apply(_ event: BusinessEvent) throws {
        counter += 1
        switch event {
        case let .fund(organization, amount):
            let organization = Self.organizations[organization]
            let currency = Self.projects.first { $0.organizationID == organization }!.currency
            let amount = Money(minorUnits: amount, currency: currency)
            try offer(.clientFunding(id: "fund-\(counter)", organization: organization, amount: amount, at: clock))
        case let .work(expert, project, seconds, outcome):
            let (kind, outcome) = Self.outcomes[outcome]
            records.append(WorkRecord(assignmentID: Fixture.id(10_000 + counter), expertID: Self.experts[expert],
                                      projectID: Self.projects[project].projectID, kind: kind, activeSeconds: seconds, outcome: outcome, at: clock))
        case let .runPay(weeksBack):
            // Only a week that has ended: records are stamped now, so its records are final and
            // computing it again yields the same lines under the same posting ids.
            let week = PayPeriod.isoWeek(containing: clock.addingTimeInterval(-Double(weeksBack) * 7 * 86_400))
            for line in try PayCalculator(rules: Self.projects).earnings(for: week, records: records, standings: Self.standings) {
                try offer(line.posting())
            }
        case let .bonus(expert, project, amount):
            let rules = Self.projects[project], amount = Money(minorUnits: amount, currency: rules.currency)
            try offer(Posting(id: "bonus-\(counter)", kind: .bonus, at: clock,
                              entries: [.debit(.clientFunds(rules.organizationID), amount), .credit(.expertPayable(Self.experts[expert]), amount)],
                              projectID: rules.projectID, memo: "granted by hand"))
        case let .reverse(pick):
            let candidates = ledger.postings.filter { $0.kind != .reversal }
            guard !candidates.isEmpty else { return }
            let target = candidates[pick % candidates.count]
            // Money the processor has paid out is not withdrawn; the ledger refuses it
            // (`LedgerPropertyTests.paidBatchStaysPaid`), so the world does not try.
            if target.kind == .payout, isPaid(batch: target.id) { return }
            // An id of its own: a second correction of the same posting must be refused as
            // already reversed (a retry of the first one is `retry`'s business).
            try offer(target.reversal(id: "rev-\(counter)", at: clock))
        case let .advance(hours):
            clock.addTimeInterval(Double(hours) * 3600)
        case let .runPayouts(weeksBack, currency, minimum):
            let period = PayPeriod.isoWeek(containing: clock.addingTimeInterval(-Double(weeksBack) * 7 * 86_400))
            let batch = try PayoutBatch.compute(period: period, minimum: Money(minorUnits: minimum, currency: Self.currencies[currency]), ledger: ledger)
            guard let posting = try batch.posting() else { return }
            try offer(posting, mayBeRefused: false)  // a computed batch always fits what experts are owed
            if !batches.contains(where: { $0.id == batch.id }) { batches.append(batch) }
        case let .settle(pick):
            guard !batches.isEmpty else { return }
            do {
                guard let settlement = try batches[pick % batches.count].settlement(at: clock, in: ledger) else { return }
                try offer(settlement)
            } catch LedgerError.alreadyReversed(_, _) {
                return  // a withdrawn batch cannot be marked paid
            }
        case let .invoice(organization):
            try invoice(Self.organizations[organization])
        case let .retry(pick):
            guard !accepted.isEmpty else { return }
            try offer(accepted[pick % accepted.count])
        }
    }

    /// Whether batch `id` is marked paid and that mark stands.
    func isPaid(batch id: String) -> Bool {
        let settlement = PayoutBatch.settlementID(ofBatch: id)
        return ledger.posting(id: settlement) != nil && ledger.reversal(of: settlement) == nil
    }

    /// Invoices the month before the current one.
    mutating func invoice(_ organization: UUID) throws {
        let currency = Self.projects.first { $0.organizationID == organization }!.currency
        let month = PayPeriod.month(containing: PayPeriod.month(containing: clock).start.addingTimeInterval(-86_400))
        let invoice = try Invoice.compute(organization: organization, month: month, currency: currency,
                                          feeBasisPoints: Self.feeBasisPoints[organization]!, ledger: ledger)
        guard let posting = try invoice.posting() else { return }
        // Earnings are dated at their week's last second, so a pay run after the month was
        // invoiced can add cost to it. An issued invoice is not reissued (that is a credit
        // note's job): only an invoice not yet issued, or unchanged, is posted.
        if let issued = ledger.posting(id: posting.id), !issued.isSameEvent(as: posting) { return }
        try offer(posting)
        if ledger.posting(id: posting.id) != nil { try invoice.reconcile(with: ledger) }
    }
}
