import CadreCore
import Fluent
import Foundation

/// Weekly payout batches over the stored ledger: the one body of logic behind
/// `POST /api/v1/payouts/runs` and `cadre payouts run`.
///
/// A batch is not stored apart from the ledger: its posting (id `payout-2026-W48-USD`) holds
/// its lines, and the settlement posting says it was paid. So there is one record of what was
/// paid out, and running a period again finds that posting and creates nothing new.
enum PayoutRuns {
    enum Status: String, Sendable {
        /// Computed, but nobody was owed the minimum: nothing was posted.
        case empty
        /// Posted: payables moved to payout clearing, waiting for the processor.
        case posted
        case paid
        /// Withdrawn by a reversing posting; it will not be paid.
        case reversed
    }

    struct Run: Sendable {
        var batch: PayoutBatch
        var status: Status
        var paidAt: Date?
        /// False when the batch had been posted before (a rerun).
        var created = false
    }

    /// Computes and posts the batch of a closed week. Earnings are brought up to date first.
    static func run(period: PayPeriod, minimum: Money, now: Date, writer: DatabaseWriter, on db: any Database) async throws -> Run {
        guard period.kind == .isoWeek else {
            throw Problem.validation(field: "period", "payout batches cover an ISO week such as 2026-W48 or 2026-11-W48, not the month \(period)")
        }
        guard minimum.isPositive else { throw Problem.validation(field: "minimum_minor", "expected a positive amount in minor units") }
        guard now >= period.end else {
            throw Problem.conflict("period_open", "Pay period \(period.descriptionWithMonth) is still open: it closes at "
                + "\(ISO8601DateFormatter().string(from: period.end)). Run its payouts after that, when its earnings are final.")
        }
        try await EarningsAccrual.bringUpToDate(now: now, writer: writer, on: db)
        var ledger = try await LedgerStore.load(on: db)
        let batch = try PayoutBatch.compute(period: period, minimum: minimum, ledger: ledger)
        var created = false
        if let posting = try batch.posting() {
            created = try await LedgerStore.post(posting, on: db) == .applied
            try ledger.post(posting)
        }
        var run = describe(batch, in: ledger)
        run.created = created
        return run
    }

    /// The posted batch `id`, or a 404.
    static func find(_ id: String, on db: any Database) async throws -> Run {
        let ledger = try await LedgerStore.load(on: db)
        return describe(try batch(id, in: ledger), in: ledger)
    }

    /// Posted batches, newest period first, `limit` at a time after the batch id `after`.
    /// Batch ids sort by period within a currency, so the id is also the cursor.
    static func list(limit: Int, after: String?, on db: any Database) async throws -> (runs: [Run], nextCursor: String?) {
        let query = LedgerPostingRow.query(on: db).filter(\.$kind == Posting.Kind.payout.rawValue)
        if let after { query.filter(\.$id < after) }
        let rows = try await query.sort(\.$id, .descending).limit(limit + 1).all()
        let ledger = try await LedgerStore.load(on: db)
        let runs = try rows.prefix(limit).map { describe(try batch($0.id ?? "", in: ledger), in: ledger) }
        return (runs, rows.count > limit ? runs.last?.batch.id : nil)
    }

    /// Records that the processor paid batch `id`. Marking it paid again changes nothing.
    static func markPaid(_ id: String, now: Date, on db: any Database) async throws -> Run {
        var ledger = try await LedgerStore.load(on: db)
        let batch = try batch(id, in: ledger)
        if let settlement = try batch.settlement(at: now, in: ledger) {
            _ = try await LedgerStore.post(settlement, on: db)
            try ledger.post(settlement)
        }
        return describe(batch, in: ledger)
    }

    private static func batch(_ id: String, in ledger: Ledger) throws -> PayoutBatch {
        guard let posting = ledger.posting(id: id), posting.kind == .payout, let period = period(ofBatch: id) else {
            throw Problem.notFound("payout batch")
        }
        // A posted batch is returned as posted, whatever the minimum; any positive one will do.
        return try PayoutBatch.compute(period: period, minimum: Money(minorUnits: 1, currency: posting.currency), ledger: ledger)
    }

    /// "payout-2026-W48-USD" → 2026-W48.
    private static func period(ofBatch id: String) -> PayPeriod? {
        guard id.hasPrefix("payout-"), let dash = id.lastIndex(of: "-") else { return nil }
        return try? PayPeriod(parsing: String(id[id.index(id.startIndex, offsetBy: 7)..<dash]))
    }

    private static func describe(_ batch: PayoutBatch, in ledger: Ledger) -> Run {
        guard ledger.posting(id: batch.id) != nil else { return Run(batch: batch, status: .empty) }
        if ledger.reversal(of: batch.id) != nil { return Run(batch: batch, status: .reversed) }
        let settlementID = PayoutBatch.settlementID(ofBatch: batch.id)
        if let settlement = ledger.posting(id: settlementID), ledger.reversal(of: settlementID) == nil {
            return Run(batch: batch, status: .paid, paidAt: settlement.at)
        }
        return Run(batch: batch, status: .posted)
    }
}
