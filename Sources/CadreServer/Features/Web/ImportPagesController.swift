import CadreCore
import Fluent
import Vapor

/// Uploading a JSONL file of tasks from the browser. The file runs through the same
/// `TaskImport` as the API (all-or-nothing, idempotent by `external_id`); a rejected file's
/// line errors are shown as a table.
struct ImportPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let tasks = routes.grouped("projects", ":projectID", "import")
        tasks.get(use: page)
        tasks.on(.POST, body: .collect(maxSize: ByteCount(value: CSRFMiddleware.maxUploadBytes)), use: upload)
    }

    @Sendable func page(req: Request) async throws -> Response {
        let project = try await ProjectsController.load(req)
        return try await render(req, ImportPage(req, project))
    }

    @Sendable func upload(req: Request) async throws -> Response {
        struct Upload: Content { var file: File? }
        let project = try await ProjectsController.load(req)
        var page = ImportPage(req, project)
        do {
            let importer = try TaskImport.into(project, now: req.now)
            guard let file = try req.content.decode(Upload.self).file, file.data.readableBytes > 0 else {
                throw Problem.validation(field: "file", "choose a .jsonl file with one task per line, or a Label Studio JSON export")
            }
            page.fileName = file.filename
            if LabelStudioImportController.isExport(file.data) {
                let imported = try await LabelStudioImportController.run(file.data, into: project, gold: false, req: req)
                page.outcome = TaskImport.Outcome(created: imported.created, unchanged: imported.unchanged, lines: imported.report.tasks)
                page.labelStudio = imported.report
            } else {
                let body = AsyncStream<ByteBuffer> { $0.yield(file.data); $0.finish() }
                page.outcome = try await importer.run(body, writer: req.writer, on: req.db)
            }
            return try await render(req, page, status: .ok)
        } catch let problem as Problem where problem.status.code < 500 {
            page.layout.error = problem.detail
            page.lineErrors = problem.errors.map(ImportPage.LineError.init)
            page.hasLineErrors = !page.lineErrors.isEmpty
            return try await render(req, page, status: problem.status)
        }
    }

    private func render(_ req: Request, _ page: ImportPage, status: HTTPResponseStatus = .ok) async throws -> Response {
        try await req.view.render("projects/import", page).encodeResponse(status: status, for: req)
    }
}

struct ImportPage: Encodable {
    /// One row of the error table: `line 12: input.prompt` split into its line and field.
    struct LineError: Encodable {
        var line: String
        var field: String
        var message: String

        init(_ error: FieldError) {
            let parts = error.field.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            // Lines of JSONL, or tasks of a Label Studio export.
            if let first = parts.first, first.hasPrefix("line ") || first.hasPrefix("task ") {
                line = String(first.dropFirst(5))
                field = parts.count > 1 ? parts[1] : "—"
            } else {
                line = "—"
                field = error.field
            }
            message = error.message
        }
    }

    var layout: LayoutContext
    var project: ProjectSummary
    var example: String
    var outcome: TaskImport.Outcome?
    /// What a Label Studio export's annotations and predictions became.
    var labelStudio: LabelStudioReport?
    var fileName: String?
    var lineErrors: [LineError] = []
    var hasLineErrors = false

    init(_ req: Request, _ project: Project) {
        layout = LayoutContext(title: "Import tasks · \(project.name)", req: req)
        self.project = ProjectSummary(project)
        var line = project.template.exampleInput.objectValue ?? [:]
        line["external_id"] = "task-0001"
        example = JSONValue.object(line).jsonText
    }
}
