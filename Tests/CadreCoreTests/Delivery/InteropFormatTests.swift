@testable import CadreCore
import XCTest

/// The formats that carry work to other tools: Label Studio tasks and robot-learning episodes.
final class InteropFormatTests: XCTestCase {
    func testLabelStudioClassificationAndRatingTasks() throws {
        let labels = try [
            deliveryTask("t-1", input: #"{"text":"I was charged twice.","source":"email"}"#,
                         answers: [#"{"labels":["billing"]}"#, #"{"labels":["account"]}"#]),
        ]
        let (classified, _) = encodeAll(try encoder(.classification, .labelStudio, configuration: #"{"labels":["billing","account"]}"#, DeliveryOptions(selection: .all)), labels)
        try GoldenFile.assertMatches(classified, "classification-label-studio.jsonl")
        XCTAssertEqual(classified[0]["annotations"]?.arrayValue?.count, 2, "every answer is an annotation")

        let rated = try [
            deliveryTask("r-1", input: #"{"prompt":"Summarise the memo.","response":"The memo asks for budgets by Friday."}"#,
                         answers: [#"{"scores":{"correctness":4,"safety":3,"tone":null}}"#]),
        ]
        let (ratings, _) = encodeAll(try encoder(.rating, .labelStudio, configuration: SupervisionFormatTests.rubric, DeliveryOptions(selection: .all)), rated)
        try GoldenFile.assertMatches(ratings, "rating-label-studio.jsonl")
        XCTAssertEqual(ratings[0]["annotations"]?[0]?["result"]?.arrayValue?.count, 2, "the unscored optional criterion is left out")
        let config = LabelStudioLayout(kind: .rating, configuration: try JSONValue(parsing: SupervisionFormatTests.rubric)).config
        XCTAssertTrue(config.contains(#"<Rating name="correctness" toName="response""#), config)
    }

    /// Each criterion keeps its own scale in Label Studio: stars up to its maximum from 1, a
    /// number field for any other scale — and the answer reads back the same.
    func testLabelStudioRatingTagsFollowEachCriterionsScale() throws {
        let rubric = try JSONValue(parsing: #"{"criteria":[{"name":"accuracy","min":1,"max":7,"required":true},{"name":"harm","min":0,"max":4,"required":true},{"name":"fluency","min":1,"max":100,"required":true}],"comment":{"required":false}}"#)
        let layout = LabelStudioLayout(kind: .rating, configuration: rubric)
        XCTAssertTrue(layout.config.contains(#"<Rating name="accuracy" toName="response" maxRating="7"/>"#), layout.config)
        XCTAssertTrue(layout.config.contains(#"<Number name="harm" toName="response" min="0" max="4"/>"#), layout.config)
        XCTAssertTrue(layout.config.contains(#"<Number name="fluency" toName="response" min="1" max="100"/>"#), layout.config)
        let answer: JSONValue = ["scores": ["accuracy": 6, "harm": 0, "fluency": 88]]
        let results = layout.results(answer, input: ["prompt": "Summarise.", "response": "A summary."])
        XCTAssertEqual(results.map { $0["type"]?.stringValue }, ["rating", "number", "number"], "\(results)")
        XCTAssertEqual(LabelStudioAnswer(kind: .rating).read(results).answer["scores"], answer["scores"])
    }

    func testEpisodesCarryTheClipsFactsOrLeaveOutAMissingClip() throws {
        let tasks = try [
            deliveryTask("fridge", input: #"{"activity":"Open the fridge","instructions":"Open it, close it.","objects":["fridge"]}"#, answers: [
                #"{"upload_id":"0193a6c4-2b1e-7c4d-9a1b-2f3e4d5c6b7a","consent":true,"episode":{"duration_seconds":6.5,"fps":30.0,"width":1280,"height":720,"segments":[{"start_seconds":0.5,"end_seconds":3.0,"verb":"open","object":"fridge door"}],"contributor":"Expert 1A2B3C4D","consent_terms":"No faces in frame.","sha256":"ab12","file":"clip-ab12.mp4","instructions_version":"0011223344556677"}}"#,
                #"{"upload_id":"0193a6c4-2b1e-7c4d-9a1b-2f3e4d5c6b7b","consent":true}"#,
            ]),
        ]
        let (records, excluded) = encodeAll(try encoder(.videoDemonstration, .episodes, DeliveryOptions(selection: .all)), tasks)
        try GoldenFile.assertMatches(records, "video-episodes.jsonl")
        XCTAssertEqual(excluded, ["no_clip": 1])
    }
}
