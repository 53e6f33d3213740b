import CadreCore
import Fluent
import Foundation

extension LedgerStore {
    /// The stored ledger as a core `Ledger`, replayed in the order postings took effect, so
    /// payout batches, invoices and statements are computed by the same pure code the core
    /// tests. O(postings + entries): payouts and invoices are occasional reads, and replaying
    /// re-checks every rule on the way.
    static func load(on db: any Database) async throws -> Ledger {
        let rows = try await LedgerPostingRow.query(on: db).sort(\.$sequence).sort(\.$id).all()
        let entries = Dictionary(grouping: try await LedgerEntryRow.query(on: db).all(), by: \.postingID)
        var ledger = Ledger()
        for row in rows {
            let id = row.id ?? ""
            do {
                try ledger.post(try posting(from: row, entries: entries[id] ?? [], original: ledger.posting(id:)))
            } catch {
                // Every stored posting passed these rules once; failing now means the rows changed.
                throw LedgerError.invariantBroken("stored posting \(id) does not replay: \(error)")
            }
        }
        return ledger
    }

    /// Every currency's normal-side balance of `account` (what an organization has left in each).
    static func balances(of account: LedgerAccount, on db: any Database) async throws -> [Money] {
        let rows = try await AccountBalanceRow.query(on: db).filter(\.$accountKind == account.kind.rawValue)
            .filter(\.$ownerKey == (account.owner?.uuidString ?? "")).sort(\.$currency).all()
        return try rows.map { row in
            Money(minorUnits: account.normalSide == .debit ? row.netDebitMinor : -row.netDebitMinor, currency: try Currency(code: row.currency))
        }
    }

    /// A stored row back as the core posting it was made from. Reversals are rebuilt from
    /// their original (`original` finds it by id), which is how the core insists they are made.
    static func posting(from row: LedgerPostingRow, entries rows: [LedgerEntryRow], original: (String) throws -> Posting?) throws -> Posting {
        let id = row.id ?? ""
        guard let kind = Posting.Kind(rawValue: row.kind) else { throw LedgerError.invariantBroken("unknown kind \(row.kind)") }
        if kind == .reversal {
            guard let reversed = row.reverses, let target = try original(reversed) else {
                throw LedgerError.unknownPosting(row.reverses ?? "")
            }
            return try target.reversal(id: id, at: row.at, memo: row.memo)
        }
        let currency = try Currency(code: row.currency)
        let entries = try rows.sorted { $0.position < $1.position }.map { entry -> LedgerEntry in
            guard let kind = LedgerAccount.Kind(rawValue: entry.accountKind), let account = account(kind, entry.ownerID),
                  let side = LedgerEntry.Side(rawValue: entry.side)
            else { throw LedgerError.invariantBroken("entry \(entry.position) of \(id) names no known account or side") }
            return LedgerEntry(side, account, Money(minorUnits: entry.amountMinor, currency: currency))
        }
        let usage = row.activeSeconds == nil && row.acceptedAnswers == nil
            ? nil : WorkUsage(activeSeconds: row.activeSeconds ?? 0, acceptedAnswers: row.acceptedAnswers ?? 0)
        return try Posting(id: id, kind: kind, at: row.at, entries: entries, projectID: row.projectID, usage: usage, memo: row.memo)
    }

    private static func account(_ kind: LedgerAccount.Kind, _ owner: UUID?) -> LedgerAccount? {
        switch (kind, owner) {
        case (.clientFunds, let owner?): return .clientFunds(owner)
        case (.expertPayable, let owner?): return .expertPayable(owner)
        case (.platformRevenue, nil): return .platformRevenue
        case (.payoutClearing, nil): return .payoutClearing
        case (.platformCash, nil): return .platformCash
        default: return nil
        }
    }
}
