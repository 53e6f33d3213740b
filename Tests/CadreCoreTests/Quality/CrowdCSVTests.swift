import XCTest
@testable import CadreCore

final class CrowdCSVTests: XCTestCase {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    private func labelError(_ text: String) -> QualityInputError? {
        do {
            _ = try LabelTable.parse(csv: bytes(text))
            return nil
        } catch {
            return error
        }
    }

    func testLabelsParseWithQuotesCRLFByteOrderMarkBlankLinesAndAnyColumnOrder() throws {
        let text = "\u{FEFF}Worker,extra,LABEL,task\r\n"
            + "w1,x,\"cat, big\",t2\r\n"
            + "\r\n"
            + "w2,x,\"say \"\"hi\"\"\",t1\r\n"
            + "w1, x , dog ,\"t\n1\"\r\n"
        let table = try LabelTable.parse(csv: bytes(text))
        XCTAssertEqual(table.labels.count, 3)
        XCTAssertEqual(table.taskNames.names, ["t2", "t1", "t\n1"])
        XCTAssertEqual(table.workerNames.names, ["w1", "w2"])
        // Classes are coded in byte order of their names.
        XCTAssertEqual(table.classNames, ["cat, big", "dog", "say \"hi\""])
        XCTAssertEqual(table.labels.classes, [0, 2, 1])
    }

    func testErrorsNameTheLine() {
        XCTAssertEqual(labelError(""), .emptyInput)
        XCTAssertEqual(labelError("\n\n"), .emptyInput)
        XCTAssertEqual(labelError("task,worker,label\n"), .noRows(line: 1))
        XCTAssertEqual(labelError("task,label\nt1,a\n"), .missingColumn("worker", line: 1))
        XCTAssertEqual(labelError("t1,w1,a\n"), .missingColumn("task", line: 1))
        XCTAssertEqual(labelError("task,worker,label\nt1,w1,a\n\nt2,w1\n"), .raggedRow(line: 4, expected: 3, found: 2))
        XCTAssertEqual(labelError("task,worker,label\nt1,w1,a,b\n"), .raggedRow(line: 2, expected: 3, found: 4))
        XCTAssertEqual(labelError("task,worker,label\nt1,,a\n"), .emptyField(line: 2, column: "worker"))
        XCTAssertEqual(labelError("task,worker,label\nt1,w1,a\nt2,w1,\"open\nstill open\n"), .unterminatedQuote(line: 3))
        XCTAssertEqual(labelError("task,worker,label\n\"a\nb\",w1,x\nt2,w1\n"), .raggedRow(line: 4, expected: 3, found: 2))
        XCTAssertEqual(labelError("task,worker,label\n\"t1\"x,w1,a\n"), .textAfterQuote(line: 2))
        XCTAssertEqual(QualityInputError.raggedRow(line: 4, expected: 3, found: 2).description,
                       "line 4: expected 3 fields like the header, found 2")
        XCTAssertEqual(QualityInputError.emptyInput.line, 1)
    }

    func testRatingsNeedNumbersExceptAtTheNominalLevel() throws {
        let text = "unit,coder,value\nu1,r1,3\nu1,r2,\nu2,r1,high\n"
        XCTAssertThrowsError(try RatingTable.parse(csv: bytes(text), level: .interval)) { error in
            XCTAssertEqual(error as? QualityInputError, .notANumber(line: 4, column: "value", value: "high"))
        }
        let nominal = try RatingTable.parse(csv: bytes(text), level: .nominal)
        XCTAssertEqual(nominal.data.count, 2, "the empty value is missing")
        XCTAssertEqual(nominal.data.unitCount, 2)
        XCTAssertEqual(nominal.categoryNames.names, ["3", "high"])
        let numbers = try RatingTable.parse(csv: bytes("unit,coder,value\nu,a,-2.5\nu,b,1e3\nu,c, 7 \n"), level: .ratio)
        XCTAssertEqual(numbers.data.values, [-2.5, 1000, 7])
    }

    func testNumbersAreExactOrRejected() {
        func number(_ text: String) -> Double? {
            var text = text
            return text.withUTF8 { CrowdCSV.number($0) }
        }
        XCTAssertEqual(number("0.1"), 0.1)
        XCTAssertEqual(number("-12.375"), -12.375)
        XCTAssertEqual(number("+4"), 4)
        XCTAssertEqual(number("123456789012345678"), 123456789012345678)
        XCTAssertEqual(number("2.5e-3"), 0.0025)
        XCTAssertEqual(number("3."), 3)
        for bad in ["", "-", ".", "abc", "nan", "inf", "1,5", "0x10", "1e400"] { XCTAssertNil(number(bad), bad) }
    }

    func testComparisonsAndRankingsValidateTheirRows() {
        XCTAssertThrowsError(try ComparisonTable.parse(csv: bytes("winner,loser,tie\na,b,2\n"))) {
            XCTAssertEqual($0 as? QualityInputError, .notAFlag(line: 2, column: "tie", value: "2"))
        }
        XCTAssertThrowsError(try ComparisonTable.parse(csv: bytes("winner,loser\na,b\na,a\n"))) {
            XCTAssertEqual($0 as? QualityInputError, .repeatedItem(line: 3, item: "a"))
        }
        XCTAssertThrowsError(try RankingTable.parse(csv: bytes("a,b,c\nb,c,b\n"))) {
            XCTAssertEqual($0 as? QualityInputError, .repeatedItem(line: 2, item: "b"))
        }
        XCTAssertThrowsError(try RankingTable.parse(csv: bytes("\n"))) {
            XCTAssertEqual($0 as? QualityInputError, .emptyInput)
        }
    }

    func testTiesAndPartialRankingsAreRead() throws {
        let pairs = try ComparisonTable.parse(csv: bytes("winner,loser,tie\na,b,1\nb,c,\nc,a,false\n"))
        XCTAssertEqual(pairs.comparisons.ties, [true, false, false])
        let none = try ComparisonTable.parse(csv: bytes("winner,loser,tie\na,b,0\n"))
        XCTAssertEqual(none.comparisons.ties, [], "no ties means no flags")
        let rankings = try RankingTable.parse(csv: bytes("a,b,c\nc,a,,\nd\n"))
        XCTAssertEqual(rankings.rankings.start, [0, 3, 5, 6])
        XCTAssertEqual(rankings.rankings.items, [0, 1, 2, 2, 0, 3])
    }

    func testInternerKeepsFirstCodesAndSortsByBytes() {
        var interner = Interner()
        let names = (0..<5_000).map { "name-\($0 * 7919 % 5_000)" }
        let codes = names.map { interner.intern($0) }
        XCTAssertEqual(codes, (0..<5_000).map(Int32.init))
        XCTAssertEqual(interner.intern("name-0"), codes[names.firstIndex(of: "name-0")!])
        XCTAssertEqual(interner.count, 5_000)
        XCTAssertNil(interner.code(of: "missing"))
        XCTAssertEqual(interner.name(123), names[123])
        let small = Interner(["b", "é", "B", "a", "", "ab"])
        XCTAssertEqual(small.codesSortedByName().map { small.name($0) }, ["", "B", "a", "ab", "b", "é"])
    }
}
