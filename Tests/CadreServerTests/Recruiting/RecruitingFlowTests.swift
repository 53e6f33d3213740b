@testable import CadreServer
import CadreCore
import Fluent
import XCTest
import XCTVapor

/// Application → interview → decision → expert, over HTTP, on SQLite and PostgreSQL.
final class RecruitingFlowTests: XCTestCase {
    var t: TestApp!

    override func setUp() async throws { t = try await TestApp.make() }
    override func tearDown() async throws { try await t.shutdown() }

    func testAStrongCandidateIsAcceptedAndBecomesAQualifiedExpert() async throws {
        let candidate = try await CandidateDriver.applied(in: t)
        let (interviewID, seen) = try await candidate.takeInterview(as: .expert)

        let report = try await t.send(.GET, "/api/v1/interviews/\(interviewID)/report", token: candidate.token)
        XCTAssertEqual(report.status, .ok, report.body.string)
        let body = try XCTUnwrap(report.json["report"] as? [String: Any])
        let ability = try XCTUnwrap(body["ability"] as? [String: Any])
        let theta = try XCTUnwrap(ability["theta"] as? Double)
        let se = try XCTUnwrap(ability["standard_error"] as? Double)
        XCTAssertGreaterThan(theta - se, 0, "all-correct answers clear the default cutoff")
        XCTAssertEqual((body["recommendation"] as? [String: Any])?["outcome"] as? String, "accept")
        XCTAssertEqual((report.json["decision"] as? [String: Any])?["status"] as? String, "accepted")
        XCTAssertEqual((report.json["decision"] as? [String: Any])?["decided_by"] as? String, "policy")
        let scenarios = try XCTUnwrap(body["scenarios"] as? [[String: Any]])
        XCTAssertEqual(scenarios.count, 2)
        for scenario in scenarios {
            XCTAssertEqual(scenario["points"] as? Int, scenario["max_points"] as? Int, "rubric phrases meet every criterion")
            XCTAssertEqual(scenario["scorer"] as? String, EmbeddedRubricScorer.name)
            XCTAssertEqual(scenario["confidence"] as? String, "low")
        }
        let provenance = try XCTUnwrap(body["provenance"] as? [String: Any])
        XCTAssertEqual(provenance["bank_domain"] as? String, "mathematics")
        XCTAssertEqual(provenance["bank_version"] as? Int, try CandidateDriver.bank("mathematics").version)
        let transcript = try XCTUnwrap(body["transcript"] as? [[String: Any]])
        XCTAssertTrue(transcript.allSatisfy { $0["correct"] == nil }, "candidates never see item correctness")
        XCTAssertTrue(transcript.allSatisfy { $0["theta_after"] == nil }, "nor the estimate after each item, which would tell the same")

        // The candidate is now an expert with the domain's θ and SE, and its languages.
        let user = try await User.find(candidate.userID, on: t.app.db)
        XCTAssertEqual(user?.role, .expert)
        let qualifications = try await Qualification.query(on: t.app.db).filter(\.$user.$id == candidate.userID).all()
        let domain = try XCTUnwrap(qualifications.first { $0.kind == .domain })
        XCTAssertEqual(domain.subject, "mathematics")
        XCTAssertEqual(domain.level, theta, accuracy: 1e-9)
        XCTAssertEqual(domain.standardError ?? -1, se, accuracy: 1e-9)
        XCTAssertEqual(Set(qualifications.filter { $0.kind == .language }.map(\.subject)), ["en", "pt"])

        // No answer key reached the candidate at any step.
        for body in seen {
            XCTAssertFalse(body.contains("correct_key") || body.contains("\"tolerance\"") || body.contains("\"irt\""), body)
            XCTAssertFalse(body.contains("\"concepts\"") || body.contains("\"phrases\""), "rubrics stay on the server")
        }
        XCTAssertFalse(report.body.string.contains("\"correct\":true") || report.body.string.contains("\"correct\":false"))

        // Admins see correctness; the admin report has every item's verdict.
        let admin = try await t.makeUser(.admin)
        let adminReport = try await t.send(.GET, "/api/v1/interviews/\(interviewID)/report", token: try await t.token(for: admin))
        let adminTranscript = try XCTUnwrap((adminReport.json["report"] as? [String: Any])?["transcript"] as? [[String: Any]])
        XCTAssertTrue(adminTranscript.filter { $0["kind"] as? String == "item" }.allSatisfy { $0["correct"] as? Bool == true })
    }

