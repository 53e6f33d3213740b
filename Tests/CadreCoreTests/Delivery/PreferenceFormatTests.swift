import CadreCore
import XCTest

/// DPO and listwise rows from pairwise, ranking and correction answers, against golden files.
final class PreferenceFormatTests: XCTestCase {
    static let pairwiseTasks: [DeliveryTask] = try! [
        deliveryTask("p-1", input: #"{"prompt":"Boiling point of water in °F?","responses":[{"content":"212 °F.","model":"m-a"},{"content":"100 °F.","model":"m-b"}]}"#,
                     answers: [#"{"choice":"A","strength":3,"ratings":{}}"#, #"{"choice":"A","strength":2,"ratings":{}}"#, #"{"choice":"B","strength":1,"ratings":{}}"#],
                     consensus: #"{"choice":"A"}"#),
        deliveryTask("p-2", input: #"{"prompt":"Say \"hi\"\nplease","responses":[{"content":"hello"},{"content":"hi"}]}"#,
                     answers: [#"{"choice":"B","strength":1,"ratings":{}}"#, #"{"choice":"B","strength":2,"ratings":{}}"#],
                     consensus: #"{"choice":"B"}"#),
        deliveryTask("p-3", input: #"{"prompt":"2+2?","responses":[{"content":"4"},{"content":"four"}]}"#,
                     answers: [#"{"choice":"tie","ratings":{}}"#, #"{"choice":"tie","ratings":{}}"#], consensus: #"{"choice":"tie"}"#),
        deliveryTask("p-4", input: #"{"prompt":"Capital of Australia?","responses":[{"content":"Sydney"},{"content":"Melbourne"}]}"#,
                     answers: [#"{"choice":"both_bad","ratings":{}}"#], consensus: #"{"choice":"both_bad"}"#),
        deliveryTask("p-5", input: #"{"prompt":"Unaggregated","responses":[{"content":"x"},{"content":"y"}]}"#,
                     answers: [#"{"choice":"A","strength":1,"ratings":{}}"#]),
    ]

    func testPairwiseConsensusKeepsWinnersAndCountsTiesAndBothBad() throws {
        let (records, excluded) = encodeAll(try encoder(.pairwise, .dpo), Self.pairwiseTasks)
        try GoldenFile.assertMatches(records, "pairwise-dpo-consensus.jsonl")
        XCTAssertEqual(excluded, ["tie": 1, "both_bad": 1, "no_consensus": 1])
        // Two of three annotators chose A, with strengths 3 and 2.
        XCTAssertEqual(records[0]["agreement"]?.doubleValue ?? 0, 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(records[0]["margin"], .number(2.5))
        XCTAssertEqual(records[1]["chosen"], "hi")
    }

    func testPairwiseEveryAnnotationWritesOneRowPerAnswer() throws {
        let options = DeliveryOptions(selection: .all)
        let (records, excluded) = encodeAll(try encoder(.pairwise, .dpo, options), Self.pairwiseTasks)
        try GoldenFile.assertMatches(records, "pairwise-dpo-all.jsonl")
        XCTAssertEqual(records.count, 6)
        XCTAssertEqual(excluded, ["tie": 2, "both_bad": 1])
    }

    func testPairwiseChatPromptsAreConversational() throws {
        let task = try deliveryTask(
            "chat-1",
            input: #"{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Largest planet?"}],"responses":["Jupiter.","Saturn."]}"#,
            answers: [#"{"choice":"A","strength":2,"ratings":{}}"#], consensus: #"{"choice":"A"}"#)
        let plain = try deliveryTask(
            "chat-2", input: #"{"prompt":"Smallest planet?","responses":["Mercury.","Mars."]}"#,
            answers: [#"{"choice":"A","strength":3,"ratings":{}}"#], consensus: #"{"choice":"A"}"#)
        let (records, _) = encodeAll(try encoder(.pairwise, .dpo, DeliveryOptions(conversational: true)), [task, plain])
        try GoldenFile.assertMatches(records, "pairwise-dpo-chat.jsonl")
        XCTAssertEqual(records[0]["chosen"], [["role": "assistant", "content": "Jupiter."]])
        // A plain prompt in a chat project becomes one user message, so the column has one type.
        XCTAssertEqual(records[1]["prompt"], [["role": "user", "content": "Smallest planet?"]])
    }

    static let rankingTasks: [DeliveryTask] = try! [
        deliveryTask("r-1", input: #"{"prompt":"Why is the sky blue?","responses":[{"content":"Rayleigh scattering."},{"content":"Ocean reflection."},{"content":"Air scatters blue more."}]}"#,
                     answers: [#"{"ranking":[[0,2],[1]]}"#, #"{"ranking":[[0],[2],[1]]}"#],
                     consensus: #"{"order":[0,2,1],"best":[0]}"#),
        deliveryTask("r-2", input: #"{"prompt":"All equal","responses":["a","b"]}"#,
                     answers: [#"{"ranking":[[0,1]]}"#], consensus: #"{"order":[0,1],"best":[0]}"#),
    ]

    func testRankingEveryImpliedPairFromEachAnswer() throws {
        let (records, excluded) = encodeAll(try encoder(.ranking, .dpo, DeliveryOptions(selection: .all)), Self.rankingTasks)
        try GoldenFile.assertMatches(records, "ranking-dpo-all.jsonl")
        // [[0,2],[1]] gives 0≻1 and 2≻1; [[0],[2],[1]] gives 0≻2, 0≻1, 2≻1; an all-tied ranking none.
        XCTAssertEqual(records.count, 5)
        XCTAssertEqual(excluded, ["no_pairs": 1])
    }

    func testRankingAdjacentPairsFromTheConsensusOrder() throws {
        let options = DeliveryOptions(adjacentPairsOnly: true)
        let (records, _) = encodeAll(try encoder(.ranking, .dpo, options), [Self.rankingTasks[0]])
        try GoldenFile.assertMatches(records, "ranking-dpo-adjacent.jsonl")
        XCTAssertEqual(records.map { $0["chosen"] }, ["Rayleigh scattering.", "Air scatters blue more."])
        let (every, _) = encodeAll(try encoder(.ranking, .dpo), [Self.rankingTasks[0]])
        XCTAssertEqual(every.count, 3)
    }

    func testRankingListwise() throws {
        let (records, _) = encodeAll(try encoder(.ranking, .listwise, DeliveryOptions(selection: .all)), Self.rankingTasks)
        try GoldenFile.assertMatches(records, "ranking-listwise.jsonl")
        XCTAssertEqual(records[0]["ranking"], [[0, 2], [1]])
    }

    static let correctionTasks: [DeliveryTask] = try! [
        deliveryTask("c-1", input: #"{"prompt":"What is 17 × 24?","response":{"content":"17 × 24 = 418.","model":"m-a"}}"#,
                     answers: [#"{"corrected":"17 × 24 = 408.","error_categories":["factual"]}"#]),
        deliveryTask("c-2", input: #"{"messages":[{"role":"user","content":"Spell 'cat'."}],"response":"c-a-t"}"#,
                     answers: [#"{"corrected":"c-a-t","error_categories":[]}"#]),
    ]

    func testCorrectionPrefersTheCorrectedResponseAndCountsUnchanged() throws {
        let (records, excluded) = encodeAll(try encoder(.correction, .dpo, DeliveryOptions(selection: .all)), Self.correctionTasks)
        try GoldenFile.assertMatches(records, "correction-dpo.jsonl")
        XCTAssertEqual(excluded, ["unchanged": 1])
        XCTAssertEqual(records[0]["edit_distance"], 1)
    }

    func testCorrectionAsSFTEndsWithTheCorrectedTurn() throws {
        let (records, _) = encodeAll(try encoder(.correction, .sft, DeliveryOptions(selection: .all)), Self.correctionTasks)
        try GoldenFile.assertMatches(records, "correction-sft.jsonl")
        XCTAssertEqual(records[0]["messages"]?.arrayValue?.last, ["role": "assistant", "content": "17 × 24 = 408."])
    }
}
