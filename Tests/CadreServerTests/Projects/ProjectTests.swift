@testable import CadreServer
import CadreCore
import FluentKit
import XCTest
import XCTVapor

final class ProjectTests: XCTestCase {
    var t: TestApp!
    var organization: Organization!
    var client: String!

    override func setUp() async throws {
        t = try await TestApp.make()
        organization = try await t.makeOrganization("Acme")
        client = try await t.token(for: try await t.makeUser(.client, organization: organization))
    }
    override func tearDown() async throws { try await t.shutdown() }

    nonisolated(unsafe) static let pairwise: [String: Any] = [
        "name": "Helpfulness", "template": "pairwise", "instructions": "# Compare\nPick the better answer.",
        "configuration": ["criteria": ["helpfulness", "honesty"]], "answers_per_task": 3,
        "review_policy": "sample", "review_sample_rate": 0.2,
        "required_qualifications": ["domains": [["domain": "medicine", "min_ability": 0.5]], "languages": ["en"]],
        "pay": ["model": "hourly", "amount_minor": 6000, "currency": "USD"],
        "time_budget_seconds": 900, "lease_seconds": 1200, "budget_cap_minor": 500_000,
        "deadline": "2027-03-01T00:00:00Z", "priority": 5,
    ]

    func testClientCreatesADraftWithEverySetting() async throws {
        let response = try await t.send(.POST, "/api/v1/projects", token: client, json: Self.pairwise)
        XCTAssertEqual(response.status, .created, response.body.string)
        let project = response.json
        XCTAssertEqual(project["state"] as? String, "draft")
        XCTAssertEqual(project["organization_id"] as? String, organization.id?.uuidString)
        XCTAssertEqual(project["answers_per_task"] as? Int, 3)
        XCTAssertEqual(project["review_policy"] as? String, "sample")
        XCTAssertEqual(project["review_sample_rate"] as? Double, 0.2)
        XCTAssertEqual((project["pay"] as? [String: Any])?["amount_minor"] as? Int, 6000)
        XCTAssertEqual(project["budget_cap_minor"] as? Int, 500_000)
        let requirements = project["required_qualifications"] as? [String: Any]
        XCTAssertEqual((requirements?["domains"] as? [[String: Any]])?.first?["min_ability"] as? Double, 0.5)
        XCTAssertEqual(project["deadline"] as? String, "2027-03-01T00:00:00Z")
    }

    func testInvalidProjectNamesEveryBadFieldAndStoresNothing() async throws {
        let response = try await t.send(.POST, "/api/v1/projects", token: client, json: [
            "name": "", "template": "essay", "answers_per_task": 0, "review_policy": "sample",
            "pay": ["model": "hourly", "amount_minor": -5, "currency": "dollars"], "deadline": "tomorrow", "colour": "red",
        ])
        XCTAssertEqual(response.status, .unprocessableEntity)
        let fields = Set(try response.problem().errors.map(\.field))
        XCTAssertEqual(fields, ["name", "template", "answers_per_task", "review_sample_rate", "pay.amount_minor", "pay.currency", "deadline", "colour"])
        let count = try await Project.query(on: t.app.db).count()
        XCTAssertEqual(count, 0)
    }

    func testTemplateConfigurationErrorsAreNamedUnderConfiguration() async throws {
        var body = Self.pairwise
        body["template"] = "classification"
        body["configuration"] = ["labels": ["only-one"]]
        let response = try await t.send(.POST, "/api/v1/projects", token: client, json: body)
        XCTAssertEqual(response.status, .unprocessableEntity)
        XCTAssertTrue(try response.problem().errors.allSatisfy { $0.field.hasPrefix("configuration") }, response.body.string)
    }

    func testLifecycle() async throws {
        let created = try await t.send(.POST, "/api/v1/projects", token: client, json: Self.pairwise)
        let id = try XCTUnwrap(created.json["id"] as? String)
        let pause = try await t.send(.POST, "/api/v1/projects/\(id)/pause", token: client)
        XCTAssertEqual(pause.status, .conflict)
        XCTAssertEqual(try pause.problem().code, "invalid_transition")
        XCTAssertTrue(try pause.problem().detail.contains("active"))
        for (action, state) in [("activate", "active"), ("pause", "paused"), ("activate", "active"), ("complete", "completed"), ("archive", "archived")] {
            let response = try await t.send(.POST, "/api/v1/projects/\(id)/\(action)", token: client)
            XCTAssertEqual(response.status, .ok, "\(action): \(response.body.string)")
            XCTAssertEqual(response.json["state"] as? String, state)
        }
    }

