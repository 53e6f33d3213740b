@testable import CadreServer
import CadreCore
import FluentKit
import XCTest
import XCTVapor

/// The expert's workspace and the reviewer's queue: pages and their JSON actions.
final class WorkPagesTests: XCTestCase {
    var t: TestApp!
    var project: Project!
    var expert: User!
    var expertCookies = ""

    override func setUp() async throws {
        t = try await TestApp.make()
        project = try await t.makeProject(in: try await t.makeOrganization(), state: .active) { $0.reviewPolicy = .all }
        expert = try await t.makeUser(.expert)
        expertCookies = try await cookies(for: expert)
    }

    override func tearDown() async throws { try await t.shutdown() }

    private func cookies(for user: User) async throws -> String {
        "cadre_csrf=\(WebSupport.csrf); cadre_session=\(try await WebSupport.session(for: user, in: t))"
    }

    private func page(_ path: String, as cookies: String) async throws -> TestResponse {
        try await t.send(.GET, path, headers: WebSupport.headers(cookies: cookies, form: false))
    }

    private func action(_ path: String, _ body: [String: Any], as cookies: String, csrf: String? = WebSupport.csrf, key: String? = nil) async throws -> TestResponse {
        var headers: HTTPHeaders = ["Cookie": cookies, "Accept": "application/json"]
        if let csrf { headers.add(name: "X-CSRF-Token", value: csrf) }
        if let key { headers.add(name: "Idempotency-Key", value: key) }
        return try await t.send(.POST, path, json: body, headers: headers)
    }

    private func leasedAssignment() async throws -> Assignment {
        let found = try await Assignment.query(on: t.app.db).filter(\.$expert.$id == expert.id!).filter(\.$state == .leased).first()
        return try XCTUnwrap(found)
    }

    func testTheWorkspaceRendersTaskTextSafely() async throws {
        try await t.makeTask(in: project, input: #"{"text":"<script>alert(1)</script> **bold** [x](javascript:alert(1))"}"#)
        let response = try await page("/work/projects/\(project.id!)", as: expertCookies)
        XCTAssertEqual(response.status, .ok)
        let html = response.body.string
        XCTAssertFalse(html.contains("<script>alert(1)"))
        XCTAssertFalse(html.contains("href=\"javascript"))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; <strong>bold</strong>"), html)
        XCTAssertTrue(html.contains("data-key=\"1\""), "labels carry their keyboard shortcut")
        let assignment = try await leasedAssignment()
        XCTAssertTrue(html.contains("data-idempotency-key=\"web-\(assignment.id!)\""))
    }

    func testSubmitNeedsTheCSRFHeaderAndAnIdempotencyKeyAndCountsOnce() async throws {
        try await t.makeTask(in: project)
        _ = try await page("/work/projects/\(project.id!)", as: expertCookies)
        let assignment = try await leasedAssignment()
        let path = "/work/assignments/\(assignment.id!)/submit"
        let answer: [String: Any] = ["answer": ["label": "positive"]]
        let forged = try await action(path, answer, as: expertCookies, csrf: nil, key: "k")
        XCTAssertEqual(forged.status, .forbidden)
        let keyless = try await action(path, answer, as: expertCookies)
        XCTAssertEqual(keyless.status, .badRequest)
        let invalid = try await action(path, ["answer": ["label": "unknown"]], as: expertCookies, key: "k")
        XCTAssertEqual(invalid.status, .unprocessableEntity)
        XCTAssertEqual(try invalid.problem().errors.first?.field, "answer.label")
        let first = try await action(path, answer, as: expertCookies, key: "k")
        XCTAssertEqual(first.status, .ok)
        XCTAssertEqual(first.json["next"] as? String, "/work/projects/\(project.id!)")
        let retry = try await action(path, answer, as: expertCookies, key: "k")
        XCTAssertEqual(retry.status, .ok)
        let stored = try await Assignment.query(on: t.app.db).filter(\.$state == .submitted).count()
        XCTAssertEqual(stored, 1)
    }

    func testSkipAndHeartbeat() async throws {
        try await t.makeTask(in: project)
        _ = try await page("/work/projects/\(project.id!)", as: expertCookies)
        let assignment = try await leasedAssignment()
        t.clock.advance(by: 60)
        let beat = try await action("/work/assignments/\(assignment.id!)/heartbeat", [:], as: expertCookies)
        XCTAssertEqual(beat.status, .ok)
        let extended = try await Assignment.find(assignment.id, on: t.app.db)
        XCTAssertEqual(extended?.expiresAt, t.clock.now.addingTimeInterval(TimeInterval(project.leaseSeconds)))
        let skip = try await action("/work/assignments/\(assignment.id!)/skip", ["reason": "unclear"], as: expertCookies)
        XCTAssertEqual(skip.status, .ok)
        let next = try await page("/work/projects/\(project.id!)", as: expertCookies)
        XCTAssertTrue(next.body.string.contains("data-testid=\"no-tasks\""), "a skipped task is never offered again")
    }

    func testAnotherExpertsAssignmentIsHidden() async throws {
        let assignment = try await t.makeAssignment(in: project, for: expert)
        let other = try await cookies(for: try await t.makeUser(.expert))
        let response = try await action("/work/assignments/\(assignment.id!)/submit", ["answer": ["label": "positive"]], as: other, key: "k")
        XCTAssertEqual(response.status, .notFound)
    }

    func testTheReviewerSeesTheAnswerPrefilledAndDecides() async throws {
        let reviewer = try await t.makeUser(.expert)
        let submission = try await t.makeAssignment(in: project, for: expert)
        submission.state = .submitted
        submission.needsReview = true
        submission.answer = #"{"labels":["negative"]}"#
        submission.submittedAt = t.clock.now
        try await submission.save(on: t.app.db)
        try await t.grantReviewer(reviewer, for: project)
        let reviewerCookies = try await cookies(for: reviewer)

        let queue = try await page("/review/projects/\(project.id!)", as: reviewerCookies)
        XCTAssertEqual(queue.status, .ok)
        XCTAssertTrue(queue.body.string.contains("value=\"negative\" data-key=\"2\" checked"), queue.body.string)
        let path = "/review/assignments/\(submission.id!)/decision"
        let noFeedback = try await action(path, ["decision": "reject"], as: reviewerCookies)
        XCTAssertEqual(noFeedback.status, .unprocessableEntity)
        let edited = try await action(path, ["decision": "accept_with_edits", "edited_answer": ["labels": ["neutral"]]], as: reviewerCookies)
        XCTAssertEqual(edited.status, .ok, edited.body.string)
        let decided = try await Assignment.find(submission.id, on: t.app.db)
        XCTAssertEqual(decided?.state, .accepted)
        XCTAssertEqual(decided?.answer, #"{"labels":["negative"]}"#, "the original is kept")
        XCTAssertEqual(decided?.editedAnswer, #"{"labels":["neutral"]}"#)

        let authorQueue = try await page("/review/projects/\(project.id!)", as: expertCookies)
        XCTAssertEqual(authorQueue.status, .forbidden, "an expert without the reviewer qualification has no queue")
    }
}
