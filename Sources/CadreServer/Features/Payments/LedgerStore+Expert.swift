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
        for entry in try await LedgerEntryRow.query(on: db).filter(\.$postingID ~~ Array(byID.keys)).all() {
            entries[entry.postingID, default: []].append(entry)
        }
        func posting(_ row: LedgerPostingRow) throws -> Posting {
            try LedgerStore.posting(from: row, entries: entries[row.id!] ?? [], original: { id in try byID[id].map(posting) })
        }
        let wanted = Set(rows.compactMap(\.id))
        return try byID.values.filter { wanted.contains($0.id!) }
            .sorted { ($0.sequence ?? .max, $0.id!) < ($1.sequence ?? .max, $1.id!) }
            .map(posting)
    }
}
