import CadreCore
import Fluent
import Vapor

/// Ends an interview: writes its report, asks the domain's decision policy, records the
/// recommendation, and qualifies the candidate when the policy accepts on its own.
enum InterviewCompletion {
    static let engineDescription = "EAP ability on a 41-node grid over [-6, 6] with a N(0, 1) prior; next item by maximum Fisher information, randomesque among the top n, balanced across skills"
    /// Focus losses are normal in small numbers (a notification, a second screen); this many
    /// in one interview is worth a person's look.
    static let focusLossesWorthAFlag = 3
    static let similarityThreshold = 0.5

    static func complete(_ interview: Interview, session: InterviewSession, on req: Request) async throws {
        let db = req.db
        let interviewID = try interview.requireID()
        let user = try await interview.$user.get(on: db)
        let application = try await interview.$application.get(on: db)
        let policy = try await DomainPolicies.policy(for: interview.domain, on: db)
        let estimate = session.test.estimate
        let integrity = try await integrity(of: interview, session: session, application: application, on: db)
        let recommendation = DecisionPolicy(cutoff: policy.cutoff)
            .recommendation(for: estimate, integrityFlagCount: integrity.flags.count)
        let now = req.now
        let report = InterviewReport(
            interviewId: interviewID, candidate: .init(id: user.id!, name: user.name),
            domain: interview.domain, domainName: session.bank.domainName, attempt: interview.attempt,
            startedAt: interview.createdAt ?? now, completedAt: now,
            durationSeconds: now.timeIntervalSince(interview.createdAt ?? now),
            ability: .init(
                theta: estimate.theta, standardError: estimate.standardError, percentile: estimate.percentile,
                lowerBound: estimate.lowerBound, upperBound: estimate.upperBound,
                itemsAdministered: session.itemsAnswered, stopReason: session.stopReason?.rawValue ?? "precisionReached"),
            skills: skillBreakdown(session),
            scenarios: try scenarioResults(session),
            integrity: integrity,
            transcript: transcript(session),
            provenance: .init(
                engine: engineDescription, bankDomain: interview.domain, bankVersion: interview.bankVersion,
                rubricVersion: interview.bankVersion,
                scorers: try Array(Set(session.answers.compactMap { try $0.gradingJSON.map { try RecruitingJSON.decode(ScenarioGrading.self, from: $0).score.scorer } })).sorted(),
                policyCutoff: policy.cutoff),
            recommendation: .init(outcome: recommendation.outcomeName, reason: recommendation.reason.description))

        interview.state = .completed
        interview.completedAt = now
        interview.theta = estimate.theta
        interview.standardError = estimate.standardError
        interview.reportJSON = try RecruitingJSON.encode(report)
        let decision = CandidateDecision()
        decision.id = .timeOrdered(at: now)
        decision.$interview.id = interviewID
        decision.$user.id = user.id!
        decision.domain = interview.domain
        decision.recommendation = recommendation.outcomeName
        decision.recommendationReason = recommendation.reason.description
        decision.status = .pending
        if case .accept = recommendation {
            decision.status = .accepted
            decision.decidedAt = now
            decision.reason = recommendation.reason.description
        }
        let profile = try application.profile
        try await db.transaction { tx in
            try await interview.save(on: tx)
            try await decision.create(on: tx)
            if decision.status == .accepted {
                try await Acceptance.qualify(userID: user.id!, domain: interview.domain, estimate: estimate,
                                             languages: profile.languages, at: now, on: tx)
            }
        }
    }

    private static func skillBreakdown(_ session: InterviewSession) -> [InterviewReport.SkillBreakdown] {
        let itemAnswers = session.answers.filter { $0.kind == .item }
        return session.bank.skills.compactMap { skill in
            let answered = itemAnswers.filter { session.bank.item(id: $0.questionID)?.skills.contains(skill.id) == true }
            guard !answered.isEmpty else { return nil }
            return .init(id: skill.id, name: skill.name, items: answered.count, correct: answered.filter { $0.correct == true }.count)
        }
    }

