import Foundation
import XCTest

@testable import CadreCore

final class JSONValueTests: XCTestCase {
    func testParsesEveryKindOfValue() throws {
        let value = try JSONValue(parsing: #"{"a": null, "b": true, "c": 3, "d": 2.5, "e": "x", "f": [1, "y"], "g": {"h": false}}"#)

        XCTAssertEqual(value["a"], .null)
        XCTAssertEqual(value["b"], .bool(true))
        XCTAssertEqual(value["c"], .integer(3))
        XCTAssertEqual(value["d"], .number(2.5))
        XCTAssertEqual(value["e"]?.stringValue, "x")
        XCTAssertEqual(value["f"]?[1], "y")
        XCTAssertEqual(value["g"]?["h"]?.boolValue, false)
        XCTAssertNil(value["missing"])
        XCTAssertNil(value["f"]?[5])
    }

    func testBooleansAndNumbersStayDistinct() throws {
        XCTAssertEqual(try JSONValue(parsing: "[true, 1, 0, false]"), [true, 1, 0, false])
        XCTAssertNotEqual(JSONValue.bool(true), JSONValue.integer(1))
        XCTAssertNil(JSONValue.integer(1).boolValue)
    }

    func testIntegersBeyondIntRangeBecomeDoubles() throws {
        let value = try JSONValue(parsing: "[12345678901234567890, 1e3, -7]")
        XCTAssertEqual(value[0], .number(1.2345678901234567e19))
        XCTAssertEqual(value[1]?.intValue, 1000)
        XCTAssertEqual(value[2], .integer(-7))
    }

    func testWholeDoublesEqualAndHashLikeIntegers() {
        XCTAssertEqual(JSONValue.integer(2), JSONValue.number(2.0))
        XCTAssertEqual(Set<JSONValue>([.integer(2), .number(2.0)]).count, 1)
        XCTAssertNotEqual(JSONValue.integer(2), JSONValue.number(2.5))
        XCTAssertNotEqual(JSONValue.integer(Int.max), JSONValue.number(Double(Int.max)))
        XCTAssertEqual(JSONValue.number(3.0).intValue, 3)
        XCTAssertNil(JSONValue.number(3.5).intValue)
    }

    func testObjectsCompareWithoutRegardToKeyOrder() throws {
        XCTAssertEqual(try JSONValue(parsing: #"{"a": 1, "b": 2}"#), try JSONValue(parsing: #"{"b": 2, "a": 1}"#))
    }

    func testRoundTripsThroughEncodedTextWithSortedKeys() throws {
        let value: JSONValue = ["z": [1, 2.5, "é", nil], "a": ["nested": true]]

        XCTAssertEqual(value.jsonText, #"{"a":{"nested":true},"z":[1,2.5,"é",null]}"#)
        XCTAssertEqual(try JSONValue(parsing: value.encodedData()), value)
    }

    func testRejectsMalformedJSON() {
        XCTAssertThrowsError(try JSONValue(parsing: "{\"a\": }"))
    }

    func testDescribesKindsForErrorMessages() {
        XCTAssertEqual(JSONValue.number(1.5).kindDescription, "a number")
        XCTAssertEqual(JSONValue.array([]).kindDescription, "an array")
        XCTAssertEqual(JSONValue.null.kindDescription, "null")
    }
}
