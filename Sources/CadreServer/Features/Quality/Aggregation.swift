import CadreCore
import Fluent
import SQLKit
import Vapor

/// One recomputation of a project's quality: consensus per task, agreement per expert, the
/// report, and dynamic overlap — loaded from the database, computed by the core, stored back.
struct Aggregation {
    let projectID: UUID
    let now: Date

    func run(_ app: Application) async throws {
        guard let project = try await Project.find(projectID, on: app.db) else { return }
        let loaded = try await AcceptedAnswers.load(projectID: projectID, on: app.db)
        let (tasks, experts, answers, durations) = (loaded.tasks, loaded.experts, loaded.answers, loaded.durations)
        let report = ProjectConsensus.compute(kind: project.template, taskCount: tasks.count, workerCount: experts.count, answers: answers)
        let settings = try project.settings
        let (taskIDs, expertIDs, answerCount) = (tasks, experts, answers.count)
        let speed = SpeedReport(durations, workers: experts)
        let models = project.template == .pairwise ? try await modelStrengths(answers, tasks: tasks, on: app.db) : []
        try await store(report, tasks: taskIDs, writer: app.writer, on: app.db)
        try await app.writer.transaction(on: app.db, .alone) { db in
            try await updateAgreement(report, experts: expertIDs, on: db)
            try await extendOverlap(report, tasks: taskIDs, settings: settings, on: db)
            try await storeReport(report, speed: speed, models: models, experts: expertIDs, on: db)
            try await recordHistory(report, answers: answerCount, on: db)
        }
    }

    /// Writes the consensus rows that changed, a chunk per transaction: a large project's
    /// rewrite no longer holds the writer (on SQLite, every lease and submit) for all its rows
    /// at once. A reader between chunks sees each task's consensus from this run or the last.
    private func store(_ report: ConsensusReport, tasks: Interner, writer: DatabaseWriter, on database: any Database) async throws {
        var stored = try await database.sql.fold("""
            SELECT task_id, result, confidence, answers FROM consensus WHERE project_id = \(bind: projectID)
            """, into: [UUID: StoredConsensus]()) { stored, row in
            let consensus = try row.decode(model: StoredConsensus.self)
            stored[consensus.task_id] = consensus
        }
        let changed = report.tasks.compactMap { consensus -> StoredConsensus? in
            let row = StoredConsensus(
                task_id: UUID(uuidString: tasks.name(consensus.task))!, result: consensus.result.jsonText,
                confidence: consensus.confidence, answers: consensus.answers)
            return stored.removeValue(forKey: row.task_id) == row ? nil : row
        }
        for chunk in changed.chunks(of: Self.rowsPerWrite) {
            try await writer.transaction(on: database) { db in
                let upsert = db.sql.insert(into: TaskConsensusRow.schema).columns("task_id", "project_id", "result", "confidence", "answers")
                for row in chunk {
                    upsert.values(SQLBind(row.task_id), SQLBind(projectID), SQLBind(row.result), SQLBind(row.confidence), SQLBind(row.answers))
                }
                try await upsert.onConflict(with: ["task_id"]) { update in
                    update.set(excludedValueOf: "result").set(excludedValueOf: "confidence").set(excludedValueOf: "answers")
                }.run()
            }
        }
        // Tasks that no longer have a consensus (their answers were rejected since).
        for chunk in Array(stored.keys).chunks(of: Self.rowsPerWrite) {
            try await writer.transaction(on: database) { db in
                try await db.sql.delete(from: TaskConsensusRow.schema).where("task_id", .in, Array(chunk)).run()
            }
        }
    }

    static let rowsPerWrite = 500

    private struct StoredConsensus: Decodable, Equatable {
        var task_id: UUID
        var result: String
        var confidence: Double
        var answers: Int
    }

