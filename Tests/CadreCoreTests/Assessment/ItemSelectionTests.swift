@testable import CadreCore
import XCTest

final class ItemSelectionTests: XCTestCase {
    /// A bank whose items spread over difficulty and discrimination, tagged round-robin.
    static func bank(count: Int, skills: [String] = ["algebra", "geometry", "statistics"], seed: UInt64 = 3) -> [BankItem] {
        var generator = SplitMix64(seed: seed)
        func uniform() -> Double { Double(generator.next() >> 11) / Double(1 << 53) }
        return (0..<count).map { index in
            BankItem(
                id: "item-\(index)",
                parameters: ItemParameters(discrimination: 0.7 + 1.5 * uniform(), difficulty: -3 + 6 * uniform()),
                skills: [skills[index % skills.count]]
            )
        }
    }

    func testWithoutExposureControlThePickIsTheMaximumInformationItem() {
        let bank = Self.bank(count: 60)
        let rule = ItemSelectionRule(randomesqueCount: 1)
        var generator = SplitMix64(seed: 1)
        for theta in stride(from: -3.0, through: 3.0, by: 0.25) {
            // Brute force, independently of the rule.
            let best = bank.indices.max { bank[$0].parameters.information(at: theta) < bank[$1].parameters.information(at: theta) }!
            XCTAssertEqual(rule.selectItem(from: bank, at: theta, administered: [], using: &generator), best)
        }
    }

    func testRandomesqueDrawsOnlyAndAllAmongTheTopN() {
        let bank = Self.bank(count: 60)
        let rule = ItemSelectionRule(randomesqueCount: 4)
        let theta = 0.7
        let topFour = Set(bank.indices.sorted {
            bank[$0].parameters.information(at: theta) > bank[$1].parameters.information(at: theta)
        }.prefix(4))
        var generator = SplitMix64(seed: 99)
        var drawn: [Int: Int] = [:]
        for _ in 0..<400 {
            let pick = try! XCTUnwrap(rule.selectItem(from: bank, at: theta, administered: [], using: &generator))
            drawn[pick, default: 0] += 1
        }
        XCTAssertEqual(Set(drawn.keys), topFour)
        for count in drawn.values { XCTAssertGreaterThan(count, 60, "each of the four is drawn about a quarter of the time") }
    }

    func testAdministeredAndPreviouslySeenItemsAreNeverChosen() {
        let bank = Self.bank(count: 10)
        let rule = ItemSelectionRule(randomesqueCount: 3)
        let seen: Set<String> = ["item-2", "item-5"]
        var generator = SplitMix64(seed: 5)
        var administered = [0, 7]
        while let next = rule.selectItem(from: bank, at: 0, administered: administered, excluding: seen, using: &generator) {
            XCTAssertFalse(administered.contains(next))
            XCTAssertFalse(seen.contains(bank[next].id))
            administered.append(next)
        }
        XCTAssertEqual(Set(administered), Set(0..<10).subtracting([2, 5]), "every other item is used before the bank runs dry")
    }

    func testContentBalancingHonoursTargetProportions() {
        // setup: the most informative items are all algebra; targets ask for 50/30/20
        var bank = Self.bank(count: 90)
        for index in bank.indices where bank[index].skills == ["algebra"] {
            bank[index].parameters.discrimination += 1.5
        }
        let rule = ItemSelectionRule(randomesqueCount: 2, skillTargets: ["algebra": 5, "geometry": 3, "statistics": 2])
        var generator = SplitMix64(seed: 8)
        var administered: [Int] = []
        // MUT
        for _ in 0..<20 {
            administered.append(rule.selectItem(from: bank, at: 0.2, administered: administered, using: &generator)!)
        }
        // validation
        let counts = Dictionary(grouping: administered, by: { bank[$0].skills[0] }).mapValues(\.count)
        XCTAssertEqual(counts["algebra"], 10)
        XCTAssertEqual(counts["geometry"], 6)
        XCTAssertEqual(counts["statistics"], 4)
        // At every prefix, no skill is more than one item off its target share.
        for length in 1...20 {
            let prefix = administered.prefix(length)
            for (skill, share) in [("algebra", 0.5), ("geometry", 0.3), ("statistics", 0.2)] {
                let given = Double(prefix.filter { bank[$0].skills[0] == skill }.count)
                XCTAssertLessThanOrEqual(abs(given - share * Double(length)), 1.0, "\(skill) after \(length) items")
            }
        }
    }

    func testBalancingFallsBackWhenATargetedSkillRunsOut() {
        let bank = [
            BankItem(id: "a", parameters: ItemParameters(discrimination: 1, difficulty: 0), skills: ["law"]),
            BankItem(id: "b", parameters: ItemParameters(discrimination: 1, difficulty: 1), skills: ["ethics"]),
            BankItem(id: "c", parameters: ItemParameters(discrimination: 1, difficulty: -1), skills: ["ethics"]),
        ]
        let rule = ItemSelectionRule(skillTargets: ["law": 0.9, "ethics": 0.1])
        var generator = SplitMix64(seed: 0)
        XCTAssertEqual(rule.selectItem(from: bank, at: 0, administered: [], using: &generator), 0)
        // Law is still short of its target but has no items left: ethics serves.
        XCTAssertNotNil(rule.selectItem(from: bank, at: 0, administered: [0], using: &generator))
    }

    func testEmptyBankHasNothingToSelect() {
        var generator = SplitMix64(seed: 0)
        XCTAssertNil(ItemSelectionRule().selectItem(from: [], at: 0, administered: [], using: &generator))
    }

    func testSplitMix64IsReproducible() {
        var first = SplitMix64(seed: 1234), second = SplitMix64(seed: 1234)
        let sequence = (0..<5).map { _ in first.next() }
        XCTAssertEqual(sequence, (0..<5).map { _ in second.next() })
        // Reference output of Vigna's splitmix64.c for seed 1234567.
        var reference = SplitMix64(seed: 1_234_567)
        XCTAssertEqual(reference.next(), 6_457_827_717_110_365_317)
        XCTAssertEqual(reference.next(), 3_203_168_211_198_807_973)
    }
}
