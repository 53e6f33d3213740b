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
/// A batch is a pure function of the ledger and the period. Its posting is dated at the
/// period's end and balances are taken strictly before that instant, so the batch never
/// sees itself: computing it again after it was posted gives the same id and lines, and
/// posting it again is a no-op. Earlier batches are dated at earlier period ends and are
/// subtracted; corrections dated after the period wait for the next batch.
public struct PayoutBatch: Hashable, Sendable {
    public let id: String
    public let period: PayPeriod
    public let currency: Currency
    /// Sorted by expert id so the CSV is byte-for-byte reproducible.
    public let lines: [PayoutLine]
    public let total: Money

    /// "payout-2026-W48-USD": one batch per period and currency, whenever it is run.
    public static func id(period: PayPeriod, currency: Currency) -> String { "payout-\(period)-\(currency.code)" }

    /// The batch for `period`: experts whose payable at the period's end is at least
    /// `minimum` (which must be positive; smaller balances roll over to a later batch).
    public static func compute(period: PayPeriod, minimum: Money, ledger: Ledger) throws(LedgerError) -> PayoutBatch {
        guard minimum.isPositive else { throw .nonPositiveAmount(id(period: period, currency: minimum.currency), .payoutClearing) }
        let owed = try ledger.balances(before: period.end)
        let lines = owed.compactMap { key, balance -> PayoutLine? in
            guard key.account.kind == .expertPayable, let expert = key.account.owner, key.currency == minimum.currency,
                  balance.minorUnits >= minimum.minorUnits else { return nil }
            return PayoutLine(expertID: expert, amount: balance)
        }.sorted { $0.expertID.uuidString < $1.expertID.uuidString }
        do {
            let total = try Money.sum(lines.map(\.amount), in: minimum.currency)
            return PayoutBatch(id: id(period: period, currency: minimum.currency), period: period, currency: minimum.currency, lines: lines, total: total)
        } catch {
            throw .money(error)
        }
    }

    /// The batch as one posting: each expert's payable goes to payout clearing. nil when the
    /// batch is empty, since there is nothing to post.
    public func posting() throws(LedgerError) -> Posting? {
        guard !lines.isEmpty else { return nil }
        let entries = lines.map { LedgerEntry.debit(.expertPayable($0.expertID), $0.amount) } + [.credit(.payoutClearing, total)]
        return try Posting(id: id, kind: .payout, at: period.end, entries: entries, memo: "payout batch \(id)")
    }

    /// Marking the batch paid once the processor confirms it: clearing goes to cash. The id
    /// is derived from the batch, so marking it paid twice changes nothing.
    public func settlement(at: Date) throws(LedgerError) -> Posting? {
        guard !lines.isEmpty else { return nil }
        return try Posting(id: "settled-\(id)", kind: .payoutSettled, at: at,
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
