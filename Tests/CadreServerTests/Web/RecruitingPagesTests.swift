@testable import CadreServer
import CadreCore
import FluentKit
import XCTest
import XCTVapor

/// The recruiting pages: sign-up, the application, the interview and its report, and the
/// admins' review queue and funnel.
final class RecruitingPagesTests: XCTestCase {
    var t: TestApp!

    override func setUp() async throws { t = try await TestApp.make() }
    override func tearDown() async throws { try await t.shutdown() }

    private func cookies(for user: User) async throws -> String {
        "cadre_csrf=\(WebSupport.csrf); cadre_session=\(try await WebSupport.session(for: user, in: t))"
    }

    private func page(_ path: String, as cookies: String) async throws -> TestResponse {
        try await t.send(.GET, path, headers: WebSupport.headers(cookies: cookies, form: false))
    }

    private func form(_ path: String, _ fields: [String: Any], as cookies: String, csrf: Bool = true) async throws -> TestResponse {
        var fields = fields
        if csrf { fields["csrf"] = WebSupport.csrf }
        return try await t.send(.POST, path, rawBody: WebSupport.urlEncoded(fields), headers: WebSupport.headers(cookies: cookies, form: true))
    }

    private func action(_ path: String, _ body: [String: Any], as cookies: String, csrf: Bool = true) async throws -> TestResponse {
        var headers: HTTPHeaders = ["Cookie": cookies, "Accept": "application/json"]
        if csrf { headers.add(name: "X-CSRF-Token", value: WebSupport.csrf) }
        return try await t.send(.POST, path, json: body, headers: headers)
    }

    /// Interview pages must never carry what would let a candidate score their own answers.
    private func assertNoAnswerKeys(_ html: String, file: StaticString = #filePath, line: UInt = #line) {
        for marker in ["\"correct\"", "data-correct", "tolerance", "\"irt\"", "discrimination", "expected_seconds", "rubric", "min_concepts"] {
            XCTAssertFalse(html.contains(marker), "interview page contains \(marker)", file: file, line: line)
        }
    }

    func testSignUpSignsInAndShowsErrorsBesideTheirFields() async throws {
        let anonymous = "cadre_csrf=\(WebSupport.csrf)"
        let blank = try await page("/apply", as: anonymous)
        XCTAssertEqual(blank.status, .ok)
        XCTAssertTrue(blank.body.string.contains("data-testid=\"apply-form\""))
        let forged = try await form("/apply", ["name": "Ada", "email": "ada@example.com", "password": "long-enough-pw"], as: anonymous, csrf: false)
        XCTAssertEqual(forged.status, .forbidden)

        let invalid = try await form("/apply", ["name": "Ada", "email": "not-an-email", "password": "short"], as: anonymous)
        XCTAssertEqual(invalid.status, .unprocessableEntity)
        XCTAssertTrue(invalid.body.string.contains("data-error-for=\"email\""), invalid.body.string)
        XCTAssertTrue(invalid.body.string.contains("data-error-for=\"password\""))
        XCTAssertTrue(invalid.body.string.contains("value=\"Ada\""), "what was typed is kept")

        let created = try await form("/apply", ["name": "Ada", "email": "ada@example.com", "password": "long-enough-pw"], as: anonymous)
        XCTAssertEqual(created.status, .seeOther)
        XCTAssertEqual(created.headers.first(name: .location), "/application")
        let session = try XCTUnwrap(created.headers.setCookie?[TokenAuthenticator.sessionCookie]?.string)
        let user = try await User.query(on: t.app.db).filter(\.$email == "ada@example.com").first()
        XCTAssertEqual(user?.role, .candidate)
        let application = try await page("/application", as: "cadre_csrf=\(WebSupport.csrf); cadre_session=\(session)")
        XCTAssertEqual(application.status, .ok)
        XCTAssertTrue(application.body.string.contains("data-testid=\"profile-form\""))
        XCTAssertTrue(application.body.string.contains(ApplicationView.explanation.prefix(40)))
    }

