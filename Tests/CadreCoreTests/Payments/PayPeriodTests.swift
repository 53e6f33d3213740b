@testable import CadreCore
import XCTest

final class PayPeriodTests: XCTestCase {
    func testISOWeeksRunMondayToMondayUTC() throws {
        let week = try PayPeriod(parsing: "2026-W48")
        XCTAssertEqual(week.start, Fixture.week48Start)
        XCTAssertEqual(week.end.timeIntervalSince(week.start), 7 * 86_400)
        XCTAssertEqual(week.description, "2026-W48")
        XCTAssertEqual(week.descriptionWithMonth, "2026-11-W48")
        XCTAssertTrue(week.contains(week.start))
        XCTAssertFalse(week.contains(week.end), "periods are half-open: Monday midnight starts the next week")
        XCTAssertEqual(PayPeriod.isoWeek(containing: week.end.addingTimeInterval(-0.001)), week)
    }

    func testTheMonthSpellingOfTheCommandLineNamesTheSameWeek() throws {
        XCTAssertEqual(try PayPeriod(parsing: "2026-11-W48"), try PayPeriod(parsing: "2026-W48"))
        // W49 is 30 Nov – 6 Dec 2026: either month is accepted, a month it misses is not.
        XCTAssertEqual(try PayPeriod(parsing: "2026-11-W49"), try PayPeriod(parsing: "2026-12-W49"))
        XCTAssertEqual(try PayPeriod(parsing: "2026-W49").descriptionWithMonth, "2026-12-W49")
        XCTAssertThrowsError(try PayPeriod(parsing: "2026-10-W49")) {
            XCTAssertEqual($0 as? PayPeriodError, .weekNotInMonth(year: 2026, month: 10, week: 49))
        }
    }

    func testWeekYearsFollowISO8601() throws {
        // 3 January 2021 (a Sunday) is in 2020-W53; 30 December 2024 (a Monday) is in 2025-W01.
        XCTAssertEqual(PayPeriod.isoWeek(containing: Date(timeIntervalSince1970: 1_609_675_200)).description, "2020-W53")
        XCTAssertEqual(PayPeriod.isoWeek(containing: Date(timeIntervalSince1970: 1_735_560_000)).description, "2025-W01")
        XCTAssertNoThrow(try PayPeriod(parsing: "2026-W53"))
        XCTAssertThrowsError(try PayPeriod(parsing: "2027-W53")) {
            XCTAssertEqual($0 as? PayPeriodError, .weekOutOfRange(year: 2027, week: 53, weeksInYear: 52))
        }
    }

    func testMonthsAreCalendarMonths() throws {
        let february = try PayPeriod(parsing: "2028-02")
        XCTAssertEqual(february.end.timeIntervalSince(february.start), 29 * 86_400)
        let december = try PayPeriod(parsing: "2026-12")
        XCTAssertEqual(december.end, try PayPeriod(parsing: "2027-01").start)
        XCTAssertEqual(PayPeriod.month(containing: Fixture.week48Start), try PayPeriod(parsing: "2026-11"))
        XCTAssertEqual(december.description, "2026-12")
        XCTAssertLessThan(try PayPeriod(parsing: "2026-11"), december)
    }

    func testMalformedPeriodsSayWhatWasExpected() {
        for text in ["", "2026", "2026-W", "2026-W480", "26-W48", "2026-1", "2026-11-48", "2026-11-12", "W48-2026", "2026-W4x"] {
            XCTAssertThrowsError(try PayPeriod(parsing: text), text) { error in
                XCTAssertEqual(error as? PayPeriodError, .malformed(text))
                XCTAssertTrue("\(error)".contains("2026-W48"), "the message shows an example")
            }
        }
        XCTAssertThrowsError(try PayPeriod(parsing: "2026-W00")) {
            XCTAssertEqual($0 as? PayPeriodError, .weekOutOfRange(year: 2026, week: 0, weeksInYear: 53))
        }
        XCTAssertThrowsError(try PayPeriod(parsing: "2026-13")) { XCTAssertEqual($0 as? PayPeriodError, .monthOutOfRange(13)) }
        XCTAssertThrowsError(try PayPeriod(parsing: "2026-48")) { XCTAssertEqual($0 as? PayPeriodError, .monthOutOfRange(48)) }
        XCTAssertThrowsError(try PayPeriod(parsing: "1900-01")) { XCTAssertEqual($0 as? PayPeriodError, .yearOutOfRange(1900)) }
    }
}
