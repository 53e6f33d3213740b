@testable import CadreCore
import XCTest

final class RoundingTests: XCTestCase {
    func testTiesGoToTheEvenNeighbour() {
        XCTAssertEqual(Rounding.roundedQuotient(5, 2), 2)    // 2.5 → 2
        XCTAssertEqual(Rounding.roundedQuotient(7, 2), 4)    // 3.5 → 4
        XCTAssertEqual(Rounding.roundedQuotient(-5, 2), -2)  // −2.5 → −2
        XCTAssertEqual(Rounding.roundedQuotient(-7, 2), -4)  // −3.5 → −4
        XCTAssertEqual(Rounding.roundedQuotient(10, 4), 2)   // 2.5 → 2
        XCTAssertEqual(Rounding.roundedQuotient(14, 4), 4)   // 3.5 → 4
    }

    func testNonTiesGoToTheNearest() {
        XCTAssertEqual(Rounding.roundedQuotient(7, 3), 2)    // 2.33
        XCTAssertEqual(Rounding.roundedQuotient(8, 3), 3)    // 2.67
        XCTAssertEqual(Rounding.roundedQuotient(-8, 3), -3)
        XCTAssertEqual(Rounding.roundedQuotient(-7, 3), -2)
        XCTAssertEqual(Rounding.roundedQuotient(9, 3), 3)
        XCTAssertEqual(Rounding.roundedQuotient(0, 3), 0)
    }

    func testPercentagesAreBasisPointsRoundedHalfEven() throws {
        XCTAssertEqual(try Fixture.usd(1000).percentage(basisPoints: 1250), Fixture.usd(125))
        XCTAssertEqual(try Fixture.usd(5).percentage(basisPoints: 5000), Fixture.usd(2))    // 2.5 → 2
        XCTAssertEqual(try Fixture.usd(7).percentage(basisPoints: 5000), Fixture.usd(4))    // 3.5 → 4
        XCTAssertEqual(try Fixture.usd(-5).percentage(basisPoints: 5000), Fixture.usd(-2))  // symmetric for reversals
        XCTAssertEqual(try Fixture.usd(123_456).percentage(basisPoints: 1000), Fixture.usd(12_346))  // 12345.6
        XCTAssertEqual(try Money(minorUnits: 999, currency: .jpy).percentage(basisPoints: 1550), Money(minorUnits: 155, currency: .jpy))  // 154.845
    }

    func testHourlyProrationIsExact() throws {
        let rate = Fixture.usd(10_000)  // 100.00 USD/h
        XCTAssertEqual(try rate.prorated(overSeconds: 3600), Fixture.usd(10_000))
        XCTAssertEqual(try rate.prorated(overSeconds: 1), Fixture.usd(3))          // 2.777… cents
        XCTAssertEqual(try rate.prorated(overSeconds: 5400), Fixture.usd(15_000))
        XCTAssertEqual(try rate.prorated(overSeconds: 9_001), Fixture.usd(25_003))  // 25002.77…
        // 45.00 USD/h for 1 s is 1.25 cents; for 2 s 2.5 cents, a tie that goes to the even 2.
        XCTAssertEqual(try Fixture.usd(4500).prorated(overSeconds: 2), Fixture.usd(2))
        XCTAssertEqual(try Fixture.usd(4500).prorated(overSeconds: 6), Fixture.usd(8))  // 7.5 → 8
        XCTAssertEqual(try Money(minorUnits: 3000, currency: .jpy).prorated(overSeconds: 1800), Money(minorUnits: 1500, currency: .jpy))
        XCTAssertThrowsError(try rate.prorated(overSeconds: -1))
    }

    func testAllocationNeverCreatesOrLosesACent() throws {
        XCTAssertEqual(try Money.allocate(Fixture.usd(100), by: [1, 1, 1]), [34, 33, 33].map(Fixture.usd))
        XCTAssertEqual(try Money.allocate(Fixture.usd(-100), by: [1, 1, 1]), [-34, -33, -33].map(Fixture.usd))
        XCTAssertEqual(try Money.allocate(Fixture.usd(101), by: [1, 2, 0]), [34, 67, 0].map(Fixture.usd))
        // Shares 1.5, 1.5, 1.5, 0.5: equal remainders, so the two leftover cents go to the earliest.
        XCTAssertEqual(try Money.allocate(Fixture.usd(5), by: [3, 3, 3, 1]), [2, 2, 1, 0].map(Fixture.usd))
        let yen = try Money.allocate(Money(minorUnits: 1000, currency: .jpy), by: [1, 1, 1])
        XCTAssertEqual(yen.map(\.minorUnits), [334, 333, 333])
        XCTAssertEqual(yen.map(\.currency), [.jpy, .jpy, .jpy])
        let all = try Money.allocate(Fixture.usd(.max), by: [1, 1, 1])
        XCTAssertEqual(all.reduce(Int128(0)) { $0 + Int128($1.minorUnits) }, Int128(Int64.max))
        XCTAssertEqual(try Money.allocate(Fixture.usd(.min), by: [1]), [Fixture.usd(.min)])
    }

    func testAllocationRefusesMeaninglessWeights() {
        for weights in [[], [0, 0], [1, -1]] {
            XCTAssertThrowsError(try Money.allocate(Fixture.usd(100), by: weights)) {
                XCTAssertEqual($0 as? MoneyError, .invalidWeights(weights))
            }
        }
    }
}
