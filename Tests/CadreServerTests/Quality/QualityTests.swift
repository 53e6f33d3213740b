@testable import CadreServer
import CadreCore
import FluentKit
import Synchronization
import XCTest
import XCTVapor

final class QualityTests: XCTestCase {
    var t: TestApp!
    var organization: Organization!
    var client: String!

    override func setUp() async throws {
        t = try await TestApp.make()
        organization = try await t.makeOrganization()
        client = try await t.token(for: try await t.makeUser(.client, organization: organization))
    }
    override func tearDown() async throws { try await t.shutdown() }

    /// Serves gold on every other lease, deterministically.
    func alternateGold() {
        let counter = Mutex(0)
        t.app.goldDraw = { counter.withLock { $0 += 1; return $0 % 2 == 0 ? 0.0 : 0.99 } }
    }

    func importGold(_ project: Project, count: Int) async throws {
        // Named like ordinary tasks: the client's external ids and inputs are shown to experts.
        let lines = (0..<count).map { #"{"external_id": "item-g\#($0)", "text": "Review g\#($0)", "gold_answer": {"label": "positive", "rationale": "GOLD-MARKER"}}"# }
        let response = try await t.send(.POST, "/api/v1/projects/\(project.id!)/gold", token: client, rawBody: lines.joined(separator: "\n"),
                                        headers: ["Content-Type": "application/x-ndjson"])
        XCTAssertEqual(response.status, .created, response.body.string)
    }

    /// One expert's next → submit loop; returns every response body it saw.
    func work(_ token: String, project: Project, label: (Int) -> String, limit: Int = 100) async throws -> [String] {
        var seen: [String] = []
        for round in 0..<limit {
            let lease = try await t.send(.POST, "/api/v1/projects/\(project.id!)/assignments/next", token: token)
            seen.append(lease.body.string)
            guard lease.status == .created, let id = lease.json["id"] as? String else { break }
            let submitted = try await t.send(.POST, "/api/v1/assignments/\(id)/submit", token: token,
                                             json: ["answer": ["label": label(round)]], headers: ["Idempotency-Key": id])
            seen.append(submitted.body.string)
        }
        let history = try await t.send(.GET, "/api/v1/assignments?limit=200", token: token)
        seen.append(history.body.string)
        return seen
    }

    func testGoldIsServedLikeAnyTaskAndItsAnswerNeverReachesTheExpert() async throws {
        let project = try await t.makeProject(in: organization, state: .active) { $0.quality.goldRate = 0.5 }
        for index in 0..<6 { try await t.makeTask(in: project, externalID: "real-\(index)") }
        try await importGold(project, count: 6)
        alternateGold()
        let expert = try await t.makeUser(.expert)
        let token = try await t.token(for: expert)
        var seen = try await work(token, project: project, label: { _ in "positive" })
        // Everything else an expert can read, through the API and the web pages.
        for path in ["/api/v1/me", "/api/v1/projects", "/api/v1/projects/\(project.id!)", "/api/v1/experts/\(expert.id!)/qualifications"] {
            seen.append(try await t.send(.GET, path, token: token).body.string)
        }
        let cookies = "cadre_csrf=\(WebSupport.csrf); cadre_session=\(try await WebSupport.session(for: expert, in: t))"
        for path in ["/", "/work", "/work/projects/\(project.id!)"] {
            seen.append(try await t.send(.GET, path, headers: WebSupport.headers(cookies: cookies, form: false)).body.string)
        }
        let goldServed = try await Assignment.query(on: t.app.db).filter(\.$isGold == true).count()
        XCTAssertGreaterThan(goldServed, 0)
        for body in seen {
            XCTAssertFalse(body.contains("GOLD-MARKER"), "a gold answer reached the expert: \(body.prefix(300))")
            XCTAssertFalse(body.lowercased().contains("gold"), "a response tells gold apart: \(body.prefix(300))")
        }
        let standing = try await ExpertStanding.query(on: t.app.db).filter(\.$expert.$id == expert.id!).first()
        XCTAssertEqual(standing?.goldAnswered, goldServed)
        XCTAssertEqual(standing?.goldCorrect, goldServed)
        // The client sees which tasks are gold, with their answers.
        let tasks = try await t.send(.GET, "/api/v1/projects/\(project.id!)/tasks?limit=200", token: client)
        XCTAssertTrue(tasks.body.string.contains("GOLD-MARKER"))
    }

    func testGoldLinesNeedAValidKnownAnswer() async throws {
        let project = try await t.makeProject(in: organization)
        let response = try await t.send(.POST, "/api/v1/projects/\(project.id!)/gold", token: client,
                                        rawBody: #"{"external_id": "g1", "text": "x"}"# + "\n" + #"{"external_id": "g2", "text": "y", "gold_answer": {"label": "furious"}}"#,
                                        headers: ["Content-Type": "application/x-ndjson"])
        XCTAssertEqual(response.status, .unprocessableEntity)
        XCTAssertEqual(try response.problem().errors.map(\.field), ["line 1: gold_answer", "line 2: gold_answer.label"])
    }

    func testAnExpertBelowTheBarIsPausedThenRequalifiesWithCheckQuestions() async throws {
        let project = try await t.makeProject(in: organization, state: .active) {
            $0.quality.goldRate = 0.5
            $0.quality.minimumGoldAccuracy = 0.8
        }
        for index in 0..<20 { try await t.makeTask(in: project, externalID: "real-\(index)") }
        try await importGold(project, count: 12)
        alternateGold()
        let expert = try await t.makeUser(.expert)
        let token = try await t.token(for: expert)
        // Wrong on everything until paused (the fifth gold answer).
        var rounds = 0
        while try await ExpertStanding.query(on: t.app.db).filter(\.$paused == true).count() == 0, rounds < 20 {
            _ = try await work(token, project: project, label: { _ in "negative" }, limit: 1)
            rounds += 1
        }
        let paused = try await ExpertStanding.query(on: t.app.db).filter(\.$expert.$id == expert.id!).first()
        XCTAssertEqual(paused?.paused, true)
        XCTAssertTrue(paused?.pauseReason?.contains("requalification set") ?? false)

        // While paused every lease is a check question; five right reinstate the expert.
        let before = try await Assignment.query(on: t.app.db).count()
        _ = try await work(token, project: project, label: { _ in "positive" }, limit: Requalification.setSize)
        let during = try await Assignment.query(on: t.app.db).sort(\.$id).all().dropFirst(before)
        XCTAssertEqual(during.count, Requalification.setSize)
        XCTAssertTrue(during.allSatisfy(\.isGold))
        let back = try await ExpertStanding.query(on: t.app.db).filter(\.$expert.$id == expert.id!).first()
        XCTAssertEqual(back?.paused, false)
        XCTAssertEqual(back?.goldCorrect, Requalification.setSize)
    }

    func testAPausedExpertWithNoCheckQuestionsLeftIsRefusedUntilReinstated() async throws {
        let project = try await t.makeProject(in: organization, state: .active) {
            $0.quality.goldRate = 0.5
            $0.quality.minimumGoldAccuracy = 0.8
        }
        for index in 0..<10 { try await t.makeTask(in: project, externalID: "real-\(index)") }
        try await importGold(project, count: QualitySettings.minimumGoldAnswers)
        alternateGold()
        let expert = try await t.makeUser(.expert)
        let token = try await t.token(for: expert)
        _ = try await work(token, project: project, label: { _ in "negative" }, limit: 2 * QualitySettings.minimumGoldAnswers)
        let refused = try await t.send(.POST, "/api/v1/projects/\(project.id!)/assignments/next", token: token)
        XCTAssertEqual(refused.status, .forbidden)
        XCTAssertEqual(try refused.problem().code, "paused")
        XCTAssertTrue(try refused.problem().detail.contains("reinstate"))

        let quality = try await t.send(.GET, "/api/v1/projects/\(project.id!)/quality", token: client)
        let experts = try XCTUnwrap(quality.json["experts"] as? [[String: Any]])
        XCTAssertEqual(experts.first?["paused"] as? Bool, true)
        XCTAssertTrue((experts.first?["expert"] as? String)?.hasPrefix("Expert ") ?? false, "clients see pseudonyms")
        XCTAssertFalse(quality.body.string.contains(expert.id!.uuidString))

        // The client knows the expert only by pseudonym; the report's standing id names them.
        let standingID = try XCTUnwrap(experts.first?["standing_id"] as? String)
        let reinstated = try await t.send(.POST, "/api/v1/projects/\(project.id!)/experts/\(standingID)/reinstate", token: client)
        XCTAssertEqual(reinstated.status, .noContent)
        let again = try await t.send(.POST, "/api/v1/projects/\(project.id!)/assignments/next", token: token)
        XCTAssertEqual(again.status, .created)
    }

    func testDynamicOverlapAddsExactlyOneAnswerWhenConsensusIsUnsure() async throws {
        let project = try await t.makeProject(in: organization, state: .active) {
            $0.answersPerTask = 2
            $0.quality.maxAnswersPerTask = 3
            $0.quality.consensusThreshold = 0.9
        }
        let task = try await t.makeTask(in: project)
        var tokens: [String] = []
        for _ in 0..<4 { tokens.append(try await t.token(for: try await t.makeUser(.expert))) }
        _ = try await work(tokens[0], project: project, label: { _ in "positive" }, limit: 1)
        _ = try await work(tokens[1], project: project, label: { _ in "negative" }, limit: 1)
        let waiting = try await t.send(.POST, "/api/v1/projects/\(project.id!)/assignments/next", token: tokens[2])
        XCTAssertEqual(waiting.status, .noContent, "k answers given: complete until aggregation says otherwise")

        t.clock.advance(by: QualityJobs.debounce + 1)
        let ran = try await QualityJobs.runDue(t.app)
        XCTAssertEqual(ran, 1)
        let reopened = try await WorkTask.find(task.id, on: t.app.db)
        XCTAssertEqual(reopened?.extraAnswers, 1)
        XCTAssertEqual(reopened?.state, .open)

        _ = try await work(tokens[2], project: project, label: { _ in "neutral" }, limit: 1)
        t.clock.advance(by: QualityJobs.debounce + 1)
        try await QualityJobs.runDue(t.app)
        let final = try await WorkTask.find(task.id, on: t.app.db)
        XCTAssertEqual(final?.extraAnswers, 1, "never beyond max_answers_per_task")
        XCTAssertEqual(final?.acceptedCount, 3)
        let none = try await t.send(.POST, "/api/v1/projects/\(project.id!)/assignments/next", token: tokens[3])
        XCTAssertEqual(none.status, .noContent)
    }

    func testStoredConsensusIsTheCoresResultOnTheSameAnswers() async throws {
        let project = try await t.makeProject(in: organization, state: .active) { $0.answersPerTask = 3 }
        for index in 0..<5 { try await t.makeTask(in: project, externalID: "c\(index)") }
        let labels = ["positive", "negative", "neutral"]
        for expert in 0..<3 {
            let token = try await t.token(for: try await t.makeUser(.expert))
            _ = try await work(token, project: project, label: { round in expert == 2 ? labels[round % 3] : labels[round % 2] })
        }
        t.clock.advance(by: QualityJobs.debounce + 1)
        try await QualityJobs.runDue(t.app)

        let (expected, tasks, answerCount) = try await t.coresConsensus(of: project)
        let stored = try await TaskConsensusRow.query(on: t.app.db).filter(\.$project.$id == project.id!).all()
        XCTAssertEqual(stored.count, expected.tasks.count)
        for consensus in expected.tasks {
            let row = try XCTUnwrap(stored.first { $0.id?.uuidString == tasks.name(consensus.task) })
            XCTAssertEqual(try JSONValue(parsing: row.result), consensus.result)
            XCTAssertEqual(row.confidence, consensus.confidence, accuracy: 1e-9)
        }
        let report = try await t.send(.GET, "/api/v1/projects/\(project.id!)/quality", token: client)
        let aggregation = try XCTUnwrap(report.json["aggregation"] as? [String: Any])
        XCTAssertEqual(aggregation["tasks_with_consensus"] as? Int, expected.tasks.count)
        XCTAssertEqual(aggregation["method"] as? String, "dawid-skene")
        let history = try XCTUnwrap(report.json["history"] as? [[String: Any]])
        XCTAssertEqual(history.count, 1)
        let agreed = Double(expected.agreed.reduce(0, +)) / Double(expected.compared.reduce(0, +))
        XCTAssertEqual(history.first?["agreement"] as? Double ?? -1, agreed, accuracy: 1e-9)
        XCTAssertEqual(history.first?["answers"] as? Int, answerCount)
    }

    func testImplausiblyFastAnswersAreFlagged() async throws {
        let project = try await t.makeProject(in: organization, state: .active)
        for index in 0..<6 { try await t.makeTask(in: project, externalID: "s\(index)") }
        let careful = try await t.token(for: try await t.makeUser(.expert))
        let hasty = try await t.token(for: try await t.makeUser(.expert))
        for round in 0..<6 {
            let token = round % 2 == 0 ? careful : hasty
            let lease = try await t.send(.POST, "/api/v1/projects/\(project.id!)/assignments/next", token: token)
            let id = try XCTUnwrap(lease.json["id"] as? String)
            t.clock.advance(by: round % 2 == 0 ? 100 : 5)
            _ = try await t.send(.POST, "/api/v1/assignments/\(id)/submit", token: token,
                                 json: ["answer": ["label": "positive"]], headers: ["Idempotency-Key": id])
        }
        t.clock.advance(by: QualityJobs.debounce + 1)
        try await QualityJobs.runDue(t.app)
        let report = try await t.send(.GET, "/api/v1/projects/\(project.id!)/quality", token: client)
        let experts = try XCTUnwrap(report.json["experts"] as? [[String: Any]])
        XCTAssertEqual(Set(experts.compactMap { $0["too_fast"] as? Int }), [0, 3])
        XCTAssertEqual(Set(experts.compactMap { $0["median_seconds"] as? Double }), [100, 5])
    }

    func testPairwiseProjectsScoreTheModelsThatWroteTheResponses() async throws {
        let project = try await t.makeProject(in: organization, state: .active) {
            $0.template = .pairwise
            $0.configuration = .null
        }
        for index in 0..<4 {
            // The stronger model is A on even tasks and B on odd ones.
            let strong = #"{"model": "strong", "content": "Good answer"}"#, weak = #"{"model": "weak", "content": "Poor answer"}"#
            try await t.makeTask(in: project, externalID: "m\(index)",
                                 input: #"{"prompt": "Which is better?", "responses": [\#(index % 2 == 0 ? strong : weak), \#(index % 2 == 0 ? weak : strong)]}"#)
        }
        let token = try await t.token(for: try await t.makeUser(.expert))
        for _ in 0..<4 {
            let lease = try await t.send(.POST, "/api/v1/projects/\(project.id!)/assignments/next", token: token)
            let id = try XCTUnwrap(lease.json["id"] as? String)
            let task = try XCTUnwrap(lease.json["task"] as? [String: Any])
            let responses = (task["input"] as? [String: Any])?["responses"] as? [[String: Any]]
            let choice = responses?.first?["model"] as? String == "strong" ? "A" : "B"
            let submitted = try await t.send(.POST, "/api/v1/assignments/\(id)/submit", token: token,
                                             json: ["answer": ["choice": choice, "strength": 2, "rationale": "The chosen answer is correct and clear."]],
                                             headers: ["Idempotency-Key": id])
            XCTAssertEqual(submitted.status, .created, submitted.body.string)
        }
        t.clock.advance(by: QualityJobs.debounce + 1)
        try await QualityJobs.runDue(t.app)
        let report = try await t.send(.GET, "/api/v1/projects/\(project.id!)/quality", token: client)
        let models = try XCTUnwrap((report.json["aggregation"] as? [String: Any])?["model_strengths"] as? [[String: Any]])
        XCTAssertEqual(models.compactMap { $0["model"] as? String }, ["strong", "weak"])
        XCTAssertEqual(models.first?["comparisons"] as? Int, 4)
    }
}
