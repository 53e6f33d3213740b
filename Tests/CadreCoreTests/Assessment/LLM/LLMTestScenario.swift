import CadreCore

extension ScenarioQuestion {
    /// A four-criterion rubric, enough for a shuffle to show.
    static let duplicateCharges = ScenarioQuestion(
        id: "payments", prompt: "A client retries a payment request after a timeout. How do you stop duplicate charges?",
        rubric: [
            RubricCriterion(id: "key", description: "Uses idempotency keys.", concepts: [RubricConcept(["idempoten*"])]),
            RubricCriterion(id: "store", description: "Stores the key with the result.", concepts: [RubricConcept(["unique constraint"])], points: 2),
            RubricCriterion(id: "race", description: "Handles concurrent retries.", concepts: [RubricConcept(["lock"])]),
            RubricCriterion(id: "expiry", description: "Expires old keys.", concepts: [RubricConcept(["expire"])]),
        ],
        maxPoints: 5
    )
}
