@testable import CadreCore
import XCTest

/// Every kind of broken bank is refused with the path of the field at fault, so an author
/// can fix the file without guessing.
final class ItemBankValidationTests: XCTestCase {
    /// A small valid bank: one multiple-choice item, one numeric item, one scenario.
    static let valid: JSONValue = [
        "domain": ["id": "chemistry", "name": "Chemistry"],
        "version": 3,
        "skills": [["id": "stoichiometry", "name": "Stoichiometry"], ["id": "kinetics", "name": "Kinetics"]],
        "items": [
            [
                "id": "ch-001", "kind": "multiple_choice", "stem": "Which is a noble gas?",
                "options": [["key": "A", "text": "Neon", "correct": true], ["key": "B", "text": "Nitrogen"], ["key": "C", "text": "Sodium"]],
                "skills": ["stoichiometry"], "irt": ["a": 1.2, "b": -0.5, "c": 0.2], "expected_seconds": 30,
            ],
            [
                "id": "ch-002", "kind": "numeric", "stem": "Molar mass of water?",
                "answer": ["value": 18.02, "tolerance": 0.05, "unit": "g/mol"],
                "skills": ["stoichiometry", "kinetics"], "irt": ["a": 1.5, "b": 0.4],
            ],
        ],
        "scenarios": [
            [
                "id": "ch-s1", "prompt": "Explain rate laws.", "skills": ["kinetics"], "max_points": 3,
                "rubric": [
                    ["id": "order", "description": "Defines reaction order.", "concepts": [["reaction order", "order of reaction"]]],
                    ["id": "units", "description": "Gives units of k.", "concepts": ["rate constant", "units"], "min_concepts": 1, "points": 2],
                ],
            ],
        ],
        "interview": ["max_items": 20, "min_items": 4, "target_standard_error": 0.25, "randomesque_count": 2],
    ]

    private func problems(_ json: JSONValue) -> [FieldError] {
        do {
            _ = try ItemBank(json: json)
            return []
        } catch {
            return error.errors
        }
    }

    private func assertRejected(
        _ json: JSONValue, at field: String, saying words: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        let found = problems(json)
        XCTAssert(
            found.contains { $0.field == field && $0.message.contains(words) },
            "expected a problem at \(field) mentioning \"\(words)\", got \(found)", file: file, line: line
        )
    }

    func testValidBankReadsEveryField() throws {
        // MUT
        let bank = try ItemBank(json: Self.valid)

        // validation
        XCTAssertEqual(bank.domainID, "chemistry")
        XCTAssertEqual(bank.domainName, "Chemistry")
        XCTAssertEqual(bank.version, 3)
        XCTAssertEqual(bank.skills.map(\.id), ["stoichiometry", "kinetics"])
        XCTAssertEqual(bank.items[0].answer, .multipleChoice(options: [
            ChoiceOption(key: "A", text: "Neon"), ChoiceOption(key: "B", text: "Nitrogen"), ChoiceOption(key: "C", text: "Sodium"),
        ], correctKey: "A"))
        XCTAssertEqual(bank.items[0].parameters, ItemParameters(discrimination: 1.2, difficulty: -0.5, guessing: 0.2))
        XCTAssertEqual(bank.items[0].expectedSeconds, 30)
        XCTAssertEqual(bank.items[1].answer, .numeric(NumericAnswer(value: 18.02, tolerance: 0.05, unit: "g/mol")))
        XCTAssertEqual(bank.items[1].parameters.guessing, 0)
        XCTAssertNil(bank.items[1].expectedSeconds)
        let scenario = try XCTUnwrap(bank.scenario(id: "ch-s1"))
        XCTAssertEqual(scenario.maxPoints, 3)
        XCTAssertEqual(scenario.rubric[0].concepts, [RubricConcept(["reaction order", "order of reaction"])])
        XCTAssertEqual(scenario.rubric[0].minimumConcepts, 1)
        XCTAssertEqual(scenario.rubric[1].concepts.map(\.phrases), [["rate constant"], ["units"]])
        XCTAssertEqual(scenario.rubric[1].minimumConcepts, 1)
        XCTAssertEqual(scenario.rubric[1].points, 2)
        XCTAssertEqual(bank.interview, InterviewSettings(targetStandardError: 0.25, minimumItems: 4, maximumItems: 20, randomesqueCount: 2))
        let configuration = bank.adaptiveTestConfiguration
        XCTAssertEqual(configuration.stopping, StoppingRule(targetStandardError: 0.25, minimumItems: 4, maximumItems: 20))
        XCTAssertEqual(configuration.selection.skillTargets, ["stoichiometry": 1, "kinetics": 1])
        XCTAssertEqual(bank.bankItems.map(\.id), ["ch-001", "ch-002"])
    }

