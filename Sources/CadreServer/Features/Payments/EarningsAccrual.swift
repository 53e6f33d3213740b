import Fluent
import Foundation

/// The one place payouts and invoices make sure finished work is in the ledger before they
/// read it, so a batch or an invoice never misses earnings that were due but not yet posted.
enum EarningsAccrual {
    /// Accrues every closed week (`PayAccrual`): idempotent by posting id, so calling it
    /// before every run is safe. A client without funds holds back only its own pay, which
    /// the accrual worker logs; the run goes on with what is posted.
    static func bringUpToDate(now: Date, writer: DatabaseWriter, on db: any Database) async throws {
        _ = try await PayAccrual.accrueClosedWeeks(now: now, writer: writer, on: db)
    }
}
