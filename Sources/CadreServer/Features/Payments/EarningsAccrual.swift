import Fluent
import Foundation

/// The one place payouts and invoices make sure finished work is in the ledger before they
/// read it, so a batch or an invoice never misses earnings that were due but not yet posted.
enum EarningsAccrual {
    /// Posts the earnings of every pay period that ends by `end`. Accrual is idempotent by
    /// posting id, so calling it before every run is safe.
    ///
    /// The accrual run of issue 6 (`PayAccrual.accrue(through:)`) is called from here; until
    /// it exists, payouts and invoices read the earnings already posted.
    static func bringUpToDate(through end: Date, on db: any Database) async throws {}
}
