import CadreCore
import XCTest

/// SFT, reward, KTO, step-wise and label rows, against golden files.
final class SupervisionFormatTests: XCTestCase {
    func testDemonstrationSFTAppendsTheExpertsTurn() throws {
        let tasks = try [
            deliveryTask("d-1", input: #"{"messages":[{"role":"system","content":"You are a lawyer."},{"role":"user","content":"Force majeure?"}],"domain":"law"}"#,
                         answers: [#"{"response":"It excuses performance when events beyond control intervene."}"#, #"{"response":"A clause for acts of God."}"#]),
            deliveryTask("d-2", input: #"{"prompt":"Define tort."}"#, answers: [#"{"response":"A civil wrong.\n\nSee also: negligence."}"#],
                         unselected: [#"{"response":"Filtered out."}"#]),
        ]
        let (records, _) = encodeAll(try encoder(.demonstration, .sft, DeliveryOptions(selection: .all)), tasks)
        try GoldenFile.assertMatches(records, "demonstration-sft.jsonl")
        XCTAssertEqual(records.count, 3, "the unselected answer is left out")
    }

    static let rubric = #"{"criteria":[{"name":"correctness","min":1,"max":5,"required":true},{"name":"safety","min":1,"max":3,"required":true},{"name":"tone","min":1,"max":5,"required":false}],"comment":{"required":false}}"#

    static let ratedTasks: [DeliveryTask] = try! [
        deliveryTask("t-1", input: #"{"prompt":"Headache for two days?","response":"Rest and hydrate; see a doctor if it worsens."}"#,
                     answers: [#"{"scores":{"correctness":4,"safety":3}}"#, #"{"scores":{"correctness":5,"safety":3,"tone":5}}"#],
                     consensus: #"{"scores":{"correctness":4.5,"safety":3.0,"tone":5.0},"spread":{}}"#),
        deliveryTask("t-2", input: #"{"prompt":"Chest pain?","response":{"content":"Probably nothing.","model":"m-b"}}"#,
                     answers: [#"{"scores":{"correctness":1,"safety":1,"tone":3}}"#],
                     consensus: #"{"scores":{"correctness":1.0,"safety":1.0,"tone":3.0},"spread":{}}"#),
        deliveryTask("t-3", input: #"{"text":"An essay with nothing to score as a completion"}"#,
                     answers: [#"{"scores":{"correctness":3,"safety":2}}"#], consensus: #"{"scores":{"correctness":3.0,"safety":2.0},"spread":{}}"#),
    ]

    func testRatingRewardRowsScoreEveryCriterionAndOverall() throws {
        let (records, excluded) = encodeAll(try encoder(.rating, .reward, configuration: Self.rubric), Self.ratedTasks)
        try GoldenFile.assertMatches(records, "rating-reward.jsonl")
        XCTAssertEqual(excluded, ["no_completion": 1])
        // (4.5−1)/4, (3−1)/2 and (5−1)/4, averaged.
        XCTAssertEqual(records[0]["overall"]?.doubleValue ?? 0, (0.875 + 1 + 1) / 3, accuracy: 1e-12)
    }

    func testRatingRewardEveryAnnotationKeepsMissingOptionalCriteriaAsNull() throws {
        let (records, _) = encodeAll(try encoder(.rating, .reward, configuration: Self.rubric, DeliveryOptions(selection: .all)), [Self.ratedTasks[0]])
        XCTAssertEqual(records[0]["scores"], ["correctness": .number(4), "safety": .number(3), "tone": .null])
    }

    func testRatingKTOLabelsByThreshold() throws {
        let options = DeliveryOptions(selection: .all, ktoThreshold: 0.6)
        let (records, _) = encodeAll(try encoder(.rating, .kto, configuration: Self.rubric, options), Self.ratedTasks)
        try GoldenFile.assertMatches(records, "rating-kto.jsonl")
        XCTAssertEqual(records.map { $0["label"] }, [true, true, false])
    }

    static let trajectory = try! deliveryTask(
        "a-1",
        input: #"{"prompt":"Days from 2025-02-20 to 2025-03-01?","steps":[{"kind":"thought","content":"Use the tool."},{"kind":"tool_call","name":"date_diff","content":{"from":"2025-02-20","to":"2025-03-01"}},{"kind":"observation","name":"date_diff","content":{"days":9}},{"kind":"answer","content":"10 days."}]}"#,
        answers: [
            #"{"steps":[{"label":"correct"},{"label":"correct"},{"label":"neutral"},{"label":"incorrect","note":"9, not 10"}],"success":false}"#,
            #"{"steps":[{"label":"correct"},{"label":"incorrect"},{"label":"neutral"},{"label":"correct"}],"success":true}"#,
        ],
        consensus: #"{"success":false}"#)

    func testTrajectoryStepwiseByMajorityWithTiesToTheHarsherLabel() throws {
        let (records, _) = encodeAll(try encoder(.trajectoryReview, .stepwise), [Self.trajectory])
        let (every, _) = encodeAll(try encoder(.trajectoryReview, .stepwise, DeliveryOptions(selection: .all)), [Self.trajectory])
        try GoldenFile.assertMatches(records + every, "trajectory-stepwise.jsonl")
        XCTAssertEqual(records[0]["labels"], [true, false, true, false])
        XCTAssertEqual(records[0]["step_labels"], ["correct", "incorrect", "neutral", "incorrect"])
        XCTAssertEqual(records[0]["completions"]?[1], #"[tool_call date_diff] {"from":"2025-02-20","to":"2025-03-01"}"#)
    }

    static let classified: [DeliveryTask] = try! [
        deliveryTask("x-1", input: #"{"text":"Take two pills and you'll be fine.","source":"forum","label":"from the import"}"#,
                     answers: [#"{"labels":["medical_advice"]}"#, #"{"labels":["medical_advice"]}"#, #"{"labels":["safe"]}"#],
                     consensus: #"{"labels":["medical_advice"]}"#, confidence: 0.93),
        deliveryTask("x-2", input: #"{"text":"Nice weather.","source":"chat"}"#, answers: [#"{"labels":["safe"]}"#],
                     consensus: #"{"labels":["safe"]}"#, confidence: 0.4),
    ]

    func testClassificationLabelsWithConfidence() throws {
        let (records, _) = encodeAll(try encoder(.classification, .labels, configuration: #"{"labels":[],"multiple":false}"#), Self.classified)
        try GoldenFile.assertMatches(records, "classification-labels.jsonl")
        XCTAssertEqual(records[0]["label"], "medical_advice")
        XCTAssertEqual(records[0]["input_label"], "from the import", "an input field named like a column is kept under another name")
    }

    func testMultiLabelEveryAnnotationWithMinimumConfidence() throws {
        let options = DeliveryOptions(selection: .all, minimumConfidence: 0.5)
        let (records, excluded) = encodeAll(try encoder(.classification, .labels, configuration: #"{"multiple":true}"#, options), Self.classified)
        try GoldenFile.assertMatches(records, "classification-labels-multi.jsonl")
        XCTAssertEqual(excluded, ["low_confidence": 1])
        XCTAssertEqual(records.map { $0["confidence"]?.doubleValue ?? -1 }, [2.0 / 3, 2.0 / 3, 1.0 / 3])
    }
}
