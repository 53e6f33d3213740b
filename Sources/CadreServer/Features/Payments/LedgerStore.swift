import CadreCore
import Fluent
import SQLKit
import Vapor

/// The ledger in the database: postings validated by the core (`Posting`) stored with their
/// entries, and account balances kept in the same transaction.
///
/// Concurrency: each touched balance is changed by one upsert that returns the new value. On
/// PostgreSQL that row stays locked until commit, so two postings that drain one account run
/// one after the other and the second sees the first's result; SQLite has one writer at a time.
/// A guarded account that would go below zero rolls the whole posting back.
enum LedgerStore {
    enum Outcome: Equatable, Sendable {
        case applied
        /// The id was posted before with the same effect; nothing changed.
        case duplicate
    }

    static func post(_ posting: Posting, on db: any Database) async throws -> Outcome {
        do {
            return try await db.transaction { tx in try await insert(posting, on: tx) }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // A concurrent request stored this id (or reversed the same posting) first.
            if let stored = try await LedgerPostingRow.find(posting.id, on: db) {
                guard try await matches(stored, posting, on: db) else { throw LedgerError.conflictingPosting(posting.id) }
                return .duplicate
            }
            if let original = posting.reverses, let earlier = try await reversal(of: original, on: db) {
                throw LedgerError.alreadyReversed(original, by: earlier)
            }
            throw Abort(.conflict, reason: "posting \(posting.id) collided with a concurrent write: \(String(describing: error))")
        }
    }

    /// Posts inside the caller's transaction (a `DatabaseWriter` body), so the posting
    /// commits or rolls back with the caller's other writes. The caller serializes
    /// concurrent posters of the same ids; a collision fails its transaction.
    static func post(_ posting: Posting, within tx: any Database) async throws -> Outcome {
        try await insert(posting, on: tx)
    }

    private static func insert(_ posting: Posting, on db: any Database) async throws -> Outcome {
        if let stored = try await LedgerPostingRow.find(posting.id, on: db) {
            guard try await matches(stored, posting, on: db) else { throw LedgerError.conflictingPosting(posting.id) }
            return .duplicate
        }
        if let original = posting.reverses {
            guard let target = try await LedgerPostingRow.find(original, on: db) else { throw LedgerError.unknownPosting(original) }
            if let earlier = try await reversal(of: original, on: db) { throw LedgerError.alreadyReversed(original, by: earlier) }
            let settlement = PayoutBatch.settlementID(ofBatch: original)
            if target.kind == Posting.Kind.payout.rawValue, try await LedgerPostingRow.find(settlement, on: db) != nil,
               try await reversal(of: settlement, on: db) == nil {
                throw LedgerError.payoutAlreadySettled(original)
            }
        }
        let row = LedgerPostingRow()
        row.id = posting.id
        row.kind = posting.kind.rawValue
        row.at = posting.at
        row.currency = posting.currency.code
        row.projectID = posting.projectID
        row.activeSeconds = posting.usage?.activeSeconds
        row.acceptedAnswers = posting.usage?.acceptedAnswers
        row.reverses = posting.reverses
        row.memo = posting.memo
        try await row.create(on: db)
        try await entryRows(of: posting).create(on: db)
        var deltas: [AccountCurrency: Int64] = [:]
        for entry in posting.entries {
            deltas[AccountCurrency(entry.account, entry.amount.currency), default: 0] += signed(entry)
        }
        for (key, delta) in deltas.sorted(by: { $0.key < $1.key }) {
            // Sorted, so two postings touching the same accounts lock them in the same order.
            let netDebit = try await addToBalance(key, delta, on: db)
            let balance = Money(minorUnits: key.account.normalSide == .debit ? netDebit : -netDebit, currency: key.currency)
            if key.account.mustNotGoNegative, balance.isNegative {
                throw LedgerError.wouldGoNegative(key.account, balance: balance, posting: posting.id)
            }
        }
        try await LedgerSequence.stamp(posting.id, on: db)
        return .applied
    }

    /// Adds `delta` to the cached net debit and returns the new value, creating the row on first use.
    private static func addToBalance(_ key: AccountCurrency, _ delta: Int64, on db: any Database) async throws -> Int64 {
        let sql = db as! any SQLDatabase
        struct Net: Decodable { var net_debit_minor: Int64 }
        let row = try await sql.raw("""
            INSERT INTO account_balances (id, account_kind, owner_key, currency, net_debit_minor)
            VALUES (\(bind: UUID()), \(bind: key.account.kind.rawValue), \(bind: ownerKey(key.account)), \(bind: key.currency.code), \(bind: delta))
            ON CONFLICT (account_kind, owner_key, currency)
            DO UPDATE SET net_debit_minor = account_balances.net_debit_minor + excluded.net_debit_minor
            RETURNING net_debit_minor
            """).first(decoding: Net.self)
        guard let row else { throw Abort(.internalServerError, reason: "the balance upsert returned no row") }
        return row.net_debit_minor
    }

