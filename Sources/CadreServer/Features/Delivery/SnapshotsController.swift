import CadreCore
import Fluent
import Vapor

/// Dataset snapshots of a project, for its organization's clients and admins: take one,
/// list them, read one's manifest, download its files.
struct SnapshotsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("projects", ":projectID", "snapshots", use: create)
        routes.get("projects", ":projectID", "snapshots", use: list)
        routes.get("snapshots", ":snapshotID", use: show)
        routes.get("snapshots", ":snapshotID", "files", ":name", use: download)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let project = try await ProjectsController.load(req)
        let spec = try SnapshotSpec.validate(try req.jsonBody(), kind: project.template)
        let snapshot = try await Snapshots.take(
            spec, of: project, now: req.now, dataDirectory: req.application.cadreConfiguration.dataDirectory,
            blobs: req.application.blobs, writer: req.writer, on: req.db)
        let response = try await SnapshotResponse(snapshot).encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/snapshots/\(try snapshot.requireID())")
        return response
    }

    @Sendable func list(req: Request) async throws -> Page<SnapshotResponse> {
        let project = try await ProjectsController.load(req)
        let (items, next) = try await Snapshots.list(of: project, page: try PageRequest(from: req), on: req.db)
        return Page(items: try items.map(SnapshotResponse.init), nextCursor: next)
    }

    @Sendable func show(req: Request) async throws -> SnapshotResponse {
        try SnapshotResponse(try await Self.load(req))
    }

    /// Streams a file named in the manifest; any other name is a 404, so a path can never
    /// reach outside the snapshot's directory.
    @Sendable func download(req: Request) async throws -> Response {
        let snapshot = try await Self.load(req)
        let files = try SnapshotManifest.read([SnapshotManifest.File].self, from: snapshot.files)
        guard let name = req.parameters.get("name"), let file = files.first(where: { $0.name == name }) else {
            throw Problem.notFound("file in this snapshot")
        }
        let path = Snapshots.directory(of: try snapshot.requireID(), dataDirectory: req.application.cadreConfiguration.dataDirectory)
            .appendingPathComponent(file.name).path
        let response = try await req.fileio.asyncStreamFile(at: path)
        // JSONL manifests, and for episodes the clips shipped beside them.
        let type = file.name.hasSuffix(".jsonl") ? "application/x-ndjson; charset=utf-8"
            : file.name.hasSuffix(".json") ? "application/json; charset=utf-8"
            : HTTPMediaType.fileExtension(URL(fileURLWithPath: file.name).pathExtension)?.serialize() ?? "application/octet-stream"
        response.headers.replaceOrAdd(name: .contentType, value: type)
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(file.name)\"")
        response.headers.replaceOrAdd(name: "X-Content-SHA256", value: file.sha256)
        return response
    }

    /// The snapshot, once the caller may manage its project (others' snapshots read as absent).
    static func load(_ req: Request) async throws -> Snapshot {
        guard let current = req.currentUser else { throw Problem.unauthenticated }
        guard let raw = req.parameters.get("snapshotID"), let id = UUID(uuidString: raw),
              let snapshot = try await Snapshot.find(id, on: req.db),
              let project = try await Project.find(snapshot.$project.id, on: req.db)
        else {
            if current.user.role == .candidate || current.user.role == .expert { throw Problem.forbidden }
            throw Problem.notFound("snapshot")
        }
        try req.authorize(.manageProject(organization: project.$organization.id))
        return snapshot
    }
}
