import CadreCore
import Foundation
import SQLKit
import FluentKit

/// Every accepted, non-gold answer of a project, as the aggregation needs them: interned
/// tasks and experts, the answers, and how long each took.
///
/// Folded from one query as its rows arrive (`SQLDatabase.fold`): over 45,000 answers an array
/// of rows, and on SQLite the driver's queue of them, had added about 50 MB to the server's
/// peak memory.
final class AcceptedAnswers {
    var tasks = Interner(), experts = Interner()
    var answers: [AnswerRecord] = []
    var durations: [(worker: Int32, seconds: Double)] = []
    /// Short answers repeat (a label, a choice): each distinct text is parsed once and its
    /// value shared, instead of a dictionary and an array held per answer. Long answers rarely
    /// repeat and are not kept here.
    private var shortAnswers: [String: JSONValue] = [:]

    static func load(projectID: UUID, on database: any Database) async throws -> AcceptedAnswers {
        let loaded = try await database.sql.fold("""
            SELECT task_id, expert_id, answer, edited_answer, leased_at, submitted_at FROM assignments
            WHERE project_id = \(bind: projectID) AND state = 'accepted' AND is_gold = \(bind: false)
            ORDER BY id
            """, into: AcceptedAnswers()) { loaded, row in try loaded.take(row) }
        loaded.shortAnswers = [:]
        return loaded
    }

    private func take(_ row: any SQLRow) throws {
        let text = try row.decode(column: "edited_answer", as: String?.self) ?? row.decode(column: "answer", as: String?.self)
        guard let text, let answer = value(of: text) else { return }
        let record = AnswerRecord(
            task: tasks.intern(try row.decode(column: "task_id", as: UUID.self).uuidString),
            worker: experts.intern(try row.decode(column: "expert_id", as: UUID.self).uuidString), answer: answer)
        answers.append(record)
        if let submitted = try row.decode(column: "submitted_at", as: Date?.self) {
            durations.append((record.worker, submitted.timeIntervalSince(try row.decode(column: "leased_at", as: Date.self))))
        }
    }

    private func value(of text: String) -> JSONValue? {
        guard text.utf8.count <= 64 else { return try? JSONValue(parsing: text) }
        if let known = shortAnswers[text] { return known }
        guard let value = try? JSONValue(parsing: text) else { return nil }
        shortAnswers[text] = value
        return value
    }
}
