@testable import CadreCore
import XCTest

/// Property-based tests of money arithmetic over random, seeded inputs. The ledger's
/// properties over random business events are in `LedgerPropertyTests`, on swift-property-based.
///
/// Plain XCTest with a seeded SplitMix64 generator: each property runs 500 cases and a failure
/// prints its seed — rerun that one seed to debug it.
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