    /// The balance of `account` on its normal side (what a client has left, what an expert is owed).
    static func balance(of account: LedgerAccount, in currency: Currency, on db: any Database) async throws -> Money {
        let row = try await AccountBalanceRow.query(on: db).filter(\.$accountKind == account.kind.rawValue)
            .filter(\.$ownerKey == ownerKey(account)).filter(\.$currency == currency.code).first()
        let net = row?.netDebitMinor ?? 0
        return Money(minorUnits: account.normalSide == .debit ? net : -net, currency: currency)
    }

    /// Every way the stored ledger could be wrong, re-derived from the entries; empty when sound.
    static func verify(on db: any Database) async throws -> [String] {
        var problems: [String] = []
        let entries = try await LedgerEntryRow.query(on: db).all()
        var perPosting: [String: Int64] = [:]
        var derived: [String: Int64] = [:]
        let postings = Dictionary(uniqueKeysWithValues: try await LedgerPostingRow.query(on: db).all().map { ($0.id!, $0) })
        for entry in entries {
            let amount = entry.side == LedgerEntry.Side.debit.rawValue ? entry.amountMinor : -entry.amountMinor
            perPosting[entry.postingID, default: 0] += amount
            let currency = postings[entry.postingID]?.currency ?? "?"
            derived["\(entry.accountKind)|\(entry.ownerID?.uuidString ?? "")|\(currency)", default: 0] += amount
        }
        for (id, net) in perPosting where net != 0 { problems.append("posting \(id) does not balance (net \(net))") }
        var cached: [String: Int64] = [:]
        for row in try await AccountBalanceRow.query(on: db).all() where row.netDebitMinor != 0 {
            cached["\(row.accountKind)|\(row.ownerKey)|\(row.currency)"] = row.netDebitMinor
        }
        let nonZero = derived.filter { $0.value != 0 }
        for key in Set(nonZero.keys).union(cached.keys).sorted() where nonZero[key] != cached[key] {
            problems.append("cached balance of \(key) is \(cached[key] ?? 0), the entries say \(nonZero[key] ?? 0)")
        }
        var perCurrency: [String: Int64] = [:]
        for (key, net) in nonZero { perCurrency[String(key.split(separator: "|", omittingEmptySubsequences: false).last ?? ""), default: 0] += net }
        for (currency, net) in perCurrency where net != 0 { problems.append("\(currency) does not sum to zero (net \(net))") }
        return problems
    }

    private static func entryRows(of posting: Posting) -> [LedgerEntryRow] {
        posting.entries.enumerated().map { index, entry in
            let row = LedgerEntryRow()
            row.id = UUID()
            row.postingID = posting.id
            row.position = index
            row.accountKind = entry.account.kind.rawValue
            row.ownerID = entry.account.owner
            row.side = entry.side.rawValue
            row.amountMinor = entry.amount.minorUnits
            return row
        }
    }

    /// Whether a stored posting records the same event: what moves money, not when or the memo.
    private static func matches(_ stored: LedgerPostingRow, _ posting: Posting, on db: any Database) async throws -> Bool {
        let entries = try await LedgerEntryRow.query(on: db).filter(\.$postingID == posting.id).sort(\.$position).all()
        let expected = entryRows(of: posting)
        return stored.kind == posting.kind.rawValue && stored.currency == posting.currency.code && stored.projectID == posting.projectID
            && stored.reverses == posting.reverses && stored.activeSeconds == posting.usage?.activeSeconds
            && stored.acceptedAnswers == posting.usage?.acceptedAnswers && entries.count == expected.count
            && zip(entries, expected).allSatisfy {
                $0.accountKind == $1.accountKind && $0.ownerID == $1.ownerID && $0.side == $1.side && $0.amountMinor == $1.amountMinor
            }
    }

    private static func reversal(of id: String, on db: any Database) async throws -> String? {
        try await LedgerPostingRow.query(on: db).filter(\.$reverses == id).first()?.id
    }

    private static func signed(_ entry: LedgerEntry) -> Int64 {
        entry.side == .debit ? entry.amount.minorUnits : -entry.amount.minorUnits
    }

    private static func ownerKey(_ account: LedgerAccount) -> String { account.owner?.uuidString ?? "" }
}
