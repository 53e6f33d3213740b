import Foundation

/// Why a pay period could not be read; each case says what was expected.
public enum PayPeriodError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(String)
    case yearOutOfRange(Int)
    case weekOutOfRange(year: Int, week: Int, weeksInYear: Int)
    case monthOutOfRange(Int)
    /// "2026-12-W48": the week has no day in the month named with it.
    case weekNotInMonth(year: Int, month: Int, week: Int)

    public var description: String {
        switch self {
        case .malformed(let text):
            return "\"\(text)\" is not a pay period: expected an ISO week such as 2026-W48 (or 2026-11-W48) or a month such as 2026-11"
        case .yearOutOfRange(let year):
            return "year \(year) is out of range: expected \(PayPeriod.years.lowerBound)…\(PayPeriod.years.upperBound)"
        case let .weekOutOfRange(year, week, weeks):
            return "week \(week) does not exist in \(year): it has weeks 1…\(weeks)"
        case .monthOutOfRange(let month):
            return "month \(month) is out of range: expected 01…12"
        case let .weekNotInMonth(year, month, week):
            return "week \(year)-W\(PayPeriod.padded(week, 2)) has no day in \(year)-\(PayPeriod.padded(month, 2))"
        }
    }
}

extension PayPeriod {
    /// Reads "2026-W48" (ISO 8601 week), "2026-11-W48" (the same week with its month, the
    /// spelling `cadre payouts run --period` shows) or "2026-11" (a calendar month).
    ///
    /// In the month-qualified form the month is a readability aid that must agree with the
    /// week: it is accepted when the week has at least one day in that month, so both
    /// "2026-11-W49" and "2026-12-W49" name 30 Nov – 6 Dec 2026, while "2026-10-W49" is
    /// refused as a probable typo. Week numbers are ISO week-numbering years throughout.
    public init(parsing text: String) throws(PayPeriodError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, let year = Self.number(parts[0], digits: 4...4) else {
            throw .malformed(text)
        }
        let last = parts[parts.count - 1]
        if last.first == "W" || last.first == "w" {
            guard let week = Self.number(last.dropFirst(), digits: 1...2) else { throw .malformed(text) }
            let period = try PayPeriod.isoWeek(year: year, week: week)
            if parts.count == 3 {
                guard let month = Self.number(parts[1], digits: 2...2) else { throw .malformed(text) }
                let named = try PayPeriod.month(year: year, month: month)
                guard period.start < named.end, named.start < period.end else {
                    throw .weekNotInMonth(year: year, month: month, week: week)
                }
            }
            self = period
        } else {
            guard parts.count == 2, let month = Self.number(last, digits: 2...2) else { throw .malformed(text) }
            self = try PayPeriod.month(year: year, month: month)
        }
    }

    private static func number(_ text: Substring, digits: ClosedRange<Int>) -> Int? {
        guard digits.contains(text.count), text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }
}
