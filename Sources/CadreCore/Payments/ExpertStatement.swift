import Foundation

/// What an expert has earned and been paid in one currency, read from the ledger: the
/// figures of the expert's earnings page.
public struct ExpertStatement: Equatable, Sendable {
    /// Earnings, bonuses and top-ups over one pay period, net of reversals dated in it.
    public struct Period: Equatable, Sendable {
        public var period: PayPeriod
        public var earnings: Money
        public var bonuses: Money
        public var topUps: Money
        public var usage: WorkUsage
    }

    public var expertID: UUID
    public var currency: Currency
    /// Owed and not yet in a payout batch.
    public var pending: Money
    /// In a payout batch the processor has not confirmed yet.
    public var inPayout: Money
    /// In batches marked paid.
    public var paid: Money
    /// Oldest first.
    public var periods: [Period]

    /// The statement of `expert`, with earnings grouped by ISO week.
    public static func compute(expert: UUID, currency: Currency, ledger: Ledger) throws(MoneyError) -> ExpertStatement {
        try compute(expert: expert, currency: currency, postings: ledger.postings)
    }

    /// The statement from part of a ledger: every posting that touches the expert's payable,
    /// with the settlements and reversals of those postings (as a database reads it for one
    /// expert, without loading everyone's postings).
    public static func compute(expert: UUID, currency: Currency, postings: [Posting]) throws(MoneyError) -> ExpertStatement {
        let ledger = PostingIndex(postings)
        let payable = LedgerAccount.expertPayable(expert)
        var periods: [PayPeriod: Period] = [:]
        var inPayout = Money.zero(currency), paid = Money.zero(currency)
        var pending: Int64 = 0
        for posting in postings where posting.currency == currency {
            let credited = posting.entries.filter { $0.account == payable }.reduce(Int64(0)) { $0 - $1.signedMinorUnits }
            guard credited != 0 else { continue }
            pending += credited
            let amount = Money(minorUnits: credited, currency: currency)
            let kind = posting.effectiveKind
            if kind == .payout {
                // A reversed batch was never sent, so neither it nor its reversal counts.
                guard posting.kind == .payout, ledger.reversal(of: posting.id) == nil else { continue }
                let settlement = PayoutBatch.settlementID(ofBatch: posting.id)
                let settled = ledger.posting(id: settlement) != nil && ledger.reversal(of: settlement) == nil
                let sent = try amount.negated()  // a payout debits the payable
                if settled { paid = try paid.adding(sent) } else { inPayout = try inPayout.adding(sent) }
                continue
            }
            guard kind.isExpertCost else { continue }
            let week = PayPeriod.isoWeek(containing: posting.at)
            var line = periods[week] ?? Period(period: week, earnings: .zero(currency), bonuses: .zero(currency), topUps: .zero(currency), usage: WorkUsage())
            switch kind {
            case .bonus: line.bonuses = try line.bonuses.adding(amount)
            case .topUp: line.topUps = try line.topUps.adding(amount)
            default: line.earnings = try line.earnings.adding(amount)
            }
            let sign: Int64 = posting.kind == .reversal ? -1 : 1
            line.usage.activeSeconds += sign * (posting.usage?.activeSeconds ?? 0)
            line.usage.acceptedAnswers += Int(sign) * (posting.usage?.acceptedAnswers ?? 0)
            periods[week] = line
        }
        return ExpertStatement(
            expertID: expert, currency: currency, pending: Money(minorUnits: pending, currency: currency),
            inPayout: inPayout, paid: paid, periods: periods.values.sorted { $0.period < $1.period })
    }
}

/// Lookups by id over a list of postings, as `Ledger` offers them.
private struct PostingIndex {
    private let ids: Set<String>
    private let reversals: [String: String]

    init(_ postings: [Posting]) {
        ids = Set(postings.map(\.id))
        reversals = Dictionary(postings.compactMap { posting in posting.reverses.map { ($0, posting.id) } }, uniquingKeysWith: { first, _ in first })
    }

    func posting(id: String) -> Bool? { ids.contains(id) ? true : nil }
    func reversal(of id: String) -> String? { reversals[id] }
}
