import CadreCore
import Foundation
import Vapor

extension Marketplace {
    /// The interview's domain, whose bank the candidates are tested on.
    static let interviewDomain = "mathematics"

    /// Who was hired, and how the decisions compare with the abilities nobody saw.
    struct Hiring {
        /// Hired candidates: their index in the crowd and a token as experts.
        var experts: [(person: Int, token: String)] = []
        /// Candidates whose decision waits for a person (below the cutoff, or flagged).
        var referred = 0
    }

    /// Every candidate signs up, applies with a resume of its own, and takes the adaptive
    /// interview, answering each item right with the probability its true ability gives and
    /// each scenario in words of its own, at a considered pace. The domain's policy accepts
    /// or refers each one; the accepted sign in again as the experts they now are.
    mutating func hire(bank: ItemBank) async throws -> Hiring {
        var hiring = Hiring()
        for index in crowd.candidates.indices {
            let email = crowd.candidates[index].email
            let signUp = try await api.call(.POST, "/api/v1/candidates", json: [
                "email": .string(email), "password": .string(Self.password), "name": .string("Candidate \(index + 1)"),
            ]).body
            let token = signUp["token"]?.stringValue ?? ""
            let application = try await api.call(.POST, "/api/v1/applications", token: token, json: [
                "headline": "Mathematician", "domains": [.string(Self.interviewDomain)], "languages": ["en"], "timezone": "UTC",
                "weekly_hours": 20, "expected_rate": ["amount_minor": 4000, "currency": "USD"],
            ]).body["id"]?.stringValue ?? ""
            try await api.call(.PUT, "/api/v1/applications/\(application)/resume", token: token,
                               text: "Candidate \(index + 1). " + crowd.prose(words: 80))
            try await api.call(.POST, "/api/v1/applications/\(application)/submit", token: token)
            var state = try await api.call(.POST, "/api/v1/applications/\(application)/interviews", token: token,
                                           json: ["domain": .string(Self.interviewDomain)]).body
            let interview = state["id"]?.stringValue ?? ""
            while let question = state["question"]?["id"]?.stringValue {
                clock.advance(by: 45)  // a considered answer: instant ones are flagged as rapid
                state = try await api.call(.POST, "/api/v1/interviews/\(interview)/answers", token: token,
                                           json: ["question_id": .string(question), "answer": answer(question, by: index, bank: bank)]).body
            }
            let report = try await api.call(.GET, "/api/v1/interviews/\(interview)/report", token: token).body
            if report["decision"]?["status"]?.stringValue == "accepted" {
                hiring.experts.append((index, try await api.signIn(email, Self.password)))
            } else {
                hiring.referred += 1
            }
        }
        return hiring
    }

    private mutating func answer(_ question: String, by candidate: Int, bank: ItemBank) -> JSONValue {
        guard let item = bank.item(id: question) else { return .string(crowd.prose(words: 60)) }
        let right = crowd.answersCorrectly(candidate, item.parameters)
        switch item.answer {
        case let .multipleChoice(options, key):
            return .string(right ? key : options.first { $0.key != key }?.key ?? key)
        case let .numeric(number):
            return .number(right ? number.value : number.value + number.tolerance + 1_000)
        }
    }
}
