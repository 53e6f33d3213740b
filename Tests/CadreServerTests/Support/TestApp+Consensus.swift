@testable import CadreServer
import CadreCore
import FluentKit

extension TestApp {
    /// The core's consensus on a classification project's accepted answers, as aggregation
    /// should have stored it; with the task ids in the report's task order and the answers read.
    func coresConsensus(of project: Project) async throws -> (report: ConsensusReport, tasks: Interner, answers: Int) {
        let accepted = try await Assignment.query(on: app.db).filter(\.$project.$id == project.id!)
            .filter(\.$state == .accepted).sort(\.$id).all()
        var tasks = Interner(), experts = Interner()
        let records = try accepted.map {
            AnswerRecord(task: tasks.intern($0.$task.id.uuidString), worker: experts.intern($0.$expert.id.uuidString),
                         answer: try JSONValue(parsing: $0.answer!))
        }
        let report = ProjectConsensus.compute(kind: .classification, taskCount: tasks.count, workerCount: experts.count, answers: records)
        return (report, tasks, records.count)
    }
}
