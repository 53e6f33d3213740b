import Foundation

/// Where an account stands in one currency.
public struct AccountCurrency: Hashable, Comparable, Sendable {
    public var account: LedgerAccount
    public var currency: Currency

    public init(_ account: LedgerAccount, _ currency: Currency) {
        self.account = account
        self.currency = currency
    }

    public static func < (lhs: AccountCurrency, rhs: AccountCurrency) -> Bool {
        (lhs.account.description, lhs.currency.code) < (rhs.account.description, rhs.currency.code)
    }
}

/// A double-entry ledger as a value: the postings in the order applied, and balances derived
/// from them.
///
/// Posting is all-or-nothing and idempotent: a posting whose id is already present is a
/// no-op that returns the original (or an error if it records a different event). The
/// balances are a cache of the entries; `checkInvariants` re-derives them and verifies that
/// all balances sum to zero per currency and that no guarded account is negative.
public struct Ledger: Sendable {
    public enum Outcome: Equatable, Sendable {
        case applied(Posting)
        /// The id was posted before; nothing changed.
        case duplicate(original: Posting)

        public var posting: Posting {
            switch self {
            case .applied(let posting), .duplicate(let posting): return posting
            }
        }
    }

    public private(set) var postings: [Posting] = []
    private var indexByID: [String: Int] = [:]
    private var reversalByOriginal: [String: String] = [:]
    /// Net debits (debits − credits) in minor units per account and currency.
    private var netDebits: [AccountCurrency: Int64] = [:]

    public init() {}

    /// Replays postings in order, as when loading the ledger from storage.
    public init(replaying postings: [Posting]) throws(LedgerError) {
        for posting in postings { try post(posting) }
    }

    public func posting(id: String) -> Posting? { indexByID[id].map { postings[$0] } }

    /// The id of the posting that reversed `id`, if any.
    public func reversal(of id: String) -> String? { reversalByOriginal[id] }

    /// Applies a posting, or returns the original if its id was posted before.
    @discardableResult
    public mutating func post(_ posting: Posting) throws(LedgerError) -> Outcome {
        if let original = self.posting(id: posting.id) {
            guard original.isSameEvent(as: posting) else { throw .conflictingPosting(posting.id) }
            return .duplicate(original: original)
        }
        if let original = posting.reverses {
            guard let target = self.posting(id: original) else { throw .unknownPosting(original) }
            if let earlier = reversalByOriginal[original] { throw .alreadyReversed(original, by: earlier) }
            guard posting.entries == target.entries.map(\.reversed) else { throw .conflictingPosting(posting.id) }
            let settlement = PayoutBatch.settlementID(ofBatch: original)
            if target.kind == .payout, self.posting(id: settlement) != nil, reversalByOriginal[settlement] == nil {
                throw .payoutAlreadySettled(original)
            }
        }
        var updated = netDebits
        for entry in posting.entries {
            let key = AccountCurrency(entry.account, entry.amount.currency)
            let (sum, overflow) = updated[key, default: 0].addingReportingOverflow(entry.signedMinorUnits)
            // Int64.min is refused too: its normal-side balance would have no Int64 negation.
            guard !overflow, sum != .min else { throw .money(.overflow("balance of \(entry.account)")) }
            updated[key] = sum
        }
        for key in Set(posting.entries.map { AccountCurrency($0.account, $0.amount.currency) }) where key.account.mustNotGoNegative {
            let balance = Self.normalBalance(key, netDebit: updated[key, default: 0])
            guard !balance.isNegative else { throw .wouldGoNegative(key.account, balance: balance, posting: posting.id) }
        }
        netDebits = updated
        indexByID[posting.id] = postings.count
        if let original = posting.reverses { reversalByOriginal[original] = posting.id }
        postings.append(posting)
        return .applied(posting)
    }

    /// Reverses a posting by id with a posting of its own id.
    @discardableResult
    public mutating func reverse(_ id: String, reversalID: String, at: Date, memo: String = "") throws(LedgerError) -> Outcome {
        if let existing = posting(id: reversalID) {
            guard existing.reverses == id else { throw .conflictingPosting(reversalID) }
            return .duplicate(original: existing)
        }
        guard let original = posting(id: id) else { throw .unknownPosting(id) }
        return try post(original.reversal(id: reversalID, at: at, memo: memo))
    }

    /// The balance on the account's normal side: what a client has left, what an expert is
    /// owed, what the platform holds.
    public func balance(of account: LedgerAccount, in currency: Currency) -> Money {
        let key = AccountCurrency(account, currency)
        return Self.normalBalance(key, netDebit: netDebits[key, default: 0])
    }

    /// Every account-currency that has ever had an entry, with its normal-side balance.
    public var balances: [AccountCurrency: Money] {
        Dictionary(uniqueKeysWithValues: netDebits.map { ($0.key, Self.normalBalance($0.key, netDebit: $0.value)) })
    }

    /// Normal-side balances derived from the entries of postings whose `at` is before
    /// `cutoff`, e.g. what experts were owed at the end of a pay period.
    public func balances(before cutoff: Date) throws(LedgerError) -> [AccountCurrency: Money] {
        var derived: [AccountCurrency: Int128] = [:]
        for posting in postings where posting.at < cutoff {
            for entry in posting.entries { derived[AccountCurrency(entry.account, entry.amount.currency), default: 0] += Int128(entry.signedMinorUnits) }
        }
        var balances: [AccountCurrency: Money] = [:]
        for (key, net) in derived {
            guard let exact = Int64(exactly: net), exact != .min else { throw .money(.overflow("balance of \(key.account) before \(cutoff)")) }
            balances[key] = Self.normalBalance(key, netDebit: exact)
        }
        return balances
    }

    /// Re-derives every balance from the entries and checks that it matches the cache, then
    /// checks the balances themselves (`checkBalances`). O(entries).
    public func checkInvariants() throws(LedgerError) {
        var derived: [AccountCurrency: Int128] = [:]
        for posting in postings {
            for entry in posting.entries { derived[AccountCurrency(entry.account, entry.amount.currency), default: 0] += Int128(entry.signedMinorUnits) }
        }
        let cached = netDebits.filter { $0.value != 0 }.mapValues { Int128($0) }
        guard derived.filter({ $0.value != 0 }) == cached else { throw .invariantBroken("cached balances differ from the entries") }
        try checkBalances()
    }

    /// Checks the cached balances: debits equal credits across the ledger in each currency,
    /// and no account that must not go negative is negative. O(accounts), cheap enough to
    /// run after every posting.
    public func checkBalances() throws(LedgerError) {
        var totals: [Currency: Int128] = [:]
        for (key, net) in netDebits { totals[key.currency, default: 0] += Int128(net) }
        for (currency, total) in totals where total != 0 {
            throw .invariantBroken("balances in \(currency) sum to \(total), not 0")
        }
        for (key, net) in netDebits where key.account.mustNotGoNegative {
            let balance = Self.normalBalance(key, netDebit: net)
            if balance.isNegative { throw .invariantBroken("\(key.account) is \(balance)") }
        }
    }

    static func normalBalance(_ key: AccountCurrency, netDebit: Int64) -> Money {
        // A net debit of Int64.min never exists: `post` refuses it, so the negation is exact.
        Money(minorUnits: key.account.normalSide == .debit ? netDebit : 0 &- netDebit, currency: key.currency)
    }
}
