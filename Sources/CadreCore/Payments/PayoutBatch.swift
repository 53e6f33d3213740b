import Foundation

/// One expert's payout in a batch.
public struct PayoutLine: Hashable, Sendable {
    public var expertID: UUID
    public var amount: Money

    public init(expertID: UUID, amount: Money) {
        self.expertID = expertID
        self.amount = amount
    }
}

/// The payouts for one pay period in one currency: every expert owed at least the minimum
/// at the period's end.
///
/// A batch is a pure function of the ledger and the period, with an id derived from both.
/// Once its posting is in the ledger, computing the period again returns that posted batch,
/// so running a period twice creates nothing new. Before that, each expert's line is what
/// they were owed at the period's end (balances strictly before it, so earnings dated later
/// wait for the next batch), but never more than they are owed now: a correction posted
/// since the period ended lowers the line instead of overpaying or blocking the batch.
/// The posting is dated at the period's end, so later periods see it as already paid.
public struct PayoutBatch: Hashable, Sendable {
    public let id: String
    public let period: PayPeriod
    public let currency: Currency
    /// Sorted by expert id so the CSV is byte-for-byte reproducible.
    public let lines: [PayoutLine]
    public let total: Money

    /// The id of the posting that marks batch `id` paid.
    public static func settlementID(ofBatch id: String) -> String { "settled-\(id)" }

    /// "payout-2026-W48-USD": one batch per period and currency, whenever it is run.
    public static func id(period: PayPeriod, currency: Currency) -> String { "payout-\(period)-\(currency.code)" }

    /// The batch for `period`: experts whose payable at the period's end is at least
    /// `minimum` (which must be positive; smaller balances roll over to a later batch).
    public static func compute(period: PayPeriod, minimum: Money, ledger: Ledger) throws(LedgerError) -> PayoutBatch {
        let id = id(period: period, currency: minimum.currency)
        guard minimum.isPositive else { throw .nonPositiveAmount(id, .payoutClearing) }
        if let posted = ledger.posting(id: id) {
            let lines = posted.entries.compactMap { entry -> PayoutLine? in
                guard entry.side == .debit, entry.account.kind == .expertPayable, let expert = entry.account.owner else { return nil }
                return PayoutLine(expertID: expert, amount: entry.amount)
            }
            return try PayoutBatch(id: id, period: period, currency: minimum.currency, lines: lines)
        }
        let owedAtEnd = try ledger.balances(before: period.end)
        let lines = owedAtEnd.compactMap { key, atEnd -> PayoutLine? in
            guard key.account.kind == .expertPayable, let expert = key.account.owner, key.currency == minimum.currency else { return nil }
            let amount = min(atEnd.minorUnits, ledger.balance(of: key.account, in: key.currency).minorUnits)
            guard amount >= minimum.minorUnits else { return nil }
            return PayoutLine(expertID: expert, amount: Money(minorUnits: amount, currency: key.currency))
        }
        return try PayoutBatch(id: id, period: period, currency: minimum.currency, lines: lines)
    }

    private init(id: String, period: PayPeriod, currency: Currency, lines: [PayoutLine]) throws(LedgerError) {
        self.id = id
        self.period = period
        self.currency = currency
        self.lines = lines.sorted { $0.expertID.uuidString < $1.expertID.uuidString }
        do { total = try Money.sum(lines.map(\.amount), in: currency) } catch { throw .money(error) }
    }

    /// The batch as one posting: each expert's payable goes to payout clearing. nil when the
    /// batch is empty, since there is nothing to post.
    public func posting() throws(LedgerError) -> Posting? {
        guard !lines.isEmpty else { return nil }
        let entries = lines.map { LedgerEntry.debit(.expertPayable($0.expertID), $0.amount) } + [.credit(.payoutClearing, total)]
        return try Posting(id: id, kind: .payout, at: period.end, entries: entries, memo: "payout batch \(id)")
    }

    /// Marking the batch paid once the processor confirms it: clearing goes to cash. The id
    /// is derived from the batch, so marking it paid twice changes nothing. Only a batch
    /// posted to `ledger` and not reversed can be marked paid: clearing is one account for
    /// all batches, so the ledger alone could not catch settling a batch that was withdrawn.
    public func settlement(at: Date, in ledger: Ledger) throws(LedgerError) -> Posting? {
        guard !lines.isEmpty else { return nil }
        guard ledger.posting(id: id) != nil else { throw .unknownPosting(id) }
        if let reversal = ledger.reversal(of: id) { throw .alreadyReversed(id, by: reversal) }
        return try Posting(id: Self.settlementID(ofBatch: id), kind: .payoutSettled, at: at,
                           entries: [.debit(.payoutClearing, total), .credit(.platformCash, total)], memo: "payout batch \(id) paid")
    }

    /// CSV for a payment processor: `batch_id,period,expert_id,amount,currency`, amounts as
    /// exact decimals in major units.
    public var csv: String {
        CSVText.document(
            header: ["batch_id", "period", "expert_id", "amount", "currency"],
            rows: lines.map { [id, period.description, $0.expertID.uuidString, $0.amount.decimalString, currency.code] })
    }
}
