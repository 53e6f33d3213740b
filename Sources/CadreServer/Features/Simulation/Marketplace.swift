import CadreCore
import Foundation
import Vapor

/// One simulated marketplace, driven through the real HTTP API of an application it does not
/// otherwise touch: candidates are interviewed and hired, a client posts a classification
/// and a pairwise project, the hired experts work them lease by lease with their hidden
/// accuracy, and the time they take passes on the application's clock, so the interview's
/// pace checks, the quality engine and the weekly pay accrual see real time.
struct Marketplace {
    static let adminEmail = "sim-admin@cadre.local"
    static let password = "simulation-password-1"
    static let payPerAnswerMinor: Int64 = 120

    let api: SimulationAPI
    let clock: ManualClock
    var crowd: SimulatedCrowd
    let answersPerTask: Int

    struct Setup {
        var client: String
        var experts: [(person: Int, token: String)]
        var classification: String
        var pairwise: String
    }

    /// Every classification label given, per task: for the majority vote beside the consensus.
    var given: [Int: [String]] = [:]

    /// Funds a client organization, hires experts through the interview, and posts the projects.
    mutating func setUp(adminEmail: String, adminPassword: String, bank: ItemBank) async throws -> (Setup, Hiring) {
        let admin = try await api.signIn(adminEmail, adminPassword)
        let organization = try await api.call(.POST, "/api/v1/organizations", token: admin, json: ["name": "Simulated lab"]).body
        let organizationID = organization["id"]?.stringValue ?? ""
        try await api.call(.POST, "/api/v1/organizations/\(organizationID)/funding", token: admin,
                           json: ["amount_minor": 10_000_000, "currency": "USD", "reference": "simulation"],
                           headers: [("Idempotency-Key", "simulation-funding")])
        try await api.call(.POST, "/api/v1/organizations/\(organizationID)/members", token: admin, json: [
            "email": "sim-client@cadre.local", "password": .string(Self.password), "name": "Simulated client", "role": "client",
        ])
        let client = try await api.signIn("sim-client@cadre.local", Self.password)
        let hiring = try await hire(bank: bank)
        let tickets = crowd.trueLabels.indices.map { #"{"external_id":"c-\#($0)","text":"Support ticket \#($0)"}"# }
        let classification = try await project(client, "Ticket triage", "classification",
                                               ["labels": .array(SimulatedCrowd.labels.map(JSONValue.string))], tickets)
        let comparisons = crowd.pairs.enumerated().map { index, pair in
            JSONValue.object([
                "external_id": .string("p-\(index)"), "prompt": .string("Customer request \(index)"),
                "responses": [
                    ["model": .string(SimulatedCrowd.modelName(pair.a)), "content": .string("Reply \(index) by \(SimulatedCrowd.modelName(pair.a))")],
                    ["model": .string(SimulatedCrowd.modelName(pair.b)), "content": .string("Reply \(index) by \(SimulatedCrowd.modelName(pair.b))")],
                ],
            ]).jsonText
        }
        let pairwise = try await project(client, "Reply preference", "pairwise", .null, comparisons)
        return (Setup(client: client, experts: hiring.experts, classification: classification, pairwise: pairwise), hiring)
    }

    private func project(_ client: String, _ name: String, _ template: String, _ configuration: JSONValue, _ lines: [String]) async throws -> String {
        let project = try await api.call(.POST, "/api/v1/projects", token: client, json: [
            "name": .string(name), "template": .string(template), "configuration": configuration,
            "answers_per_task": .integer(answersPerTask),
            "pay": ["model": "per_task", "amount_minor": .integer(Int(Self.payPerAnswerMinor)), "currency": "USD"],
            "required_qualifications": ["domains": [["domain": .string(Self.interviewDomain)]]],
        ]).body
        let id = project["id"]?.stringValue ?? ""
        try await api.call(.POST, "/api/v1/projects/\(id)/tasks", token: client, ndjson: lines.joined(separator: "\n"))
        try await api.call(.POST, "/api/v1/projects/\(id)/activate", token: client)
        return id
    }

    /// Rounds of work until no expert can lease anything: each expert leases one task of each
    /// project, the round's time passes, then each submits. Returns the answers acknowledged.
    mutating func work(_ setup: Setup) async throws -> Int {
        var submitted = 0
        while true {
            var leases: [(token: String, assignment: String, answer: JSONValue)] = []
            for (person, token) in setup.experts {
                for project in [setup.classification, setup.pairwise] {
                    let lease = try await api.call(.POST, "/api/v1/projects/\(project)/assignments/next", token: token, expect: [200, 201, 204])
                    guard lease.status != .noContent, let id = lease.body["id"]?.stringValue,
                          let external = lease.body["task"]?["external_id"]?.stringValue, let task = Int(external.dropFirst(2))
                    else { continue }
                    let answer: JSONValue
                    if project == setup.classification {
                        let label = crowd.label(by: person, task: task)
                        given[task, default: []].append(label)
                        answer = ["label": .string(label)]
                    } else {
                        answer = crowd.preference(by: person, task: task)
                    }
                    leases.append((token, id, answer))
                }
            }
            guard !leases.isEmpty else { return submitted }
            clock.advance(by: setup.experts.map { crowd.candidates[$0.person].secondsPerTask }.max() ?? 60)
            for lease in leases {
                try await api.call(.POST, "/api/v1/assignments/\(lease.assignment)/submit", token: lease.token,
                                   json: ["answer": lease.answer], headers: [("Idempotency-Key", lease.assignment)])
                submitted += 1
            }
        }
    }
}