    func testAWeakCandidateWaitsForAPersonWhoRejectsThenAnAppealIsOverturnedAndAccepted() async throws {
        let candidate = try await CandidateDriver.applied(in: t)
        let (interviewID, _) = try await candidate.takeInterview(as: .novice)
        let report = try await t.send(.GET, "/api/v1/interviews/\(interviewID)/report", token: candidate.token)
        let decision = try XCTUnwrap(report.json["decision"] as? [String: Any])
        XCTAssertEqual(decision["recommendation"] as? String, "rejection_review")
        XCTAssertEqual(decision["status"] as? String, "pending", "the policy never rejects on its own")
        let user = try await User.find(candidate.userID, on: t.app.db)
        XCTAssertEqual(user?.role, .candidate)

        let admin = try await t.token(for: try await t.makeUser(.admin))
        let queue = try await t.send(.GET, "/api/v1/candidate-decisions", token: admin)
        let pending = try XCTUnwrap(queue.json["items"] as? [[String: Any]])
        let decisionID = try XCTUnwrap(decision["id"] as? String)
        XCTAssertEqual(pending.map { $0["id"] as? String }, [decisionID])

        let noReason = try await t.send(.POST, "/api/v1/candidate-decisions/\(decisionID)", token: admin, json: ["outcome": "reject", "reason": " "])
        XCTAssertEqual(noReason.status, .unprocessableEntity)
        XCTAssertEqual(try noReason.problem().errors.first?.field, "reason")
        let rejected = try await t.send(.POST, "/api/v1/candidate-decisions/\(decisionID)", token: admin, json: ["outcome": "reject", "reason": "Below the cutoff on every skill"])
        XCTAssertEqual(rejected.status, .ok, rejected.body.string)
        XCTAssertEqual(rejected.json["status"] as? String, "rejected")
        let again = try await t.send(.POST, "/api/v1/candidate-decisions/\(decisionID)", token: admin, json: ["outcome": "accept", "reason": "changed my mind"])
        XCTAssertEqual(again.status, .conflict)

        let appeal = try await t.send(.POST, "/api/v1/candidate-decisions/\(decisionID)/appeals", token: candidate.token, json: ["text": "I misread the numeric format."])
        XCTAssertEqual(appeal.status, .created, appeal.body.string)
        let appealID = try XCTUnwrap(appeal.json["id"] as? String)
        let twice = try await t.send(.POST, "/api/v1/candidate-decisions/\(decisionID)/appeals", token: candidate.token, json: ["text": "Again"])
        XCTAssertEqual(twice.status, .conflict)
        let overturned = try await t.send(.POST, "/api/v1/appeals/\(appealID)/resolve", token: admin, json: ["outcome": "overturned", "note": "Format was ambiguous"])
        XCTAssertEqual(overturned.status, .ok, overturned.body.string)
        let accepted = try await t.send(.POST, "/api/v1/candidate-decisions/\(decisionID)", token: admin, json: ["outcome": "accept", "reason": "Credentials verified by phone"])
        XCTAssertEqual(accepted.json["status"] as? String, "accepted")
        XCTAssertNotEqual(accepted.json["decided_by"] as? String, "policy")
        let promoted = try await User.find(candidate.userID, on: t.app.db)
        XCTAssertEqual(promoted?.role, .expert)

        let application = try await t.send(.GET, "/api/v1/applications/\(candidate.applicationID)", token: candidate.token)
        let decisions = try XCTUnwrap(application.json["decisions"] as? [[String: Any]])
        XCTAssertEqual((decisions.first?["appeals"] as? [[String: Any]])?.first?["status"] as? String, "overturned")
    }

    func testARetakeWaitsForTheCoolingOffAndNeverRepeatsAQuestion() async throws {
        var candidate = try await CandidateDriver.applied(in: t)
        let (first, _) = try await candidate.takeInterview(as: .novice)
        let admin = try await t.token(for: try await t.makeUser(.admin))
        let firstReport = try await t.send(.GET, "/api/v1/interviews/\(first)/report", token: admin)
        let decision = try XCTUnwrap((firstReport.json["decision"] as? [String: Any])?["id"] as? String)

        let pending = try await candidate.start()
        XCTAssertEqual(try pending.problem().code, "decision_pending")
        _ = try await t.send(.POST, "/api/v1/candidate-decisions/\(decision)", token: admin, json: ["outcome": "reject", "reason": "Below cutoff"])
        let tooSoon = try await candidate.start()
        XCTAssertEqual(tooSoon.status, .conflict)
        XCTAssertEqual(try tooSoon.problem().code, "retake_too_soon")

        t.clock.advance(by: 31 * 86_400)
        try await candidate.signInAgain()
        var firstQuestions = Set<String>()
        for answer in try await InterviewAnswer.query(on: t.app.db).filter(\.$interview.$id == UUID(uuidString: first)!).all() where answer.kind != .followUp {
            firstQuestions.insert(answer.questionID)
        }
        var asked: [String] = []
        let (second, _) = try await candidate.takeInterview(as: .expert) { _, question in asked.append(question["id"] as! String) }
        XCTAssertNotEqual(first, second)
        let firstItems = firstQuestions.filter(CandidateDriver.isItem)
        XCTAssertFalse(firstItems.isEmpty)
        XCTAssertTrue(firstItems.isDisjoint(with: asked), "no item of the first attempt is asked again")
        let interview = try await Interview.find(UUID(uuidString: second)!, on: t.app.db)
        XCTAssertEqual(interview?.attempt, 2)
    }