    func testTheApplicationFormsUseTheRecruitingRules() async throws {
        let candidate = try await t.makeUser(.candidate)
        let me = try await cookies(for: candidate)
        let profile: [String: Any] = ["headline": "Teacher", "domains[]": "mathematics", "languages": "en, pt", "timezone": "Europe/Lisbon",
                                      "weekly_hours": "20", "rate": "45.50", "currency": "eur"]
        let forged = try await form("/application", profile, as: me, csrf: false)
        XCTAssertEqual(forged.status, .forbidden)

        var bad = profile
        bad["languages"] = "english!"
        bad["timezone"] = "Mars/Base"
        bad["weekly_hours"] = "200"
        let refused = try await form("/application", bad, as: me)
        XCTAssertEqual(refused.status, .unprocessableEntity)
        for field in ["languages", "timezone", "weekly_hours"] {
            XCTAssertTrue(refused.body.string.contains("data-error-for=\"\(field)\""), "no message beside \(field)")
        }
        XCTAssertTrue(refused.body.string.contains("value=\"Mars/Base\""), "what was typed is kept")

        let early = try await form("/application/submit", [:], as: me)
        XCTAssertEqual(early.status, .unprocessableEntity)
        let saved = try await form("/application", profile, as: me)
        XCTAssertEqual(saved.status, .seeOther, saved.body.string)
        let application = try await XCTUnwrapAsync(try await CandidateApplication.query(on: t.app.db).filter(\.$user.$id == candidate.id!).first())
        XCTAssertEqual(try application.profile.expectedRate, .init(amountMinor: 4550, currency: "EUR"))

        let notPDF = try await upload("/application/resume", file: ("cv.pdf", "application/pdf", "plain words"), as: me)
        XCTAssertEqual(notPDF.status, .unprocessableEntity)
        XCTAssertTrue(notPDF.body.string.contains("data-testid=\"resume-error\""))
        XCTAssertTrue(notPDF.body.string.contains("not a PDF"))

        let resume = try await form("/application/resume", ["text": "Mathematics teacher; linear algebra and probability."], as: me)
        XCTAssertEqual(resume.status, .seeOther, resume.body.string)
        let withSkills = try await page("/application", as: me)
        XCTAssertTrue(withSkills.body.string.contains("value=\"linear-algebra\""), withSkills.body.string)
        let confirmed = try await form("/application/skills", ["skills[]": "linear-algebra"], as: me)
        XCTAssertEqual(confirmed.status, .seeOther)
        let reloaded = try await CandidateApplication.find(application.id, on: t.app.db)
        XCTAssertEqual(try reloaded?.profile.skills, ["linear-algebra"])

        let submitted = try await form("/application/submit", [:], as: me)
        XCTAssertEqual(submitted.status, .seeOther)
        let ready = try await page("/application", as: me)
        XCTAssertTrue(ready.body.string.contains("data-testid=\"start-interview\""))
        let started = try await form("/application/interviews", ["domain": "mathematics"], as: me)
        XCTAssertEqual(started.status, .seeOther)
        XCTAssertTrue(started.headers.first(name: .location)?.hasPrefix("/interviews/") == true)
        let again = try await form("/application/interviews", ["domain": "mathematics"], as: me)
        XCTAssertEqual(again.status, .conflict, "one interview at a time, said on the page")
        XCTAssertTrue(again.body.string.contains("still in progress"))
    }

