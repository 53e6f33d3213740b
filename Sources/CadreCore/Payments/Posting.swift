import Foundation

/// One business event recorded as balanced, immutable ledger entries.
///
/// A posting is never edited: a mistake is corrected by a reversing posting, so the ledger
/// is a complete history and every balance can be re-derived from it. Its `id` is the
/// event's idempotency key (for example `earning:2026-W48:<expert>:<project>:hourly`), so
/// a retried or re-run computation cannot post twice.
public struct Posting: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case earningAccrued = "earning_accrued"
        case bonus
        case topUp = "top_up"
        case clientFunding = "client_funding"
        case invoice
        case payout
        case payoutSettled = "payout_settled"
        case reversal

        /// Postings that move a client's money to an expert: what an invoice calls expert cost.
        public var isExpertCost: Bool { self == .earningAccrued || self == .bonus || self == .topUp }
    }

    public let id: String
    public let kind: Kind
    /// When the event takes effect; payout batches and invoices select postings by it.
    public let at: Date
    public let entries: [LedgerEntry]
    public let currency: Currency
    /// The project an expert-cost posting belongs to, for invoice lines.
    public let projectID: UUID?
    /// Time and answers behind an expert-cost posting, for invoice lines.
    public let usage: WorkUsage?
    /// For a reversal, the posting it reverses, and that posting's kind.
    public let reverses: String?
    public let reversedKind: Kind?
    public let memo: String

    /// A validated posting: a non-empty id, at least two entries, every amount positive and
    /// in one currency, debits equal to credits, and a project for every expert cost (so
    /// invoices can bill all of it). Use `reversal(id:at:memo:)` for reversals.
    public init(
        id: String, kind: Kind, at: Date, entries: [LedgerEntry], projectID: UUID? = nil,
        usage: WorkUsage? = nil, memo: String = ""
    ) throws(LedgerError) {
        guard kind != .reversal else { throw .reversalMustNameOriginal(id) }
        guard !kind.isExpertCost || projectID != nil else { throw .expertCostWithoutProject(id) }
        try self.init(id: id, kind: kind, at: at, entries: entries, projectID: projectID, usage: usage,
                      reverses: nil, reversedKind: nil, memo: memo)
    }

    private init(
        id: String, kind: Kind, at: Date, entries: [LedgerEntry], projectID: UUID?, usage: WorkUsage?,
        reverses: String?, reversedKind: Kind?, memo: String
    ) throws(LedgerError) {
        guard !id.isEmpty else { throw .emptyPostingID }
        guard entries.count >= 2 else { throw .tooFewEntries(id) }
        let currency = entries[0].amount.currency
        var debits: Int64 = 0, credits: Int64 = 0
        for entry in entries {
            guard entry.amount.currency == currency else { throw .mixedCurrencies(id) }
            guard entry.amount.isPositive else { throw .nonPositiveAmount(id, entry.account) }
            let (sum, overflow) = entry.side == .debit
                ? debits.addingReportingOverflow(entry.amount.minorUnits)
                : credits.addingReportingOverflow(entry.amount.minorUnits)
            guard !overflow else { throw .money(.overflow("posting \(id)")) }
            if entry.side == .debit { debits = sum } else { credits = sum }
        }
        guard debits == credits else {
            throw .unbalanced(id, debits: Money(minorUnits: debits, currency: currency), credits: Money(minorUnits: credits, currency: currency))
        }
        self.id = id
        self.kind = kind
        self.at = at
        self.entries = entries
        self.currency = currency
        self.projectID = projectID
        self.usage = usage
        self.reverses = reverses
        self.reversedKind = reversedKind
        self.memo = memo
    }

    /// A posting that undoes this one: the same entries on the opposite sides, keeping the
    /// project and usage so invoices net the correction out.
    public func reversal(id: String, at: Date, memo: String = "") throws(LedgerError) -> Posting {
        guard kind != .reversal else { throw .cannotReverseReversal(self.id) }
        return try Posting(id: id, kind: .reversal, at: at, entries: entries.map(\.reversed), projectID: projectID,
                           usage: usage, reverses: self.id, reversedKind: kind, memo: memo)
    }

    /// The kind this posting counts as: its own, or for a reversal the reversed kind.
    public var effectiveKind: Kind { reversedKind ?? kind }

    /// Whether `other` records the same event. Timestamps and memos may differ (a retry is
    /// stamped later); what moves money may not.
    public func isSameEvent(as other: Posting) -> Bool {
        id == other.id && kind == other.kind && entries == other.entries && projectID == other.projectID
            && usage == other.usage && reverses == other.reverses
    }
}
