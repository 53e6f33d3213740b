@testable import CadreServer
import CadreCore
import FluentKit
import XCTest
import XCTVapor

final class ReviewTests: XCTestCase {
    var t: TestApp!
    var project: Project!
    var author: User!
    var authorToken: String!
    var reviewer: User!
    var reviewerToken: String!

    override func setUp() async throws {
        t = try await TestApp.make()
        let organization = try await t.makeOrganization()
        project = try await t.makeProject(in: organization, state: .active) { $0.reviewPolicy = .all }
        author = try await t.makeUser(.expert)
        authorToken = try await t.token(for: author)
        reviewer = try await t.makeUser(.expert)
        reviewerToken = try await t.token(for: reviewer)
        try await t.grantReviewer(reviewer, for: project)
    }
    override func tearDown() async throws { try await t.shutdown() }

    /// The author leases and submits one task; returns the assignment id.
    private func submitOne(label: String = "positive") async throws -> String {
        let lease = try await t.send(.POST, "/api/v1/projects/\(project.id!)/assignments/next", token: authorToken)
        let id = try XCTUnwrap(lease.json["id"] as? String, lease.body.string)
        let submitted = try await t.send(.POST, "/api/v1/assignments/\(id)/submit", token: authorToken,
                                         json: ["answer": ["label": label]], headers: ["Idempotency-Key": id])
        XCTAssertEqual(submitted.json["state"] as? String, "submitted")
        XCTAssertEqual(submitted.json["needs_review"] as? Bool, true)
        return id
    }

    private func nextReview(_ token: String) async throws -> TestResponse {
        try await t.send(.POST, "/api/v1/projects/\(project.id!)/reviews/next", token: token)
    }

    private func decide(_ id: String, _ body: [String: Any], token: String? = nil) async throws -> TestResponse {
        try await t.send(.POST, "/api/v1/reviews/\(id)/decision", token: token ?? reviewerToken, json: body)
    }

    func testAcceptCountsTheAnswer() async throws {
        let task = try await t.makeTask(in: project)
        let id = try await submitOne()
        let review = try await nextReview(reviewerToken)
        XCTAssertEqual(review.status, .ok)
        XCTAssertEqual(review.json["assignment_id"] as? String, id)
        XCTAssertEqual((review.json["answer"] as? [String: Any])?["labels"] as? [String], ["positive"])
        XCTAssertNil(review.json["expert_id"], "reviews judge the work, not the person")
        let accepted = try await decide(id, ["decision": "accept"])
        XCTAssertEqual(accepted.status, .ok, accepted.body.string)
        XCTAssertEqual(accepted.json["state"] as? String, "accepted")
        let stored = try await WorkTask.find(task.id, on: t.app.db)
        XCTAssertEqual(stored?.acceptedCount, 1)
        XCTAssertEqual(stored?.state, .complete)
    }

    func testAuthorsNeverReviewTheirOwnWork() async throws {
        try await t.makeTask(in: project)
        _ = try await submitOne()
        try await t.grantReviewer(author, for: project)
        let own = try await nextReview(authorToken)
        XCTAssertEqual(own.status, .noContent)
    }

    func testRejectFreesTheSlotForAnotherExpertAndTheAuthorSeesFeedback() async throws {
        try await t.makeTask(in: project)
        let id = try await submitOne(label: "negative")
        _ = try await nextReview(reviewerToken)
        let missingFeedback = try await decide(id, ["decision": "reject"])
        XCTAssertEqual(missingFeedback.status, .unprocessableEntity)
        XCTAssertEqual(try missingFeedback.problem().errors.map(\.field), ["feedback"])
        let rejected = try await decide(id, ["decision": "reject", "feedback": "The review is clearly positive."])
        XCTAssertEqual(rejected.json["state"] as? String, "rejected")

        let history = try await t.send(.GET, "/api/v1/assignments", token: authorToken)
        let mine = (history.json["items"] as? [[String: Any]])?.first
        XCTAssertEqual(mine?["review_feedback"] as? String, "The review is clearly positive.")
        XCTAssertEqual(mine?["state"] as? String, "rejected")

        let again = try await t.send(.POST, "/api/v1/projects/\(project.id!)/assignments/next", token: authorToken)
        XCTAssertEqual(again.status, .noContent, "the author does not get the task back")
        let other = try await t.token(for: try await t.makeUser(.expert))
        let freed = try await t.send(.POST, "/api/v1/projects/\(project.id!)/assignments/next", token: other)
        XCTAssertEqual(freed.status, .created)
    }

