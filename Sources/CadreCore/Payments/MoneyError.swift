import Foundation

/// Why a money computation refused to produce a result.
///
/// Money arithmetic never traps and never wraps: a result that cannot be represented exactly
/// is an error the caller must handle, so a bug shows up as a refused posting rather than as
/// a wrong payout.
public enum MoneyError: Error, Equatable, Sendable {
    /// The code is not a three-letter ISO 4217 code this platform knows the minor unit of.
    case unknownCurrency(String)
    /// Two amounts in different currencies were combined.
    case currencyMismatch(Currency, Currency)
    /// The exact result does not fit in 64-bit minor units.
    case overflow(String)
    /// A decimal amount was malformed or had more decimals than the currency's minor unit.
    case malformedAmount(String, Currency)
    /// An allocation was asked for with no weights, a negative weight, or weights summing to zero.
    case invalidWeights([Int])
    /// A rate or quantity that must be non-negative was negative.
    case negativeQuantity(String)
}

extension MoneyError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .unknownCurrency(let code):
            return "unknown currency \"\(code)\": expected an ISO 4217 code such as USD, EUR, GBP or JPY"
        case .currencyMismatch(let a, let b):
            return "cannot combine \(a.code) with \(b.code)"
        case .overflow(let operation):
            return "amount too large: \(operation) does not fit in 64-bit minor units"
        case .malformedAmount(let text, let currency):
            return "\"\(text)\" is not an amount in \(currency.code): expected digits with at most \(currency.minorUnitDigits) decimals"
        case .invalidWeights(let weights):
            return "cannot allocate by weights \(weights): they must be non-negative with a positive sum"
        case .negativeQuantity(let what):
            return "\(what) must not be negative"
        }
    }
}
