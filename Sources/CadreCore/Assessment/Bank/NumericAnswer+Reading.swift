extension NumericAnswer {
    /// Why typed text is not a number.
    public struct Unreadable: Error, Sendable, Hashable {
        /// What is wrong, for the candidate to read.
        public var reason: String
    }

    /// Reads a number as a candidate types it.
    ///
    /// Accepted: surrounding spaces; a leading `+`, `-` or `−` (U+2212); thousands separated by
    /// commas or spaces in groups of three (`1,000`, `12 500`); a decimal point; an exponent
    /// (`1e3`, `2.5E-4`); a fraction of two such numbers (`1/3`); and the item's `unit` after
    /// the number (`9.8 m/s²`, `15%`). Refused, with a reason: anything else, including a
    /// decimal comma (`1,5` is ambiguous between 1.5 and 15), hexadecimal, `inf` and `nan`,
    /// which `Double.init(_:)` alone would accept.
    public static func read(_ text: String, unit: String? = nil) -> Result<Double, Unreadable> {
        var body = Substring(trim(text))
        // Ignoring case: candidates type "KG" for "kg" as readily as "kg".
        if let unit, !unit.isEmpty, body.lowercased().hasSuffix(unit.lowercased()) {
            body = Substring(trim(String(body.dropLast(unit.count))))
        }
        guard !body.isEmpty else { return .failure(Unreadable(reason: "expected a number, got nothing")) }
        let parts = body.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            return decimal(String(parts[0]), whole: String(body))
        case 2:
            let numerator = decimal(trim(String(parts[0])), whole: String(body))
            let denominator = decimal(trim(String(parts[1])), whole: String(body))
            switch (numerator, denominator) {
            case let (.success(top), .success(bottom)):
                guard bottom != 0 else { return .failure(Unreadable(reason: "the fraction \"\(body)\" divides by zero")) }
                return .success(top / bottom)
            case let (.failure(problem), _), let (_, .failure(problem)):
                return .failure(problem)
            }
        default:
            return .failure(Unreadable(reason: "expected a number, got \"\(body)\""))
        }
    }

    /// A signed decimal with optional thousands groups and exponent.
    private static func decimal(_ text: String, whole: String) -> Result<Double, Unreadable> {
        var scalars = Array(text.unicodeScalars)
        var sign = ""
        if let first = scalars.first, first == "+" || first == "-" || first == "\u{2212}" {
            sign = first == "+" ? "" : "-"
            scalars.removeFirst()
        }
        let exponentAt = scalars.firstIndex { $0 == "e" || $0 == "E" }
        let mantissa = Array(scalars[..<(exponentAt ?? scalars.endIndex)])
        let exponent = exponentAt.map { Array(scalars[($0 + 1)...]) }
        let pointAt = mantissa.firstIndex(of: ".")
        let integerPart = Array(mantissa[..<(pointAt ?? mantissa.endIndex)])
        let fraction = pointAt.map { Array(mantissa[($0 + 1)...]) } ?? []
        let refused = Unreadable(reason: "expected a number such as 42, -3.5, 1,000 or 1e3, got \"\(whole)\"")
        guard integerPart.allSatisfy({ isDigit($0) || separators.contains($0) }) else { return .failure(refused) }
        guard let digits = ungrouped(integerPart) else {
            return .failure(Unreadable(reason: "use a point for decimals; commas and spaces may only separate thousands (1,000), got \"\(whole)\""))
        }
        guard fraction.allSatisfy(isDigit), !(digits.isEmpty && fraction.isEmpty) else { return .failure(refused) }
        var literal = sign + (digits.isEmpty ? "0" : digits) + (fraction.isEmpty ? "" : "." + String(String.UnicodeScalarView(fraction)))
        if let exponent {
            var power = exponent
            var exponentSign = ""
            if let first = power.first, first == "+" || first == "-" || first == "\u{2212}" {
                exponentSign = first == "+" ? "" : "-"
                power.removeFirst()
            }
            guard !power.isEmpty, power.count <= 4, power.allSatisfy(isDigit) else { return .failure(refused) }
            literal += "e" + exponentSign + String(String.UnicodeScalarView(power))
        }
        guard let value = Double(literal), value.isFinite else { return .failure(refused) }
        return .success(value)
    }

    /// The digits of an integer part, with thousands separators removed when they group the
    /// digits in threes; `nil` when separators are used any other way.
    private static func ungrouped(_ scalars: [Unicode.Scalar]) -> String? {
        let groups = scalars.split(omittingEmptySubsequences: false, whereSeparator: separators.contains)
        if groups.count > 1 {
            guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        }
        return groups.map { String(String.UnicodeScalarView($0)) }.joined()
    }

    /// Characters accepted between groups of three digits: comma, space, no-break and thin spaces.
    private static let separators: Set<Unicode.Scalar> = [",", " ", "\u{00A0}", "\u{202F}", "\u{2009}"]

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    private static func trim(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars[...]
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
