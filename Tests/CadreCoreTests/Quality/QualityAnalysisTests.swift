import XCTest
@testable import CadreCore

/// What `cadre quality` prints, checked on small files.
final class QualityAnalysisTests: XCTestCase {
    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    func testAggregateWritesOneRowPerTaskSortedByTask() throws {
        let input = "task,worker,label\nt10,w1,yes\nt2,w1,no\nt10,w2,yes\n\"x,1\",w1,\"a \"\"b\"\"\"\nt2,w2,no\nt2,w3,yes\n"
        let output = try QualityAnalysis.aggregate(csv: Array(input.utf8), method: .majority)
        XCTAssertEqual(text(output), #"""
            task,label,confidence
            t10,yes,1
            t2,no,0.6666666666666666
            "x,1","a ""b""",1

            """#)
    }

    func testRankWritesStrongestFirstWithIntervals() throws {
        let input = "winner,loser\na,b\na,b\na,b\nb,a\n"
        let rows = text(try QualityAnalysis.rank(csv: Array(input.utf8), method: .bradleyTerry))
            .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        XCTAssertEqual(rows[0], ["item", "score", "se", "ci_low", "ci_high"])
        XCTAssertEqual(rows.map { $0[0] }, ["item", "a", "b"])
        let a = rows[1].dropFirst().map { Double($0)! }
        XCTAssertEqual(a[0], log(3) / 2, accuracy: 1e-3)
        XCTAssertEqual(a[2], a[0] - 1.959963984540054 * a[1], accuracy: 1e-9)
        XCTAssertEqual(a[3], a[0] + 1.959963984540054 * a[1], accuracy: 1e-9)
    }

    func testRankListsItemsWithoutComparisonsLastAndEmpty() throws {
        let output = try QualityAnalysis.rank(csv: Array("b,a\nz\n".utf8), method: .plackettLuce)
        let lines = text(output).split(separator: "\n")
        XCTAssertEqual(lines.count, 4)
        XCTAssertTrue(lines[1].hasPrefix("b,"))
        XCTAssertEqual(lines[3], "z,,,,")
    }

    func testAgreementPrintsAlphaAndJSON() throws {
        let input = "unit,coder,value\nu1,a,1\nu1,b,2\nu2,a,2\nu2,b,1\nu3,a,\n"
        let summary = try QualityAnalysis.agreement(csv: Array(input.utf8), level: .nominal)
        XCTAssertEqual(summary.text, "-0.5")
        XCTAssertEqual(summary.json, #"{"level":"nominal","alpha":-0.5,"units":3,"pairable_units":2,"pairable_values":4,"#
            + #""fleiss_kappa":-1.0,"cohens_kappa":-1.0}"#)
        let undefined = try QualityAnalysis.agreement(csv: Array("unit,coder,value\nu,a,1\n".utf8), level: .interval)
        XCTAssertEqual(undefined.text, "undefined")
        XCTAssertTrue(undefined.json.contains("\"alpha\":null"))
    }

    func testAccuracyAgainstTruthCountsMissingTasksAsWrong() throws {
        let truth = Array("task,label\nt1,a\nt2,b\nt3,a\nt4,b\n".utf8)
        let consensus = Array("task,label,confidence\nt1,a,1\nt2,a,1\nt3,a,0.5\nt9,b,1\n".utf8)
        XCTAssertEqual(try QualityAnalysis.accuracy(of: consensus, truth: truth), 0.5)
    }

    func testSyntheticDataIsSeeded() {
        let first = SyntheticCrowd.labels(tasks: 50, workers: 10, classes: 3, labelsPerTask: 3, seed: 42)
        let again = SyntheticCrowd.labels(tasks: 50, workers: 10, classes: 3, labelsPerTask: 3, seed: 42)
        let other = SyntheticCrowd.labels(tasks: 50, workers: 10, classes: 3, labelsPerTask: 3, seed: 43)
        XCTAssertEqual(first.labels, again.labels)
        XCTAssertNotEqual(first.labels, other.labels)
        XCTAssertEqual(text(first.labels).split(separator: "\n").count, 151)
        XCTAssertEqual(SyntheticCrowd.ratings(units: 10, coders: 4, missing: 0, seed: 1).filter { $0 == 10 }.count, 41)
    }
}
