@testable import CadreServer
import CadreCore
import Vapor
import XCTest

/// The work loop writes its two responses without `JSONEncoder`. They must say exactly what
/// the `Codable` encoding (used for pages of history) says, in every state.
final class WorkResponseTests: XCTestCase {
    private func viaEncoder<Value: Encodable>(_ value: Value) throws -> JSONValue {
        var body = ByteBuffer()
        var headers = HTTPHeaders()
        try ContentConfiguration.global.requireEncoder(for: .json).encode(value, to: &body, headers: &headers)
        return try JSONValue(parsing: Data(buffer: body))
    }

    private func written(_ response: Response) throws -> JSONValue {
        XCTAssertEqual(response.headers.contentType, .json)
        return try JSONValue(parsing: Data(buffer: try XCTUnwrap(response.body.buffer)))
    }

    private func assignment(answer: String?, feedback: String?, submitted: Date?) -> (Assignment, WorkTask) {
        let task = WorkTask()
        task.id = UUID()
        task.externalID = "row \"7\" / ü\n"
        task.input = #"{"messages":[{"content":"2 < 3 & <b>","role":"user"}],"responses":["a/b",{"content":"x","model":"m"}]}"#
        let assignment = Assignment()
        assignment.id = UUID()
        assignment.$project.id = UUID()
        assignment.state = submitted == nil ? .leased : .rejected
        assignment.leasedAt = Date(timeIntervalSince1970: 1_796_000_000.75)
        assignment.expiresAt = assignment.leasedAt.addingTimeInterval(900)
        assignment.submittedAt = submitted
        assignment.answer = answer
        assignment.reviewFeedback = feedback
        assignment.activeMilliseconds = 61_500
        return (assignment, task)
    }

    func testTheLeaseResponseSaysWhatItsEncodingSays() throws {
        let cases = [
            assignment(answer: nil, feedback: nil, submitted: nil),
            assignment(answer: #"{"choice":"A","rationale":"clearer","strength":2}"#, feedback: "Cite the source.",
                       submitted: Date(timeIntervalSince1970: 1_796_000_100)),
        ]
        for (assignment, task) in cases {
            let response = try AssignmentResponse(assignment, task: task, template: .pairwise)
            let direct = try written(response.response(status: .created))
            XCTAssertEqual(direct, try viaEncoder(response))
            XCTAssertEqual(direct["task"]?["input"], try JSONValue(parsing: task.input))
            XCTAssertEqual(direct["active_seconds"], .integer(62))
            XCTAssertEqual(direct["answer"] == nil, assignment.answer == nil)
            XCTAssertEqual(response.response(status: .created).status, .created)
        }
    }

    func testTheSubmitResponseSaysWhatItsEncodingSays() throws {
        for needsReview in [true, false] {
            let stored = SubmissionResponse(LeaseQueries.LeasedAnswer(
                assignmentID: UUID(), projectID: UUID(), answersPerTask: 1, answer: "{}", idempotencyKey: "k",
                submittedAt: Date(timeIntervalSince1970: 1_796_000_000.5), needsReview: needsReview))
            XCTAssertEqual(try written(stored.response()), try viaEncoder(stored))
        }
    }
}
