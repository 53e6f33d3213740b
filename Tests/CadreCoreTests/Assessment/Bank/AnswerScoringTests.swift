@testable import CadreCore
import XCTest

final class AnswerScoringTests: XCTestCase {
    private let choice = AssessmentItem(
        id: "q1", stem: "Pick one", answer: .multipleChoice(options: [
            ChoiceOption(key: "A", text: "first"), ChoiceOption(key: "B", text: "second"), ChoiceOption(key: "C", text: "third"),
        ], correctKey: "B"),
        skills: ["s"], parameters: ItemParameters(discrimination: 1, difficulty: 0)
    )

    private func numeric(_ value: Double, tolerance: Double, unit: String? = nil) -> AssessmentItem {
        AssessmentItem(id: "q2", stem: "How many?", answer: .numeric(NumericAnswer(value: value, tolerance: tolerance, unit: unit)),
                       skills: ["s"], parameters: ItemParameters(discrimination: 1, difficulty: 0))
    }

    func testChoiceIsMatchedIgnoringCaseAndSpaces() {
        XCTAssertEqual(choice.score("B"), .correct)
        XCTAssertEqual(choice.score(" b \n"), .correct)
        XCTAssertEqual(choice.score("A"), .incorrect)
        XCTAssertTrue(choice.score("b").isCorrect)
        XCTAssertFalse(choice.score("c").isCorrect)
    }

    func testUnknownOptionIsUnreadableNotWrong() {
        guard case let .unreadable(reason) = choice.score("E") else { return XCTFail("E is not an option") }
        XCTAssertTrue(reason.contains("A, B, C"), reason)
        XCTAssertEqual(choice.score(""), .unreadable(reason: "expected one of the options A, B, C, got \"\""))
        XCTAssertFalse(choice.score("second").isCorrect, "the option's text is not its key")
    }

    func testNumericToleranceIsAbsoluteAndInclusive() {
        let item = numeric(1000, tolerance: 0.5)
        XCTAssertEqual(item.score("1000"), .correct)
        XCTAssertEqual(item.score("1000.5"), .correct)
        XCTAssertEqual(item.score("999.5"), .correct)
        XCTAssertEqual(item.score("1000.6"), .incorrect)
        XCTAssertEqual(item.score("-1000"), .incorrect)
        let exact = numeric(66, tolerance: 0)
        XCTAssertEqual(exact.score("66"), .correct)
        XCTAssertEqual(exact.score("66.0001"), .incorrect)
    }

    func testDecimalRoundingDoesNotRejectTheBoundary() {
        // 0.4 − 0.3 is 0.10000000000000003 in binary floating point.
        XCTAssertEqual(numeric(0.3, tolerance: 0.1).score("0.4"), .correct)
        XCTAssertEqual(numeric(0.3, tolerance: 0.1).score("0.41"), .incorrect)
    }

    func testTolerantNumberReading() {
        let item = numeric(1000, tolerance: 0)
        for typed in ["1,000", "1e3", "1E3", "  1000 ", "1000.", "+1000", "1 000", "1\u{202F}000", "10e2", "1,000.0", "2000/2"] {
            XCTAssertEqual(item.score(typed), .correct, typed)
        }
        XCTAssertEqual(numeric(-42, tolerance: 0).score("\u{2212}42"), .correct, "the Unicode minus sign")
        XCTAssertEqual(numeric(0.5, tolerance: 0).score(".5"), .correct)
        XCTAssertEqual(numeric(2.5e-4, tolerance: 1e-9).score("2.5e-4"), .correct)
        XCTAssertEqual(numeric(1_234_567.89, tolerance: 0.001).score("1,234,567.89"), .correct)
        XCTAssertEqual(numeric(1.0 / 3, tolerance: 0.001).score("1/3"), .correct)
    }

    func testUnitAfterTheNumberIsAccepted() {
        XCTAssertEqual(numeric(9.81, tolerance: 0.05, unit: "m/s²").score("9.8 m/s²"), .correct)
        XCTAssertEqual(numeric(12.5, tolerance: 0.01, unit: "%").score("12.5%"), .correct)
        XCTAssertEqual(numeric(350, tolerance: 0, unit: "mg").score("350 MG"), .correct)
        XCTAssertFalse(numeric(350, tolerance: 0, unit: "mg").score("350 kg").isCorrect, "another unit is not read as this one")
    }

    func testBadNumbersAreUnreadableWithAReason() {
        let item = numeric(1.5, tolerance: 0.1)
        for typed in ["", "   ", "abc", "1.2.3", "--1", "1e", "e3", "inf", "nan", "0x3E8", "1/0", "1/2/3", "12,34", "1,5", "five", "."] {
            guard case let .unreadable(reason) = item.score(typed) else { return XCTFail("\"\(typed)\" should be unreadable") }
            XCTAssertFalse(reason.isEmpty, typed)
        }
        guard case let .unreadable(reason) = item.score("1,5") else { return XCTFail("a decimal comma is ambiguous") }
        XCTAssertTrue(reason.contains("use a point for decimals"), reason)
    }

    func testReadingNumbersDirectly() {
        XCTAssertEqual(try NumericAnswer.read(" 42 ").get(), 42)
        XCTAssertEqual(try NumericAnswer.read("-3.5").get(), -3.5)
        XCTAssertEqual(try NumericAnswer.read("12 500").get(), 12_500)
        XCTAssertEqual(try NumericAnswer.read("7 kg", unit: "kg").get(), 7)
        XCTAssertThrowsError(try NumericAnswer.read("7 kg").get(), "without a unit, letters are not a number")
    }
}
