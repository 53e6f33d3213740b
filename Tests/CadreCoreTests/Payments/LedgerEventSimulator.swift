@testable import CadreCore
import Foundation

/// Plays a random but reproducible sequence of business events against a ledger, the way
/// the server would: client funding, earnings, bonuses and top-ups, reversals, payout
/// batches, settlements, invoices, and retries of postings already made. Events the ledger
/// refuses for a business reason (not enough funds, already reversed) are expected; any
/// other refusal is a failure reported with the seed.
struct LedgerEventSimulator {
    struct Project { var id: UUID; var organization: UUID; var currency: Currency }

    static let organizations = [Fixture.acme, Fixture.globex, Fixture.id(102)]
    static let feeBasisPoints = [Fixture.acme: 1500, Fixture.globex: 0, Fixture.id(102): 1250]
    static let experts = (1...5).map(Fixture.id)
    static let projects = [
        Project(id: Fixture.id(200), organization: Fixture.acme, currency: .usd),
        Project(id: Fixture.id(201), organization: Fixture.acme, currency: .usd),
        Project(id: Fixture.id(202), organization: Fixture.globex, currency: .usd),
        Project(id: Fixture.id(203), organization: Fixture.id(102), currency: .jpy),
    ]
    static let currencies: [Currency] = [.usd, .jpy]

    var random: SplitMix64
    var ledger = Ledger()
    /// Every posting offered to the ledger and accepted, retries included, in order.
    var accepted: [Posting] = []
    var batches: [PayoutBatch] = []
    var clock = Date(timeIntervalSince1970: 1_790_985_600)  // Monday 2026-W40
    var counter = 0
    var failures: [String] = []

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + random.uniformIndex(below: range.count) }
    mutating func pick<T>(_ items: [T]) -> T { items[random.uniformIndex(below: items.count)] }

    mutating func run(events: Int) {
        for event in 1...events {
            do { try step() } catch { failures.append("unexpected \(error)") }
            // Balances after every event; the full re-derivation from entries every 10th and at the end.
            do {
                if event % 10 == 0 || event == events { try ledger.checkInvariants() } else { try ledger.checkBalances() }
            } catch {
                failures.append("after event \(event): \(error)")
            }
        }
    }

    mutating func step() throws {
        counter += 1
        switch int(0...99) {
        case 0..<15:
            let organization = pick(Self.organizations)
            let currency = Self.projects.first { $0.organization == organization }!.currency
            try offer(.clientFunding(id: "fund-\(counter)", organization: organization,
                                     amount: Money(minorUnits: Int64(int(1...100_000)), currency: currency), at: clock))
        case 15..<50:
            let project = pick(Self.projects), expert = pick(Self.experts)
            let amount = Money(minorUnits: Int64(int(1...30_000)), currency: project.currency)
            try offer(Posting(id: "earn-\(counter)", kind: pick([.earningAccrued, .bonus, .topUp]), at: clock,
                              entries: [.debit(.clientFunds(project.organization), amount), .credit(.expertPayable(expert), amount)],
                              projectID: project.id, usage: WorkUsage(activeSeconds: Int64(int(0...7200)), acceptedAnswers: int(0...3))))
        case 50..<58:
            guard let target = ledger.postings.filter({ $0.kind != .reversal }).randomElement(using: &random) else { return }
            try offer(target.reversal(id: "rev-\(target.id)", at: clock))
        case 58..<75:
            clock.addTimeInterval(Double(int(3600...5 * 86_400)))
        case 75..<85:
            let period = PayPeriod.isoWeek(containing: clock.addingTimeInterval(-Double(int(7...21)) * 86_400))
            let batch = try PayoutBatch.compute(period: period, minimum: Money(minorUnits: Int64(int(1...5000)), currency: pick(Self.currencies)), ledger: ledger)
            guard let posting = try batch.posting() else { return }
            try offer(posting, mayBeRefused: false)  // a computed batch always fits what experts are owed
            if !batches.contains(where: { $0.id == batch.id }) { batches.append(batch) }
        case 85..<90:
            guard let batch = batches.randomElement(using: &random) else { return }
            do {
                guard let settlement = try batch.settlement(at: clock, in: ledger) else { return }
                try offer(settlement)
            } catch LedgerError.alreadyReversed(_, _) {
                return  // a withdrawn batch cannot be marked paid
            }
        case 90..<95:
            let organization = pick(Self.organizations)
            let currency = Self.projects.first { $0.organization == organization }!.currency
            let month = PayPeriod.month(containing: PayPeriod.month(containing: clock).start.addingTimeInterval(-86_400))
            let invoice = try Invoice.compute(organization: organization, month: month, currency: currency,
                                              feeBasisPoints: Self.feeBasisPoints[organization]!, ledger: ledger)
            guard let posting = try invoice.posting() else { return }
            try offer(posting)
            if ledger.posting(id: posting.id) != nil { try invoice.reconcile(with: ledger) }
        default:
            guard let earlier = accepted.randomElement(using: &random) else { return }
            let before = ledger.postings.count
            let outcome = try ledger.post(earlier)
            // The original may carry an earlier timestamp than this retry; what moves money is the same.
            guard case .duplicate(let original) = outcome, original.isSameEvent(as: earlier), ledger.postings.count == before else {
                return failures.append("retrying \(earlier.id) was not a no-op")
            }
            accepted.append(earlier)
        }
    }

    /// Posts, accepting the refusals a real ledger gives for business reasons and checking
    /// that a refusal changed nothing.
    mutating func offer(_ posting: Posting, mayBeRefused: Bool = true) throws {
        let before = ledger  // a value: keeping it costs nothing until the ledger changes
        do {
            try ledger.post(posting)
            accepted.append(posting)
        } catch {
            guard mayBeRefused, Self.isBusinessRefusal(error) else { throw error }
            if ledger.balances != before.balances || ledger.postings != before.postings { failures.append("refused \(posting.id) changed the ledger") }
        }
    }

    static func isBusinessRefusal(_ error: LedgerError) -> Bool {
        switch error {
        case .wouldGoNegative, .alreadyReversed: return true
        default: return false
        }
    }
}
