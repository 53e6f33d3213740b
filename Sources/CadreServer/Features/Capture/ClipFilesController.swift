import CadreCore
import Fluent
import Vapor

/// A clip and its thumbnail strip for the people who may see them: the contributor, the
/// project's client, admins, and the project's reviewers. Byte ranges are served, so a
/// browser's video player can seek.
struct ClipFilesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("uploads", ":uploadID", "video", use: video)
        routes.get("uploads", ":uploadID", "thumbnail", use: thumbnail)
    }

    @Sendable func video(req: Request) async throws -> Response {
        let upload = try await Self.visible(req)
        guard let sha = upload.sha256, req.application.blobs.contains(sha) else { throw Problem.notFound("video") }
        let type = HTTPMediaType.fileExtension(URL(fileURLWithPath: upload.filename).pathExtension.lowercased()) ?? HTTPMediaType(type: "video", subType: "mp4")
        return try await req.fileio.asyncStreamFile(at: req.application.blobs.url(for: sha).path, mediaType: type, advancedETagComparison: false)
    }

    @Sendable func thumbnail(req: Request) async throws -> Response {
        let upload = try await Self.visible(req)
        guard let sha = upload.thumbnailSHA256, req.application.blobs.contains(sha) else { throw Problem.notFound("thumbnail") }
        return try await req.fileio.asyncStreamFile(at: req.application.blobs.url(for: sha).path, mediaType: .jpeg, advancedETagComparison: false)
    }

    /// The upload in the path if the caller may watch it; 404 otherwise, as for a missing one.
    static func visible(_ req: Request) async throws -> ClipUpload {
        guard let current = req.currentUser else { throw Problem.unauthenticated }
        guard let raw = req.parameters.get("uploadID"), let id = UUID(uuidString: raw),
              let upload = try await ClipUpload.find(id, on: req.db), let project = try await Project.find(upload.projectID, on: req.db)
        else { throw Problem.notFound("upload") }
        let user = current.user
        let allowed: Bool
        switch user.role {
        case .admin: allowed = true
        case .client: allowed = user.$organization.id == project.$organization.id
        case .expert:
            let reviewer = try await ExpertProfile.load(current.principal.userID, on: req.db).reviews(project)
            allowed = upload.expertID == current.principal.userID || reviewer
        default: allowed = false
        }
        guard allowed else { throw Problem.notFound("upload") }
        return upload
    }
}
