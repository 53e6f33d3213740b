import CadreCore
import Fluent
import Vapor

/// A project's snapshots page: take one with filters, see each manifest, download its files.
/// It validates through the same `SnapshotSpec` as the API and writes through `Snapshots`.
struct SnapshotPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("projects", ":projectID", "snapshots", use: page)
        routes.post("projects", ":projectID", "snapshots", use: create)
        // The API's download, behind the page's session: the same access check and streaming.
        routes.get("snapshots", ":snapshotID", "files", ":name", use: SnapshotsController().download)
    }

    /// What the client typed.
    struct Form: Content {
        var format: String?
        var answers: String?
        var minConfidence: String?
        var reviewedOnly: String?
        var testRatio: String?

        enum CodingKeys: String, CodingKey {
            case format, answers
            case minConfidence = "min_confidence"
            case reviewedOnly = "reviewed_only"
            case testRatio = "test_ratio"
        }

        /// The API body; numbers that do not parse are passed on as text so the spec names them.
        var body: JSONValue {
            var members: [String: JSONValue] = [:]
            if let format, !format.isEmpty { members["format"] = .string(format) }
            if let answers, !answers.isEmpty { members["answers"] = .string(answers) }
            for (key, text) in [("min_confidence", minConfidence), ("test_ratio", testRatio)] {
                guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { continue }
                members[key] = Double(text).map(JSONValue.number) ?? .string(text)
            }
            if reviewedOnly == "on" { members["reviewed_only"] = .bool(true) }
            return .object(members)
        }
    }

    @Sendable func page(req: Request) async throws -> Response {
        let project = try await ProjectsController.load(req)
        return try await render(project, req: req, errors: [], status: .ok)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let project = try await ProjectsController.load(req)
        let form = try req.content.decode(Form.self)
        do {
            let spec = try SnapshotSpec.validate(form.body, kind: project.template)
            _ = try await Snapshots.take(
                spec, of: project, now: req.now, dataDirectory: req.application.cadreConfiguration.dataDirectory,
                blobs: req.application.blobs, writer: req.writer, on: req.db)
            return req.redirect(to: Notice.snapshotTaken.on("/projects/\(try project.requireID())/snapshots"), redirectType: .normal)
        } catch let failure as ValidationFailure {
            return try await render(project, req: req, errors: failure.errors.map { "\($0.field): \($0.message)" }, status: .unprocessableEntity)
        }
    }

    private func render(_ project: Project, req: Request, errors: [String], status: HTTPResponseStatus) async throws -> Response {
        let snapshots = try await Snapshot.query(on: req.db).filter(\.$project.$id == project.requireID())
            .sort(\.$version, .descending).limit(50).all()
        let page = SnapshotsPage(
            layout: LayoutContext(title: "Snapshots · \(project.name)", req: req, error: errors.isEmpty ? nil : errors.joined(separator: " · ")),
            project: ProjectSummary(project), formats: DeliveryFormat.available(for: project.template).map(\.rawValue),
            hasConsensus: DeliveryEncoding.hasConsensus(project.template),
            snapshots: try snapshots.map(SnapshotsPage.Row.init))
        return try await req.view.render("projects/snapshots", page).encodeResponse(status: status, for: req)
    }
}

struct SnapshotsPage: Encodable {
    struct Row: Encodable {
        struct File: Encodable { var name: String; var records: Int; var bytes: Int; var sha256: String; var url: String }
        var version: Int
        var format: String
        var createdAt: String
        var records: Int
        var excluded: String
        var filters: String
        var files: [File]

        init(_ snapshot: Snapshot) throws {
            let response = try SnapshotResponse(snapshot)
            version = response.version
            format = response.format
            createdAt = String(ISO8601DateFormatter().string(from: response.createdAt).prefix(16)).replacingOccurrences(of: "T", with: " ")
            records = response.counts.records
            excluded = response.counts.excluded.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key.replacingOccurrences(of: "_", with: " "))" }.joined(separator: ", ")
            filters = (response.filters.objectValue ?? [:]).sorted { $0.key < $1.key }.filter { !$0.value.isNull && $0.key != "format" }
                .map { "\($0.key) \($0.value.stringValue ?? $0.value.jsonText)" }.joined(separator: " · ")
            files = response.files.map {
                File(name: $0.name, records: $0.records, bytes: $0.bytes, sha256: String($0.sha256.prefix(12)),
                     url: "/snapshots/\(response.id.uuidString.lowercased())/files/\($0.name)")
            }
        }
    }

    var layout: LayoutContext
    var project: ProjectSummary
    var formats: [String]
    var hasConsensus: Bool
    /// The 50 newest, newest first (the API lists them all).
    var snapshots: [Row]
}
