import CadreCore
import Vapor

/// A submission as its reviewer sees it: the task, the answer, and the review lease. The
/// author is not named, so a review judges the work rather than the person.
struct ReviewResponse: Content {
    var assignmentId: UUID
    var projectId: UUID
    var template: TemplateKind
    var task: AssignmentResponse.TaskView
    var answer: JSONValue
    var submittedAt: Date?
    var reviewExpiresAt: Date?
    var state: Assignment.State
    /// Video demonstrations: the action segments marked so far.
    var segments: [ActionSegment]?

    enum CodingKeys: String, CodingKey {
        case template, task, answer, state, segments
        case assignmentId = "assignment_id"
        case projectId = "project_id"
        case submittedAt = "submitted_at"
        case reviewExpiresAt = "review_expires_at"
    }

    init(_ assignment: Assignment, task: WorkTask, template: TemplateKind) throws {
        assignmentId = try assignment.requireID()
        projectId = assignment.$project.id
        self.template = template
        self.task = .init(id: try task.requireID(), externalId: task.externalID, input: StoredJSON(task.input))
        answer = try JSONValue(parsing: assignment.answer ?? "null")
        submittedAt = assignment.submittedAt
        reviewExpiresAt = assignment.reviewExpiresAt
        state = assignment.state
        segments = template == .videoDemonstration ? ClipSegments.stored(assignment) : nil
    }
}
