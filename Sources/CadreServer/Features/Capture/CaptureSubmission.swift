import CadreCore
import Fluent
import Vapor

/// A video demonstration's answer names an upload; it counts only if it is this lease's own
/// upload and it passed the campaign's checks.
enum CaptureSubmission {
    static func verify(_ answer: JSONValue, assignmentID: UUID, on db: any Database) async throws {
        guard let text = answer["upload_id"]?.stringValue, let id = UUID(uuidString: text),
              let upload = try await ClipUpload.find(id, on: db), upload.assignmentID == assignmentID
        else { throw Problem.validation(field: "answer.upload_id", "no upload with this id belongs to this assignment") }
        switch upload.state {
        case .passed:
            return
        case .uploading:
            throw Problem.validation(field: "answer.upload_id", "the upload is not finished: \(upload.offset) of \(upload.length) bytes arrived")
        case .failed, .duplicate:
            let reasons = (try? JSONDecoder().decode([String].self, from: Data((upload.problems ?? "[]").utf8))) ?? []
            throw Problem.validation(field: "answer.upload_id", "the clip did not pass the checks: " + reasons.joined(separator: " "))
        case .uncheckable:
            throw Problem.conflict("clip_not_checked", "The server could not check this clip yet; an administrator has been told. Submit again later.")
        case .terminated:
            throw Problem.validation(field: "answer.upload_id", "this upload was cancelled")
        }
    }
}