    func testEditsChangeOnlyWhatIsSentAndTheTemplateLocksOnceTasksExist() async throws {
        let project = try await t.makeProject(in: organization)
        let edit = try await t.send(.PATCH, "/api/v1/projects/\(project.id!)", token: client, json: ["priority": 9, "name": "Renamed"])
        XCTAssertEqual(edit.status, .ok, edit.body.string)
        XCTAssertEqual(edit.json["priority"] as? Int, 9)
        XCTAssertEqual(edit.json["name"] as? String, "Renamed")
        XCTAssertEqual(edit.json["template"] as? String, "classification")

        let task = WorkTask()
        task.$project.id = project.id!
        task.externalID = "t1"; task.input = #"{"text":"hi"}"#; task.priority = 0; task.state = .open
        task.slotsTaken = 0; task.acceptedCount = 0; task.isGold = false; task.extraAnswers = 0
        try await task.create(on: t.app.db)
        let locked = try await t.send(.PATCH, "/api/v1/projects/\(project.id!)", token: client, json: [
            "template": "rating", "configuration": ["criteria": ["quality"]],
        ])
        XCTAssertEqual(locked.status, .conflict)
        XCTAssertEqual(try locked.problem().code, "template_locked")
        let reloaded = try await Project.find(project.id, on: t.app.db)
        XCTAssertEqual(reloaded?.template, .classification)
    }

    func testExpertsSeeOnlyActiveProjectsTheyQualifyFor() async throws {
        let open = try await t.makeProject(in: organization, state: .active)
        let medical = try await t.makeProject(in: organization, state: .active) {
            $0.requirements = QualificationRequirements(domains: [DomainRequirement(domain: "medicine", minimumAbility: 1)])
        }
        try await t.makeProject(in: organization, state: .draft)
        let expert = try await t.makeUser(.expert)
        let token = try await t.token(for: expert)
        func visible() async throws -> [String] {
            let list = try await t.send(.GET, "/api/v1/projects", token: token)
            return (list.json["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
        }
        let before = try await visible()
        XCTAssertEqual(before, [open.id!.uuidString])
        let hidden = try await t.send(.GET, "/api/v1/projects/\(medical.id!)", token: token)
        XCTAssertEqual(hidden.status, .notFound)

        let admin = try await t.token(for: try await t.makeUser(.admin))
        let low = try await t.send(.POST, "/api/v1/experts/\(expert.id!)/qualifications", token: admin, json: ["kind": "domain", "subject": "medicine", "level": 0.4])
        XCTAssertEqual(low.status, .created)
        let stillBefore = try await visible()
        XCTAssertEqual(stillBefore, [open.id!.uuidString])
        let raised = try await t.send(.POST, "/api/v1/experts/\(expert.id!)/qualifications", token: admin, json: ["kind": "domain", "subject": "medicine", "level": 1.3])
        XCTAssertEqual(raised.status, .ok)
        let after = try await visible()
        XCTAssertEqual(after, [open.id!.uuidString, medical.id!.uuidString])

        let own = try await t.send(.GET, "/api/v1/experts/\(expert.id!)/qualifications", token: token)
        XCTAssertEqual(own.status, .ok)
        XCTAssertTrue(own.body.string.contains("\"level\":1.3"))
    }

    func testBadQualificationsAreRefused() async throws {
        let admin = try await t.token(for: try await t.makeUser(.admin))
        let expert = try await t.makeUser(.expert)
        let cases: [([String: Any], String)] = [
            (["kind": "wizardry", "subject": "x"], "kind"),
            (["kind": "domain", "subject": "medicine"], "level"),
            (["kind": "domain", "subject": "medicine", "level": 9], "level"),
            (["kind": "language", "subject": "english"], "subject"),
            (["kind": "reviewer", "subject": UUID().uuidString], "subject"),
        ]
        for (body, field) in cases {
            let response = try await t.send(.POST, "/api/v1/experts/\(expert.id!)/qualifications", token: admin, json: body)
            XCTAssertEqual(response.status, .unprocessableEntity, "\(body)")
            XCTAssertEqual(try response.problem().errors.map(\.field), [field])
        }
        let client = try await t.makeUser(.client, organization: organization)
        let notExpert = try await t.send(.POST, "/api/v1/experts/\(client.id!)/qualifications", token: admin, json: ["kind": "language", "subject": "en"])
        XCTAssertEqual(notExpert.status, .notFound)
    }

    func testUnreadableRequirementsQualifyNobody() async throws {
        let project = try await t.makeProject(in: organization, state: .active)
        project.requiredQualifications = "not json"
        try await project.save(on: t.app.db)
        let token = try await t.token(for: try await t.makeUser(.expert))
        let list = try await t.send(.GET, "/api/v1/projects", token: token)
        XCTAssertEqual((list.json["items"] as? [[String: Any]])?.count, 0)
        let lease = try await t.send(.POST, "/api/v1/projects/\(project.id!)/assignments/next", token: token)
        XCTAssertEqual(lease.status, .forbidden)
        XCTAssertEqual(try lease.problem().code, "not_qualified")
    }
}