    func testTheInterviewPagesNeverCarryAnswerKeys() async throws {
        let driver = try await CandidateDriver.applied(in: t)
        let started = try await driver.start()
        let id = try XCTUnwrap(started.json["id"] as? String)
        let candidate = try await XCTUnwrapAsync(try await User.find(driver.userID, on: t.app.db))
        let me = try await cookies(for: candidate)
        let bank = try CandidateDriver.bank("mathematics")

        let first = try await page("/interviews/\(id)", as: me)
        XCTAssertEqual(first.status, .ok)
        assertNoAnswerKeys(first.body.string)
        let notYet = try await page("/interviews/\(id)/report", as: me)
        XCTAssertEqual(notYet.status, .seeOther, "the report waits for the end of the interview")

        let forged = try await action("/interviews/\(id)/answers", ["question_id": "x", "answer": "1"], as: me, csrf: false)
        XCTAssertEqual(forged.status, .forbidden)
        var state = try await t.send(.GET, "/api/v1/interviews/\(id)", token: driver.token).json
        let event = try await action("/interviews/\(id)/events", ["kind": "paste", "question_id": (state["question"] as? [String: Any])?["id"] ?? ""], as: me)
        XCTAssertEqual(event.status, .noContent)
        for _ in 0..<80 {
            guard let question = state["question"] as? [String: Any], let questionID = question["id"] as? String else { break }
            t.clock.advance(by: 45)
            let answer = CandidateDriver.answer(to: questionID, kind: question["kind"] as? String ?? "", in: bank, as: .expert)
            let reply = try await action("/interviews/\(id)/answers", ["question_id": questionID, "answer": "\(answer)"], as: me)
            XCTAssertEqual(reply.status, .ok, reply.body.string)
            let html = try XCTUnwrap(reply.json["html"] as? String)
            assertNoAnswerKeys(html)
            state = try await t.send(.GET, "/api/v1/interviews/\(id)", token: driver.token).json
            if (state["question"] as? [String: Any])?["answer_kind"] as? String == "multiple_choice" {
                XCTAssertTrue(html.contains("data-choice=\"A\""), "options are buttons with their key")
            }
            if reply.json["done"] as? Bool == true { XCTAssertTrue(html.contains("data-testid=\"report-link\"")) }
        }
        XCTAssertEqual(state["state"] as? String, "completed")

        let report = try await page("/interviews/\(id)/report", as: me)
        XCTAssertEqual(report.status, .ok)
        XCTAssertTrue(report.body.string.contains("data-testid=\"theta\""))
        XCTAssertTrue(report.body.string.contains("text pasted"), "the paste is in the report")
        XCTAssertFalse(report.body.string.contains("state-correct"), "candidates do not see per-item correctness")
        XCTAssertFalse(report.body.string.contains("θ after"), "nor the estimate after each item, which rises or falls with it")
        let admin = try await cookies(for: try await t.makeUser(.admin))
        let adminReport = try await page("/interviews/\(id)/report", as: admin)
        XCTAssertTrue(adminReport.body.string.contains("state-correct"))
        XCTAssertTrue(adminReport.body.string.contains("θ after"))
        let stranger = try await cookies(for: try await t.makeUser(.candidate))
        let hidden = try await page("/interviews/\(id)/report", as: stranger)
        XCTAssertEqual(hidden.status, .notFound)
    }

