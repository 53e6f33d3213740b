import CadreCore
import Fluent
import Vapor

extension LedgerStore {
    /// The postings an expert's statement needs: those touching the expert's payable, the
    /// settlements of its payout batches, and the reversals of any of them, in the order
    /// recorded.
    static func postings(ofExpert expert: UUID, on db: any Database) async throws -> [Posting] {
        let touching = try await LedgerEntryRow.query(on: db)
            .filter(\.$accountKind == LedgerAccount.Kind.expertPayable.rawValue).filter(\.$ownerID == expert).all().map(\.postingID)
        var rows = try await LedgerPostingRow.query(on: db).filter(\.$id ~~ Array(Set(touching))).all()
        let settlements = rows.filter { $0.kind == Posting.Kind.payout.rawValue }.compactMap(\.id).map(PayoutBatch.settlementID(ofBatch:))
        rows += try await LedgerPostingRow.query(on: db).filter(\.$id ~~ settlements).all()
        rows += try await LedgerPostingRow.query(on: db).filter(\.$reverses ~~ rows.compactMap(\.id)).all()
        return try await postings(from: rows, on: db)
    }

    /// Core postings from stored rows (a reversal is rebuilt from its original, which is read
    /// if not among `rows`), oldest first.
    static func postings(from rows: [LedgerPostingRow], on db: any Database) async throws -> [Posting] {
        var byID = Dictionary(rows.map { ($0.id!, $0) }, uniquingKeysWith: { first, _ in first })
        let missing = Set(rows.compactMap(\.reverses)).subtracting(byID.keys)
        for row in try await LedgerPostingRow.query(on: db).filter(\.$id ~~ Array(missing)).all() { byID[row.id!] = row }
        var entries: [String: [LedgerEntryRow]] = [:]
        for entry in try await LedgerEntryRow.query(on: db).filter(\.$postingID ~~ Array(byID.keys)).sort(\.$position).all() {
            entries[entry.postingID, default: []].append(entry)
        }
        func posting(_ row: LedgerPostingRow) throws -> Posting {
            let currency = try Currency(code: row.currency)
            if let original = row.reverses, let source = byID[original] {
                return try posting(source).reversal(id: row.id!, at: row.at, memo: row.memo)
            }
            guard let kind = Posting.Kind(rawValue: row.kind) else { throw Abort(.internalServerError, reason: "posting \(row.id!) has kind \(row.kind)") }
            let lines = try (entries[row.id!] ?? []).map { entry -> LedgerEntry in
                guard let side = LedgerEntry.Side(rawValue: entry.side), let account = LedgerAccount.Kind(rawValue: entry.accountKind) else {
                    throw Abort(.internalServerError, reason: "posting \(row.id!) has an unreadable entry")
                }
                return LedgerEntry(side, LedgerAccount(kind: account, owner: entry.ownerID), Money(minorUnits: entry.amountMinor, currency: currency))
            }
            let usage = row.activeSeconds.map { WorkUsage(activeSeconds: $0, acceptedAnswers: row.acceptedAnswers ?? 0) }
            return try Posting(id: row.id!, kind: kind, at: row.at, entries: lines, projectID: row.projectID, usage: usage, memo: row.memo)
        }
        let wanted = Set(rows.compactMap(\.id))
        return try byID.values.filter { wanted.contains($0.id!) }
            .sorted { ($0.recordedAt ?? $0.at, $0.id!) < ($1.recordedAt ?? $1.at, $1.id!) }
            .map(posting)
    }
}
