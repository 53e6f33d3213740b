import CadreCore
import Fluent
import Vapor

struct TaskResponse: Content {
    var id: UUID
    var externalId: String
    var input: JSONValue
    var metadata: JSONValue?
    var priority: Int
    var state: WorkTask.State
    var acceptedAnswers: Int
    var isGold: Bool
    /// Shown to the project's client only: this response is never built for an expert.
    var goldAnswer: JSONValue?
    var createdAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, input, metadata, priority, state
        case isGold = "is_gold"
        case goldAnswer = "gold_answer"
        case externalId = "external_id"
        case acceptedAnswers = "accepted_answers"
        case createdAt = "created_at"
    }

    init(_ task: WorkTask) throws {
        id = try task.requireID()
        externalId = task.externalID
        input = try JSONValue(parsing: task.input)
        metadata = try task.metadata.map { try JSONValue(parsing: $0) }
        priority = task.priority
        state = task.state
        acceptedAnswers = task.acceptedCount
        isGold = task.isGold
        goldAnswer = try task.goldAnswer.map { try JSONValue(parsing: $0) }
        createdAt = task.createdAt
    }
}

/// A project's tasks: JSONL import (all-or-nothing, idempotent by `external_id`) and listing.
struct TasksController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let tasks = routes.grouped("projects", ":projectID", "tasks")
        tasks.on(.POST, body: .stream, use: importTasks)
        tasks.get(use: list)
        routes.on(.POST, "projects", ":projectID", "gold", body: .stream) { req in try await importTasks(req: req, gold: true) }
    }

    @Sendable func importTasks(req: Request) async throws -> Response {
        try await importTasks(req: req, gold: false)
    }

    /// Tasks, or gold tasks (each line with its `gold_answer`), from a JSONL body.
    func importTasks(req: Request, gold: Bool) async throws -> Response {
        let project = try await ProjectsController.load(req)
        let importer = try TaskImport.into(project, now: req.now, gold: gold)
        if let type = req.headers.contentType, !["x-ndjson", "jsonl", "json", "plain"].contains(type.subType) {
            throw Problem(
                status: .unsupportedMediaType, code: "unsupported_media_type", title: "Unsupported media type",
                detail: "Send tasks as application/x-ndjson: one JSON object per line.")
        }
        let outcome = try await importer.run(req.body, writer: req.writer, on: req.db)
        return try await outcome.encodeResponse(status: outcome.created > 0 ? .created : .ok, for: req)
    }

    @Sendable func list(req: Request) async throws -> Page<TaskResponse> {
        let project = try await ProjectsController.load(req)
        let page = try PageRequest(from: req)
        let query = WorkTask.query(on: req.db).filter(\.$project.$id == (try project.requireID()))
        if let state = req.query[String.self, at: "state"] {
            guard let parsed = WorkTask.State(rawValue: state) else {
                throw Problem.validation(field: "state", "expected open or complete")
            }
            query.filter(\.$state == parsed)
        }
        let (tasks, next) = try await page.fetch(query)
        return Page(items: try tasks.map(TaskResponse.init), nextCursor: next)
    }
}
