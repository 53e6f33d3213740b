@testable import CadreServer
import CadreCore
import XCTest
import XCTVapor
import Fluent

/// A candidate driven through the API: sign-up, application, interviews.
struct CandidateDriver {
    enum Strategy {
        /// Every item answered with its key, every scenario with its rubric's phrases.
        case expert
        /// Every item answered wrong, every scenario with an answer that meets no criterion.
        case novice
    }

    let t: TestApp
    var token: String
    let userID: UUID
    let applicationID: String
    let email: String

    /// Signs up, applies for `domains` with a text resume, and submits.
    static func applied(in t: TestApp, domains: [String] = ["mathematics"], resume: String = "Mathematics teacher; linear algebra and probability.",
                        email: String = "cand-\(UUID().uuidString.prefix(8).lowercased())@example.com") async throws -> CandidateDriver {
        let signUp = try await t.send(.POST, "/api/v1/candidates", json: ["email": email, "password": "long-enough-pw", "name": "Ada Candidate"])
        XCTAssertEqual(signUp.status, .created, signUp.body.string)
        let token = try XCTUnwrap(signUp.json["token"] as? String)
        let userID = try XCTUnwrap(UUID(uuidString: ((signUp.json["user"] as? [String: Any])?["id"] as? String) ?? ""))
        let created = try await t.send(.POST, "/api/v1/applications", token: token, json: [
            "headline": "Teacher", "domains": domains, "languages": ["en", "pt"], "timezone": "Europe/Lisbon", "weekly_hours": 20,
            "expected_rate": ["amount_minor": 4500, "currency": "EUR"],
        ])
        XCTAssertEqual(created.status, .created, created.body.string)
        let id = try XCTUnwrap(created.json["id"] as? String)
        let uploaded = try await t.send(.PUT, "/api/v1/applications/\(id)/resume", token: token, rawBody: resume, headers: ["Content-Type": "text/plain"])
        XCTAssertEqual(uploaded.status, .ok, uploaded.body.string)
        let submitted = try await t.send(.POST, "/api/v1/applications/\(id)/submit", token: token)
        XCTAssertEqual(submitted.status, .ok, submitted.body.string)
        return CandidateDriver(t: t, token: token, userID: userID, applicationID: id, email: email)
    }

    /// A fresh API token, for after the clock has moved past the old one's lifetime.
    mutating func signInAgain() async throws {
        let session = try await t.send(.POST, "/api/v1/sessions", json: ["email": email, "password": "long-enough-pw"])
        token = try XCTUnwrap(session.json["token"] as? String)
    }

    func start(_ domain: String = "mathematics") async throws -> TestResponse {
        try await t.send(.POST, "/api/v1/applications/\(applicationID)/interviews", token: token, json: ["domain": domain])
    }

    /// Answers every question until the interview ends; returns the interview id and every
    /// response body the candidate saw on the way.
    func takeInterview(_ domain: String = "mathematics", as strategy: Strategy, beforeEachAnswer: (String, [String: Any]) async throws -> Void = { _, _ in })
        async throws -> (id: String, seen: [String]) {
        let started = try await start(domain)
        XCTAssertEqual(started.status, .created, started.body.string)
        let id = try XCTUnwrap(started.json["id"] as? String)
        let bank = try Self.bank(domain)
        var seen = [started.body.string]
        var state = started.json
        for _ in 0..<80 {
            guard let question = state["question"] as? [String: Any] else { break }
            try await beforeEachAnswer(id, question)
            // A considered answer takes a while; instant answers would be flagged as rapid.
            t.clock.advance(by: 45)
            let questionID = try XCTUnwrap(question["id"] as? String)
            let answer = Self.answer(to: questionID, kind: question["kind"] as? String ?? "", in: bank, as: strategy)
            let response = try await t.send(.POST, "/api/v1/interviews/\(id)/answers", token: token, json: ["question_id": questionID, "answer": answer])
            XCTAssertEqual(response.status, .ok, response.body.string)
            seen.append(response.body.string)
            state = response.json
        }
        XCTAssertEqual(state["state"] as? String, "completed")
        return (id, seen)
    }

    static func bank(_ domain: String) throws -> ItemBank {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Resources/ItemBanks/\(domain).json")
        return try ItemBank(parsing: Data(contentsOf: file))
    }

    static func answer(to questionID: String, kind: String, in bank: ItemBank, as strategy: Strategy) -> Any {
        if let item = bank.item(id: questionID) {
            switch (item.answer, strategy) {
            case let (.multipleChoice(_, key), .expert): return key
            case let (.multipleChoice(options, key), .novice): return options.first { $0.key != key }!.key
            case let (.numeric(number), .expert): return number.value
            case let (.numeric(number), .novice): return number.value + number.tolerance + 1_000
            }
        }
        if let scenario = bank.scenario(id: questionID), strategy == .expert {
            return scenario.rubric.flatMap { $0.concepts.map { $0.phrases[0] } }.joined(separator: ". ")
        }
        return strategy == .expert ? "As I said above, with more detail on each point." : "I am not sure about this one."
    }
}

extension TestApp {
    struct RecruitingFixture {
        var application: UUID
        /// In progress.
        var interview: UUID
        /// Rejected, on an earlier completed interview, with an open appeal.
        var decision: UUID
        var appeal: UUID
    }

    /// A submitted application of `candidate` (one per candidate, reused), an interview in
    /// progress, and a rejected earlier attempt with an open appeal — rows written directly.
    func makeRecruitingFixture(for candidate: User) async throws -> RecruitingFixture {
        let db = app.db
        let bank = try await app.itemBanks.latest(domain: "mathematics", on: db)!
        let application: CandidateApplication
        if let existing = try await CandidateApplication.query(on: db).filter(\.$user.$id == candidate.id!).first() {
            application = existing
        } else {
            var profile = ApplicationProfileBody.empty
            profile.domains = ["mathematics"]
            profile.languages = ["en"]
            application = try CandidateApplication(userID: candidate.id!, profile: profile, at: clock.now)
            application.status = .submitted
            application.submittedAt = clock.now
            application.resumeText = "Mathematician"
            try await application.create(on: db)
        }
        let attempts = try await Interview.query(on: db).filter(\.$user.$id == candidate.id!).count()
        func interview(attempt: Int, state: Interview.State) async throws -> Interview {
            let interview = Interview()
            interview.id = UUID()
            interview.$application.id = application.id!
            interview.$user.id = candidate.id!
            interview.domain = "mathematics"
            interview.bankVersion = bank.version
            interview.seed = 7
            interview.attempt = attempt
            interview.state = state
            interview.excludedJSON = "[]"
            interview.scenarioIDsJSON = "[]"
            interview.servedAt = clock.now
            try await interview.create(on: db)
            return interview
        }
        let earlier = try await interview(attempt: attempts + 1, state: .completed)
        let current = try await interview(attempt: attempts + 2, state: .inProgress)
        let decision = CandidateDecision()
        decision.id = UUID()
        decision.$interview.id = earlier.id!
        decision.$user.id = candidate.id!
        decision.domain = "mathematics"
        decision.recommendation = "rejection_review"
        decision.recommendationReason = "below the cutoff"
        decision.status = .rejected
        try await decision.create(on: db)
        let appeal = Appeal()
        appeal.id = UUID()
        appeal.$decision.id = decision.id!
        appeal.$user.id = candidate.id!
        appeal.text = "Please look again"
        appeal.status = .open
        try await appeal.create(on: db)
        return RecruitingFixture(application: application.id!, interview: current.id!, decision: decision.id!, appeal: appeal.id!)
    }
}
