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
        guard application.status == .submitted else {
            throw Problem.conflict("application_not_submitted", "Submit the application before starting an interview.")
        }
        guard try application.profile.domains.contains(body.domain) else {
            throw Problem.validation(field: "domain", "expected one of the application's domains: \(try application.profile.domains.joined(separator: ", "))")
        }
        guard let bank = try await req.application.itemBanks.latest(domain: body.domain, on: req.db) else {
            throw Problem.validation(field: "domain", "no item bank exists for \(body.domain)")
        }
        let interview = try await InterviewStart.begin(application: application, bank: bank, on: req)
        return try recruitingResponse(try await view(interview, on: req), status: .created)
    }

    @Sendable func read(req: Request) async throws -> Response {
        let interview = try await Self.interview(req)
        return try recruitingResponse(try await view(interview, on: req))
    }

    @Sendable func answer(req: Request) async throws -> Response {
        let interview = try await Self.interview(req)
        let body = try req.recruitingBody(AnswerBody.self)
        guard interview.state == .inProgress else {
            throw Problem.conflict("interview_completed", "This interview is over; its report is at /api/v1/interviews/\(interview.id!)/report.")
        }
        let bank = try await req.application.itemBanks.bank(domain: interview.domain, version: interview.bankVersion, on: req.db)
        let answers = try await Self.answers(of: interview, on: req.db)
        let session = try InterviewSession(bank: bank, interview: interview, answers: answers)
        guard let current = session.current else {
            throw Problem.conflict("interview_completed", "This interview has no questions left.")
        }
        guard body.questionId == current.id else {
            // A retry of the answer just stored is answered as the first time.
            if let last = answers.last, last.questionID == body.questionId, last.answer == body.answer.trimmingCharacters(in: .whitespacesAndNewlines) {
                return try recruitingResponse(try await view(interview, on: req))
            }
            throw Problem.conflict("not_current_question", "Question \(body.questionId) is not the current question; the current one is \(current.id).")
        }
        try await InterviewAnswering.record(body.answer, to: current, in: interview, session: session, on: req)
        return try recruitingResponse(try await view(interview, on: req))
    }

    @Sendable func event(req: Request) async throws -> HTTPStatus {
        let interview = try await Self.interview(req)
        let body = try req.recruitingBody(EventBody.self)
        guard let kind = IntegrityEvent.Kind(rawValue: body.kind) else {
            throw Problem.validation(field: "kind", "expected one of \(IntegrityEvent.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard !body.questionId.isEmpty, body.questionId.count <= 200 else {
            throw Problem.validation(field: "question_id", "expected the id of the question on screen")
        }
        guard interview.state == .inProgress else {
            throw Problem.conflict("interview_completed", "This interview is over.")
        }
        let event = IntegrityEvent()
        event.id = .timeOrdered(at: req.now)
        event.$interview.id = try interview.requireID()
        event.kind = kind
        event.questionID = body.questionId
        event.at = req.now
        try await event.create(on: req.db)
        return .noContent
    }

    @Sendable func report(req: Request) async throws -> Response {
        let interview = try await Self.interview(req)
        guard let json = interview.reportJSON else {
            throw Problem.conflict("report_not_ready", "The report is written when the interview ends.")
        }
        let report = try RecruitingJSON.decode(InterviewReport.self, from: json)
        let decision = try await CandidateDecision.query(on: req.db).filter(\.$interview.$id == interview.requireID()).first()
        var appeals: [Appeal] = []
        if let decision { appeals = try await Appeal.query(on: req.db).filter(\.$decision.$id == decision.requireID()).all() }
        let isAdmin = req.currentUser?.user.role == .admin
        return try recruitingResponse(ReportView(report: isAdmin ? report : report.forCandidate, decision: decision.map { DecisionView($0, appeals: appeals) }))
    }

    struct ReportView: Encodable {
        var report: InterviewReport
        var decision: DecisionView?
    }

    static func interview(_ req: Request) async throws -> Interview {
        guard let raw = req.parameters.get("interviewID"), let id = UUID(uuidString: raw),
              let interview = try await Interview.find(id, on: req.db) else {
            try req.authorize(.manageApplication(owner: UUID()))
            throw Problem.notFound("interview")
        }
        try req.authorize(.manageApplication(owner: interview.$user.id))
        return interview
    }

    static func answers(of interview: Interview, on db: any Database) async throws -> [InterviewAnswer] {
        try await InterviewAnswer.query(on: db).filter(\.$interview.$id == interview.requireID()).sort(\.$position).all()
    }

    func view(_ interview: Interview, on req: Request) async throws -> InterviewView {
        let bank = try await req.application.itemBanks.bank(domain: interview.domain, version: interview.bankVersion, on: req.db)
        let session = try InterviewSession(bank: bank, interview: interview, answers: try await Self.answers(of: interview, on: req.db))
        return InterviewView(interview: interview, session: session)
    }
}
