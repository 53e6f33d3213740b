import Foundation

extension Money {
    /// The amount in major units as a plain decimal string with exactly the currency's
    /// number of decimals: "12.34", "-0.05", "1234" for JPY. Built from the integer digits,
    /// never through a floating-point value, so a CSV for a payment processor is exact.
    public var decimalString: String {
        let digits = currency.minorUnitDigits
        let sign = minorUnits < 0 ? "-" : ""
        let magnitude = minorUnits.magnitude
        guard digits > 0 else { return sign + String(magnitude) }
        let scale = UInt64(currency.minorUnitsPerMajor)
        let fraction = String(magnitude % scale)
        let padded = String(repeating: "0", count: digits - fraction.count) + fraction
        return "\(sign)\(magnitude / scale).\(padded)"
    }

    /// Parses a plain decimal amount such as "12.34", "-3" or "0.5" in `currency`. More
    /// decimals than the minor unit has ("12.345" USD, "5.5" JPY) are refused rather than
    /// rounded, because an amount someone typed should mean exactly what it says.
    public init(decimal text: String, currency: Currency) throws(MoneyError) {
        let negative = text.hasPrefix("-")
        let body = negative ? text.dropFirst() : Substring(text)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        let isDigits = { (part: Substring) in part.allSatisfy { $0.isASCII && $0.isNumber } }
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts.allSatisfy(isDigits) else {
            throw .malformedAmount(text, currency)
        }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.count <= currency.minorUnitDigits, parts.count == 1 || !fraction.isEmpty else {
            throw .malformedAmount(text, currency)
        }
        let padded = fraction + String(repeating: "0", count: currency.minorUnitDigits - fraction.count)
        guard let magnitude = Int128(parts[0] + padded), let value = Int64(exactly: negative ? -magnitude : magnitude) else {
            throw .overflow("\"\(text)\" \(currency.code)")
        }
        self.init(minorUnits: value, currency: currency)
    }
}
