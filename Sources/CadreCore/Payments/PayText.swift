import Foundation

/// The small pieces of wording pay explanations share, built from integers so an
/// explanation never shows a rounded figure the amount does not match.
public enum PayText {
    /// "2 h 5 min 10 s", "45 s", "0 s".
    static func duration(_ seconds: Int64) -> String {
        let hours = seconds / 3600, minutes = seconds % 3600 / 60, rest = seconds % 60
        var parts: [String] = []
        if hours > 0 { parts.append("\(hours) h") }
        if minutes > 0 { parts.append("\(minutes) min") }
        if rest > 0 || parts.isEmpty { parts.append("\(rest) s") }
        return parts.joined(separator: " ")
    }

    /// Basis points as a percentage without trailing zeros: 1250 → "12.5 %", 33 → "0.33 %".
    public static func percent(_ basisPoints: Int) -> String {
        let sign = basisPoints < 0 ? "-" : ""
        let magnitude = basisPoints.magnitude
        var fraction = PayPeriod.padded(Int(magnitude % 100), 2)
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(sign)\(magnitude / 100)\(fraction.isEmpty ? "" : "." + fraction) %"
    }

    /// Hours with two decimals from seconds, rounded half to even: 5400 → "1.50".
    public static func hours(_ seconds: Int64) -> String {
        let hundredths = Int64(Rounding.roundedQuotient(Int128(seconds) * 100, 3600))
        // Hundredths of an hour print exactly like cents of a two-decimal currency.
        return Money(minorUnits: hundredths, currency: .usd).decimalString
    }
}

/// Writes CSV as RFC 4180 describes: comma-separated, CRLF-free `\n` line ends, and fields
/// quoted only when they hold a comma, quote or line break.
enum CSVText {
    static func row(_ fields: [String]) -> String {
        fields.map { field in
            guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",")
    }

    static func document(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map(row).joined(separator: "\n") + "\n"
    }
}