    private func updateAgreement(_ report: ConsensusReport, experts: Interner, on db: any Database) async throws {
        for worker in 0..<min(experts.count, report.compared.count) {
            let standing = try await ExpertStanding.find(project: projectID, expert: UUID(uuidString: experts.name(Int32(worker)))!, now: now, on: db)
            standing.agreementCompared = report.compared[worker]
            standing.agreementAgreed = report.agreed[worker]
            try await standing.save(on: db)
        }
    }

    /// Dynamic overlap: a complete task whose consensus is still unsure gets one more answer,
    /// up to the project's maximum.
    private func extendOverlap(_ report: ConsensusReport, tasks: Interner, settings: ProjectSettings, on db: any Database) async throws {
        guard let maximum = settings.quality.maxAnswersPerTask, maximum > settings.answersPerTask else { return }
        let unsure = report.tasks.filter { $0.confidence < settings.quality.consensusThreshold }
        for consensus in unsure {
            try await db.sql.raw("""
                UPDATE tasks SET extra_answers = extra_answers + 1, state = 'open'
                WHERE id = \(bind: UUID(uuidString: tasks.name(consensus.task))!) AND state = 'complete'
                  AND accepted_count = \(bind: consensus.answers)
                  AND \(bind: settings.answersPerTask) + extra_answers < \(bind: maximum)
                """).run()
        }
    }

    /// One point of the project's quality over time.
    private func recordHistory(_ report: ConsensusReport, answers: Int, on db: any Database) async throws {
        let point = QualityHistoryRow()
        point.id = .timeOrdered(at: now)
        point.$project.id = projectID
        point.computedAt = now
        point.alpha = report.alpha.flatMap { $0.isFinite ? $0 : nil }
        point.meanConfidence = report.tasks.isEmpty ? nil : report.tasks.map(\.confidence).reduce(0, +) / Double(report.tasks.count)
        let compared = report.compared.reduce(0, +)
        point.agreement = compared == 0 ? nil : Double(report.agreed.reduce(0, +)) / Double(compared)
        point.answers = answers
        try await point.create(on: db)
    }

    /// Bradley–Terry over the models named in the tasks' responses, from every pairwise answer.
    private func modelStrengths(_ answers: [AnswerRecord], tasks: Interner, on db: any Database) async throws -> [ModelStrength] {
        let inputs = try await db.sql.fold("SELECT id, input FROM tasks WHERE project_id = \(bind: projectID)", into: [String: JSONValue]()) { inputs, row in
            inputs[try row.decode(column: "id", as: UUID.self).uuidString] = try? JSONValue(parsing: try row.decode(column: "input", as: String.self))
        }
        return ModelStrengths.fromPairwise(answers.compactMap { record in
            inputs[tasks.name(record.task)].map { ($0, record.answer) }
        })
    }

    private func storeReport(
        _ report: ConsensusReport, speed: SpeedReport, models: [ModelStrength], experts: Interner, on db: any Database
    ) async throws {
        let stored = QualityReportRow()
        stored.id = projectID
        var document = QualityReportDocument(report, experts: experts)
        document.speed = speed
        document.modelStrengths = models
        stored.report = try document.json()
        stored.computedAt = now
        if let existing = try await QualityReportRow.find(projectID, on: db) {
            existing.report = stored.report
            existing.computedAt = now
            try await existing.save(on: db)
        } else {
            try await stored.create(on: db)
        }
    }
}

extension ExpertStanding {
    /// The expert's standing on the project, created on first need.
    static func find(project: UUID, expert: UUID, now: Date, on db: any Database) async throws -> ExpertStanding {
        if let existing = try await ExpertStanding.query(on: db).filter(\.$project.$id == project).filter(\.$expert.$id == expert).first() {
            return existing
        }
        let standing = ExpertStanding(projectID: project, expertID: expert, at: now)
        try await standing.create(on: db)
        return standing
    }
}

private extension Array {
    /// Consecutive slices of at most `size` elements, in order.
    func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
