import CadreCore
import Vapor

/// Money errors from the core as HTTP problems. A refused posting changed nothing, so each
/// answer says what would have gone wrong and leaves the caller free to fix and retry.
extension ErrorMapping {
    /// nil for a broken invariant: the stored ledger itself is wrong, which is a 500 to log.
    static func ledgerProblem(_ error: LedgerError) -> Problem? {
        switch error {
        case .conflictingPosting(let id):
            return .conflict("posting_conflict", "The posting \(id) already exists with different amounts or accounts; "
                + "an idempotency key or period cannot be reused for a different event.")
        case let .alreadyReversed(id, by):
            return .conflict("already_reversed", "The posting \(id) was reversed by \(by); it can no longer be changed.")
        case .payoutAlreadySettled(let id):
            return .conflict("payout_settled", "The payout batch \(id) was marked paid; reverse its settlement first if the processor returned the money.")
        case .unknownPosting(let id):
            return .conflict("unknown_posting", "There is no posting \(id) in the ledger to act on.")
        case let .wouldGoNegative(account, balance, posting):
            return .conflict("insufficient_funds", "Posting \(posting) would take \(describe(account)) to \(balance); "
                + (account.kind == .clientFunds ? "fund the organization first." : "nothing was posted."))
        case .invariantBroken:
            return nil
        case .money(let money):
            return moneyProblem(money)
        case .emptyPostingID, .tooFewEntries, .nonPositiveAmount, .mixedCurrencies, .unbalanced,
             .reversalMustNameOriginal, .expertCostWithoutProject, .cannotReverseReversal:
            return Problem(status: .unprocessableEntity, code: "invalid_posting", title: "The posting is not valid",
                           detail: error.description)
        }
    }

    static func invoiceProblem(_ error: InvoiceError) -> Problem {
        switch error {
        case .notAMonth: return .validation(field: "month", error.description)
        case .money(let money): return moneyProblem(money)
        case .doesNotReconcile: return .conflict("invoice_does_not_reconcile", error.description)
        }
    }

    static func moneyProblem(_ error: MoneyError) -> Problem {
        switch error {
        case .unknownCurrency: return .validation(field: "currency", error.description)
        case .overflow, .malformedAmount, .invalidWeights, .currencyMismatch, .negativeQuantity:
            return Problem(status: .unprocessableEntity, code: "invalid_amount", title: "The amount is not valid", detail: error.description)
        }
    }

    /// An account as a person reads it, rather than its storage key.
    static func describe(_ account: LedgerAccount) -> String {
        switch account.kind {
        case .clientFunds: return "the funds of organization \(account.owner?.uuidString ?? "?")"
        case .expertPayable: return "the amount owed to expert \(account.owner?.uuidString ?? "?")"
        case .platformRevenue: return "platform revenue"
        case .payoutClearing: return "payout clearing"
        case .platformCash: return "platform cash"
        }
    }
}