    func testTheReviewQueueDecidesAndResolvesAppealsThroughTheSharedRules() async throws {
        let driver = try await CandidateDriver.applied(in: t)
        let (interviewID, _) = try await driver.takeInterview(as: .novice)
        let decision = try await XCTUnwrapAsync(try await CandidateDecision.query(on: t.app.db).filter(\.$interview.$id == UUID(uuidString: interviewID)!).first())
        XCTAssertEqual(decision.status, .pending)
        let admin = try await cookies(for: try await t.makeUser(.admin))
        let candidate = try await cookies(for: try await XCTUnwrapAsync(try await User.find(driver.userID, on: t.app.db)))

        let denied = try await page("/admin/candidates", as: candidate)
        XCTAssertEqual(denied.status, .forbidden)
        let queue = try await page("/admin/candidates", as: admin)
        XCTAssertEqual(queue.status, .ok)
        XCTAssertTrue(queue.body.string.contains("data-decision=\"\(decision.id!)\""))
        XCTAssertTrue(queue.body.string.contains("Ada Candidate"))

        let path = "/admin/candidates/decisions/\(decision.id!)"
        let forged = try await form(path, ["outcome": "reject", "reason": "Below the bar"], as: admin, csrf: false)
        XCTAssertEqual(forged.status, .forbidden)
        let reasonless = try await form(path, ["outcome": "reject", "reason": "  "], as: admin)
        XCTAssertEqual(reasonless.status, .unprocessableEntity)
        XCTAssertTrue(reasonless.body.string.contains("data-error-for=\"reason\""))
        let rejected = try await form(path, ["outcome": "reject", "reason": "Below the bar in calculus"], as: admin)
        XCTAssertEqual(rejected.status, .seeOther)

        let application = try await page("/application", as: candidate)
        XCTAssertTrue(application.body.string.contains("Below the bar in calculus"))
        XCTAssertTrue(application.body.string.contains("data-testid=\"appeal-form\""))
        let appealed = try await form("/application/decisions/\(decision.id!)/appeal", ["text": "I was unwell that day"], as: candidate)
        XCTAssertEqual(appealed.status, .seeOther)
        let appeal = try await XCTUnwrapAsync(try await Appeal.query(on: t.app.db).filter(\.$decision.$id == decision.id!).first())

        let withAppeal = try await page("/admin/candidates", as: admin)
        XCTAssertTrue(withAppeal.body.string.contains("I was unwell that day"))
        let overturned = try await form("/admin/candidates/appeals/\(appeal.id!)", ["outcome": "overturned", "note": "Fair point"], as: admin)
        XCTAssertEqual(overturned.status, .seeOther)
        let accepted = try await form(path, ["outcome": "accept", "reason": "Strong scenario answers"], as: admin)
        XCTAssertEqual(accepted.status, .seeOther)
        let user = try await User.find(driver.userID, on: t.app.db)
        XCTAssertEqual(user?.role, .expert, "acceptance qualifies the candidate, as through the API")
        let qualified = try await Qualification.query(on: t.app.db).filter(\.$user.$id == driver.userID).filter(\.$subject == "mathematics").count()
        XCTAssertEqual(qualified, 1)

        let funnel = try await page("/admin/funnel", as: admin)
        XCTAssertEqual(funnel.status, .ok)
        XCTAssertTrue(funnel.body.string.contains("data-testid=\"funnel-Accepted\">1<"), funnel.body.string)
    }

    func testRatesAndWaitsReadAsPeopleWriteThem() {
        XCTAssertEqual(TypedAmount.minor("45"), 4500)
        XCTAssertEqual(TypedAmount.minor("45.5"), 4550)
        XCTAssertEqual(TypedAmount.minor("45.05"), 4505)
        XCTAssertNil(TypedAmount.minor("45.555"))
        XCTAssertNil(TypedAmount.minor("-3"))
        XCTAssertNil(TypedAmount.minor("forty"))
        XCTAssertEqual(TypedAmount.major(4505), "45.05")
        XCTAssertEqual(HumanDuration.text(45), "45 seconds")
        XCTAssertEqual(HumanDuration.text(3 * 3600), "3 hours")
        XCTAssertEqual(HumanDuration.text(2.5 * 86_400), "2.5 days")
        XCTAssertEqual(HumanDuration.text(nil), "—")
        XCTAssertEqual(FlagCounts.lines(["rapid_response", "paste", "rapid_response"]), ["rapid response × 2", "paste × 1"])
    }

    private func upload(_ path: String, file: (name: String, type: String, content: String), as cookies: String) async throws -> TestResponse {
        let boundary = "cadre-test-boundary"
        let body = """
            --\(boundary)\r
            Content-Disposition: form-data; name="csrf"\r
            \r
            \(WebSupport.csrf)\r
            --\(boundary)\r
            Content-Disposition: form-data; name="file"; filename="\(file.name)"\r
            Content-Type: \(file.type)\r
            \r
            \(file.content)\r
            --\(boundary)--\r

            """
        var headers: HTTPHeaders = ["Cookie": cookies, "Accept": "text/html"]
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await t.send(.POST, path, rawBody: body, headers: headers)
    }
}

/// `XCTUnwrap` for an expression that has to be awaited first.
func XCTUnwrapAsync<T>(_ value: @autoclosure () async throws -> T?, file: StaticString = #filePath, line: UInt = #line) async throws -> T {
    let resolved = try await value()
    return try XCTUnwrap(resolved, file: file, line: line)
}
