import CadreCore
import Fluent
import SQLKit
import Vapor

/// A JSONL import, streamed: each line is validated as it arrives and valid tasks are written
/// in batches inside one transaction, which rolls back if any line was bad. Memory holds one
/// batch and the set of external ids seen, never the whole body.
struct TaskImport {
    static let batchSize = 500
    static let maxReportedErrors = 100
    /// Lines one import takes: enough for any batch of work, few enough that the set of
    /// external ids an import keeps to catch repeats stays within tens of megabytes.
    static let maxLines = 1_000_000

    struct Outcome: Content {
        var created: Int
        var unchanged: Int
        var lines: Int
    }

    let project: Project
    let template: ConfiguredTemplate
    let now: Date
    /// Gold tasks carry a known answer on every line.
    var gold = false
    /// What errors call a line: `line`, or `task` when the lines were made from another format.
    var unit = "line"
    var maxLines = TaskImport.maxLines

    /// An import into `project`, refused unless the project still takes tasks.
    static func into(_ project: Project, now: Date, gold: Bool = false, unit: String = "line") throws -> TaskImport {
        guard [.draft, .active, .paused].contains(project.state) else {
            throw Problem.conflict("project_closed", "A \(project.state.rawValue) project takes no new tasks.")
        }
        let template = try project.template.configured(try JSONValue(parsing: project.configuration))
        return TaskImport(project: project, template: template, now: now, gold: gold, unit: unit)
    }

    func run<Body: AsyncSequence & Sendable>(_ body: Body, writer: DatabaseWriter, on database: any Database) async throws -> Outcome
    where Body.Element == ByteBuffer {
        let projectID = try project.requireID()
        let outcome = try await writer.transaction(on: database, .alone) { db in
            var splitter = LineSplitter()
            var state = State()
            do {
                for try await chunk in body {
                    for line in try splitter.feed(Data(buffer: chunk)) {
                        try await accept(line, into: &state, projectID: projectID, on: db)
                    }
                }
            } catch let failure as LineSplitter.Failure {
                guard case .lineTooLong(let line) = failure else { throw failure }
                state.errors.append(FieldError(field: "\(unit) \(line)", message: "longer than 4 MB"))
                throw rejection(state, lines: splitter.lineNumber)
            }
            if let last = splitter.finish() {
                try await accept(last, into: &state, projectID: projectID, on: db)
            }
            try await flush(&state, projectID: projectID, on: db)
            if !state.errors.isEmpty || state.errorCount > 0 { throw rejection(state, lines: splitter.lineNumber) }
            if state.valid == 0 { throw Problem.validation(field: "body", "no tasks: send one JSON object per line") }
            return Outcome(created: state.created, unchanged: state.valid - state.created, lines: splitter.lineNumber)
        }
        if outcome.created >= Self.analyzeAfter, database.isPostgres { try await database.sql.raw("ANALYZE tasks").run() }
        return outcome
    }

    /// On PostgreSQL, an import of this many tasks refreshes the table's statistics at once.
    /// Until autovacuum gets to it (a minute or more later), the planner believes a new
    /// project has no tasks and may plan its first leases as a sort of every task it has: half
    /// a second a lease for a project of 40,000. Sampling the table takes a fraction of that,
    /// once, and blocks no reads or writes.
    static let analyzeAfter = 1_000

    private struct State {
        var pending: [ImportedTask] = []
        var seen: [String: Int] = [:]
        var errors: [FieldError] = []
        var errorCount = 0
        var created = 0
        var valid = 0
    }

    private func accept(_ line: (number: Int, bytes: Data), into state: inout State, projectID: UUID, on db: any Database) async throws {
        guard line.number <= maxLines else {
            state.errorCount += 1
            state.errors.append(FieldError(field: "body", message: "more than \(maxLines) \(unit)s: split it into imports of at most that many"))
            throw rejection(state, lines: line.number)
        }
        switch ImportedTask.parse(line: line.bytes, number: line.number, template: template, gold: gold, unit: unit) {
        case .failure(let failure):
            state.errorCount += 1
            if state.errors.count < Self.maxReportedErrors { state.errors += failure.errors }
        case .success(let task):
            if let first = state.seen[task.externalID] {
                state.errorCount += 1
                state.errors.append(FieldError(field: "\(unit) \(line.number): external_id", message: "repeats \(unit) \(first)"))
                return
            }
            state.seen[task.externalID] = line.number
            state.valid += 1
            // Once a line is bad nothing will be kept, so stop writing and only validate.
            guard state.errorCount == 0 else { return }
            state.pending.append(task)
            if state.pending.count >= Self.batchSize { try await flush(&state, projectID: projectID, on: db) }
        }
    }

    /// Inserts a batch; tasks whose external id the project already has are left as they are.
    private func flush(_ state: inout State, projectID: UUID, on db: any Database) async throws {
        guard !state.pending.isEmpty, state.errorCount == 0 else { return }
        let insert = db.sql.insert(into: WorkTask.schema)
            .columns("id", "created_at", "project_id", "external_id", "input", "metadata", "priority", "state", "slots_taken",
                     "accepted_count", "is_gold", "gold_answer", "extra_answers")
        for task in state.pending {
            insert.values(
                SQLBind(UUID.timeOrdered(at: now)), SQLBind(now), SQLBind(projectID), SQLBind(task.externalID),
                SQLBind(task.input.jsonText), SQLBind(task.metadata?.jsonText), SQLBind(task.priority),
                SQLBind(WorkTask.State.open.rawValue), SQLBind(0), SQLBind(0), SQLBind(gold), SQLBind(task.goldAnswer?.jsonText),
                SQLBind(0))
        }
        let rows = try await insert.ignoringConflicts(with: ["project_id", "external_id"]).returning("id").all()
        state.created += rows.count
        state.pending.removeAll(keepingCapacity: true)
    }

    private func rejection(_ state: State, lines: Int) -> Problem {
        var problem = Problem.validation(
            state.errors,
            detail: "\(state.errorCount) of \(lines) \(unit)s have errors; nothing was imported."
                + (state.errorCount > Self.maxReportedErrors ? " The first \(Self.maxReportedErrors) are listed." : ""))
        problem.code = "import_rejected"
        return problem
    }
}
