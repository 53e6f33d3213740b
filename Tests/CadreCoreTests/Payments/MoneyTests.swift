@testable import CadreCore
import XCTest

final class MoneyTests: XCTestCase {
    func testCurrenciesKnowTheirMinorUnitsAndRefuseUnknownCodes() throws {
        XCTAssertEqual(try Currency(code: "usd"), .usd)
        XCTAssertEqual(try Currency(code: "JPY").minorUnitDigits, 0)
        XCTAssertEqual(try Currency(code: "KWD").minorUnitsPerMajor, 1000)
        XCTAssertThrowsError(try Currency(code: "USDD")) { XCTAssertEqual($0 as? MoneyError, .unknownCurrency("USDD")) }
        XCTAssertThrowsError(try Currency(code: "XYZ"))
        let decoded = try JSONDecoder().decode([Currency].self, from: Data(#"["EUR"]"#.utf8))
        XCTAssertEqual(decoded, [.eur])
        XCTAssertThrowsError(try JSONDecoder().decode([Currency].self, from: Data(#"["EURO"]"#.utf8)))
    }

    func testAddingDifferentCurrenciesIsAnError() {
        let dollars = Fixture.usd(100), euros = Money(minorUnits: 100, currency: .eur)
        XCTAssertThrowsError(try dollars.adding(euros)) { XCTAssertEqual($0 as? MoneyError, .currencyMismatch(.usd, .eur)) }
        XCTAssertThrowsError(try dollars.subtracting(euros))
        XCTAssertThrowsError(try Money.sum([dollars, euros], in: .usd))
    }

    func testOverflowIsAnErrorNeverAWrap() {
        let max = Fixture.usd(.max), min = Fixture.usd(.min)
        XCTAssertThrowsError(try max.adding(Fixture.usd(1))) { guard case .overflow = $0 as? MoneyError else { return XCTFail("\($0)") } }
        XCTAssertThrowsError(try min.subtracting(Fixture.usd(1)))
        XCTAssertThrowsError(try min.negated())
        XCTAssertThrowsError(try max.multiplied(by: 2))
        XCTAssertThrowsError(try max.percentage(basisPoints: 20_000))
        XCTAssertThrowsError(try max.prorated(overSeconds: 7200))
        XCTAssertEqual(try max.percentage(basisPoints: 10_000), max, "128-bit intermediates: a full percentage of the maximum is exact")
        XCTAssertEqual(try max.prorated(overSeconds: 3600), max)
    }

    func testDecimalStringsAreExactForEveryExponent() {
        XCTAssertEqual(Fixture.usd(1234).decimalString, "12.34")
        XCTAssertEqual(Fixture.usd(5).decimalString, "0.05")
        XCTAssertEqual(Fixture.usd(-5).decimalString, "-0.05")
        XCTAssertEqual(Fixture.usd(-1200).decimalString, "-12.00")
        XCTAssertEqual(Fixture.usd(.min).decimalString, "-92233720368547758.08")
        XCTAssertEqual(Money(minorUnits: 1234, currency: .jpy).decimalString, "1234")
        XCTAssertEqual(Money(minorUnits: 1234, currency: try! Currency(code: "BHD")).description, "1.234 BHD")
    }

    func testParsingDecimalsRefusesWhatWouldNeedRounding() throws {
        XCTAssertEqual(try Money(decimal: "12.34", currency: .usd), Fixture.usd(1234))
        XCTAssertEqual(try Money(decimal: "12.3", currency: .usd), Fixture.usd(1230))
        XCTAssertEqual(try Money(decimal: "-3", currency: .usd), Fixture.usd(-300))
        XCTAssertEqual(try Money(decimal: "1500", currency: .jpy), Money(minorUnits: 1500, currency: .jpy))
        for bad in ["12.345", "", "-", ".5", "5.", "1e3", "1,000.00", "+5", " 5", "12.3.4"] {
            XCTAssertThrowsError(try Money(decimal: bad, currency: .usd), bad)
        }
        XCTAssertThrowsError(try Money(decimal: "5.5", currency: .jpy))
        XCTAssertThrowsError(try Money(decimal: "99999999999999999999", currency: .usd)) {
            guard case .overflow = $0 as? MoneyError else { return XCTFail("\($0)") }
        }
    }
}