    func testInvalidJSONIsOneProblemAtTheDocument() {
        XCTAssertThrowsError(try ItemBank(parsing: Data("{\"domain\": ".utf8))) { error in
            let failure = error as? ValidationFailure
            XCTAssertEqual(failure?.errors.map(\.field), ["document"])
        }
    }

    func testOptionProblemsNameTheOption() {
        assertRejected(Self.valid.setting(["items", 0, "options", 2, "key"], to: "a"), at: "items[0].options[2].key", saying: "duplicate option key")
        assertRejected(Self.valid.setting(["items", 0, "options", 1, "key"], to: "B)"), at: "items[0].options[1].key", saying: "letters or digits")
        assertRejected(Self.valid.setting(["items", 0, "options", 1, "text"], to: "  "), at: "items[0].options[1].text", saying: "non-empty")
        assertRejected(Self.valid.setting(["items", 0, "options"], to: [["key": "A", "text": "Neon", "correct": true]]), at: "items[0].options", saying: "2 to 8 options")
    }

    func testExactlyOneOptionMustBeCorrect() {
        assertRejected(Self.valid.setting(["items", 0, "options", 0, "correct"], to: false), at: "items[0].options", saying: "exactly one option")
        assertRejected(Self.valid.setting(["items", 0, "options", 2, "correct"], to: true), at: "items[0].options", saying: "got 2")
        assertRejected(Self.valid.setting(["items", 0, "options", 2, "correct"], to: "yes"), at: "items[0].options[2].correct", saying: "true or false")
    }

    func testParameterRangesAreEnforced() {
        assertRejected(Self.valid.setting(["items", 1, "irt", "a"], to: 4.5), at: "items[1].irt.a", saying: "from 0.2 to 4")
        assertRejected(Self.valid.setting(["items", 1, "irt", "a"], to: 0.1), at: "items[1].irt.a", saying: "got 0.1")
        assertRejected(Self.valid.setting(["items", 1, "irt", "b"], to: -4.5), at: "items[1].irt.b", saying: "from -4 to 4")
        assertRejected(Self.valid.setting(["items", 0, "irt", "c"], to: 0.5), at: "items[0].irt.c", saying: "not including 0.5")
        assertRejected(Self.valid.setting(["items", 0, "irt", "c"], to: -0.1), at: "items[0].irt.c", saying: "from 0 to 1")
        assertRejected(Self.valid.setting(["items", 0, "irt", "b"], to: nil), at: "items[0].irt.b", saying: "required")
        assertRejected(Self.valid.setting(["items", 0, "irt", "a"], to: "1.2"), at: "items[0].irt.a", saying: "expected a number")
    }

    func testSkillsMustExistAndNotRepeat() {
        assertRejected(Self.valid.setting(["items", 1, "skills", 1], to: "thermodynamics"), at: "items[1].skills[1]", saying: "unknown skill \"thermodynamics\"")
        assertRejected(Self.valid.setting(["items", 1, "skills", 1], to: "stoichiometry"), at: "items[1].skills[1]", saying: "listed twice")
        assertRejected(Self.valid.setting(["items", 0, "skills"], to: []), at: "items[0].skills", saying: "at least 1 skill ids")
        assertRejected(Self.valid.setting(["scenarios", 0, "skills", 0], to: "optics"), at: "scenarios[0].skills[0]", saying: "unknown skill")
        assertRejected(Self.valid.setting(["skills", 1, "id"], to: "stoichiometry"), at: "skills[1].id", saying: "duplicate skill id")
        assertRejected(Self.valid.setting(["skills", 0, "id"], to: "Stoichiometry"), at: "skills[0].id", saying: "lowercase")
    }

    func testIdsAreUniqueAcrossItemsAndScenarios() {
        assertRejected(Self.valid.setting(["items", 1, "id"], to: "ch-001"), at: "items[1].id", saying: "already used at items[0].id")
        assertRejected(Self.valid.setting(["scenarios", 0, "id"], to: "ch-002"), at: "scenarios[0].id", saying: "duplicate id")
        assertRejected(Self.valid.setting(["scenarios", 0, "rubric", 1, "id"], to: "order"), at: "scenarios[0].rubric[1].id", saying: "duplicate criterion id")
    }

