import CadreCore
import Fluent
import Vapor

/// The interview in the browser. Answers and page events are JSON posts from the page's
/// script through the same functions as the API; the reply carries the next question ready
/// to show, so nothing reloads between questions.
struct InterviewPagesController: RouteCollection {
    struct AnswerBody: Decodable {
        var questionId: String
        var answer: String
    }

    func boot(routes: any RoutesBuilder) throws {
        let interview = routes.grouped("interviews", ":interviewID")
        interview.get(use: page)
        interview.post("answers", use: answer)
        interview.post("events", use: event)
        interview.get("report", use: report)
    }

    @Sendable func page(req: Request) async throws -> Response {
        let interview = try await InterviewsController.interview(req)
        let view = try await InterviewsController.view(interview, on: req)
        var page = InterviewPage(
            layout: LayoutContext(title: "Interview · \(view.domainName)", req: req), id: view.id.uuidString,
            domainName: view.domainName, attempt: view.attempt,
            answerURL: "/interviews/\(view.id)/answers", eventsURL: "/interviews/\(view.id)/events", step: InterviewStep(view))
        page.layout.scripts = ["/js/interview.js"]
        return try await req.view.render("interviews/interview", page).encodeResponse(for: req)
    }

    @Sendable func answer(req: Request) async throws -> Response {
        let interview = try await InterviewsController.interview(req)
        let body = try req.recruitingBody(AnswerBody.self)
        let session = try await InterviewAnswering.answer(body.answer, to: body.questionId, in: interview, on: req)
        let step = InterviewStep(InterviewView(interview: interview, session: session))
        struct Context: Encodable { var step: InterviewStep }
        let rendered = try await req.view.render("interviews/step", Context(step: step))
        let reply = InterviewStepReply(state: step.state, done: step.done, reportURL: step.reportURL, html: String(buffer: rendered.data))
        return try recruitingResponse(reply)
    }

    @Sendable func event(req: Request) async throws -> HTTPStatus {
        let interview = try await InterviewsController.interview(req)
        let body = try req.recruitingBody(InterviewsController.EventBody.self)
        try await InterviewAnswering.recordEvent(kind: body.kind, questionID: body.questionId, in: interview, on: req)
        return .noContent
    }

    /// The report once the interview is over; until then, the interview itself.
    @Sendable func report(req: Request) async throws -> Response {
        let interview = try await InterviewsController.interview(req)
        guard let json = interview.reportJSON else {
            return req.redirect(to: "/interviews/\(try interview.requireID())")
        }
        let loaded = try await InterviewsController.ReportView.load(interview, report: json, on: req)
        let page = ReportPage(req: req, loaded)
        return try await req.view.render("interviews/report", page).encodeResponse(for: req)
    }
}
