import CadreCore
import Fluent
import Vapor

/// Label Studio JSON exports into a project. `POST /projects/{id}/tasks/label-studio` keeps
/// each task's annotations and predictions, read as answers in the project's template format,
/// in its metadata; `POST /projects/{id}/gold/label-studio` makes gold tasks whose known answer
/// is the annotations' agreed answer. Both write through the same `TaskImport` as JSONL
/// (all-or-nothing, idempotent by external id) and report what could not be carried over.
struct LabelStudioImportController: RouteCollection {
    /// An export is one JSON document, parsed whole; larger ones are split, or sent as JSONL.
    static let maxBodyBytes = 64 * 1024 * 1024

    struct Outcome: Content {
        var created: Int
        var unchanged: Int
        var report: LabelStudioReport
    }

    func boot(routes: any RoutesBuilder) throws {
        let body = HTTPBodyStreamStrategy.collect(maxSize: ByteCount(value: Self.maxBodyBytes))
        routes.on(.POST, "projects", ":projectID", "tasks", "label-studio", body: body) { req in
            try await respond(req, gold: false)
        }
        routes.on(.POST, "projects", ":projectID", "gold", "label-studio", body: body) { req in
            try await respond(req, gold: true)
        }
    }

    func respond(_ req: Request, gold: Bool) async throws -> Response {
        let project = try await ProjectsController.load(req)
        if let type = req.headers.contentType, !["json", "plain"].contains(type.subType) {
            throw Problem(
                status: .unsupportedMediaType, code: "unsupported_media_type", title: "Unsupported media type",
                detail: "Send Label Studio's JSON export (a JSON array of tasks) as application/json.")
        }
        let outcome = try await Self.run(req.body.data ?? ByteBuffer(), into: project, gold: gold, req: req)
        return try await outcome.encodeResponse(status: outcome.created > 0 ? .created : .ok, for: req)
    }

    /// Whether an uploaded file is a Label Studio export (a JSON array) rather than JSONL.
    static func isExport(_ file: ByteBuffer) -> Bool {
        file.readableBytesView.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) } == UInt8(ascii: "[")
    }

    /// Reads the export, then imports its tasks; nothing is stored unless every task is valid.
    static func run(_ body: ByteBuffer, into project: Project, gold: Bool, req: Request) async throws -> Outcome {
        let importer = try TaskImport.into(project, now: req.now, gold: gold, unit: "task")
        let export: JSONValue
        do {
            export = try JSONValue(parsing: Data(buffer: body))
        } catch {
            throw Problem.validation(field: "body", "not valid JSON: \(error.reason) at byte \(error.offset)")
        }
        let converted: (lines: [JSONValue], report: LabelStudioReport)
        do {
            converted = try LabelStudioImport(template: importer.template, gold: gold).convert(export)
        } catch {
            throw Problem.validation(error.errors, detail: error.errors.first?.field == "template"
                ? nil : "Nothing was imported: these tasks of the export cannot be read.")
        }
        guard !converted.lines.isEmpty else { throw Problem.validation(field: "body", "the export has no tasks") }
        let outcome = try await importer.run(JSONLines(values: converted.lines), writer: req.writer, on: req.db)
        return Outcome(created: outcome.created, unchanged: outcome.unchanged, report: converted.report)
    }
}

/// Values as the JSONL bytes an import reads, one line each, made as the import pulls them.
struct JSONLines: AsyncSequence, Sendable {
    let values: [JSONValue]

    struct AsyncIterator: AsyncIteratorProtocol {
        var rest: IndexingIterator<[JSONValue]>

        mutating func next() async -> ByteBuffer? {
            rest.next().map { ByteBuffer(string: $0.jsonText + "\n") }
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(rest: values.makeIterator()) }
}
