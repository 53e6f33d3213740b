import Foundation

/// The RFC 4180 reading and writing shared by the crowd-data formats.
///
/// Reading works on one mutable copy of the file's bytes: fields are views into it, and
/// quoted fields are unescaped in place (unescaping only ever shrinks a field), so a
/// million-row file is scanned without allocating per row.
enum CrowdCSV {
    typealias Field = UnsafeBufferPointer<UInt8>

    private static let comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n")
    private static let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r")
    private static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")

    /// Calls `body` with the 1-based line a record starts on and its fields, for every
    /// record that is not a blank line. Unquoted fields are trimmed of spaces and tabs.
    static func forEachRecord(
        in bytes: [UInt8],
        _ body: (_ line: Int, _ fields: [Field]) throws(QualityInputError) -> Void
    ) throws(QualityInputError) {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        defer { buffer.deallocate() }
        _ = buffer.initialize(from: bytes)
        let p = buffer.baseAddress!
        let n = bytes.count
        var i = (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) ? 3 : 0
        var line = 1
        var fields: [Field] = []
        fields.reserveCapacity(8)
        while i < n {
            let recordLine = line
            fields.removeAll(keepingCapacity: true)
            var sawQuote = false
            while true {
                var start = i
                var end: Int
                if i < n && p[i] == quote {
                    sawQuote = true
                    let openLine = line
                    var write = i
                    i += 1
                    while true {
                        guard i < n else { throw .unterminatedQuote(line: openLine) }
                        let c = p[i]
                        if c == quote {
                            if i + 1 < n && p[i + 1] == quote {
                                p[write] = quote; write += 1; i += 2
                                continue
                            }
                            i += 1
                            break
                        }
                        if c == newline { line += 1 }
                        p[write] = c; write += 1; i += 1
                    }
                    end = write
                    while i < n && (p[i] == space || p[i] == tab || p[i] == cr) { i += 1 }
                    if i < n && p[i] != comma && p[i] != newline { throw .textAfterQuote(line: line) }
                } else {
                    while i < n && p[i] != comma && p[i] != newline { i += 1 }
                    end = i
                    while end > start && (p[end - 1] == cr || p[end - 1] == space || p[end - 1] == tab) { end -= 1 }
                    while start < end && (p[start] == space || p[start] == tab) { start += 1 }
                }
                fields.append(Field(start: p + start, count: end - start))
                if i < n && p[i] == comma {
                    i += 1
                    continue
                }
                if i < n { i += 1; line += 1 }
                break
            }
            if fields.count == 1 && fields[0].isEmpty && !sawQuote { continue }
            try body(recordLine, fields)
        }
    }

    /// The text of a field.
    static func string(_ field: Field) -> String {
        String(decoding: field, as: UTF8.self)
    }

    private static let powersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }

    /// The finite number in `field`, or nil. Plain decimals such as `-12.5` are converted
    /// exactly here (mantissa below 2⁵³ and a power of ten up to 10²², both exact doubles, so
    /// one division rounds correctly); other decimal notation goes through `Double(_:)`.
    static func number(_ field: Field) -> Double? {
        var i = 0
        let n = field.count
        guard n > 0 else { return nil }
        var negative = false
        if field[0] == UInt8(ascii: "-") || field[0] == UInt8(ascii: "+") {
            negative = field[0] == UInt8(ascii: "-")
            i = 1
        }
        var mantissa: UInt64 = 0, digits = 0, fractionDigits = 0, seenPoint = false, simple = i < n
        while i < n {
            let c = field[i]
            if c >= 48 && c <= 57 {
                mantissa = mantissa &* 10 &+ UInt64(c - 48)
                digits += 1
                if seenPoint { fractionDigits += 1 }
            } else if c == UInt8(ascii: ".") && !seenPoint {
                seenPoint = true
            } else {
                simple = false
                break
            }
            i += 1
        }
        if simple && digits > 0 && digits <= 15 && fractionDigits <= 22 {
            let magnitude = Double(mantissa) / powersOfTen[fractionDigits]
            return negative ? -magnitude : magnitude
        }
        // Only decimal notation: `Double(_:)` would also take hexadecimal, "nan" and "inf".
        let decimal = field.allSatisfy { ($0 >= 48 && $0 <= 57) || $0 == 43 || $0 == 45 || $0 == 46 || $0 | 0x20 == 101 }
        guard decimal, let value = Double(string(field)), value.isFinite else { return nil }
        return value
    }

    /// Whether `field` equals `name`, ignoring ASCII case; used to find header columns.
    static func matches(_ field: Field, _ name: String) -> Bool {
        let target = Array(name.utf8)
        guard target.count == field.count else { return false }
        for (a, b) in zip(field, target) where a | 0x20 != b | 0x20 { return false }
        return true
    }

    /// The positions of `names` in a header row, throwing for the first one missing.
    static func columns(_ names: [String], in header: [Field], line: Int) throws(QualityInputError) -> [Int] {
        var positions: [Int] = []
        for name in names {
            guard let index = header.firstIndex(where: { matches($0, name) }) else {
                throw .missingColumn(name, line: line)
            }
            positions.append(index)
        }
        return positions
    }

    /// Appends `text` as one CSV field, quoting it when it holds a separator, quote or line
    /// break.
    static func appendField<C: Collection>(_ text: C, to output: inout [UInt8]) where C.Element == UInt8 {
        let needsQuotes = text.contains { $0 == comma || $0 == quote || $0 == newline || $0 == cr }
        guard needsQuotes else {
            output.append(contentsOf: text)
            return
        }
        output.append(quote)
        for byte in text {
            if byte == quote { output.append(quote) }
            output.append(byte)
        }
        output.append(quote)
    }

    /// Appends the shortest text that reads back as exactly `value`, as Swift and Python's
    /// `repr` print doubles; NaN and infinities never reach here.
    static func appendNumber(_ value: Double, to output: inout [UInt8]) {
        if value == value.rounded(), abs(value) < 1e15 {
            output.append(contentsOf: String(Int64(value)).utf8)
        } else {
            output.append(contentsOf: value.description.utf8)
        }
    }
}
