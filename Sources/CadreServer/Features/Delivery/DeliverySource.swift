import CadreCore
import Fluent
import SQLKit
import Vapor

/// Reads a project's tasks for delivery a page at a time, in task id order (time-ordered,
/// so the same data always reads in the same order), with their accepted answers and
/// consensus — so an export of any size holds one page in memory.
struct DeliverySource {
    let projectID: UUID
    let spec: SnapshotSpec
    /// Answers decided after this instant are left out, so a snapshot is a point in time
    /// even while experts keep answering during the export.
    let asOf: Date
    /// Video demonstrations: the campaign's requirements, whose consent terms episodes carry.
    var capture: CaptureRequirements? = nil
    /// Tasks read per round trip: large enough that statement overhead stays small, small
    /// enough that a page (with its answers) is a few megabytes at most.
    static let pageSize = 2_000

    /// One task and what the filters made of it.
    enum Item {
        case task(DeliveryTask)
        case unanswered
        case filtered
    }

    /// The next page after `cursor` (nil for the first); empty at the end.
    func page(after cursor: UUID?, on db: any SQLDatabase) async throws -> (items: [Item], last: UUID?) {
        let after: SQLQueryString = cursor.map { "AND id > \(bind: $0)" } ?? ""
        let tasks = try await db.raw("""
            SELECT id, external_id, input FROM tasks
            WHERE project_id = \(bind: projectID) AND is_gold = \(bind: false) \(after)
            ORDER BY id LIMIT \(unsafeRaw: String(Self.pageSize))
            """).all()
        guard !tasks.isEmpty else { return ([], nil) }
        let ids = try tasks.map { try $0.decode(column: "id", as: UUID.self) }
        let answers = try await answers(of: ids, on: db)
        // Consensus is read only when rows or filters use it.
        let needsConsensus = spec.answers == .consensus || spec.minimumConfidence != nil
        let consensus = needsConsensus ? try await consensus(of: ids, on: db) : [:]
        let items = try zip(ids, tasks).map { id, row -> Item in
            let given = answers[id] ?? []
            guard !given.isEmpty else { return .unanswered }
            // A consensus row stands for all of a task's answers, so it is delivered only when
            // every one of them passes the filters; one row per answer needs just one.
            let passing = spec.answers == .consensus ? given.allSatisfy(\.selected) : given.contains(where: \.selected)
            guard passing else { return .filtered }
            let input = try JSONValue(parsing: try row.decode(column: "input", as: String.self))
            return .task(DeliveryTask(
                externalID: try row.decode(column: "external_id", as: String.self), input: input,
                answers: capture == nil ? given : Self.versioned(given, instructions: input["instructions"]?.stringValue ?? ""),
                consensus: consensus[id]))
        }
        return (items, ids.last)
    }

    private func answers(of tasks: [UUID], on db: any SQLDatabase) async throws -> [UUID: [DeliveryTask.Answer]] {
        let rows = try await db.select()
            .columns("task_id", "answer", "edited_answer", "needs_review", "submitted_at", "decided_at", "expert_id", "segments")
            .from(Assignment.schema)
            .where("task_id", .in, tasks)
            .where("state", .equal, Assignment.State.accepted.rawValue)
            .orderBy("id")
            .all()
        var byTask: [UUID: [DeliveryTask.Answer]] = [:]
        let clips = capture == nil ? [:] : try await EpisodeFacts.clips(in: rows, on: db)
        for row in rows {
            guard let decided = try row.decode(column: "decided_at", as: Date?.self), decided <= asOf,
                  let text = try row.decode(column: "edited_answer", as: String?.self) ?? row.decode(column: "answer", as: String?.self),
                  var value = try? JSONValue(parsing: text)
            else { continue }
            if let capture {
                value = try EpisodeFacts.attach(to: value, row: row, clips: clips, projectID: projectID, consent: capture.consent)
            }
            let submitted = try row.decode(column: "submitted_at", as: Date?.self) ?? decided
            let reviewed = try row.decode(column: "needs_review", as: Bool.self)
            let selected = (reviewed || !spec.reviewedOnly)
                && (spec.submittedAfter.map { submitted >= $0 } ?? true)
                && (spec.submittedBefore.map { submitted < $0 } ?? true)
            byTask[try row.decode(column: "task_id", as: UUID.self), default: []].append(DeliveryTask.Answer(value, selected: selected))
        }
        return byTask
    }

    private func consensus(of tasks: [UUID], on db: any SQLDatabase) async throws -> [UUID: DeliveryTask.Consensus] {
        let rows = try await db.select().columns("task_id", "result", "confidence").from(TaskConsensusRow.schema)
            .where("task_id", .in, tasks).all()
        var byTask: [UUID: DeliveryTask.Consensus] = [:]
        for row in rows {
            guard let result = try? JSONValue(parsing: try row.decode(column: "result", as: String.self)) else { continue }
            byTask[try row.decode(column: "task_id", as: UUID.self)] = DeliveryTask.Consensus(
                result: result, confidence: try row.decode(column: "confidence", as: Double.self))
        }
        return byTask
    }

    /// Tasks in the project (for a progress bar's total).
    func taskCount(on db: any SQLDatabase) async throws -> Int {
        let row = try await db.raw("""
            SELECT COUNT(*) AS n FROM tasks WHERE project_id = \(bind: projectID) AND is_gold = \(bind: false)
            """).first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Whether any task was given as chat messages: then every row is written in TRL's
    /// conversational form, since one file must not mix strings and message lists in a column.
    func hasChatTasks(on db: any SQLDatabase) async throws -> Bool {
        // Inputs are stored as compact JSON with sorted keys, so a chat prompt always reads
        // `"messages":[`; a context member of that name can only make the answer "yes", which
        // is still a valid (conversational) file.
        let row = try await db.raw("""
            SELECT id FROM tasks WHERE project_id = \(bind: projectID) AND is_gold = \(bind: false)
              AND input LIKE \(bind: #"%"messages":[%"#) LIMIT 1
            """).first()
        return row != nil
    }

    /// Adds the version of the instructions the clip was filmed to (their SHA-256, shortened)
    /// to each episode, so a change of instructions shows in the manifest.
    static func versioned(_ answers: [DeliveryTask.Answer], instructions: String) -> [DeliveryTask.Answer] {
        let version = SHA256.hash(data: Data(instructions.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
        return answers.map { answer in
            guard case .object(var members) = answer.value, case .object(var episode)? = members["episode"] else { return answer }
            episode["instructions_version"] = .string(version)
            members["episode"] = .object(episode)
            return DeliveryTask.Answer(.object(members), selected: answer.selected)
        }
    }
}
