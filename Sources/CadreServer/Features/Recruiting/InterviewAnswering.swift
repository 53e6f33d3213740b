import CadreCore
import Fluent
import Vapor

/// Recording one answer: score an item, or store a free-text answer with its signature, a
/// follow-up question or its grading; then end the interview when nothing is left.
enum InterviewAnswering {
    /// Returns the session with the answer recorded, so callers show the next question
    /// without reading the answers again.
    @discardableResult
    static func record(_ raw: String, to question: InterviewSession.Question, in interview: Interview,
                       session: InterviewSession, on req: Request) async throws -> InterviewSession {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let answer = InterviewAnswer()
        answer.id = .timeOrdered(at: req.now)
        answer.$interview.id = try interview.requireID()
        answer.position = session.answers.count
        answer.questionID = question.id
        answer.answer = text
        answer.servedAt = interview.servedAt
        var gradedScenario: InterviewAnswer?
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
            // One probing question when an LLM is configured; a failure to write one is kept
            // for the report and the answer is graded as it stands.
            let followUp = await req.followUpWriter.followUp(question: scenario, answer: text)
            answer.followUpQuestion = followUp.question
            if case .failed(let reason, _) = followUp { answer.followUpFailure = reason }
            if answer.followUpQuestion == nil {
                let grading = await req.scenarioGrader.grade(question: scenario, answer: text, followUp: nil, seed: gradingSeed(interview, scenario.id))
                answer.gradingJSON = try RecruitingJSON.encode(grading)
            }
        case .followUp(let scenarioID, let followUpQuestion):
            try checkFreeText(text)
            answer.kind = .followUp
            guard let scenario = session.bank.scenario(id: scenarioID),
                  let original = session.answers.first(where: { $0.kind == .scenario && $0.questionID == scenarioID }) else {
                throw Problem.notFound("scenario")
            }
            let exchange = FollowUpExchange(question: followUpQuestion, answer: text)
            let grading = await req.scenarioGrader.grade(question: scenario, answer: original.answer, followUp: exchange, seed: gradingSeed(interview, scenarioID))
            original.gradingJSON = try RecruitingJSON.encode(grading)
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
        return updated
    }

    /// The order an LLM sees a rubric's criteria in: fixed per interview and scenario, so a
    /// regrade asks the same question, and different across scenarios.
    private static func gradingSeed(_ interview: Interview, _ scenarioID: String) -> UInt64 {
        var generator = SplitMix64(seed: UInt64(bitPattern: interview.seed))
        return scenarioID.utf8.reduce(generator.next()) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }

    private static func checkFreeText(_ text: String) throws {
        guard !text.isEmpty else { throw Problem.validation(field: "answer", "expected an answer in your own words") }
        guard text.count <= InterviewsController.maximumAnswerCharacters else {
            throw Problem.validation(field: "answer", "expected at most \(InterviewsController.maximumAnswerCharacters) characters")
        }
    }
}

extension InterviewAnswering {
    /// Answers the question on screen: the API and the interview page both come through here.
    /// A retry of the answer just stored succeeds without storing it twice. Returns where the
    /// interview stands afterwards.
    @discardableResult
    static func answer(_ raw: String, to questionID: String, in interview: Interview, on req: Request) async throws -> InterviewSession {
        guard interview.state == .inProgress else {
            throw Problem.conflict("interview_completed", "This interview is over; its report is ready.")
        }
        let bank = try await req.application.itemBanks.bank(domain: interview.domain, version: interview.bankVersion, on: req.db)
        let answers = try await InterviewsController.answers(of: interview, on: req.db)
        let session = try InterviewSession(bank: bank, interview: interview, answers: answers)
        guard let current = session.current else {
            throw Problem.conflict("interview_completed", "This interview has no questions left.")
        }
        guard questionID == current.id else {
            if let last = answers.last, last.questionID == questionID, last.answer == raw.trimmingCharacters(in: .whitespacesAndNewlines) {
                return session
            }
            throw Problem.conflict("not_current_question", "Question \(questionID) is not the current question; the current one is \(current.id).")
        }
        return try await record(raw, to: current, in: interview, session: session, on: req)
    }

    /// Stores what the interview page noticed (a paste, leaving the page) for the report.
    static func recordEvent(kind raw: String, questionID: String, in interview: Interview, on req: Request) async throws {
        guard let kind = IntegrityEvent.Kind(rawValue: raw) else {
            throw Problem.validation(field: "kind", "expected one of \(IntegrityEvent.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard !questionID.isEmpty, questionID.count <= 200 else {
            throw Problem.validation(field: "question_id", "expected the id of the question on screen")
        }
        guard interview.state == .inProgress else {
            throw Problem.conflict("interview_completed", "This interview is over.")
        }
        let event = IntegrityEvent()
        event.id = .timeOrdered(at: req.now)
        event.$interview.id = try interview.requireID()
        event.kind = kind
        event.questionID = questionID
        event.at = req.now
        try await event.create(on: req.db)
    }
}
