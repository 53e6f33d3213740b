import Foundation

/// A span of time money is counted over, in UTC: an ISO 8601 week for expert pay and payout
/// batches, a calendar month for client invoices.
///
/// Weeks run Monday 00:00 to the next Monday 00:00 UTC, numbered as ISO 8601 does (week 1
/// holds the year's first Thursday), so "2026-W48" is 23–29 November 2026 and every day
/// belongs to exactly one week. Periods are half-open, `[start, end)`: a heartbeat at
/// exactly midnight on Monday belongs to the new week, never to both.
public struct PayPeriod: Hashable, Comparable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable { case isoWeek, month }

    public let kind: Kind
    /// The ISO week-numbering year for a week (which can differ from the calendar year of
    /// its first days), the calendar year for a month.
    public let year: Int
    /// The week (1…53) or the month (1…12).
    public let number: Int

    static let years = 1970...9999

    /// ISO week `week` of ISO year `year`; week 53 only exists in years that have it.
    public static func isoWeek(year: Int, week: Int) throws(PayPeriodError) -> PayPeriod {
        guard years.contains(year) else { throw .yearOutOfRange(year) }
        let weeks = CivilDay.isoWeeks(in: year)
        guard (1...weeks).contains(week) else { throw .weekOutOfRange(year: year, week: week, weeksInYear: weeks) }
        return PayPeriod(kind: .isoWeek, year: year, number: week)
    }

    /// Calendar month `month` of `year`.
    public static func month(year: Int, month: Int) throws(PayPeriodError) -> PayPeriod {
        guard years.contains(year) else { throw .yearOutOfRange(year) }
        guard (1...12).contains(month) else { throw .monthOutOfRange(month) }
        return PayPeriod(kind: .month, year: year, number: month)
    }

    /// The ISO week a moment falls in.
    public static func isoWeek(containing date: Date) -> PayPeriod {
        let day = CivilDay(containing: date)
        let thursday = day.adding(days: 4 - day.isoWeekday)
        let year = thursday.civil.year
        let week = (thursday.daysSinceEpoch - CivilDay.firstISOMonday(of: year).daysSinceEpoch) / 7 + 1
        return PayPeriod(kind: .isoWeek, year: year, number: week)
    }

    /// The calendar month a moment falls in.
    public static func month(containing date: Date) -> PayPeriod {
        let civil = CivilDay(containing: date).civil
        return PayPeriod(kind: .month, year: civil.year, number: civil.month)
    }

    var firstDay: CivilDay {
        switch kind {
        case .isoWeek: return CivilDay.firstISOMonday(of: year).adding(days: 7 * (number - 1))
        case .month: return CivilDay(year: year, month: number, day: 1)
        }
    }

    var endDay: CivilDay {
        switch kind {
        case .isoWeek: return firstDay.adding(days: 7)
        case .month: return number == 12 ? CivilDay(year: year + 1, month: 1, day: 1) : CivilDay(year: year, month: number + 1, day: 1)
        }
    }

    /// Midnight UTC on the first day, inclusive.
    public var start: Date { firstDay.start }
    /// Midnight UTC after the last day, exclusive.
    public var end: Date { endDay.start }

    public func contains(_ date: Date) -> Bool { date >= start && date < end }

    /// The canonical spelling: "2026-W48" or "2026-11".
    public var description: String {
        switch kind {
        case .isoWeek: return "\(Self.padded(year, 4))-W\(Self.padded(number, 2))"
        case .month: return "\(Self.padded(year, 4))-\(Self.padded(number, 2))"
        }
    }

    /// A week with its month spelled out, "2026-11-W48", as the payouts command shows it.
    /// The month is the one holding the week's Thursday, the day ISO 8601 dates a week by.
    public var descriptionWithMonth: String {
        guard kind == .isoWeek else { return description }
        let thursday = firstDay.adding(days: 3).civil
        return "\(Self.padded(thursday.year, 4))-\(Self.padded(thursday.month, 2))-W\(Self.padded(number, 2))"
    }

    public static func < (lhs: PayPeriod, rhs: PayPeriod) -> Bool {
        (lhs.start, lhs.end) < (rhs.start, rhs.end)
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
