import Foundation

/// A calendar day in UTC counted as days since 1970-01-01, with the conversions pay periods
/// need. Plain integer arithmetic (Hinnant, "chrono-Compatible Low-Level Date Algorithms")
/// rather than `Calendar`, so a period's boundaries never depend on the server's locale,
/// time zone or first weekday.
public struct CivilDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    var daysSinceEpoch: Int

    init(daysSinceEpoch: Int) { self.daysSinceEpoch = daysSinceEpoch }

    init(year: Int, month: Int, day: Int) {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        daysSinceEpoch = era * 146_097 + dayOfEra - 719_468
    }

    /// The UTC day a moment falls on.
    public init(containing date: Date) {
        daysSinceEpoch = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    var civil: (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// ISO 8601 weekday: Monday 1 … Sunday 7 (1970-01-01 was a Thursday).
    var isoWeekday: Int { ((daysSinceEpoch + 3) % 7 + 7) % 7 + 1 }

    /// Midnight UTC at the start of this day.
    public var start: Date { Date(timeIntervalSince1970: TimeInterval(daysSinceEpoch) * 86_400) }

    public func adding(days: Int) -> CivilDay { CivilDay(daysSinceEpoch: daysSinceEpoch + days) }

    /// The Monday of ISO week 1 of `year`: the week containing 4 January.
    static func firstISOMonday(of year: Int) -> CivilDay {
        let fourth = CivilDay(year: year, month: 1, day: 4)
        return fourth.adding(days: 1 - fourth.isoWeekday)
    }

    /// 52 or 53: the number of ISO weeks in `year`.
    static func isoWeeks(in year: Int) -> Int {
        (firstISOMonday(of: year + 1).daysSinceEpoch - firstISOMonday(of: year).daysSinceEpoch) / 7
    }

    public static func < (lhs: CivilDay, rhs: CivilDay) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    /// "2026-11-29".
    public var description: String {
        let (year, month, day) = civil
        return String(format: "%04d-%02d-%02d", year, month, day)
    }
}
