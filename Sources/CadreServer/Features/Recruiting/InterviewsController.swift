import CadreCore
import Fluent
import Vapor

/// Interviews: start one per domain, answer one question at a time, report page events, read
/// the report.
struct InterviewsController: RouteCollection {
    static let scenariosPerInterview = 2
    static let maximumAnswerCharacters = 10_000

    struct Start: Decodable { var domain: String }

    struct AnswerBody: Decodable {
        var questionId: String
        var answer: String

        enum CodingKeys: String, CodingKey { case questionId, answer }

        /// Numbers are accepted as they are typed: `42` and `"42"` are the same answer.
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            questionId = try container.decode(String.self, forKey: .questionId)
            if let number = try? container.decode(Double.self, forKey: .answer) {
                answer = number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
            } else {
                answer = try container.decode(String.self, forKey: .answer)
            }
        }
    }

    struct EventBody: Decodable {
        var kind: String
        var questionId: String
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.post("applications", ":applicationID", "interviews", use: start)
        let interview = routes.grouped("interviews", ":interviewID")
        interview.get(use: read)
        interview.post("answers", use: answer)
        interview.post("events", use: event)
        interview.get("report", use: report)
    }

    @Sendable func start(req: Request) async throws -> Response {
        let application = try await Recruiting.application(req)
        let body = try req.recruitingBody(Start.self)
        let interview = try await InterviewStart.begin(application: application, domain: body.domain, on: req)
        return try recruitingResponse(try await Self.view(interview, on: req), status: .created)
    }

    @Sendable func read(req: Request) async throws -> Response {
        let interview = try await Self.interview(req)
        return try recruitingResponse(try await Self.view(interview, on: req))
    }

    @Sendable func answer(req: Request) async throws -> Response {
        let interview = try await Self.interview(req)
        let body = try req.recruitingBody(AnswerBody.self)
        let session = try await InterviewAnswering.answer(body.answer, to: body.questionId, in: interview, on: req)
        return try recruitingResponse(InterviewView(interview: interview, session: session))
    }

    @Sendable func event(req: Request) async throws -> HTTPStatus {
        let interview = try await Self.interview(req)
        let body = try req.recruitingBody(EventBody.self)
        try await InterviewAnswering.recordEvent(kind: body.kind, questionID: body.questionId, in: interview, on: req)
        return .noContent
    }

    @Sendable func report(req: Request) async throws -> Response {
        let interview = try await Self.interview(req)
        guard let json = interview.reportJSON else {
            throw Problem.conflict("report_not_ready", "The report is written when the interview ends.")
        }
        return try recruitingResponse(try await ReportView.load(interview, report: json, on: req))
    }

    struct ReportView: Encodable {
        var report: InterviewReport
        var decision: DecisionView?

        /// The report as the caller may see it (admins see per-item correctness) with its
        /// decision and appeals.
        static func load(_ interview: Interview, report json: String, on req: Request) async throws -> ReportView {
            let report = try RecruitingJSON.decode(InterviewReport.self, from: json)
            let decision = try await CandidateDecision.query(on: req.db).filter(\.$interview.$id == interview.requireID()).first()
            var appeals: [Appeal] = []
            if let decision { appeals = try await Appeal.query(on: req.db).filter(\.$decision.$id == decision.requireID()).all() }
            let isAdmin = req.currentUser?.user.role == .admin
            return ReportView(report: isAdmin ? report : report.forCandidate, decision: decision.map { DecisionView($0, appeals: appeals) })
        }
    }

    static func interview(_ req: Request) async throws -> Interview {
        try await Recruiting.owned(Interview.self, parameter: "interviewID", name: "interview", owner: \.$user.id, on: req)
    }

    static func answers(of interview: Interview, on db: any Database) async throws -> [InterviewAnswer] {
        try await InterviewAnswer.query(on: db).filter(\.$interview.$id == interview.requireID()).sort(\.$position).all()
    }

    static func view(_ interview: Interview, on req: Request) async throws -> InterviewView {
        let bank = try await req.application.itemBanks.bank(domain: interview.domain, version: interview.bankVersion, on: req.db)
        let session = try InterviewSession(bank: bank, interview: interview, answers: try await Self.answers(of: interview, on: req.db))
        return InterviewView(interview: interview, session: session)
    }
}