    func testASessionReplaysExactlyFromItsSeedAndAnswers() async throws {
        let candidate = try await CandidateDriver.applied(in: t)
        let (id, _) = try await candidate.takeInterview(as: .expert)
        let found = try await Interview.find(UUID(uuidString: id)!, on: t.app.db)
        let interview = try XCTUnwrap(found)
        let answers = try await InterviewAnswer.query(on: t.app.db).filter(\.$interview.$id == interview.requireID()).sort(\.$position).all()
        let bank = try CandidateDriver.bank("mathematics")

        // Replaying the stored answers through the engine gives the stored ability exactly.
        let replayed = try InterviewSession(bank: bank, interview: interview, answers: answers)
        XCTAssertNil(replayed.current)
        XCTAssertEqual(replayed.test.estimate.theta, interview.theta ?? .nan, accuracy: 1e-12)
        XCTAssertEqual(replayed.test.estimate.standardError, interview.standardError ?? .nan, accuracy: 1e-12)

        // Each prefix of the answers asks, next, exactly the item that was asked then.
        let items = answers.filter { $0.kind == .item }
        for cut in 0..<items.count {
            let session = try InterviewSession(bank: bank, interview: interview, answers: Array(items.prefix(cut)))
            XCTAssertEqual(session.current?.id, items[cut].questionID, "item \(cut)")
        }
    }

    func testIntegrityFlagsStopAnAutomaticAcceptanceButRejectNobody() async throws {
        let candidate = try await CandidateDriver.applied(in: t)
        var reported = false
        let (id, _) = try await candidate.takeInterview(as: .expert) { interviewID, question in
            guard !reported else { return }
            reported = true
            let paste = try await t.send(.POST, "/api/v1/interviews/\(interviewID)/events", token: candidate.token,
                                         json: ["kind": "paste", "question_id": question["id"] as! String])
            XCTAssertEqual(paste.status, .noContent)
            let bad = try await t.send(.POST, "/api/v1/interviews/\(interviewID)/events", token: candidate.token,
                                       json: ["kind": "screenshot", "question_id": "x"])
            XCTAssertEqual(try bad.problem().errors.first?.field, "kind")
        }
        let admin = try await t.token(for: try await t.makeUser(.admin))
        let report = try await t.send(.GET, "/api/v1/interviews/\(id)/report", token: admin)
        let integrity = try XCTUnwrap((report.json["report"] as? [String: Any])?["integrity"] as? [String: Any])
        let flags = try XCTUnwrap(integrity["flags"] as? [[String: Any]])
        XCTAssertTrue(flags.contains { $0["kind"] as? String == "paste" && $0["at"] != nil })
        let decision = try XCTUnwrap(report.json["decision"] as? [String: Any])
        XCTAssertEqual(decision["recommendation"] as? String, "human_review")
        XCTAssertEqual(decision["status"] as? String, "pending")
    }

    func testTheSameResumeOnTwoAccountsIsFlagged() async throws {
        let resume = "Quantitative analyst. Stochastic calculus, derivatives pricing, risk."
        _ = try await CandidateDriver.applied(in: t, resume: resume)
        let second = try await CandidateDriver.applied(in: t, resume: resume + "\n")
        let (id, _) = try await second.takeInterview(as: .expert)
        let report = try await t.send(.GET, "/api/v1/interviews/\(id)/report", token: second.token)
        let flags = try XCTUnwrap(((report.json["report"] as? [String: Any])?["integrity"] as? [String: Any])?["flags"] as? [[String: Any]])
        XCTAssertEqual(flags.map { $0["kind"] as? String }, ["duplicate_resume"])
    }

    func testTheFunnelCountsEachStepWithMedianTimes() async throws {
        let strong = try await CandidateDriver.applied(in: t)
        t.clock.advance(by: 600)
        _ = try await strong.takeInterview(as: .expert)
        _ = try await CandidateDriver.applied(in: t)
        let admin = try await t.token(for: try await t.makeUser(.admin))
        let funnel = try await t.send(.GET, "/api/v1/recruiting/funnel", token: admin)
        XCTAssertEqual(funnel.status, .ok, funnel.body.string)
        XCTAssertEqual(funnel.json["applied"] as? Int, 2)
        XCTAssertEqual(funnel.json["interviewed"] as? Int, 1)
        XCTAssertEqual(funnel.json["decided"] as? Int, 1)
        XCTAssertEqual(funnel.json["accepted"] as? Int, 1)
        XCTAssertEqual(funnel.json["active"] as? Int, 0)
        // The policy decided the moment the interview ended, 10 minutes plus the interview after applying.
        XCTAssertEqual(funnel.json["median_seconds_to_decision"] as? Double, 0)
        let toInterview = try XCTUnwrap(funnel.json["median_seconds_to_interview"] as? Double)
        XCTAssertGreaterThan(toInterview, 600)
        XCTAssertEqual(funnel.json["median_seconds_application_to_decision"] as? Double, toInterview)
    }
}

extension CandidateDriver {
    private static let mathematics = try? bank("mathematics")

    static func isItem(_ id: String) -> Bool {
        mathematics?.item(id: id) != nil
    }
}
