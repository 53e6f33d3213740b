import CadreCore
import Foundation
import Vapor

/// One simulated marketplace, driven through the real HTTP API of an application it does not
/// otherwise touch: a client posts a classification and a pairwise project, experts with
/// hidden accuracy work them lease by lease, and the time they take passes on the
/// application's clock, so the quality engine and the weekly pay accrual see a real week.
struct Marketplace {
    static let password = "simulation-password-1"
    static let domain = "support-triage"
    static let payPerAnswerMinor: Int64 = 120

    let api: SimulationAPI
    let clock: ManualClock
    var crowd: SimulatedCrowd
    let answersPerTask: Int

    struct Setup {
        var client: String
        var experts: [String]
        var classification: String
        var pairwise: String
    }

    /// Every answer given, per project and task: for majority voting and counting.
    var given: [String: [Int: [String]]] = [:]

    func setUp(adminEmail: String, adminPassword: String) async throws -> Setup {
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
        var experts: [String] = []
        for (index, expert) in crowd.experts.enumerated() {
            let user = try await api.call(.POST, "/api/v1/users", token: admin, json: [
                "email": .string(expert.email), "password": .string(Self.password), "name": .string("Expert \(index + 1)"), "role": "expert",
            ]).body
            try await api.call(.POST, "/api/v1/experts/\(user["id"]?.stringValue ?? "")/qualifications", token: admin,
                               json: ["kind": "domain", "subject": .string(Self.domain), "level": 0.0])
            experts.append(try await api.signIn(expert.email, Self.password))
        }
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
        return Setup(client: client, experts: experts, classification: classification, pairwise: pairwise)
    }

    private func project(_ client: String, _ name: String, _ template: String, _ configuration: JSONValue, _ lines: [String]) async throws -> String {
        let project = try await api.call(.POST, "/api/v1/projects", token: client, json: [
            "name": .string(name), "template": .string(template), "configuration": configuration,
            "answers_per_task": .integer(answersPerTask),
            "pay": ["model": "per_task", "amount_minor": .integer(Int(Self.payPerAnswerMinor)), "currency": "USD"],
            "required_qualifications": ["domains": [["domain": .string(Self.domain)]]],
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
            var leases: [(expert: Int, assignment: String, answer: JSONValue)] = []
            for (expert, token) in setup.experts.enumerated() {
                for project in [setup.classification, setup.pairwise] {
                    let lease = try await api.call(.POST, "/api/v1/projects/\(project)/assignments/next", token: token, expect: [200, 201, 204])
                    guard lease.status != .noContent, let id = lease.body["id"]?.stringValue,
                          let external = lease.body["task"]?["external_id"]?.stringValue, let task = Int(external.dropFirst(2))
                    else { continue }
                    let answer: JSONValue
                    if project == setup.classification {
                        let label = crowd.label(by: expert, task: task)
                        given[project, default: [:]][task, default: []].append(label)
                        answer = ["label": .string(label)]
                    } else {
                        answer = crowd.preference(by: expert, task: task)
                        given[project, default: [:]][task, default: []].append(answer["choice"]?.stringValue ?? "")
                    }
                    leases.append((expert, id, answer))
                }
            }
            guard !leases.isEmpty else { return submitted }
            clock.advance(by: crowd.experts.map(\.secondsPerTask).max() ?? 60)
            for lease in leases {
                try await api.call(.POST, "/api/v1/assignments/\(lease.assignment)/submit", token: setup.experts[lease.expert],
                                   json: ["answer": lease.answer], headers: [("Idempotency-Key", lease.assignment)])
                submitted += 1
            }
        }
    }
}
