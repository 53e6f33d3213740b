import CadreCore
import Fluent
import Vapor

/// Recording one answer: score an item, or store a free-text answer with its signature, a
/// follow-up question or its grading; then end the interview when nothing is left.
enum InterviewAnswering {
    static func record(_ raw: String, to question: InterviewSession.Question, in interview: Interview,
                       session: InterviewSession, on req: Request) async throws {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let answer = InterviewAnswer()
        answer.id = .timeOrdered(at: req.now)
        answer.$interview.id = try interview.requireID()
        answer.position = session.answers.count
        answer.questionID = question.id
        answer.answer = text
        answer.servedAt = interview.servedAt
        var gradedScenario: InterviewAnswer?
        let grading = req.application.interviewGrading
        switch question {
        case .item(let presentation):
            guard let item = session.bank.item(id: presentation.id) else { throw Problem.notFound("item") }
            switch item.score(text) {
            case .unreadable(let reason): throw Problem.validation(field: "answer", reason)
            case .correct: answer.correct = true
            case .incorrect: answer.correct = false
            }
            answer.kind = .item
        case .scenario(let scenario):
            try checkFreeText(text)
            answer.kind = .scenario
            answer.signatureJSON = try RecruitingJSON.encode(MinHasher().signature(ofText: text))
            answer.followUpQuestion = await grading.followUp(scenario, text)
            if answer.followUpQuestion == nil {
                answer.gradingJSON = try RecruitingJSON.encode(await grading.grade(scenario, text, nil, UInt64(bitPattern: interview.seed)))
            }
        case .followUp(let scenarioID, let followUpQuestion):
            try checkFreeText(text)
            answer.kind = .followUp
            guard let scenario = session.bank.scenario(id: scenarioID),
                  let original = session.answers.first(where: { $0.kind == .scenario && $0.questionID == scenarioID }) else {
                throw Problem.notFound("scenario")
            }
            let exchange = FollowUpExchange(question: followUpQuestion, answer: text)
            original.gradingJSON = try RecruitingJSON.encode(await grading.grade(scenario, original.answer, exchange, UInt64(bitPattern: interview.seed)))
            gradedScenario = original
        }
        answer.answeredAt = req.now
        interview.servedAt = req.now
        let regraded = gradedScenario
        do {
            try await req.db.transaction { tx in
                try await answer.create(on: tx)
                try await regraded?.save(on: tx)
                try await interview.save(on: tx)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Problem.conflict("answered_meanwhile", "This question was answered by another request at the same moment.")
        }
        let updated = try InterviewSession(bank: session.bank, interview: interview, answers: session.answers + [answer])
        if updated.current == nil {
            try await InterviewCompletion.complete(interview, session: updated, on: req)
        }
    }

    private static func checkFreeText(_ text: String) throws {
        guard !text.isEmpty else { throw Problem.validation(field: "answer", "expected an answer in your own words") }
        guard text.count <= InterviewsController.maximumAnswerCharacters else {
            throw Problem.validation(field: "answer", "expected at most \(InterviewsController.maximumAnswerCharacters) characters")
        }
    }
}
