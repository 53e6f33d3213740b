@testable import CadreCore
import XCTest

/// The banks candidates actually see: each must parse, be big and varied enough for an
/// adaptive test, and measure simulated candidates across the ability range.
final class ShippedItemBankTests: XCTestCase {
    private func bank(_ domain: String) throws -> ItemBank {
        let data = try ShippedItemBanks.data(domain)
        do {
            return try ItemBank(parsing: data)
        } catch {
            let problems = error.errors.map { "\($0.field): \($0.message)" }.joined(separator: "\n")
            XCTFail("\(domain).json is invalid:\n\(problems)")
            throw error
        }
    }

    func testEveryShippedBankParsesAndMeetsTheCounts() throws {
        for domain in ShippedItemBanks.domains {
            // setup
            let bank = try bank(domain)

            // validation
            XCTAssertEqual(bank.domainID, domain)
            XCTAssertGreaterThanOrEqual(bank.items.count, 40, domain)
            XCTAssertGreaterThanOrEqual(bank.scenarios.count, 3, domain)
            XCTAssert((3...6).contains(bank.skills.count), "\(domain) has \(bank.skills.count) skills")
            let used = Set(bank.items.flatMap(\.skills))
            XCTAssertEqual(used, Set(bank.skills.map(\.id)), "\(domain): every skill is measured by some item")
            let ids = bank.items.map(\.id) + bank.scenarios.map(\.id)
            XCTAssertEqual(Set(ids).count, ids.count, "\(domain): ids are unique across items and scenarios")
            for scenario in bank.scenarios {
                XCTAssert((3...6).contains(scenario.rubric.count), "\(scenario.id) has \(scenario.rubric.count) criteria")
            }
        }
    }

    func testEveryShippedBankMixesKindsAndSpreadsDifficulty() throws {
        for domain in ShippedItemBanks.domains {
            let bank = try bank(domain)
            let numeric = bank.items.filter { $0.answer.kindName == "numeric" }.count
            XCTAssertGreaterThan(numeric, 0, "\(domain) has numeric items")
            XCTAssertLessThan(numeric, bank.items.count, "\(domain) has multiple-choice items")
            let difficulties = bank.items.map(\.parameters.difficulty)
            XCTAssertLessThanOrEqual(difficulties.min()!, -1.5, domain)
            XCTAssertGreaterThanOrEqual(difficulties.max()!, 2.0, domain)
            for item in bank.items {
                XCTAssert((0.6...2.5).contains(item.parameters.discrimination), "\(item.id): a = \(item.parameters.discrimination)")
                XCTAssert((-2.5...2.5).contains(item.parameters.difficulty), "\(item.id): b = \(item.parameters.difficulty)")
            }
        }
    }

    /// Each item's own key, typed as a candidate would, is scored correct; a clearly wrong
    /// answer is not. Catches keys that the scorer cannot read (a unit mismatch, say).
    func testEveryKeyScoresCorrectAndAWrongAnswerDoesNot() throws {
        for domain in ShippedItemBanks.domains {
            for item in try bank(domain).items {
                switch item.answer {
                case let .multipleChoice(options, correctKey):
                    XCTAssertEqual(item.score(correctKey), .correct, item.id)
                    let wrong = try XCTUnwrap(options.first { $0.key != correctKey })
                    XCTAssertEqual(item.score(wrong.key), .incorrect, item.id)
                case let .numeric(key):
                    XCTAssertEqual(item.score(String(key.value)), .correct, item.id)
                    let wrong = key.value + 2 * key.tolerance + max(1, abs(key.value))
                    XCTAssertEqual(item.score(String(wrong)), .incorrect, item.id)
                }
            }
        }
    }

    func testCandidateViewOfEveryItemCarriesNoKey() throws {
        for domain in ShippedItemBanks.domains {
            for item in try bank(domain).items {
                let encoded = try JSONValue(parsing: JSONEncoder().encode(item.presentation))
                let fields = Set(try XCTUnwrap(encoded.objectValue).keys)
                XCTAssert(fields.isSubset(of: ["id", "stem", "kind", "options", "unit"]), "\(item.id): \(fields)")
                for option in encoded["options"]?.arrayValue ?? [] {
                    XCTAssertEqual(Set(try XCTUnwrap(option.objectValue).keys), ["key", "text"], item.id)
                }
            }
        }
    }

    /// A simulated interview on each bank, through the real `AdaptiveTest` with a seeded
    /// generator, ends by precision or length — never by running out of items — and lands
    /// near the simulee's ability.
    func testAdaptiveInterviewStopsByPrecisionOrLengthForSimulees() throws {
        for domain in ShippedItemBanks.domains {
            let bank = try bank(domain)
            let stopping = bank.adaptiveTestConfiguration.stopping
            for (offset, theta) in [-1.0, 0.0, 1.0].enumerated() {
                // MUT
                let run = bank.simulateInterview(theta: theta, seed: 2024 + UInt64(offset))

                // validation
                let label = "\(domain) θ = \(theta)"
                switch run.stopReason {
                case .precisionReached:
                    XCTAssertLessThanOrEqual(run.estimate.standardError, stopping.targetStandardError, label)
                    XCTAssertGreaterThanOrEqual(run.steps.count, stopping.minimumItems, label)
                case .maximumItemsReached:
                    XCTAssertEqual(run.steps.count, stopping.maximumItems, label)
                case .bankExhausted:
                    XCTFail("\(label): the bank ran out of items")
                }
                XCTAssertLessThan(run.estimate.standardError, 0.45, label)
                XCTAssertEqual(run.estimate.theta, theta, accuracy: 3 * run.estimate.standardError, label)
                XCTAssertEqual(Set(run.steps.map(\.itemID)).count, run.steps.count, "\(label): no item twice")
            }
        }
    }

    func testSimulationReplaysFromItsSeed() throws {
        let bank = try bank("physics")
        let first = bank.simulateInterview(theta: 0.3, seed: 9)
        XCTAssertEqual(first, bank.simulateInterview(theta: 0.3, seed: 9))
        XCTAssertNotEqual(first.steps.map(\.itemID), bank.simulateInterview(theta: 0.3, seed: 10).steps.map(\.itemID))
    }

    func testContentBalancingCoversEverySkillInALongInterview() throws {
        for domain in ShippedItemBanks.domains {
            let bank = try bank(domain)
            let run = bank.simulateInterview(theta: 0.2, seed: 5)
            let byID = Dictionary(uniqueKeysWithValues: bank.items.map { ($0.id, $0) })
            let covered = Set(run.steps.flatMap { byID[$0.itemID]?.skills ?? [] })
            XCTAssertEqual(covered, Set(bank.skills.map(\.id)), domain)
        }
    }
}
