@testable import CadreCore
import Foundation

/// What the simulator checks while events happen, each failure filed under the property it
/// breaks so every property test reports only its own.
extension LedgerEventSimulator {
    enum Check: Hashable, Sendable {
        /// Balances disagree with the postings applied, or do not sum to zero.
        case balance
        /// A guarded account went negative, or a posting was refused although it fitted.
        case overdraft
        /// Posting something already posted changed the ledger.
        case idempotence
        /// The core threw an error no business rule explains.
        case unexpected
    }

    struct Failure: Hashable, Sendable, CustomStringConvertible {
        var check: Check
        var detail: String
        var description: String { detail }
    }

    mutating func fail(_ check: Check, _ detail: String) { failures.append(Failure(check: check, detail: detail)) }

    func failures(_ checks: Check...) -> [Failure] { failures.filter { checks.contains($0.check) } }

    /// Posts, accepting only the refusals a real ledger gives for business reasons, and
    /// checks the ledger against the simulator's own count: an accepted posting must leave
    /// every guarded account at zero or above, a refusal for going negative must name an
    /// account the posting really would overdraw, a refusal must change nothing, and a posting
    /// already made must come back as a duplicate that changes nothing.
    mutating func offer(_ posting: Posting, mayBeRefused: Bool = true) throws {
        let before = ledger  // a value: keeping it costs nothing until the ledger changes
        let isNew = ledger.posting(id: posting.id) == nil
        let overdrawn = isNew ? overdrawnAccounts(if: posting) : []
        do {
            let outcome = try ledger.post(posting)
            accepted.append(posting)
            switch outcome {
            case .duplicate(let original):
                // The original may carry an earlier timestamp than this retry; what moves money is the same.
                if isNew || !original.isSameEvent(as: posting) || ledger.postings != before.postings || ledger.balances != before.balances {
                    fail(.idempotence, "posting \(posting.id) again was not a no-op")
                }
            case .applied:
                if !isNew { fail(.idempotence, "\(posting.id) was applied twice") }
                for entry in posting.entries { expected[AccountCurrency(entry.account, entry.amount.currency), default: 0] += Self.netDebit(entry) }
                if !overdrawn.isEmpty { fail(.overdraft, "\(posting.id) was accepted though it overdraws \(overdrawn)") }
            }
        } catch {
            if ledger.postings != before.postings || ledger.balances != before.balances { fail(.overdraft, "refusing \(posting.id) changed the ledger") }
            switch error {
            case .wouldGoNegative(let account, _, _) where mayBeRefused:
                if !overdrawn.contains(account) { fail(.overdraft, "\(posting.id) was refused for overdrawing \(account), which it leaves ≥ 0") }
            case .alreadyReversed where mayBeRefused:
                break
            default:
                throw error
            }
        }
    }

    /// The guarded accounts `posting` would take below zero, from the simulator's own count.
    func overdrawnAccounts(if posting: Posting) -> Set<LedgerAccount> {
        var after: [AccountCurrency: Int64] = [:]
        for entry in posting.entries {
            let key = AccountCurrency(entry.account, entry.amount.currency)
            after[key] = (after[key] ?? expected[key, default: 0]) + Self.netDebit(entry)
        }
        return Set(after.filter { $0.key.account.mustNotGoNegative && Self.normal($0.key, $0.value) < 0 }.map(\.key.account))
    }

    /// After every event: the ledger's balances are exactly the simulator's count, they sum
    /// to zero in each currency, and the ledger's own re-derivation from its entries agrees.
    mutating func checkBalances(after event: String) {
        let reported = ledger.balances.filter { !$0.value.isZero }
        let counted = expected.filter { $0.value != 0 }
        if reported.count != counted.count || counted.contains(where: { Self.normal($0.key, $0.value) != reported[$0.key]?.minorUnits }) {
            fail(.balance, "after \(event): balances differ from the postings applied")
        }
        var sums: [Currency: Int64] = [:]
        for (key, balance) in reported { sums[key.currency, default: 0] += key.account.normalSide == .debit ? balance.minorUnits : -balance.minorUnits }
        if sums.values.contains(where: { $0 != 0 }) { fail(.balance, "after \(event): balances sum to \(sums)") }
        if let negative = reported.first(where: { $0.key.account.mustNotGoNegative && $0.value.isNegative }) {
            fail(.overdraft, "after \(event): \(negative.key.account) is \(negative.value)")
        }
        do { try ledger.checkInvariants() } catch { fail(.balance, "after \(event): \(error)") }
    }

    static func netDebit(_ entry: LedgerEntry) -> Int64 { entry.side == .debit ? entry.amount.minorUnits : -entry.amount.minorUnits }

    /// A net debit read on the account's normal side, as `Ledger.balance` reports it.
    static func normal(_ key: AccountCurrency, _ netDebit: Int64) -> Int64 { key.account.normalSide == .debit ? netDebit : -netDebit }
}
