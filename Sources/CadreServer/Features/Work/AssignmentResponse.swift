import CadreCore
import Vapor

/// An assignment as its expert sees it: the task to do and the lease. Never other experts'
/// answers, never anything that tells a gold task apart.
struct AssignmentResponse: Content {
    struct TaskView: Codable {
        var id: UUID
        var externalId: String
        var input: JSONValue
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
    var answer: JSONValue?
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
        self.task = TaskView(id: try task.requireID(), externalId: task.externalID, input: try JSONValue(parsing: task.input))
        leasedAt = assignment.leasedAt
        activeSeconds = Int64(Rounding.roundedQuotient(Int128(assignment.activeMilliseconds), 1000))
        expiresAt = assignment.expiresAt
        submittedAt = assignment.submittedAt
        answer = try assignment.answer.map { try JSONValue(parsing: $0) }
        reviewFeedback = assignment.reviewFeedback
    }
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
}
