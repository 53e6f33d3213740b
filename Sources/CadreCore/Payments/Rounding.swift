import Foundation

/// The one rounding rule for money: compute the exact rational result on integers, then round
/// half to even ("banker's rounding", IEEE 754 roundTiesToEven) to whole minor units.
///
/// Every percentage, proration and quotient in payments goes through `roundedQuotient`.
/// Half-even is unbiased: ties go up as often as down, so over thousands of hourly lines the
/// platform neither skims nor leaks cents the way round-half-up would. Ties are symmetric
/// around zero, so a reversal (a negated amount) rounds to exactly the negated result.
/// Where a total must be split into parts that add back to it exactly, `Money.allocate`
/// uses the largest-remainder method instead, because rounding each part independently
/// can create or lose a cent.
public enum Rounding {
    /// `numerator / denominator` rounded half to even. Products are formed in 128 bits by the
    /// callers, so no intermediate value overflows; `denominator` must be positive.
    public static func roundedQuotient(_ numerator: Int128, _ denominator: Int128) -> Int128 {
        precondition(denominator > 0, "rounding needs a positive denominator")
        let quotient = numerator / denominator
        let remainder = numerator % denominator
        if remainder == 0 { return quotient }
        let away: Int128 = numerator < 0 ? -1 : 1
        let twice = remainder.magnitude * 2
        if twice > denominator.magnitude { return quotient + away }
        if twice < denominator.magnitude { return quotient }
        return quotient % 2 == 0 ? quotient : quotient + away
    }

    /// `numerator / denominator` rounded up (toward +∞). Only for bounds, such as the most a
    /// lease could cost, which must never be below the amount later paid; never for an
    /// amount that is paid or charged.
    public static func ceilingQuotient(_ numerator: Int128, _ denominator: Int128) -> Int128 {
        precondition(denominator > 0, "rounding needs a positive denominator")
        let quotient = numerator / denominator
        return numerator % denominator > 0 ? quotient + 1 : quotient
    }
}

extension Money {
    /// Basis points in a whole: 10 000 bp = 100 %.
    public static let basisPointsPerWhole: Int64 = 10_000

    /// An exact 128-bit result converted back to minor units, or an overflow error.
    init(exactly value: Int128, currency: Currency, operation: @autoclosure () -> String) throws(MoneyError) {
        guard let minor = Int64(exactly: value) else { throw .overflow(operation()) }
        self.init(minorUnits: minor, currency: currency)
    }

    /// This amount times `basisPoints` / 10 000, rounded half to even: a 12.5 % bonus is
    /// `percentage(basisPoints: 1250)`. Basis points keep percentages integral, so no
    /// floating point ever touches the amount.
    public func percentage(basisPoints: Int) throws(MoneyError) -> Money {
        let exact = Int128(minorUnits) * Int128(basisPoints)
        let rounded = Rounding.roundedQuotient(exact, Int128(Money.basisPointsPerWhole))
        return try Money(exactly: rounded, currency: currency, operation: "\(self) × \(basisPoints) bp")
    }

    /// Pay for `seconds` of active time at this amount per hour: rate × seconds / 3600,
    /// computed exactly and rounded half to even once. Prorating the total time (rather than
    /// each assignment) means an expert's pay never depends on how the work was split.
    public func prorated(overSeconds seconds: Int64) throws(MoneyError) -> Money {
        guard seconds >= 0 else { throw .negativeQuantity("active seconds") }
        let exact = Int128(minorUnits) * Int128(seconds)
        let rounded = Rounding.roundedQuotient(exact, 3600)
        return try Money(exactly: rounded, currency: currency, operation: "\(self)/h × \(seconds) s")
    }
}
