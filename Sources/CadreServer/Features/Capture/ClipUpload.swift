import Fluent
import Foundation

/// One resumable upload of a clip for a capture lease (tus), and what the checks found.
final class ClipUpload: Model, @unchecked Sendable {
    static let schema = "clip_uploads"

    enum State: String, Codable, Sendable {
        /// Bytes are arriving; `offset` of `length` are stored.
        case uploading
        /// Complete, and it meets the campaign's requirements.
        case passed
        /// Complete, and the checks found problems (`problems`); the contributor may upload again.
        case failed
        /// Complete, and the same file (by SHA-256) was uploaded before.
        case duplicate
        /// Complete, but the server could not check it (ffprobe missing); an admin must act.
        case uncheckable
        /// Ended by the client (tus termination) or swept up as abandoned.
        case terminated
    }

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    @Field(key: "assignment_id") var assignmentID: UUID
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "expert_id") var expertID: UUID
    @Field(key: "length") var length: Int64
    @Field(key: "offset") var offset: Int64
    @Field(key: "filename") var filename: String
    @Field(key: "state") var state: State
    @OptionalField(key: "sha256") var sha256: String?
    /// `ClipProbe` as JSON.
    @OptionalField(key: "probe") var probe: String?
    /// The reasons the clip was refused, as a JSON array of sentences.
    @OptionalField(key: "problems") var problems: String?
    @OptionalField(key: "thumbnail_sha256") var thumbnailSHA256: String?

    init() {}
}

struct CreateClipUploads: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ClipUpload.schema)
            .id()
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .field("assignment_id", .uuid, .required, .references(Assignment.schema, .id, onDelete: .cascade))
            .field("project_id", .uuid, .required)
            .field("expert_id", .uuid, .required)
            .field("length", .int64, .required)
            .field("offset", .int64, .required)
            .field("filename", .string, .required)
            .field("state", .string, .required)
            .field("sha256", .string)
            .field("probe", .string)
            .field("problems", .string)
            .field("thumbnail_sha256", .string)
            .create()
        // A reviewer's action segments on a video demonstration, as JSON.
        try await database.schema(Assignment.schema).field("segments", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Assignment.schema).deleteField("segments").update()
        try await database.schema(ClipUpload.schema).delete()
    }
}