    private static func scenarioResults(_ session: InterviewSession) throws -> [InterviewReport.ScenarioResult] {
        try session.answers.filter { $0.kind == .scenario }.compactMap { answer in
            guard let scenario = session.bank.scenario(id: answer.questionID), let json = answer.gradingJSON else { return nil }
            let grading = try RecruitingJSON.decode(ScenarioGrading.self, from: json)
            let followUp = session.answers.first { $0.kind == .followUp && $0.questionID == InterviewSession.Question.followUpID(scenario.id) }
            let criteria = scenario.rubric.map { criterion in
                let scored = grading.score.criteria.first { $0.criterionID == criterion.id }
                return InterviewReport.ScenarioResult.Criterion(
                    id: criterion.id, description: criterion.description, met: scored?.met ?? false, points: scored?.points ?? 0,
                    evidence: scored?.evidence.map { "\($0.concept): “\($0.excerpt)”" } ?? [])
            }
            return .init(
                id: scenario.id, prompt: scenario.prompt, answer: answer.answer,
                followUpQuestion: answer.followUpQuestion, followUpAnswer: followUp?.answer, followUpFailure: answer.followUpFailure,
                points: grading.score.points, maxPoints: grading.score.maxPoints,
                confidence: grading.score.confidence.rawValue, scorer: grading.score.scorer,
                fallbackReason: grading.fallbackReason, embeddedPoints: grading.embedded.points, criteria: criteria)
        }
    }

    private static func transcript(_ session: InterviewSession) -> [InterviewReport.TranscriptEntry] {
        var estimates = session.test.transcript.makeIterator()
        return session.answers.map { answer in
            let question: String
            var after: AbilityEstimate?
            switch answer.kind {
            case .item:
                question = session.bank.item(id: answer.questionID)?.stem ?? answer.questionID
                after = estimates.next()?.estimateAfter
            case .scenario:
                question = session.bank.scenario(id: answer.questionID)?.prompt ?? answer.questionID
            case .followUp:
                question = session.answers.first { $0.kind == .scenario && InterviewSession.Question.followUpID($0.questionID) == answer.questionID }?
                    .followUpQuestion ?? ""
            }
            return .init(
                position: answer.position, kind: answer.kind.rawValue, questionId: answer.questionID, question: question,
                answer: answer.answer, correct: answer.correct, seconds: (answer.seconds * 10).rounded() / 10,
                thetaAfter: after?.theta, standardErrorAfter: after?.standardError)
        }
    }

    private static func integrity(
        of interview: Interview, session: InterviewSession, application: CandidateApplication, on db: any Database
    ) async throws -> InterviewReport.Integrity {
        typealias Entry = InterviewReport.Integrity.Entry
        var flags: [Entry] = []
        var events: [Entry] = []
        let items = session.answers.filter { $0.kind == .item }
        let norms = Dictionary(uniqueKeysWithValues: items.compactMap { answer in
            session.bank.item(id: answer.questionID)?.expectedSeconds.map { (answer.questionID, ItemTimeNorm(typicalSeconds: $0)) }
        })
        let answeredAt = Dictionary(items.map { ($0.questionID, $0.answeredAt) }) { first, _ in first }
        for flag in RapidResponseRule().flags(for: items.map { ItemTiming(itemID: $0.questionID, seconds: $0.seconds) }, norms: norms) {
            if case let .rapidResponse(itemID, _, _) = flag {
                flags.append(Entry(kind: "rapid_response", detail: flag.description, questionId: itemID, at: answeredAt[itemID]))
            }
        }
        let reported = try await IntegrityEvent.query(on: db).filter(\.$interview.$id == interview.requireID()).sort(\.$at).all()
        for event in reported {
            let detail = event.kind == .paste ? "text pasted while answering \(event.questionID)" : "the page lost focus during \(event.questionID)"
            let entry = Entry(kind: event.kind.rawValue, detail: detail, questionId: event.questionID, at: event.at)
            events.append(entry)
            if event.kind == .paste { flags.append(entry) }
        }
        let focusLosses = reported.filter { $0.kind == .focusLoss }
        if focusLosses.count >= focusLossesWorthAFlag {
            flags.append(Entry(kind: "focus_loss", detail: "the page lost focus \(focusLosses.count) times", questionId: nil, at: focusLosses.first?.at))
        }
        flags += try await similarAnswers(session, interview: interview, on: db)
        if let twins = try await resumeTwins(of: application, on: db), twins > 0 {
            flags.append(Entry(kind: "duplicate_resume", detail: "the same or a nearly identical resume is on \(twins) other account(s)",
                               questionId: nil, at: application.createdAt))
        }
        return .init(flags: flags, events: events)
    }

