import CadreCore
import Fluent
import Vapor

/// What happens when an upload's last byte arrives: the file is hashed and moved into the
/// blob store, a repeat of an earlier upload is recognised, and ffprobe's findings are held
/// against the campaign's requirements. A refused clip says why; the contributor may upload
/// again on the same lease.
enum UploadFinishing {
    static func finish(_ upload: ClipUpload, file: URL, app: Application, on db: any Database) async throws {
        let blobs = app.blobs
        let sha256 = try await app.threadPool.runIfActive { try FileDigest.sha256(of: file) }
        upload.sha256 = sha256
        let earlier = try await ClipUpload.query(on: db).filter(\.$sha256 == sha256).filter(\.$id != upload.id!)
            .filter(\.$state ~~ [.passed, .uncheckable]).first()
        try blobs.adopt(file, sha256: sha256)
        if let earlier {
            upload.state = .duplicate
            upload.problems = encode(["This clip was already uploaded (upload \(earlier.id!.uuidString.lowercased())); film the activity again."])
            try await upload.save(on: db)
            return
        }
        try await check(upload, app: app, on: db)
    }

    /// Probes the stored clip and holds it against the campaign's requirements; also how an
    /// admin checks again the clips that arrived while ffprobe was missing.
    static func check(_ upload: ClipUpload, app: Application, on db: any Database) async throws {
        guard let sha256 = upload.sha256 else { return }
        let tools = app.videoTools
        guard let project = try await Project.find(upload.projectID, on: db) else { throw Problem.notFound("project") }
        let requirements = try VideoDemonstrationTemplate.validateConfiguration(try JSONValue(parsing: project.configuration)).requirements
        let stored = app.blobs.url(for: sha256)
        do {
            let probe = try await app.threadPool.runIfActive { try tools.probe(stored) }
            upload.probe = String(decoding: try JSONEncoder().encode(probe), as: UTF8.self)
            let problems = requirements.problems(with: probe)
            upload.state = problems.isEmpty ? .passed : .failed
            upload.problems = problems.isEmpty ? nil : encode(problems)
            if problems.isEmpty { upload.thumbnailSHA256 = try? await thumbnail(stored, duration: probe.durationSeconds, app: app) }
        } catch let error as ClipProbe.ProbeError {
            upload.state = .failed
            upload.problems = encode(["The file could not be read as a video (\(error)). Upload the clip as your camera saved it (MP4, MOV, WebM)."])
        } catch let error as VideoTools.Failure {
            app.logger.error("clip \(upload.id!) cannot be checked: \(error)")
            upload.state = .uncheckable
            upload.problems = encode(["The server cannot check clips right now (\(error)); an administrator has been told. Keep the clip; the upload is saved."])
        }
        try await upload.save(on: db)
    }

    private static func thumbnail(_ clip: URL, duration: Double, app: Application) async throws -> String {
        let output = app.uploadsDirectory.appendingPathComponent("thumb-\(UUID().uuidString).jpg")
        let tools = app.videoTools
        try await app.threadPool.runIfActive { try tools.thumbnailStrip(clip, duration: duration, to: output) }
        let digest = try FileDigest.sha256(of: output)
        try app.blobs.adopt(output, sha256: digest)
        return digest
    }

    static func encode(_ problems: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(problems)) ?? Data("[]".utf8), as: UTF8.self)
    }
}

/// An upload as its contributor (and the API) sees it.
struct ClipUploadResponse: Content {
    var id: UUID
    var assignmentId: UUID
    var state: ClipUpload.State
    var length: Int64
    var offset: Int64
    var filename: String
    var sha256: String?
    var probe: ClipProbe?
    var problems: [String]
    var thumbnailUrl: String?

    enum CodingKeys: String, CodingKey {
        case id, state, length, offset, filename, sha256, probe, problems
        case assignmentId = "assignment_id"
        case thumbnailUrl = "thumbnail_url"
    }

    init(_ upload: ClipUpload) throws {
        id = try upload.requireID()
        assignmentId = upload.assignmentID
        state = upload.state
        length = upload.length
        offset = upload.offset
        filename = upload.filename
        sha256 = upload.sha256
        probe = try upload.probe.map { try JSONDecoder().decode(ClipProbe.self, from: Data($0.utf8)) }
        problems = try upload.problems.map { try JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
        thumbnailUrl = upload.thumbnailSHA256.map { _ in "/api/v1/uploads/\(id.uuidString.lowercased())/thumbnail" }
    }
}
