import Foundation

/// An ISO 4217 currency: its three-letter code and how many decimal digits its minor unit has.
///
/// The exponent matters because an amount is stored in minor units: 1234 is 12.34 USD but
/// 1234 JPY. Only currencies in `knownExponents` are accepted, so a typo such as "USDD" or an
/// unlisted code is refused at the edge instead of being formatted with a guessed exponent.
public struct Currency: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The upper-case ISO 4217 alphabetic code.
    public let code: String
    /// Decimal digits of the minor unit (2 for USD, 0 for JPY, 3 for KWD).
    public let minorUnitDigits: Int

    /// Minor-unit exponents from the ISO 4217 list for the currencies clients and experts
    /// are likely to use. Adding one is a one-line change here.
    public static let knownExponents: [String: Int] = [
        "USD": 2, "EUR": 2, "GBP": 2, "CHF": 2, "CAD": 2, "AUD": 2, "NZD": 2, "SEK": 2,
        "NOK": 2, "DKK": 2, "PLN": 2, "CZK": 2, "HUF": 2, "RON": 2, "INR": 2, "CNY": 2,
        "HKD": 2, "SGD": 2, "MXN": 2, "BRL": 2, "ZAR": 2, "ILS": 2, "TRY": 2, "PHP": 2,
        "JPY": 0, "KRW": 0, "CLP": 0, "ISK": 0, "VND": 0,
        "KWD": 3, "BHD": 3, "JOD": 3, "OMR": 3, "TND": 3,
    ]

    /// A currency from its ISO code (case-insensitive); unknown codes are refused.
    public init(code: String) throws(MoneyError) {
        let upper = code.uppercased()
        guard let digits = Currency.knownExponents[upper] else { throw .unknownCurrency(code) }
        self.code = upper
        self.minorUnitDigits = digits
    }

    private init(known code: String, digits: Int) {
        self.code = code
        self.minorUnitDigits = digits
    }

    public static let usd = Currency(known: "USD", digits: 2)
    public static let eur = Currency(known: "EUR", digits: 2)
    public static let gbp = Currency(known: "GBP", digits: 2)
    public static let jpy = Currency(known: "JPY", digits: 0)

    /// Minor units in one major unit: 100 for USD, 1 for JPY.
    public var minorUnitsPerMajor: Int64 {
        var scale: Int64 = 1
        for _ in 0..<minorUnitDigits { scale *= 10 }
        return scale
    }

    public var description: String { code }

    public static func < (lhs: Currency, rhs: Currency) -> Bool { lhs.code < rhs.code }

    public init(from decoder: any Decoder) throws {
        let code = try decoder.singleValueContainer().decode(String.self)
        do { self = try Currency(code: code) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}
