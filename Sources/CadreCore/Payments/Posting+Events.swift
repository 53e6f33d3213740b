import Foundation

extension Posting {
    /// A client organization paying money in: the platform's cash rises and so does what it
    /// holds for the client.
    public static func clientFunding(id: String, organization: UUID, amount: Money, at: Date, memo: String = "") throws(LedgerError) -> Posting {
        try Posting(id: id, kind: .clientFunding, at: at,
                    entries: [.debit(.platformCash, amount), .credit(.clientFunds(organization), amount)], memo: memo)
    }
}

extension EarningsLine {
    /// The line as a ledger event: the client's funds pay the expert's payable. The posting
    /// id is `postingID`, so posting a recomputed period again adds nothing.
    ///
    /// Dated by default at the period's last second, whenever it is computed: the period's
    /// payout batch (which counts postings before the period's end) then includes it, and
    /// the invoice of the month holding that second bills it.
    public func posting(at: Date? = nil) throws(LedgerError) -> Posting {
        let at = at ?? period.end.addingTimeInterval(-1)
        let kind: Posting.Kind
        switch self.kind {
        case .hourly, .perTask: kind = .earningAccrued
        case .bonus: kind = .bonus
        case .floorTopUp: kind = .topUp
        }
        return try Posting(
            id: postingID, kind: kind, at: at,
            entries: [.debit(.clientFunds(organizationID), amount), .credit(.expertPayable(expertID), amount)],
            projectID: projectID, usage: usage, memo: explanation)
    }
}
