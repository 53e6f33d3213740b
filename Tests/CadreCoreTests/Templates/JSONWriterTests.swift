import CadreCore
import Foundation
import XCTest

/// `JSONWriter` promises `JSONEncoder`'s bytes: stored answers written before it must stay
/// byte-equal to the same answers written now, and responses must not change shape.
final class JSONWriterTests: XCTestCase {
    private func encoded<Value: Encodable>(_ value: Value, slashes: Bool = false, dates: Bool = false) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = slashes ? [.sortedKeys] : [.sortedKeys, .withoutEscapingSlashes]
        if dates { encoder.dateEncodingStrategy = .iso8601 }
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    func testStringsEscapeEveryCharacterAsTheEncoderDoes() throws {
        var everyASCII = ""
        for code in 0..<128 { everyASCII.unicodeScalars.append(Unicode.Scalar(UInt8(code))) }
        for text in [everyASCII, "é😀\u{2028}\u{2029}\u{FEFF}\u{85}e\u{301}", "", "a/b\\c\"d"] {
            for slashes in [true, false] {
                var writer = JSONWriter(escapingSlashes: slashes)
                writer.string(text)
                XCTAssertEqual(writer.text, try encoded(text, slashes: slashes), "slashes escaped: \(slashes)")
            }
        }
    }

    func testNumbersAreWrittenAsTheEncoderWritesThem() throws {
        var generator = SystemRandomNumberGenerator()
        var samples: [Double] = [0, -0.0, 1, -1, 0.1, 1e15, 1e16, 1e20, 1e21, 1.5e-7, 123456789.123, 1e300,
                                 .leastNonzeroMagnitude, .greatestFiniteMagnitude, 0.30000000000000004, 2.5, 100]
        for _ in 0..<2_000 {
            let value = Double(bitPattern: generator.next())
            if value.isFinite { samples.append(value) }
            samples.append(Double.random(in: -1e6...1e6))
        }
        for value in samples {
            var writer = JSONWriter()
            writer.number(value)
            XCTAssertEqual(writer.text, try encoded(value), "\(value)")
        }
        var nonFinite = JSONWriter()
        nonFinite.number(.infinity)
        XCTAssertEqual(nonFinite.text, "null")
    }

    func testDatesAndIdsMatchTheEncodersStrategies() throws {
        var dates = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1.999), Date(timeIntervalSince1970: -0.5),
                     Date(timeIntervalSince1970: -86_400 * 400), Date(timeIntervalSince1970: 951_782_400)]  // 2000-02-29
        for _ in 0..<2_000 { dates.append(Date(timeIntervalSince1970: Double.random(in: -5e9...1e10))) }
        for date in dates {
            var writer = JSONWriter()
            writer.date(date)
            XCTAssertEqual(writer.text, try encoded(date, dates: true), "\(date.timeIntervalSince1970)")
        }
        for _ in 0..<100 {
            let id = UUID()
            var writer = JSONWriter()
            writer.uuid(id)
            XCTAssertEqual(writer.text, try encoded(id))
            var lower: [UInt8] = []
            id.appendHyphenatedHex(to: &lower, uppercase: false)
            XCTAssertEqual(String(decoding: lower, as: UTF8.self), id.uuidString.lowercased())
        }
    }

    func testValuesMatchSortedKeyEncodingAndStoredText() throws {
        let keys = ["a10", "a2", "B", "a", "_", "A", "é", "e", "10", "9", "x y", "ﬁ", "ｂ", "a/b", "\u{1}"]
        var members: [String: JSONValue] = [:]
        for (index, key) in keys.enumerated() {
            members[key] = index % 3 == 0 ? .integer(index) : .array([.string(key), .number(Double(index) / 7), .bool(true), .null])
        }
        let value = JSONValue.object(["outer": .object(members), "list": .array([.object(members), .array([]), .object([:])])])
        XCTAssertEqual(value.jsonText, try encoded(value))
        var withSlashes = JSONWriter()
        withSlashes.value(value)
        XCTAssertEqual(withSlashes.text, try encoded(value, slashes: true))
        XCTAssertEqual(try JSONValue(parsing: value.jsonText), value)
    }

    func testContainersSeparateTheirMembers() throws {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("id")
        writer.integer(7)
        writer.key("input")
        writer.json(#"{"prompt":"hi"}"#)
        writer.key("list")
        writer.beginArray()
        writer.string("a")
        writer.beginObject()
        writer.endObject()
        writer.null()
        writer.endArray()
        writer.key("done")
        writer.bool(false)
        writer.endObject()
        XCTAssertEqual(writer.text, #"{"id":7,"input":{"prompt":"hi"},"list":["a",{},null],"done":false}"#)
    }
}