    /// Other accounts with the same resume, or one whose MinHash signature is nearly the same.
    private static func resumeTwins(of application: CandidateApplication, on db: any Database) async throws -> Int? {
        guard let digest = application.resumeFingerprint, let json = application.resumeSignatureJSON else { return nil }
        let signature = try RecruitingJSON.decode(MinHashSignature.self, from: json)
        let others = try await CandidateApplication.query(on: db).filter(\.$user.$id != application.$user.id)
            .filter(\.$resumeFingerprint != nil).limit(20_000).all()
        return try others.filter { other in
            if other.resumeFingerprint == digest { return true }
            guard let json = other.resumeSignatureJSON else { return false }
            return signature.estimatedJaccard(with: try RecruitingJSON.decode(MinHashSignature.self, from: json)) >= ResumeFingerprint.nearDuplicateThreshold
        }.count
    }

    /// Free-text answers compared with other candidates' answers to the same scenario.
    private static func similarAnswers(_ session: InterviewSession, interview: Interview, on db: any Database) async throws -> [InterviewReport.Integrity.Entry] {
        var flags: [InterviewReport.Integrity.Entry] = []
        for answer in session.answers where answer.kind == .scenario {
            guard let json = answer.signatureJSON else { continue }
            let signature = try RecruitingJSON.decode(MinHashSignature.self, from: json)
            let others = try await InterviewAnswer.query(on: db)
                .join(Interview.self, on: \InterviewAnswer.$interview.$id == \Interview.$id)
                .filter(InterviewAnswer.self, \.$kind == .scenario).filter(InterviewAnswer.self, \.$questionID == answer.questionID)
                .filter(Interview.self, \.$user.$id != interview.$user.id)
                .sort(InterviewAnswer.self, \.$answeredAt, .descending).limit(5_000).all()
            let signatures = try others.compactMap { other in
                try other.signatureJSON.map { (answerID: other.id!.uuidString, signature: try RecruitingJSON.decode(MinHashSignature.self, from: $0)) }
            }
            for match in signature.similarAnswers(among: signatures, threshold: similarityThreshold) {
                flags.append(.init(
                    kind: "similar_answer",
                    detail: "the answer to \(answer.questionID) resembles another candidate's answer (estimated Jaccard \((match.estimatedJaccard * 100).rounded() / 100))",
                    questionId: answer.questionID, at: answer.answeredAt))
            }
        }
        return flags
    }
}

/// Turning a candidate into an expert in a domain: the role, and qualifications the work
/// engine checks (the domain with θ and its standard error, and the candidate's languages).
enum Acceptance {
    static func qualify(userID: UUID, domain: String, estimate: AbilityEstimate, languages: [String], at now: Date, on db: any Database) async throws {
        if let user = try await User.find(userID, on: db), user.role == .candidate {
            user.role = .expert
            try await user.save(on: db)
        }
        try await upsert(userID: userID, kind: .domain, subject: domain, level: estimate.theta, standardError: estimate.standardError, at: now, on: db)
        for language in languages {
            try await upsert(userID: userID, kind: .language, subject: language, level: 0, standardError: nil, at: now, on: db)
        }
    }

    private static func upsert(userID: UUID, kind: Qualification.Kind, subject: String, level: Double, standardError: Double?, at now: Date, on db: any Database) async throws {
        let existing = try await Qualification.query(on: db).filter(\.$user.$id == userID).filter(\.$kind == kind).filter(\.$subject == subject).first()
        let qualification = existing ?? Qualification(userID: userID, kind: kind, subject: subject, level: level, at: now)
        qualification.level = level
        qualification.standardError = standardError
        try await qualification.save(on: db)
    }
}

/// Each domain's decision policy, or the defaults.
enum DomainPolicies {
    struct Policy: Codable, Sendable {
        var domain: String
        var cutoff: Double
        var retakeAfterDays: Int
    }

    static func policy(for domain: String, on db: any Database) async throws -> Policy {
        let row = try await DomainPolicy.query(on: db).filter(\.$domain == domain).first()
        return Policy(domain: domain, cutoff: row?.cutoff ?? DomainPolicy.defaultCutoff,
                      retakeAfterDays: row?.retakeAfterDays ?? DomainPolicy.defaultRetakeAfterDays)
    }
}