    func testNumericKeyProblems() {
        assertRejected(Self.valid.setting(["items", 1, "answer", "tolerance"], to: nil), at: "items[1].answer.tolerance", saying: "required")
        assertRejected(Self.valid.setting(["items", 1, "answer", "tolerance"], to: -0.1), at: "items[1].answer.tolerance", saying: "got -0.1")
        assertRejected(Self.valid.setting(["items", 1, "answer", "value"], to: "18"), at: "items[1].answer.value", saying: "got a string")
        assertRejected(Self.valid.setting(["items", 1, "answer"], to: nil), at: "items[1].answer", saying: "required")
        assertRejected(Self.valid.setting(["items", 1, "options"], to: []), at: "items[1].options", saying: "unknown field")
    }

    func testKindAndUnknownFields() {
        assertRejected(Self.valid.setting(["items", 0, "kind"], to: "essay"), at: "items[0].kind", saying: "\"multiple_choice\" or \"numeric\", got \"essay\"")
        assertRejected(Self.valid.setting(["items", 0, "answr"], to: 1), at: "items[0].answr", saying: "unknown field")
        assertRejected(Self.valid.setting(["items", 0, "expected_seconds"], to: 0), at: "items[0].expected_seconds", saying: "from 5 to 3600")
        assertRejected(Self.valid.setting(["colour"], to: "blue"), at: "colour", saying: "unknown field")
    }

    func testScenarioAndRubricProblems() {
        assertRejected(Self.valid.setting(["scenarios", 0, "max_points"], to: 4), at: "scenarios[0].max_points", saying: "sum of the rubric's points, 3")
        assertRejected(Self.valid.setting(["scenarios", 0, "rubric", 1, "min_concepts"], to: 3), at: "scenarios[0].rubric[1].min_concepts", saying: "from 1 to 2")
        assertRejected(Self.valid.setting(["scenarios", 0, "rubric", 0, "concepts"], to: []), at: "scenarios[0].rubric[0].concepts", saying: "1 to 20 concepts, got 0")
        assertRejected(Self.valid.setting(["scenarios", 0, "rubric", 0, "concepts", 0, 1], to: "--"), at: "scenarios[0].rubric[0].concepts[0][1]", saying: "at least one letter or digit")
        assertRejected(Self.valid.setting(["scenarios", 0, "rubric"], to: []), at: "scenarios[0].rubric", saying: "1 to 12 criteria")
        assertRejected(Self.valid.setting(["scenarios", 0, "prompt"], to: nil), at: "scenarios[0].prompt", saying: "required")
    }

    func testTopLevelProblems() {
        assertRejected(Self.valid.setting(["domain", "name"], to: nil), at: "domain.name", saying: "required")
        assertRejected(Self.valid.setting(["domain", "id"], to: "Chem istry"), at: "domain.id", saying: "identifier")
        assertRejected(Self.valid.setting(["version"], to: 0), at: "version", saying: "whole number")
        assertRejected(Self.valid.setting(["items"], to: []), at: "items", saying: "1 to 5000 items, got 0")
        assertRejected(Self.valid.setting(["interview", "max_items"], to: 3), at: "interview.max_items", saying: "at least min_items (4)")
        assertRejected(.array([]), at: "document", saying: "expected an object")
    }

    func testEveryProblemIsReportedInOnePass() {
        let broken = Self.valid
            .setting(["items", 0, "irt", "a"], to: 9)
            .setting(["items", 1, "skills", 0], to: "optics")
            .setting(["scenarios", 0, "max_points"], to: 7)
        XCTAssertEqual(Set(problems(broken).map(\.field)), ["items[0].irt.a", "items[1].skills[0]", "scenarios[0].max_points"])
    }
}

/// One step of a path into a JSON document: a member name or an array index.
protocol JSONPathStep {}
extension String: JSONPathStep {}
extension Int: JSONPathStep {}

extension JSONValue {
    /// A copy with the value at `path` replaced (or removed, when `value` is nil); a missing
    /// member is added, so tests can build each broken variant from one valid document.
    func setting(_ path: [any JSONPathStep], to value: JSONValue?) -> JSONValue {
        guard let first = path.first else { return value ?? .null }
        let rest = Array(path.dropFirst())
        switch (self, first) {
        case (.object(var members), let key as String):
            if rest.isEmpty && value == nil {
                members[key] = nil
            } else {
                members[key] = (members[key] ?? .null).setting(rest, to: value)
            }
            return .object(members)
        case (.array(var elements), let index as Int):
            elements[index] = elements[index].setting(rest, to: value)
            return .array(elements)
        default:
            preconditionFailure("path step \(first) does not fit \(kindDescription)")
        }
    }
}
