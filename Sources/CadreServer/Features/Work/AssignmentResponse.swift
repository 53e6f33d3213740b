import CadreCore
import Vapor

/// An assignment as its expert sees it: the task to do and the lease. Never other experts'
/// answers, never anything that tells a gold task apart.
struct AssignmentResponse: Content {
    struct TaskView: Codable {
        var id: UUID
        var externalId: String
        var input: StoredJSON
        enum CodingKeys: String, CodingKey { case id, input, externalId = "external_id" }
    }

    var id: UUID
    var projectId: UUID
    var template: TemplateKind
    var state: Assignment.State
    var task: TaskView
    var leasedAt: Date
    var expiresAt: Date
    var submittedAt: Date?
    var answer: StoredJSON?
    var reviewFeedback: String?
    /// Paid working time so far, from heartbeats (whole seconds, capped).
    var activeSeconds: Int64

    enum CodingKeys: String, CodingKey {
        case id, template, state, task, answer
        case projectId = "project_id"
        case leasedAt = "leased_at"
        case expiresAt = "expires_at"
        case submittedAt = "submitted_at"
        case reviewFeedback = "review_feedback"
        case activeSeconds = "active_seconds"
    }

    init(_ assignment: Assignment, task: WorkTask, template: TemplateKind) throws {
        id = try assignment.requireID()
        projectId = assignment.$project.id
        self.template = template
        state = assignment.state
        self.task = TaskView(id: try task.requireID(), externalId: task.externalID, input: StoredJSON(task.input))
        leasedAt = assignment.leasedAt
        activeSeconds = Int64(Rounding.roundedQuotient(Int128(assignment.activeMilliseconds), 1000))
        expiresAt = assignment.expiresAt
        submittedAt = assignment.submittedAt
        answer = assignment.answer.map(StoredJSON.init)
        reviewFeedback = assignment.reviewFeedback
    }
}

extension AssignmentResponse {
    /// The JSON `encode(to:)` gives, written directly, with the input and answer as stored:
    /// every lease returns one, and `JSONEncoder` would parse and re-encode the input.
    func response(status: HTTPStatus = .ok) -> Response {
        var json = JSONWriter()
        json.beginObject()
        json.key("id")
        json.uuid(id)
        json.key("project_id")
        json.uuid(projectId)
        json.key("template")
        json.string(template.rawValue)
        json.key("state")
        json.string(state.rawValue)
        json.key("task")
        json.beginObject()
        json.key("id")
        json.uuid(task.id)
        json.key("external_id")
        json.string(task.externalId)
        json.key("input")
        json.json(task.input.text)
        json.endObject()
        json.key("leased_at")
        json.date(leasedAt)
        json.key("expires_at")
        json.date(expiresAt)
        if let submittedAt {
            json.key("submitted_at")
            json.date(submittedAt)
        }
        if let answer {
            json.key("answer")
            json.json(answer.text)
        }
        if let reviewFeedback {
            json.key("review_feedback")
            json.string(reviewFeedback)
        }
        json.key("active_seconds")
        json.integer(activeSeconds)
        json.endObject()
        return Response(json: json, status: status)
    }

    func encodeResponse(for request: Request) async throws -> Response { response() }
}

/// What a submit returns, and returns again for a retry with the same idempotency key.
struct SubmissionResponse: Content {
    var assignmentId: UUID
    var state: Assignment.State
    var needsReview: Bool
    var submittedAt: Date

    enum CodingKeys: String, CodingKey {
        case state
        case assignmentId = "assignment_id"
        case needsReview = "needs_review"
        case submittedAt = "submitted_at"
    }

    init(_ assignment: Assignment) throws {
        assignmentId = try assignment.requireID()
        state = assignment.state
        needsReview = assignment.needsReview
        submittedAt = assignment.submittedAt ?? assignment.leasedAt
    }

    /// What `LeaseQueries.submitLeased` stored.
    init(_ answer: LeaseQueries.LeasedAnswer) {
        assignmentId = answer.assignmentID
        state = answer.state
        needsReview = answer.needsReview
        submittedAt = answer.submittedAt
    }

    /// The JSON `encode(to:)` gives, written directly (one per submit).
    func response(status: HTTPStatus = .ok) -> Response {
        var json = JSONWriter(capacity: 128)
        json.beginObject()
        json.key("assignment_id")
        json.uuid(assignmentId)
        json.key("state")
        json.string(state.rawValue)
        json.key("needs_review")
        json.bool(needsReview)
        json.key("submitted_at")
        json.date(submittedAt)
        json.endObject()
        return Response(json: json, status: status)
    }
}

/// JSON text as stored (a task's input, an answer), carried to a response without parsing;
/// through `Codable` (pages of history, reviews) it is parsed and encoded as a value.
struct StoredJSON: Codable, Sendable {
    let text: String

    init(_ text: String) { self.text = text }

    init(from decoder: any Decoder) throws { text = try JSONValue(from: decoder).jsonText }

    func encode(to encoder: any Encoder) throws { try JSONValue(parsing: text).encode(to: encoder) }
}

extension Response {
    /// A response whose body was written by a `JSONWriter`, with the headers Vapor's JSON
    /// encoder would set.
    convenience init(json: JSONWriter, status: HTTPStatus) {
        var headers = HTTPHeaders()
        headers.contentType = .json
        self.init(status: status, headers: headers, body: .init(buffer: ByteBuffer(bytes: json.bytes)))
    }
}
