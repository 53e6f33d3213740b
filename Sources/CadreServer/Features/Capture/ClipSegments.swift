import CadreCore
import Fluent
import Vapor

/// Reviewers mark the actions in a clip while they hold its review: each save replaces the
/// list, validated against the clip's length.
enum ClipSegments {
    struct Response: Content {
        var assignmentId: UUID
        var segments: [ActionSegment]
        enum CodingKeys: String, CodingKey { case segments, assignmentId = "assignment_id" }
    }

    static func save(_ body: JSONValue, on submission: Assignment, by reviewerID: UUID, now: Date, on db: any Database) async throws -> Response {
        let id = try submission.requireID()
        guard submission.project.template == .videoDemonstration else {
            throw Problem.conflict("not_a_capture_task", "Only video demonstrations have action segments.")
        }
        guard let uploadText = try JSONValue(parsing: submission.answer ?? "null")["upload_id"]?.stringValue, let uploadID = UUID(uuidString: uploadText),
              let upload = try await ClipUpload.find(uploadID, on: db), let probe = upload.probe
        else { throw Problem.conflict("no_clip", "This submission has no checked clip to mark.") }
        let duration = try JSONDecoder().decode(ClipProbe.self, from: Data(probe.utf8)).durationSeconds
        let segments: [ActionSegment]
        do { segments = try ActionSegment.read(body["segments"], duration: duration) } catch { throw Problem.validation(error.errors) }
        guard let locked = try await LeaseQueries.lockAssignment(id, on: db),
              locked.state == .submitted, locked.$reviewer.id == reviewerID, let expires = locked.reviewExpiresAt, expires >= now
        else { throw Problem.conflict("review_not_held", "Segments are saved while you hold the review of this submission.") }
        locked.segments = String(decoding: try JSONEncoder().encode(segments), as: UTF8.self)
        try await locked.save(on: db)
        return Response(assignmentId: id, segments: segments)
    }

    static func stored(_ assignment: Assignment) -> [ActionSegment] {
        assignment.segments.flatMap { try? JSONDecoder().decode([ActionSegment].self, from: Data($0.utf8)) } ?? []
    }
}
