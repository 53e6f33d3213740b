import Foundation
import XCTest

@testable import CadreCore

final class JSONValueParsingTests: XCTestCase {
    func testDecodesEscapesAndSurrogatePairs() throws {
        let value = try JSONValue(parsing: #"["a\"b\\c\/d\n\t", "\u00e9\u4e2d", "\ud83d\ude00", "plain é 中 😀"]"#)
        XCTAssertEqual(value, ["a\"b\\c/d\n\t", "é中", "😀", "plain é 中 😀"])
    }

    func testAgreesWithJSONDecoder() throws {
        let text = #"{"n": [0, -1, 1.5, -2.5e-3, 1E2, 9223372036854775807, 9223372036854775808], "s": "x\u0041", "b": [true, false, null], "o": {}}"#
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        XCTAssertEqual(try JSONValue(parsing: text), decoded)
        XCTAssertEqual(try JSONValue(parsing: "9223372036854775807"), .integer(Int.max))
        XCTAssertEqual(try JSONValue(parsing: "9223372036854775808"), .number(9_223_372_036_854_775_808))
    }

    func testScalarsAtTheTopLevelWithSurroundingWhitespace() throws {
        XCTAssertEqual(try JSONValue(parsing: " \n 42 \t"), 42)
        XCTAssertEqual(try JSONValue(parsing: "\"x\""), "x")
        XCTAssertEqual(try JSONValue(parsing: "null"), .null)
    }

    func testLastRepeatedKeyWins() throws {
        XCTAssertEqual(try JSONValue(parsing: #"{"a": 1, "a": 2}"#), ["a": 2])
    }

    func testReportsWhereAndWhyADocumentIsInvalid() {
        let cases: [(String, Int, String)] = [
            (#"{"a": 1,}"#, 8, "member name"),
            ("[1, 2", 5, "',' or ']'"),
            ("[01]", 1, "leading zeros"),
            ("1.", 2, "decimal point"),
            ("tru", 0, "true"),
            (#""a"#, 2, "unterminated"),
            ("\"a\u{1}\"", 2, "control character"),
            (#""\x""#, 3, "invalid escape"),
            (#""\ud800x""#, 7, "surrogate"),
            ("{} []", 3, "after the value"),
            ("", 0, "end of the input"),
            ("[1e999]", 1, "out of range"),
        ]
        for (text, offset, reason) in cases {
            do {
                let value = try JSONValue(parsing: text)
                XCTFail("\(text) parsed as \(value)")
            } catch {
                XCTAssertEqual(error.offset, offset, text)
                XCTAssertTrue(error.reason.contains(reason), "\(text): \(error.reason)")
            }
        }
    }

    func testRefusesNestingBeyondTheLimit() {
        let deep = String(repeating: "[", count: JSONValue.maxNestingDepth + 1) + String(repeating: "]", count: JSONValue.maxNestingDepth + 1)
        XCTAssertThrowsError(try JSONValue(parsing: deep))
        let allowed = String(repeating: "[", count: JSONValue.maxNestingDepth) + String(repeating: "]", count: JSONValue.maxNestingDepth)
        XCTAssertNoThrow(try JSONValue(parsing: allowed))
    }
}
