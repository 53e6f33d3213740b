import Foundation

/// The project, tasks and experts a work benchmark runs on, created through the API.
struct WorkBenchFixture: Sendable {
    var projectID: String
    var answersPerTask: Int
    /// One signed-in client per virtual expert, spread round-robin over the servers.
    var experts: [CadreClient]
}

struct WorkBenchSetup {
    let urls: [String]
    let tasks: Int
    let answersPerTask: Int
    let experts: Int

    func prepare(adminEmail: String, password: String) async throws -> WorkBenchFixture {
        let admin = try await CadreClient(baseURL: urls[0]).signedIn(email: adminEmail, password: password)
        let run = UUID().uuidString.prefix(8).lowercased()
        let organization = try await admin.object(.POST, "/api/v1/organizations", json: ["name": "Bench \(run)"])
        let project = try await admin.object(.POST, "/api/v1/projects", json: [
            "organization_id": organization["id"] as? String ?? "",
            "name": "Bench \(run)", "template": "classification",
            "configuration": ["labels": ["positive", "negative", "neutral"]],
            "answers_per_task": answersPerTask, "lease_seconds": 600,
            "pay": ["model": "per_task", "amount_minor": 10, "currency": "USD"],
        ])
        guard let projectID = project["id"] as? String else { throw CadreClient.Failure(status: 0, body: "no project id") }
        try await importTasks(admin, projectID: projectID)
        _ = try await admin.object(.POST, "/api/v1/projects/\(projectID)/activate")
        var clients: [CadreClient] = []
        try await withThrowingTaskGroup(of: CadreClient.self) { group in
            for index in 0..<experts {
                group.addTask {
                    let email = "bench-\(run)-\(index)@cadre.local"
                    _ = try await admin.object(.POST, "/api/v1/users", json: [
                        "email": email, "password": "bench-expert-password", "name": "Expert \(index)", "role": "expert",
                    ])
                    return try await CadreClient(baseURL: urls[index % urls.count]).signedIn(email: email, password: "bench-expert-password")
                }
            }
            for try await client in group { clients.append(client) }
        }
        return WorkBenchFixture(projectID: projectID, answersPerTask: answersPerTask, experts: clients)
    }

    private func importTasks(_ admin: CadreClient, projectID: String) async throws {
        var lines = ""
        lines.reserveCapacity(tasks * 64)
        for index in 0..<tasks {
            lines += #"{"external_id":"b\#(index)","text":"Review \#(index): the product arrived on time and works."}"#
            lines += "\n"
        }
        let (status, body) = try await admin.send(
            .POST, "/api/v1/projects/\(projectID)/tasks", body: .bytes(.init(string: lines)),
            headers: [("Content-Type", "application/x-ndjson")], timeout: .minutes(10))
        guard status == 201 else { throw CadreClient.Failure(status: status, body: String(decoding: body, as: UTF8.self)) }
    }
}
