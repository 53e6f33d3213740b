import Foundation

/// An account in the double-entry ledger, identified by its kind and, for per-party
/// accounts, its owner (an organization or an expert).
public struct LedgerAccount: Hashable, Comparable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// What a client organization has paid in and not yet spent (a liability to it).
        case clientFunds = "client_funds"
        /// What the platform owes an expert for work done and not yet paid out.
        case expertPayable = "expert_payable"
        /// Platform fees charged on invoices.
        case platformRevenue = "platform_revenue"
        /// Payouts sent to the payment processor and not yet confirmed paid.
        case payoutClearing = "payout_clearing"
        /// Money the platform actually holds at its bank or processor.
        case platformCash = "platform_cash"
    }

    public let kind: Kind
    /// The organization (client funds) or expert (payable); nil for platform accounts.
    public let owner: UUID?

    public init(kind: Kind, owner: UUID?) {
        self.kind = kind
        self.owner = owner
    }

    public static func clientFunds(_ organization: UUID) -> LedgerAccount { LedgerAccount(kind: .clientFunds, owner: organization) }
    public static func expertPayable(_ expert: UUID) -> LedgerAccount { LedgerAccount(kind: .expertPayable, owner: expert) }
    public static let platformRevenue = LedgerAccount(kind: .platformRevenue, owner: nil)
    public static let payoutClearing = LedgerAccount(kind: .payoutClearing, owner: nil)
    public static let platformCash = LedgerAccount(kind: .platformCash, owner: nil)

    /// The side that increases the account: cash is an asset (debit); everything else is
    /// owed to someone or earned (credit). Balances are reported on this side, so a
    /// positive balance is always "holds money".
    public var normalSide: LedgerEntry.Side { kind == .platformCash ? .debit : .credit }

    /// Accounts whose balance below zero would mean money that does not exist: a client
    /// spending more than it paid in, an expert paid more than earned, more settled than
    /// sent, more cash out than in. Revenue may go negative through refunds.
    public var mustNotGoNegative: Bool { kind != .platformRevenue }

    public var description: String { owner.map { "\(kind.rawValue):\($0.uuidString)" } ?? kind.rawValue }

    public static func < (lhs: LedgerAccount, rhs: LedgerAccount) -> Bool { lhs.description < rhs.description }
}

/// One immutable line of a posting: an amount debited or credited to one account.
public struct LedgerEntry: Hashable, Sendable {
    public enum Side: String, Hashable, Sendable { case debit, credit }

    public let account: LedgerAccount
    public let side: Side
    /// Positive; the side says which way it moves the account.
    public let amount: Money

    public init(_ side: Side, _ account: LedgerAccount, _ amount: Money) {
        self.account = account
        self.side = side
        self.amount = amount
    }

    public static func debit(_ account: LedgerAccount, _ amount: Money) -> LedgerEntry { LedgerEntry(.debit, account, amount) }
    public static func credit(_ account: LedgerAccount, _ amount: Money) -> LedgerEntry { LedgerEntry(.credit, account, amount) }

    /// Debits positive, credits negative: the sum over all entries of the ledger is zero.
    var signedMinorUnits: Int64 { side == .debit ? amount.minorUnits : -amount.minorUnits }

    /// The same amount on the other side, for a reversal.
    var reversed: LedgerEntry { LedgerEntry(side == .debit ? .credit : .debit, account, amount) }
}
