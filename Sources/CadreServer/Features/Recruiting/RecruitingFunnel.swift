import CadreCore
import Fluent
import Foundation

/// Applied → interviewed → decided → active, with the median time each step took.
struct RecruitingFunnel: Encodable {
    var applied: Int
    var interviewed: Int
    var decided: Int
    var accepted: Int
    var active: Int
    /// Median seconds from submitting the application to finishing the first interview.
    var medianSecondsToInterview: Double?
    /// Median seconds from finishing the first interview to the first decision.
    var medianSecondsToDecision: Double?
    /// Median seconds from submitting to the first decision: the number candidates feel.
    var medianSecondsApplicationToDecision: Double?
    /// Median seconds from acceptance to the first submitted task.
    var medianSecondsToActive: Double?

    static func measure(on db: any Database) async throws -> RecruitingFunnel {
        let applications = try await CandidateApplication.query(on: db).filter(\.$submittedAt != nil).all()
        let interviews = try await Interview.query(on: db).filter(\.$state == .completed).all()
        let decisions = try await CandidateDecision.query(on: db).filter(\.$status != .pending).all()
        let firstInterview = earliest(interviews.compactMap { interview in interview.completedAt.map { (interview.$user.id, $0) } })
        let firstDecision = earliest(decisions.compactMap { decision in decision.decidedAt.map { (decision.$user.id, $0) } })
        let firstAcceptance = earliest(decisions.filter { $0.status == .accepted }.compactMap { decision in decision.decidedAt.map { (decision.$user.id, $0) } })
        let accepted = Array(firstAcceptance.keys)
        let submissions = accepted.isEmpty ? [] : try await Assignment.query(on: db).filter(\.$expert.$id ~~ accepted)
            .filter(\.$submittedAt != nil).all()
        let firstSubmission = earliest(submissions.compactMap { assignment in assignment.submittedAt.map { (assignment.$expert.id, $0) } })
        let submitted = Dictionary(applications.compactMap { application in application.submittedAt.map { (application.$user.id, $0) } }) { a, _ in a }

        func gaps(_ from: [UUID: Date], _ to: [UUID: Date]) -> [Double] {
            to.compactMap { user, end in from[user].map { end.timeIntervalSince($0) } }.filter { $0 >= 0 }
        }
        return RecruitingFunnel(
            applied: submitted.count,
            interviewed: firstInterview.keys.filter { submitted[$0] != nil }.count,
            decided: firstDecision.keys.filter { submitted[$0] != nil }.count,
            accepted: firstAcceptance.count,
            active: firstSubmission.count,
            medianSecondsToInterview: median(gaps(submitted, firstInterview)),
            medianSecondsToDecision: median(gaps(firstInterview, firstDecision)),
            medianSecondsApplicationToDecision: median(gaps(submitted, firstDecision)),
            medianSecondsToActive: median(gaps(firstAcceptance, firstSubmission)))
    }

    private static func earliest(_ pairs: [(UUID, Date)]) -> [UUID: Date] {
        Dictionary(pairs) { min($0, $1) }
    }

    private static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
    }
}
