@testable import CadreCore
import Foundation

extension LedgerEventSimulator {
    /// Where the money experts earned went, counted three ways that must agree, in each
    /// currency: from the ledger's entries (credited by earnings, debited by payouts, still
    /// owed), from the payout batches the world ran, and from every expert's statement. Empty
    /// when all agree; otherwise one line per difference.
    func payoutDifferences() throws -> [String] {
        var differences: [String] = []
        for currency in Self.currencies {
            // From the entries: net credits to expert payables by expert costs, net debits by payouts.
            var earned: Int64 = 0, paidOut: Int64 = 0
            for posting in ledger.postings where posting.currency == currency {
                let credited = posting.entries.filter { $0.account.kind == .expertPayable }.reduce(Int64(0)) { $0 - Self.netDebit($1) }
                if posting.effectiveKind.isExpertCost { earned += credited }
                if posting.effectiveKind == .payout { paidOut -= credited }
            }
            let owed = Self.experts.reduce(Int64(0)) { $0 + ledger.balance(of: .expertPayable($1), in: currency).minorUnits }
            if earned != paidOut + owed { differences.append("\(currency): earned \(earned) ≠ paid out \(paidOut) + owed \(owed)") }

            // From the batches: those posted and not withdrawn, and of those the ones confirmed paid.
            let sent = batches.filter { $0.currency == currency && ledger.posting(id: $0.id) != nil && ledger.reversal(of: $0.id) == nil }
            let confirmed = sent.filter { isPaid(batch: $0.id) }
            let batched = sent.reduce(Int64(0)) { $0 + $1.total.minorUnits }, settled = confirmed.reduce(Int64(0)) { $0 + $1.total.minorUnits }
            if batched != paidOut { differences.append("\(currency): batch totals \(batched) ≠ paid out by payout postings \(paidOut)") }

            // From the statements experts see.
            var inPayout: Int64 = 0, paid: Int64 = 0
            for expert in Self.experts {
                let statement = try ExpertStatement.compute(expert: expert, currency: currency, ledger: ledger)
                let earnedByExpert = statement.periods.reduce(Int64(0)) { $0 + $1.earnings.minorUnits + $1.bonuses.minorUnits + $1.topUps.minorUnits }
                let accounted = statement.pending.minorUnits + statement.inPayout.minorUnits + statement.paid.minorUnits
                if earnedByExpert != accounted { differences.append("\(expert) \(currency): earned \(earnedByExpert) ≠ pending + in payout + paid \(accounted)") }
                if statement.inPayout.isNegative || statement.paid.isNegative { differences.append("\(expert) \(currency): negative payout figures") }
                inPayout += statement.inPayout.minorUnits
                paid += statement.paid.minorUnits
            }
            if paid != settled { differences.append("\(currency): statements' paid \(paid) ≠ confirmed batches \(settled)") }
            if inPayout + paid != batched { differences.append("\(currency): statements' in payout + paid \(inPayout + paid) ≠ batch totals \(batched)") }
            // Clearing holds what was sent and not yet confirmed: exactly the statements' "in payout".
            let clearing = ledger.balance(of: .payoutClearing, in: currency).minorUnits
            if clearing != inPayout { differences.append("\(currency): payout clearing \(clearing) ≠ statements' in payout \(inPayout)") }
        }
        return differences
    }
}
