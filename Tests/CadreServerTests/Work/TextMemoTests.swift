@testable import CadreServer
import XCTest

/// The memo behind a cached project's decoded columns: keyed by the text, so an edit is a new
/// entry and never a stale one, and a failure is never kept.
final class TextMemoTests: XCTestCase {
    private struct Damaged: Error {}

    func testMakesEachTextOnceAndAnEditedTextAfresh() throws {
        let memo = TextMemo<Int>(limit: 2)
        var made: [String] = []
        let make = { (text: String) -> Int in made.append(text); return text.count }
        XCTAssertEqual(memo.value(for: "{}", make), 2)
        XCTAssertEqual(memo.value(for: "{}", make), 2)
        XCTAssertEqual(memo.value(for: #"{"a":1}"#, make), 7)
        XCTAssertEqual(made, ["{}", #"{"a":1}"#])
        XCTAssertEqual(memo.value(for: "[1]", make), 3, "past the limit the memo starts again")
        XCTAssertEqual(memo.value(for: "{}", make), 2)
        XCTAssertEqual(made, ["{}", #"{"a":1}"#, "[1]", "{}"])
    }

    func testAFailureIsThrownEveryTime() {
        let memo = TextMemo<Int>()
        var attempts = 0
        for _ in 0..<2 {
            XCTAssertThrowsError(try memo.value(for: "{") { _ in attempts += 1; throw Damaged() })
        }
        XCTAssertEqual(attempts, 2)
    }
}
