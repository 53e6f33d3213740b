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
        // Tasks are matched with their answers by the id's text (`task`), which the database
        // gives as it is: decoding a UUID parses it, and a million of them cost seconds.
        let tasks = try await DeliveryRow.all("""
            SELECT id, CAST(id AS TEXT) AS task, external_id, input FROM tasks
            WHERE \(pageFilter(after: cursor)) ORDER BY id LIMIT \(unsafeRaw: String(Self.pageSize))
            """, on: db)
        guard let lastRow = tasks.last else { return ([], nil) }
        let last = try lastRow.decode("id", as: UUID.self)
        let page: SQLQueryString = "SELECT id FROM tasks WHERE \(pageFilter(after: cursor)) AND id <= \(bind: last)"
        let answers = try await answers(of: page, on: db)
        // Consensus is read only when rows or filters use it.
        let needsConsensus = spec.answers == .consensus || spec.minimumConfidence != nil
        let consensus = needsConsensus ? try await consensus(of: page, on: db) : [:]
        let items = try tasks.map { row -> Item in
            let key = try row.text("task")
            let given = answers[key] ?? []
            guard !given.isEmpty else { return .unanswered }
            // A consensus row stands for all of a task's answers, so it is delivered only when
            // every one of them passes the filters; one row per answer needs just one.
            let passing = spec.answers == .consensus ? given.allSatisfy(\.selected) : given.contains(where: \.selected)
            guard passing else { return .filtered }
            let input = try JSONValue(parsing: try row.text("input"))
            return .task(DeliveryTask(
                externalID: try row.text("external_id"), input: input,
                answers: capture == nil ? given : Self.versioned(given, instructions: input["instructions"]?.stringValue ?? ""),
                consensus: consensus[key]))
        }
        return (items, last)
    }

    /// The project's delivered tasks after `cursor`.
    private func pageFilter(after cursor: UUID?) -> SQLQueryString {
        let after: SQLQueryString = cursor.map { " AND id > \(bind: $0)" } ?? ""
        return "project_id = \(bind: projectID) AND is_gold = \(bind: false)\(after)"
    }

    /// The accepted answers to the tasks `page` selects that were decided by `asOf` (the
    /// reviewer's edit in place of the original), by task key. The page is named by a
    /// subquery rather than 2,000 bound ids, and the database picks the edit and applies the
    /// `asOf` bound, so each row is decoded in as few columns as the filters need.
    private func answers(of page: SQLQueryString, on db: any SQLDatabase) async throws -> [String: [DeliveryTask.Answer]] {
        let bySubmission = spec.submittedAfter != nil || spec.submittedBefore != nil
        var extra: [String] = []
        if bySubmission { extra.append("COALESCE(submitted_at, decided_at) AS submitted") }
        if spec.reviewedOnly { extra.append("needs_review") }
        if capture != nil { extra += ["answer", "expert_id", "segments"] }
        let rows = try await DeliveryRow.all("""
            SELECT CAST(task_id AS TEXT) AS task, COALESCE(edited_answer, answer) AS given\(unsafeRaw: extra.map { ", " + $0 }.joined())
            FROM \(ident: Assignment.schema)
            WHERE task_id IN (\(page)) AND state = \(bind: Assignment.State.accepted.rawValue) AND decided_at <= \(bind: asOf)
            ORDER BY id
            """, on: db)
        var byTask: [String: [DeliveryTask.Answer]] = [:]
        let clips = capture == nil ? [:] : try await EpisodeFacts.clips(in: rows, on: db)
        for row in rows {
            guard let text = try row.string("given"), var value = try? JSONValue(parsing: text) else { continue }
            if let capture {
                value = try EpisodeFacts.attach(to: value, row: row, clips: clips, projectID: projectID, consent: capture.consent)
            }
            var selected = try !spec.reviewedOnly || row.decode("needs_review", as: Bool.self)
            if bySubmission {
                let submitted = try row.decode("submitted", as: Date.self)
                selected = selected && (spec.submittedAfter.map { submitted >= $0 } ?? true)
                    && (spec.submittedBefore.map { submitted < $0 } ?? true)
            }
            byTask[try row.text("task"), default: []].append(DeliveryTask.Answer(value, selected: selected))
        }
        return byTask
    }

    private func consensus(of page: SQLQueryString, on db: any SQLDatabase) async throws -> [String: DeliveryTask.Consensus] {
        let rows = try await DeliveryRow.all("""
            SELECT CAST(task_id AS TEXT) AS task, result, confidence FROM \(ident: TaskConsensusRow.schema) WHERE task_id IN (\(page))
            """, on: db)
        var byTask: [String: DeliveryTask.Consensus] = [:]
        for row in rows {
            guard let result = try? JSONValue(parsing: try row.text("result")) else { continue }
            byTask[try row.text("task")] = DeliveryTask.Consensus(result: result, confidence: try row.decode("confidence", as: Double.self))
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
