import XCTest

@testable import CadreCore

final class EditDistanceTests: XCTestCase {
    func testEmptyAndEqualTexts() {
        XCTAssertEqual(EditDistance.levenshtein("", ""), 0)
        XCTAssertEqual(EditDistance.levenshtein("", "abc"), 3)
        XCTAssertEqual(EditDistance.levenshtein("abc", ""), 3)
        XCTAssertEqual(EditDistance.levenshtein("same text", "same text"), 0)
    }

    func testClassicCases() {
        XCTAssertEqual(EditDistance.levenshtein("kitten", "sitting"), 3)
        XCTAssertEqual(EditDistance.levenshtein("sitting", "kitten"), 3)
        XCTAssertEqual(EditDistance.levenshtein("flaw", "lawn"), 2)
        XCTAssertEqual(EditDistance.levenshtein("intention", "execution"), 5)
    }

    func testCountsGraphemeClustersNotScalars() {
        // A family emoji is five scalars but one character.
        XCTAssertEqual(EditDistance.levenshtein("a👨‍👩‍👧b", "ab"), 1)
        XCTAssertEqual(EditDistance.levenshtein("a👨‍👩‍👧b".unicodeScalars, "ab".unicodeScalars), 5)
        // Precomposed and decomposed é are the same character.
        XCTAssertEqual(EditDistance.levenshtein("caf\u{E9}", "cafe\u{301}"), 0)
        XCTAssertEqual(EditDistance.levenshtein("naïve", "naive"), 1)
        XCTAssertEqual(EditDistance.levenshtein("日本語", "日本人"), 1)
    }

    func testLimitAnswersOnlyWithinIt() {
        XCTAssertEqual(EditDistance.levenshtein("kitten", "sitting", limit: 3), 3)
        XCTAssertNil(EditDistance.levenshtein("kitten", "sitting", limit: 2))
        XCTAssertNil(EditDistance.levenshtein("a", "abcdef", limit: 4))
        XCTAssertEqual(EditDistance.levenshtein("", "", limit: 0), 0)
    }

    func testScatteredEditsInLongTexts() {
        let original = String(repeating: "The quick brown fox jumps over the lazy dog. ", count: 400)
        var edited = Array(original)
        for position in stride(from: 100, to: edited.count, by: 1_500) { edited[position] = "#" }
        edited.insert(contentsOf: "XYZ", at: 9_000)

        XCTAssertEqual(EditDistance.levenshtein(original, String(edited)), 12 + 3)
    }

    func testAgreesWithTheFullTableOnRandomStrings() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let a = randomText(length: Int.random(in: 0...40, using: &generator), using: &generator)
            let b = randomText(length: Int.random(in: 0...40, using: &generator), using: &generator)
            XCTAssertEqual(EditDistance.levenshtein(a, b), fullTable(Array(a), Array(b)), "\(a) → \(b)")
        }
    }

    private func randomText(length: Int, using generator: inout SystemRandomNumberGenerator) -> String {
        String((0..<length).map { _ in "abcé"[Int.random(in: 0..<4, using: &generator)] })
    }

    /// The textbook O(n·m) table, as the reference.
    private func fullTable(_ a: [Character], _ b: [Character]) -> Int {
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in stride(from: 1, through: a.count, by: 1) {
            for j in stride(from: 1, through: b.count, by: 1) {
                table[i][j] = min(
                    table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
        }
        return table[a.count][b.count]
    }
}

extension String {
    fileprivate subscript(offset: Int) -> Character { self[index(startIndex, offsetBy: offset)] }
}