    func testAcceptWithEditsKeepsTheOriginal() async throws {
        try await t.makeTask(in: project)
        let id = try await submitOne(label: "neutral")
        _ = try await nextReview(reviewerToken)
        let invalid = try await decide(id, ["decision": "accept_with_edits", "edited_answer": ["label": "ecstatic"]])
        XCTAssertEqual(invalid.status, .unprocessableEntity)
        XCTAssertTrue(try invalid.problem().errors.allSatisfy { $0.field.hasPrefix("edited_answer") })
        let edited = try await decide(id, ["decision": "accept_with_edits", "edited_answer": ["label": "positive"], "feedback": "Tone is upbeat."])
        XCTAssertEqual(edited.status, .ok)
        let stored = try await Assignment.find(UUID(uuidString: id), on: t.app.db)
        XCTAssertEqual(try stored?.answer.map { try JSONValue(parsing: $0) }, ["labels": ["neutral"]])
        XCTAssertEqual(try stored?.editedAnswer.map { try JSONValue(parsing: $0) }, ["labels": ["positive"]])
    }

    func testOnlyTheProjectsReviewersMayReview() async throws {
        try await t.makeTask(in: project)
        let id = try await submitOne()
        let outsider = try await t.token(for: try await t.makeUser(.expert))
        let refused = try await nextReview(outsider)
        XCTAssertEqual(refused.status, .forbidden)
        _ = try await nextReview(reviewerToken)
        let stolen = try await decide(id, ["decision": "accept"], token: outsider)
        XCTAssertEqual(stolen.status, .notFound)
    }

    func testTwoReviewersNeverGetTheSameSubmission() async throws {
        try await t.makeTask(in: project)
        _ = try await submitOne()
        let second = try await t.makeUser(.expert)
        try await t.grantReviewer(second, for: project)
        let first = try await nextReview(reviewerToken)
        XCTAssertEqual(first.status, .ok)
        let other = try await nextReview(try await t.token(for: second))
        XCTAssertEqual(other.status, .noContent)
    }

    func testProgressReportsStatesAndPace() async throws {
        for index in 0..<4 { try await t.makeTask(in: project, externalID: "p\(index)") }
        let id = try await submitOne()
        _ = try await nextReview(reviewerToken)
        _ = try await decide(id, ["decision": "accept"])
        _ = try await submitOne()
        let client = try await t.token(for: try await t.makeUser(.client, organization: try await Organization.find(project.$organization.id, on: t.app.db)))
        let progress = try await t.send(.GET, "/api/v1/projects/\(project.id!)/progress", token: client)
        XCTAssertEqual(progress.status, .ok, progress.body.string)
        let tasks = try XCTUnwrap(progress.json["tasks"] as? [String: Int])
        XCTAssertEqual(tasks["total"], 4)
        XCTAssertEqual(tasks["complete"], 1)
        XCTAssertEqual(tasks["in_progress"], 1)
        XCTAssertEqual(tasks["open"], 2)
        let answers = try XCTUnwrap(progress.json["answers"] as? [String: Int])
        XCTAssertEqual(answers["accepted"], 1)
        XCTAssertEqual(answers["submitted"], 1)
        XCTAssertEqual(progress.json["active_experts"] as? Int, 1)
        XCTAssertEqual(progress.json["remaining_answers"] as? Int, 2)
        XCTAssertEqual((progress.json["throughput_per_hour"] as? [[String: Any]])?.count, 24)
        XCTAssertNotNil(progress.json["estimated_completion"] as? String)
    }
}
