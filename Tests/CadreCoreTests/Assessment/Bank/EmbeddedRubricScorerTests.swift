@testable import CadreCore
import XCTest

final class EmbeddedRubricScorerTests: XCTestCase {
    private let scenario = ScenarioQuestion(
        id: "payments", prompt: "Stop duplicate charges.",
        rubric: [
            RubricCriterion(id: "key", description: "Uses idempotency keys.", concepts: [RubricConcept(["idempoten*", "request id"])]),
            RubricCriterion(id: "store", description: "Stores the key and result.", concepts: [
                RubricConcept(["unique constraint", "unique index"]), RubricConcept(["cache the response", "stored response"]),
            ], points: 2),
            RubricCriterion(id: "race", description: "Handles concurrent retries.", concepts: [
                RubricConcept(["lock"]), RubricConcept(["transaction"]), RubricConcept(["race condition"]),
            ], minimumConcepts: 2),
        ],
        maxPoints: 4
    )

    func testCriteriaMetWithEvidenceAndPoints() throws {
        // setup
        let answer = "Clients send an Idempotency-Key header. We keep it under a UNIQUE constraint and cache the responses for retries; a row lock inside one transaction stops races."

        // MUT
        let score = EmbeddedRubricScorer.score(answer, against: scenario)

        // validation
        XCTAssertEqual(score.criteria.map(\.met), [true, true, true])
        XCTAssertEqual(score.points, 4)
        XCTAssertEqual(score.maxPoints, 4)
        XCTAssertEqual(score.confidence, .low)
        XCTAssertEqual(score.scorer, EmbeddedRubricScorer.name)
        let key = try XCTUnwrap(score.criteria[0].evidence.first)
        XCTAssertEqual(key.concept, "idempoten*")
        XCTAssertTrue(key.excerpt.contains("Idempotency-Key"), key.excerpt)
        XCTAssertEqual(score.criteria[1].evidence.map(\.phrase), ["unique constraint", "cache the response"])
    }

    func testPhraseWordsMustBeContiguousAndInOrder() {
        let score = EmbeddedRubricScorer.score("The response is cached, then the unique index rejects a repeat.", against: scenario)
        XCTAssertEqual(score.criteria[1].evidence.map(\.phrase), ["unique index"])
        XCTAssertTrue(score.criteria[1].met == false, "both concepts are required by default")
        XCTAssertEqual(score.criteria[1].points, 0)
    }

    func testMinimumConceptsCountsDistinctConcepts() {
        XCTAssertFalse(EmbeddedRubricScorer.score("Take a lock. Then take another lock.", against: scenario).criteria[2].met)
        XCTAssertTrue(EmbeddedRubricScorer.score("Locks prevent a race condition.", against: scenario).criteria[2].met)
    }

    func testFoldingAndLightStemming() {
        let criterion = RubricCriterion(id: "c", description: "d", concepts: [RubricConcept(["retry"]), RubricConcept(["cafe queue"])])
        let question = ScenarioQuestion(id: "s", prompt: "p", rubric: [criterion], maxPoints: 1)
        XCTAssertTrue(EmbeddedRubricScorer.score("It RETRIED twice at the Café Queues.", against: question).criteria[0].met)
        XCTAssertTrue(EmbeddedRubricScorer.score("retrying in the café's queue", against: question).criteria[0].met)
        XCTAssertFalse(EmbeddedRubricScorer.score("retry at the cafeteria queue", against: question).criteria[0].met, "a stem is a whole word")
    }

    func testStemmerConflatesInflections() {
        let groups = [["cache", "caches", "cached", "caching"], ["retry", "retries", "retried", "retrying"],
                      ["index", "indexes"], ["process", "processes", "processing"], ["key", "keys"], ["stop", "stopped", "stopping"]]
        for group in groups {
            XCTAssertEqual(Set(group.map(RubricText.stem)).count, 1, "\(group) → \(group.map(RubricText.stem))")
        }
        XCTAssertEqual(RubricText.stem("gas"), "gas")
        XCTAssertEqual(RubricText.stem("30031"), "30031")
    }

    func testNoMatchMeetsNothing() {
        let score = EmbeddedRubricScorer.score("I would add more servers.", against: scenario)
        XCTAssertEqual(score.points, 0)
        XCTAssertTrue(score.criteria.allSatisfy { !$0.met && $0.evidence.isEmpty })
        XCTAssertEqual(EmbeddedRubricScorer.score("", against: scenario).points, 0)
    }

    func testExcerptKeepsContextWithEllipses() throws {
        let answer = "one two three four five six idempotent seven eight nine ten eleven twelve"
        let evidence = try XCTUnwrap(EmbeddedRubricScorer.score(answer, against: scenario).criteria[0].evidence.first)
        XCTAssertEqual(evidence.excerpt, "…three four five six idempotent seven eight nine ten…")
    }

    func testScoringIsDeterministic() {
        let answer = "Use a request id per retry, a transaction and a lock; keep the stored response under a unique index."
        let first = EmbeddedRubricScorer.score(answer, against: scenario)
        for _ in 0..<5 { XCTAssertEqual(EmbeddedRubricScorer.score(answer, against: scenario), first) }
        XCTAssertEqual(first.points, 4)
    }
}
