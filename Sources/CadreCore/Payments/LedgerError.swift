import Foundation

/// Why a posting was refused. A refused posting changes nothing.
public enum LedgerError: Error, Equatable, Sendable, CustomStringConvertible {
    case emptyPostingID
    case tooFewEntries(String)
    case nonPositiveAmount(String, LedgerAccount)
    case mixedCurrencies(String)
    case unbalanced(String, debits: Money, credits: Money)
    case reversalMustNameOriginal(String)
    case expertCostWithoutProject(String)
    case cannotReverseReversal(String)
    /// A posting reuses an id already posted for a different event.
    case conflictingPosting(String)
    case unknownPosting(String)
    case alreadyReversed(String, by: String)
    /// A payout batch the processor has paid cannot be withdrawn: the money has left.
    case payoutAlreadySettled(String)
    /// Applying the posting would take an account that must not go negative below zero.
    case wouldGoNegative(LedgerAccount, balance: Money, posting: String)
    /// A derived check failed: the ledger's own data is inconsistent.
    case invariantBroken(String)
    case money(MoneyError)

    public var description: String {
        switch self {
        case .emptyPostingID: return "a posting needs an id"
        case .tooFewEntries(let id): return "posting \(id) needs at least one debit and one credit"
        case let .nonPositiveAmount(id, account): return "posting \(id) has a non-positive amount for \(account)"
        case .mixedCurrencies(let id): return "posting \(id) mixes currencies"
        case let .unbalanced(id, debits, credits): return "posting \(id) does not balance: debits \(debits), credits \(credits)"
        case .reversalMustNameOriginal(let id): return "posting \(id): build reversals from the posting they reverse"
        case .expertCostWithoutProject(let id): return "posting \(id) is an expert cost and must name its project"
        case .cannotReverseReversal(let id): return "posting \(id) is a reversal; post the original again under a new id instead"
        case .conflictingPosting(let id): return "posting id \(id) was already used for a different event"
        case .unknownPosting(let id): return "no posting \(id)"
        case let .alreadyReversed(id, by): return "posting \(id) was already reversed by \(by)"
        case .payoutAlreadySettled(let id): return "payout batch \(id) was marked paid; reverse its settlement first if the processor returned the money"
        case let .wouldGoNegative(account, balance, posting): return "posting \(posting) would take \(account) to \(balance)"
        case .invariantBroken(let detail): return "ledger invariant broken: \(detail)"
        case .money(let error): return error.description
        }
    }
}
