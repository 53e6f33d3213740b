@testable import CadreCore
import XCTest

/// Property-based tests of the payments core over random, seeded inputs.
///
/// Written as XCTest with a seeded SplitMix64 generator rather than with swift-property-based:
/// CI runs `swift test --disable-swift-testing`, which would skip Swift Testing suites, and a
/// new package dependency would add build time to every CI run. Each property runs 500 cases;
/// there is no shrinking, so a failure prints its seed — rerun that one seed to debug it.
final class PaymentsPropertyTests: XCTestCase {
    static let cases: UInt64 = 500

    func forEachSeed(_ property: String, _ body: (UInt64, inout SplitMix64) throws -> [String]) {
        for seed in 1...Self.cases {
            var random = SplitMix64(seed: seed &* 0x9E37_79B9 &+ 17)
            do {
                let failures = try body(seed, &random)
                if !failures.isEmpty { return XCTFail("\(property), seed \(seed): \(failures.prefix(3).joined(separator: "; "))") }
            } catch {
                return XCTFail("\(property), seed \(seed): threw \(error)")
            }
        }
    }

    func testTheLedgerAlwaysBalancesAndGuardedAccountsNeverGoNegative() {
        forEachSeed("ledger invariants") { seed, _ in
            var world = LedgerEventSimulator(seed: seed)
            world.run(events: 80)  // `run` checks every invariant after every event
            return world.failures
        }
    }

    func testReplayingTheSameEventsGivesTheSameBalances() {
        forEachSeed("replay") { seed, _ in
            var world = LedgerEventSimulator(seed: seed)
            world.run(events: 80)
            let replayed = try Ledger(replaying: world.ledger.postings)
            var withRetries = Ledger()
            for posting in world.accepted { try withRetries.post(posting) }
            var failures = world.failures
            if replayed.balances != world.ledger.balances { failures.append("replay differs") }
            if withRetries.balances != world.ledger.balances { failures.append("replay with retries differs") }
            if withRetries.postings != world.ledger.postings { failures.append("retries added postings") }
            return failures
        }
    }

    func testPayoutsAddUpToTheEarningsPaidOut() {
        forEachSeed("payout conservation") { seed, _ in
            var world = LedgerEventSimulator(seed: seed)
            world.run(events: 120)
            var failures = world.failures
            for currency in LedgerEventSimulator.currencies {
                var earned: Int64 = 0, paidOut: Int64 = 0, settled: Int64 = 0
                for posting in world.ledger.postings where posting.currency == currency {
                    let sign: Int64 = posting.kind == .reversal ? -1 : 1
                    let credited = posting.entries.filter { $0.side == .credit }.reduce(Int64(0)) { $0 + $1.amount.minorUnits }
                    switch posting.effectiveKind {
                    case .earningAccrued, .bonus, .topUp: earned += sign * credited
                    case .payout: paidOut += sign * credited
                    case .payoutSettled: settled += sign * credited
                    default: break
                    }
                }
                let owed = LedgerEventSimulator.experts.reduce(Int64(0)) { $0 + world.ledger.balance(of: .expertPayable($1), in: currency).minorUnits }
                if paidOut != earned - owed { failures.append("\(currency): paid out \(paidOut) ≠ earned \(earned) − owed \(owed)") }
                let batched = world.batches.filter { $0.currency == currency && world.ledger.posting(id: $0.id) != nil && world.ledger.reversal(of: $0.id) == nil }
                    .reduce(Int64(0)) { $0 + $1.total.minorUnits }
                if batched != paidOut { failures.append("\(currency): batch totals \(batched) ≠ payout postings \(paidOut)") }
                if world.ledger.balance(of: .payoutClearing, in: currency).minorUnits != paidOut - settled {
                    failures.append("\(currency): clearing is not paid out − settled")
                }
            }
            return failures
        }
    }

    func testEveryExpertsStatementAccountsForEveryCentEarned() {
        forEachSeed("expert statements") { seed, _ in
            var world = LedgerEventSimulator(seed: seed)
            world.run(events: 120)
            var failures = world.failures
            for expert in LedgerEventSimulator.experts {
                for currency in LedgerEventSimulator.currencies {
                    let statement = try ExpertStatement.compute(expert: expert, currency: currency, ledger: world.ledger)
                    let earned = statement.periods.reduce(Int64(0)) { $0 + $1.earnings.minorUnits + $1.bonuses.minorUnits + $1.topUps.minorUnits }
                    let accounted = statement.pending.minorUnits + statement.inPayout.minorUnits + statement.paid.minorUnits
                    if earned != accounted { failures.append("\(expert) \(currency): earned \(earned) ≠ pending + in payout + paid \(accounted)") }
                    if statement.inPayout.isNegative || statement.paid.isNegative { failures.append("\(expert): negative payout figures") }
                }
            }
            return failures
        }
    }

    func testAllocationNeverLosesOrCreatesACent() {
        forEachSeed("allocation") { _, random in
            let total: Int64 = random.uniformIndex(below: 4) == 0 ? Int64(bitPattern: random.next()) : Int64(random.uniformIndex(below: 200_001)) - 100_000
            var weights = (0..<(1 + random.uniformIndex(below: 10))).map { _ in random.uniformIndex(below: 4) == 0 ? 0 : random.uniformIndex(below: 1001) }
            if weights.allSatisfy({ $0 == 0 }) { weights[0] = 1 }
            let parts = try Money.allocate(Fixture.usd(total), by: weights)
            let weightSum = Int128(weights.reduce(0, +))
            var failures: [String] = []
            if parts.reduce(Int128(0), { $0 + Int128($1.minorUnits) }) != Int128(total) { failures.append("sum of \(total) by \(weights) not preserved") }
            for (part, weight) in zip(parts, weights) {
                let error = Int128(part.minorUnits) * weightSum - Int128(total) * Int128(weight)
                if error.magnitude >= weightSum.magnitude { failures.append("\(part) is a cent or more from its exact share") }
                if weight == 0 && !part.isZero { failures.append("a zero weight got \(part)") }
                if (total >= 0 && part.isNegative) || (total < 0 && part.isPositive) { failures.append("\(part) has the wrong sign") }
            }
            return failures
        }
    }

    func testRoundingIsNearestWithTiesToEvenAndSymmetric() {
        forEachSeed("rounding") { _, random in
            var failures: [String] = []
            for _ in 0..<20 {
                let numerator = Int128(Int64(bitPattern: random.next()))
                let denominator = Int128(1 + random.uniformIndex(below: 1_000_000))
                let quotient = Rounding.roundedQuotient(numerator, denominator)
                let twiceError = (numerator - quotient * denominator).magnitude * 2
                if twiceError > denominator.magnitude { failures.append("\(numerator)/\(denominator) → \(quotient) is not nearest") }
                if twiceError == denominator.magnitude && quotient % 2 != 0 { failures.append("\(numerator)/\(denominator) tie → odd \(quotient)") }
                if Rounding.roundedQuotient(-numerator, denominator) != -quotient { failures.append("\(numerator)/\(denominator) not symmetric") }
            }
            return failures
        }
    }
}
