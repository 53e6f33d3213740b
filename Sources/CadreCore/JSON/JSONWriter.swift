import Foundation

/// Writes compact JSON straight into bytes, for the hot paths where `JSONEncoder`'s generic
/// machinery costs more than the document: the stored form of every answer and the work
/// loop's responses, which embed task input already stored as JSON text.
///
/// The output matches `JSONEncoder` byte for byte (same escapes, same number forms, dates as
/// its `.iso8601` strategy writes them, UUIDs in upper case); tests hold it to that.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    /// Whether `/` is written `\/`, as `JSONEncoder` does unless told `.withoutEscapingSlashes`.
    private let escapesSlashes: Bool
    /// Whether the next value needs a comma before it: after a value inside an open container.
    private var afterValue = false

    public init(escapingSlashes: Bool = true, capacity: Int = 256) {
        escapesSlashes = escapingSlashes
        bytes.reserveCapacity(capacity)
    }

    public mutating func beginObject() { open(UInt8(ascii: "{")) }
    public mutating func endObject() { close(UInt8(ascii: "}")) }
    public mutating func beginArray() { open(UInt8(ascii: "[")) }
    public mutating func endArray() { close(UInt8(ascii: "]")) }

    /// An object member's name; its value follows.
    public mutating func key(_ name: String) {
        separate()
        quoted(name)
        bytes.append(UInt8(ascii: ":"))
        afterValue = false
    }

    public mutating func string(_ value: String) {
        separate()
        quoted(value)
        afterValue = true
    }

    public mutating func integer<Integer: BinaryInteger>(_ value: Integer) { raw(String(value)) }

    public mutating func bool(_ value: Bool) { raw(value ? "true" : "false") }

    public mutating func null() { raw("null") }

    /// A finite number as `JSONEncoder` writes it: Swift's shortest round-trip form, without a
    /// trailing `.0`. A non-finite number, which JSON cannot express, is `null`.
    public mutating func number(_ value: Double) {
        guard value.isFinite else { return null() }
        let text = value.description
        raw(text.hasSuffix(".0") ? String(text.dropLast(2)) : text)
    }

    /// Upper-case hyphenated form, as `uuidString`.
    public mutating func uuid(_ value: UUID) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        value.appendHyphenatedHex(to: &bytes, uppercase: true)
        bytes.append(UInt8(ascii: "\""))
        afterValue = true
    }

    /// `2026-12-07T06:36:07Z`: UTC, whole seconds rounded down, as the `.iso8601` strategy.
    public mutating func date(_ value: Date) {
        let seconds = Int(value.timeIntervalSince1970.rounded(.down))
        let second = (seconds % 86_400 + 86_400) % 86_400
        let (year, month, dayOfMonth) = CivilDay(daysSinceEpoch: (seconds - second) / 86_400).civil
        separate()
        bytes.append(UInt8(ascii: "\""))
        digits(year, width: 4)
        bytes.append(UInt8(ascii: "-"))
        digits(month, width: 2)
        bytes.append(UInt8(ascii: "-"))
        digits(dayOfMonth, width: 2)
        bytes.append(UInt8(ascii: "T"))
        digits(second / 3600, width: 2)
        bytes.append(UInt8(ascii: ":"))
        digits(second % 3600 / 60, width: 2)
        bytes.append(UInt8(ascii: ":"))
        digits(second % 60, width: 2)
        bytes.append(UInt8(ascii: "Z"))
        bytes.append(UInt8(ascii: "\""))
        afterValue = true
    }

    /// A value already written as JSON (a stored input or answer), copied as it is. The
    /// caller vouches that it is one complete JSON value.
    public mutating func json(_ text: String) { raw(text) }

    /// A whole ``JSONValue``, object keys sorted as `JSONEncoder`'s `.sortedKeys` sorts them.
    public mutating func value(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .integer(let number): integer(number)
        case .number(let number): self.number(number)
        case .string(let text): string(text)
        case .array(let elements):
            beginArray()
            for element in elements { self.value(element) }
            endArray()
        case .object(let members):
            beginObject()
            for name in members.keys.sorted() {
                key(name)
                self.value(members[name]!)
            }
            endObject()
        }
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    // MARK: - Bytes

    private static let lowerHexDigits = Array("0123456789abcdef".utf8)

    private mutating func separate() {
        if afterValue { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func open(_ bracket: UInt8) {
        separate()
        bytes.append(bracket)
        afterValue = false
    }

    private mutating func close(_ bracket: UInt8) {
        bytes.append(bracket)
        afterValue = true
    }

    private mutating func raw(_ text: String) {
        separate()
        bytes.append(contentsOf: text.utf8)
        afterValue = true
    }

    private mutating func digits<Integer: BinaryInteger>(_ value: Integer, width: Int) {
        let text = String(value)
        for _ in text.utf8.count..<max(width, text.utf8.count) { bytes.append(UInt8(ascii: "0")) }
        bytes.append(contentsOf: text.utf8)
    }

    /// A JSON string. Bytes of multi-byte UTF-8 sequences are all 0x80 or more, so escaping
    /// byte by byte never splits a character.
    private mutating func quoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case UInt8(ascii: "/") where escapesSlashes:
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case 0x08: escape(UInt8(ascii: "b"))
            case 0x09: escape(UInt8(ascii: "t"))
            case 0x0A: escape(UInt8(ascii: "n"))
            case 0x0C: escape(UInt8(ascii: "f"))
            case 0x0D: escape(UInt8(ascii: "r"))
            case 0..<0x20:
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(Self.lowerHexDigits[Int(byte >> 4)])
                bytes.append(Self.lowerHexDigits[Int(byte & 0x0f)])
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escape(_ letter: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        bytes.append(letter)
    }
}

extension UUID {
    private static let upperHexDigits = Array("0123456789ABCDEF".utf8)
    private static let lowerHexDigits = Array("0123456789abcdef".utf8)

    /// Appends the 36-character hyphenated form (`uuidString`'s, or its lower case) without
    /// `uuidString`, which formats with `sprintf`.
    public func appendHyphenatedHex(to bytes: inout [UInt8], uppercase: Bool) {
        let digits = uppercase ? Self.upperHexDigits : Self.lowerHexDigits
        withUnsafeBytes(of: uuid) { uuid in
            for (index, byte) in uuid.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { bytes.append(UInt8(ascii: "-")) }
                bytes.append(digits[Int(byte >> 4)])
                bytes.append(digits[Int(byte & 0x0f)])
            }
        }
    }
}
