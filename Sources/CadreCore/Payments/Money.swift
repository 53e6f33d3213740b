import Foundation

/// An amount of money: a whole number of minor units (cents, pence, yen) in one currency.
///
/// Integers because binary floating point cannot represent 0.10 exactly and its errors add
/// up over thousands of postings; 64 bits because that covers ±92 quadrillion minor units.
/// Every operation that could overflow or mix currencies throws instead of trapping or
/// wrapping, so a bad input is refused rather than paid.
public struct Money: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The amount in the currency's minor unit (cents for USD, yen for JPY).
    public let minorUnits: Int64
    public let currency: Currency

    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Zero in a currency, the start of every sum.
    public static func zero(_ currency: Currency) -> Money { Money(minorUnits: 0, currency: currency) }

    public var isZero: Bool { minorUnits == 0 }
    public var isPositive: Bool { minorUnits > 0 }
    public var isNegative: Bool { minorUnits < 0 }

    /// The amount as a decimal string in major units, e.g. "12.34 USD".
    public var description: String { "\(decimalString) \(currency.code)" }

    /// This amount plus another in the same currency.
    public func adding(_ other: Money) throws(MoneyError) -> Money {
        try requireSameCurrency(other)
        let (sum, overflow) = minorUnits.addingReportingOverflow(other.minorUnits)
        guard !overflow else { throw .overflow("\(self) + \(other)") }
        return Money(minorUnits: sum, currency: currency)
    }

    /// This amount minus another in the same currency.
    public func subtracting(_ other: Money) throws(MoneyError) -> Money {
        try requireSameCurrency(other)
        let (difference, overflow) = minorUnits.subtractingReportingOverflow(other.minorUnits)
        guard !overflow else { throw .overflow("\(self) − \(other)") }
        return Money(minorUnits: difference, currency: currency)
    }

    /// The amount with its sign flipped; throws only for `Int64.min`, which has no opposite.
    public func negated() throws(MoneyError) -> Money {
        guard minorUnits != .min else { throw .overflow("−(\(self))") }
        return Money(minorUnits: -minorUnits, currency: currency)
    }

    /// The amount times a whole number, e.g. a per-task rate times accepted answers.
    public func multiplied(by factor: Int64) throws(MoneyError) -> Money {
        let (product, overflow) = minorUnits.multipliedReportingOverflow(by: factor)
        guard !overflow else { throw .overflow("\(self) × \(factor)") }
        return Money(minorUnits: product, currency: currency)
    }

    /// The sum of amounts that must all be in `currency`; zero for none.
    public static func sum(_ amounts: some Sequence<Money>, in currency: Currency) throws(MoneyError) -> Money {
        var total = Money.zero(currency)
        for amount in amounts { total = try total.adding(amount) }
        return total
    }

    func requireSameCurrency(_ other: Money) throws(MoneyError) {
        guard currency == other.currency else { throw .currencyMismatch(currency, other.currency) }
    }
}
