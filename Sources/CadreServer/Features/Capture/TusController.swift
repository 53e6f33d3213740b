import CadreCore
import Fluent
import Vapor

/// Resumable clip uploads over the tus 1.0 protocol (core, creation, termination and
/// checksum), so any standard tus client picks up after a dropped connection where the
/// server's offset says. An upload is created for a capture lease the caller holds, may not
/// exceed the campaign's size limit, and is checked as soon as its last byte arrives.
struct TusController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let uploads = routes.grouped("uploads")
        uploads.on(.OPTIONS, use: options)
        uploads.post(use: create)
        uploads.on(.HEAD, ":uploadID", use: head)
        uploads.get(":uploadID", use: show)
        uploads.on(.PATCH, ":uploadID", body: .stream, use: append)
        uploads.delete(":uploadID", use: terminate)
    }

    static let resumable: HTTPHeaders = ["Tus-Resumable": Tus.version]

    /// What this server speaks; no sign-in needed, as the protocol expects.
    @Sendable func options(req: Request) async throws -> Response {
        var headers = Self.resumable
        headers.add(name: "Tus-Version", value: Tus.version)
        headers.add(name: "Tus-Extension", value: Tus.extensions.joined(separator: ","))
        headers.add(name: "Tus-Checksum-Algorithm", value: Tus.checksumAlgorithms.joined(separator: ","))
        headers.add(name: "Tus-Max-Size", value: String(CaptureRequirements.largestUpload))
        return Response(status: .noContent, headers: headers)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let current = try req.authorize(.leaseWork)
        try Self.requireResumable(req)
        guard let raw = req.headers.first(name: "Upload-Length"), let length = Int64(raw), length > 0 else {
            throw Problem(status: .badRequest, code: "upload_length_required", title: "Upload-Length required",
                          detail: "Send Upload-Length: the size of the whole file in bytes (deferred lengths are not supported).")
        }
        let metadata: [String: String]
        do { metadata = try Tus.metadata(req.headers.first(name: "Upload-Metadata") ?? "") } catch {
            throw Problem.validation(field: "Upload-Metadata", error.description)
        }
        guard let assignmentText = metadata["assignment_id"], let assignmentID = UUID(uuidString: assignmentText) else {
            throw Problem.validation(field: "Upload-Metadata.assignment_id", "required: the id of the capture lease this clip answers")
        }
        guard let assignment = try await Assignment.query(on: req.db).filter(\.$id == assignmentID).with(\.$project).first(),
              assignment.$expert.id == current.principal.userID
        else { throw Problem.notFound("assignment") }
        let project = assignment.project
        guard project.template == .videoDemonstration else {
            throw Problem.conflict("not_a_capture_task", "This assignment is a \(project.template.rawValue) task; only video demonstrations take uploads.")
        }
        guard assignment.state == .leased, assignment.expiresAt >= req.now else {
            throw Problem.conflict("lease_not_live", "Uploads are bound to a live lease; this one is \(assignment.state.rawValue). Ask for the task again.")
        }
        let requirements = try VideoDemonstrationTemplate.validateConfiguration(try JSONValue(parsing: project.configuration)).requirements
        guard length <= requirements.maxUploadBytes else {
            throw Problem(status: .payloadTooLarge, code: "upload_too_large", title: "The file is too large",
                          detail: "This campaign accepts files up to \(requirements.maxUploadBytes) bytes; this one has \(length).")
        }
        let upload = ClipUpload()
        upload.id = .timeOrdered(at: req.now)
        upload.assignmentID = assignmentID
        upload.projectID = try project.requireID()
        upload.expertID = current.principal.userID
        upload.length = length
        upload.offset = 0
        upload.filename = String((metadata["filename"] ?? "clip").prefix(255))
        upload.state = .uploading
        try FileManager.default.createDirectory(at: req.application.uploadsDirectory, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: Self.partialFile(upload, req.application).path, contents: nil)
        try await upload.create(on: req.db)
        var headers = Self.resumable
        // Relative to where the upload was created: the API and the workspace page both serve tus.
        headers.add(name: .location, value: "\(req.url.path)/\(upload.id!.uuidString.lowercased())")
        return Response(status: .created, headers: headers)
    }

    @Sendable func head(req: Request) async throws -> Response {
        let upload = try await Self.owned(req, forWriting: false)
        var headers = Self.resumable
        headers.add(name: "Upload-Offset", value: String(upload.offset))
        headers.add(name: "Upload-Length", value: String(upload.length))
        headers.add(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers)
    }

    @Sendable func show(req: Request) async throws -> ClipUploadResponse {
        try ClipUploadResponse(try await Self.owned(req, forWriting: false))
    }

    /// Appends the body at `Upload-Offset`. With `Upload-Checksum`, a body whose digest does
    /// not match is discarded (460) and the offset stays where it was.
    @Sendable func append(req: Request) async throws -> Response {
        let upload = try await Self.owned(req, forWriting: true)
        try Self.requireResumable(req)
        guard req.headers.contentType?.description == "application/offset+octet-stream" else {
            throw Problem(status: .unsupportedMediaType, code: "wrong_content_type", title: "Wrong Content-Type",
                          detail: "PATCH bodies must be sent as application/offset+octet-stream.")
        }
        guard upload.state == .uploading else {
            throw Problem.conflict("upload_finished", "This upload is \(upload.state.rawValue); start a new one to send the clip again.")
        }
        guard let raw = req.headers.first(name: "Upload-Offset"), let offset = Int64(raw), offset == upload.offset else {
            throw Problem.conflict("offset_mismatch", "Upload-Offset must be \(upload.offset), where this upload stands (ask with HEAD).")
        }
        var checksum: (algorithm: String, digest: Data)?
        if let header = req.headers.first(name: "Upload-Checksum") {
            do { checksum = try Tus.checksum(header) } catch { throw Problem.validation(field: "Upload-Checksum", error.description) }
        }
        let file = Self.partialFile(upload, req.application)
        let received = try await UploadWriting.append(req.body, to: file, at: offset, limit: upload.length - offset, checksum: checksum?.algorithm, on: req)
        if let checksum, received.digest != checksum.digest {
            try UploadWriting.truncate(file, to: offset)
            throw Problem(status: HTTPResponseStatus(statusCode: 460, reasonPhrase: "Checksum Mismatch"), code: "checksum_mismatch",
                          title: "Checksum mismatch", detail: "The body's \(checksum.algorithm) digest does not match Upload-Checksum; nothing was kept. Send the chunk again.")
        }
        upload.offset = offset + received.bytes
        if upload.offset == upload.length {
            try await UploadFinishing.finish(upload, file: file, app: req.application, on: req.db)
        } else {
            try await upload.save(on: req.db)
        }
        var headers = Self.resumable
        headers.add(name: "Upload-Offset", value: String(upload.offset))
        return Response(status: .noContent, headers: headers)
    }

    @Sendable func terminate(req: Request) async throws -> Response {
        let upload = try await Self.owned(req, forWriting: true)
        try Self.requireResumable(req)
        try? FileManager.default.removeItem(at: Self.partialFile(upload, req.application))
        if upload.state == .uploading {
            upload.state = .terminated
            try await upload.save(on: req.db)
        }
        return Response(status: .noContent, headers: Self.resumable)
    }

    /// The upload in the path, for the contributor who made it; admins may also read it.
    /// Anyone else gets 404, as for an upload that does not exist.
    static func owned(_ req: Request, forWriting: Bool) async throws -> ClipUpload {
        let current = try req.authorize(.leaseWork)
        let isReader = !forWriting && current.user.role == .admin
        guard let raw = req.parameters.get("uploadID"), let id = UUID(uuidString: raw),
              let upload = try await ClipUpload.find(id, on: req.db), upload.expertID == current.principal.userID || isReader
        else { throw Problem.notFound("upload") }
        return upload
    }

    static func requireResumable(_ req: Request) throws {
        guard req.headers.first(name: "Tus-Resumable") == Tus.version else {
            var headers: HTTPHeaders = ["Tus-Version": Tus.version]
            headers.add(name: "Tus-Resumable", value: Tus.version)
            throw Problem(status: .preconditionFailed, code: "tus_version", title: "Unsupported tus version",
                          detail: "Send Tus-Resumable: \(Tus.version).", headers: headers)
        }
    }

    static func partialFile(_ upload: ClipUpload, _ app: Application) -> URL {
        app.uploadsDirectory.appendingPathComponent("\(upload.id!.uuidString.lowercased()).part")
    }
}
