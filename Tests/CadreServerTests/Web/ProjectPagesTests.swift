@testable import CadreServer
import CadreCore
import FluentKit
import XCTest
import XCTVapor

/// The client's project pages through HTTP, as the browser posts them.
final class ProjectPagesTests: XCTestCase {
    var t: TestApp!
    var organization: Organization!
    var client: User!
    var cookies = ""

    override func setUp() async throws {
        t = try await TestApp.make()
        organization = try await t.makeOrganization("Acme")
        client = try await t.makeUser(.client, organization: organization)
        cookies = "cadre_csrf=\(WebSupport.csrf); cadre_session=\(try await WebSupport.session(for: client, in: t))"
    }

    override func tearDown() async throws { try await t.shutdown() }

    private func form(_ fields: [String: Any]) -> [String: Any] {
        var base: [String: Any] = [
            "name": "Cardiology", "instructions": "Be careful.", "template": "classification",
            "configuration": #"{"labels": ["yes", "no"]}"#, "answers_per_task": "2", "review_policy": "all",
            "pay_model": "per_task", "pay_amount": "1.50", "currency": "usd", "domains": "medicine:0.5",
            "languages": "en", "time_budget_minutes": "10", "lease_minutes": "15", "priority": "3", "deadline": "",
            "csrf": WebSupport.csrf,
        ]
        base.merge(fields) { $1 }
        return base
    }

    private func post(_ path: String, _ fields: [String: Any]) async throws -> TestResponse {
        try await t.send(.POST, path, rawBody: WebSupport.urlEncoded(fields), headers: WebSupport.headers(cookies: cookies, form: true))
    }

    private func get(_ path: String, cookies override: String? = nil) async throws -> TestResponse {
        try await t.send(.GET, path, headers: WebSupport.headers(cookies: override ?? cookies, form: false))
    }

    func testCreatingAProjectFromTheFormStoresTheSameSettingsAsTheAPI() async throws {
        let response = try await post("/projects", form([:]))
        XCTAssertEqual(response.status, .seeOther)
        let found = try await Project.query(on: t.app.db).first()
        let project = try XCTUnwrap(found)
        XCTAssertEqual(response.headers.first(name: .location), "/projects/\(project.id!)/import?notice=project_created")
        let settings = try project.settings
        XCTAssertEqual(settings.pay, PayTerms(model: .perTask, amountMinor: 150, currency: "USD"))
        XCTAssertEqual(settings.answersPerTask, 2)
        XCTAssertEqual(settings.reviewPolicy, .all)
        XCTAssertEqual(settings.requirements, QualificationRequirements(domains: [DomainRequirement(domain: "medicine", minimumAbility: 0.5)], languages: ["en"]))
        XCTAssertEqual(settings.timeBudgetSeconds, 600)
        XCTAssertEqual(project.state, .draft)
        XCTAssertEqual(project.$organization.id, organization.id)
    }

    func testPayOptionsAndTheBudgetCapRoundTripThroughTheForm() async throws {
        let created = try await post("/projects", form([
            "pay_model": "hourly_and_per_task", "pay_amount": "40", "currency": "JPY", "budget_cap": "500000",
            "pay_options": #"{"per_task_minor": 50, "hourly_floor_minor": 2500, "bonus": {"rate_bp": 1000, "bar_bp": 9000}}"#,
        ]))
        XCTAssertEqual(created.status, .seeOther, created.body.string)
        let project = try await XCTUnwrapAsync(try await Project.query(on: t.app.db).first())
        var settings = try project.settings
        XCTAssertEqual(settings.pay.model, .hourlyAndPerTask)
        XCTAssertEqual(settings.pay.amountMinor, 40, "JPY has no minor unit")
        XCTAssertEqual(settings.pay.options.perTaskMinor, 50)
        XCTAssertEqual(settings.pay.options.bonus, BonusTerms(rateBasisPoints: 1000, barBasisPoints: 9000))
        XCTAssertEqual(settings.budgetCapMinor, 500_000)

        let editPage = try await get("/projects/\(project.id!)/edit")
        XCTAssertTrue(editPage.body.string.contains("&quot;hourly_floor_minor&quot;") || editPage.body.string.contains("\"hourly_floor_minor\""), "the options are shown for editing")
        XCTAssertTrue(editPage.body.string.contains("value=\"500000\""))
        let renamed = try await post("/projects/\(project.id!)/edit", form([
            "name": "Renamed", "pay_model": "hourly_and_per_task", "pay_amount": "40", "currency": "JPY", "budget_cap": "",
            "pay_options": #"{"per_task_minor": 50, "hourly_floor_minor": 2500, "bonus": {"rate_bp": 1000, "bar_bp": 9000}}"#,
        ]))
        XCTAssertEqual(renamed.status, .seeOther, renamed.body.string)
        let reloaded = try await XCTUnwrapAsync(try await Project.find(project.id!, on: t.app.db))
        settings = try reloaded.settings
        XCTAssertEqual(settings.pay.options.hourlyFloorMinor, 2500, "an edit keeps the options")
        XCTAssertNil(settings.budgetCapMinor, "an emptied cap removes it")

        let bad = try await post("/projects", form(["pay_options": "[1, 2]", "budget_cap": "lots", "pay_amount": "1.5", "currency": "JPY"]))
        XCTAssertEqual(bad.status, .unprocessableEntity)
        for field in ["pay_options", "budget_cap", "pay_amount"] { XCTAssertTrue(bad.body.string.contains(field), field) }
    }

    func testAFormWithErrorsComesBackWithEveryErrorAndWhatWasTyped() async throws {
        let response = try await post("/projects", form(["name": "Kept name", "configuration": "{not json", "pay_amount": "1.505"]))
        XCTAssertEqual(response.status, .unprocessableEntity)
        let page = response.body.string
        XCTAssertTrue(page.contains("<code>configuration</code> is not valid JSON"), page)
        XCTAssertTrue(page.contains("<code>pay_amount</code>"))
        XCTAssertTrue(page.contains("value=\"Kept name\""))
        let count = try await Project.query(on: t.app.db).count()
        XCTAssertEqual(count, 0)
    }

    func testTheFormPreviewsEveryTemplateWithItsExample() async throws {
        let page = try await get("/projects/new")
        XCTAssertEqual(page.status, .ok)
        for kind in TemplateKind.allCases {
            XCTAssertTrue(page.body.string.contains("data-preview-for=\"\(kind.rawValue)\""), kind.rawValue)
        }
        XCTAssertTrue(page.body.string.contains("What is the boiling point of water"))
    }

    func testEditingLocksTheTemplateOnceTasksExist() async throws {
        let project = try await t.makeProject(in: organization)
        try await t.makeTask(in: project)
        let response = try await post("/projects/\(project.id!)/edit", form(["template": "pairwise", "configuration": ""]))
        XCTAssertEqual(response.status, .conflict)
        XCTAssertTrue(response.body.string.contains("template"))
        let saved = try await post("/projects/\(project.id!)/edit", form(["name": "Renamed", "configuration": #"{"labels":["positive","negative","neutral"]}"#]))
        XCTAssertEqual(saved.status, .seeOther, saved.body.string)
        let renamed = try await Project.find(project.id, on: t.app.db)
        XCTAssertEqual(renamed?.name, "Renamed")
    }

    func testLifecycleButtonsMoveTheProject() async throws {
        let project = try await t.makeProject(in: organization)
        let moved = try await post("/projects/\(project.id!)/state", ["to": "active", "csrf": WebSupport.csrf])
        XCTAssertEqual(moved.status, .seeOther)
        let refused = try await post("/projects/\(project.id!)/state", ["to": "draft", "csrf": WebSupport.csrf])
        XCTAssertEqual(refused.status, .conflict)
        let stored = try await Project.find(project.id, on: t.app.db)
        XCTAssertEqual(stored?.state, .active)
    }

    func testImportShowsLineErrorsAndStoresNothingThenCountsAGoodFile() async throws {
        let project = try await t.makeProject(in: organization)
        let bad = "{\"external_id\":\"a\",\"text\":\"fine\"}\n{\"external_id\":\"b\"}\nnot json\n"
        let rejected = try await upload(bad, to: project)
        XCTAssertEqual(rejected.status, .unprocessableEntity)
        let page = rejected.body.string
        XCTAssertTrue(page.contains("data-testid=\"line-errors\""))
        XCTAssertTrue(page.contains("<td data-label=\"Line\">2</td>"), page)
        XCTAssertTrue(page.contains("<td data-label=\"Line\">3</td>"))
        let none = try await WorkTask.query(on: t.app.db).count()
        XCTAssertEqual(none, 0)

        let accepted = try await upload("{\"external_id\":\"a\",\"text\":\"one\"}\n{\"external_id\":\"b\",\"text\":\"two\"}\n", to: project)
        XCTAssertEqual(accepted.status, .ok)
        XCTAssertTrue(accepted.body.string.contains("data-testid=\"import-created\">2<"))
        let again = try await upload("{\"external_id\":\"a\",\"text\":\"one\"}\n", to: project)
        XCTAssertTrue(again.body.string.contains("data-testid=\"import-unchanged\">1<"))
    }

    func testProgressPageShowsCountsAndAThroughputChart() async throws {
        let project = try await t.makeProject(in: organization, state: .active)
        try await t.makeTask(in: project)
        let expert = try await t.makeUser(.expert)
        let assignment = try await t.makeAssignment(in: project, for: expert)
        assignment.state = .accepted
        assignment.submittedAt = t.clock.now
        try await assignment.save(on: t.app.db)
        let page = try await get("/projects/\(project.id!)")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.string.contains("data-testid=\"tasks-total\">2<"), page.body.string)
        XCTAssertTrue(page.body.string.contains("data-testid=\"answers-accepted\">1<"))
        XCTAssertEqual(page.body.string.components(separatedBy: "class=\"chart-bar\"").count - 1, 24)
    }

    func testAnotherOrganizationsProjectIsHiddenAndExpertsCannotManage() async throws {
        let project = try await t.makeProject(in: organization)
        let other = try await t.makeUser(.client, organization: try await t.makeOrganization("Other"))
        let otherCookies = "cadre_csrf=\(WebSupport.csrf); cadre_session=\(try await WebSupport.session(for: other, in: t))"
        for path in ["/projects/\(project.id!)", "/projects/\(project.id!)/edit", "/projects/\(project.id!)/import"] {
            let hidden = try await get(path, cookies: otherCookies)
            XCTAssertEqual(hidden.status, .notFound, path)
        }
        let list = try await get("/projects", cookies: otherCookies)
        XCTAssertFalse(list.body.string.contains(project.id!.uuidString))
    }

    func upload(_ text: String, to project: Project) async throws -> TestResponse {
        let boundary = "cadre-test-boundary"
        let body = """
            --\(boundary)\r
            Content-Disposition: form-data; name="csrf"\r
            \r
            \(WebSupport.csrf)\r
            --\(boundary)\r
            Content-Disposition: form-data; name="file"; filename="tasks.jsonl"\r
            Content-Type: application/x-ndjson\r
            \r
            \(text)\r
            --\(boundary)--\r

            """
        var headers = WebSupport.headers(cookies: cookies, form: false)
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await t.send(.POST, "/projects/\(project.id!)/import", rawBody: body, headers: headers)
    }
}

extension ProjectPagesTests {
    func testImportReadsALabelStudioExportAndListsWhatCouldNotBeCarried() async throws {
        let project = try await t.makeProject(in: organization)
        let export = #"""
            [{"id": 5, "data": {"text": "Love it"}, "annotations": [
              {"result": [{"from_name": "label", "to_name": "text", "type": "choices", "value": {"choices": ["positive"]}},
                          {"from_name": "span", "to_name": "text", "type": "labels", "value": {"labels": ["x"]}}]}]}]
            """#
        let page = try await upload(export, to: project)
        XCTAssertEqual(page.status, .ok, page.body.string)
        XCTAssertTrue(page.body.string.contains("data-testid=\"import-created\">1<"))
        XCTAssertTrue(page.body.string.contains("data-testid=\"label-studio-unmapped\""), page.body.string)
        XCTAssertTrue(page.body.string.contains("<code>annotations[0].result[1]</code>"))

        let refused = try await upload(#"[{"id": 6, "data": 3}]"#, to: project)
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.string.contains("<td data-label=\"Line\">1</td>"), "the bad task's position is shown")
    }
}

extension ProjectPagesTests {
    func testTheListCountsEachProjectsTasksAndAnswers() async throws {
        let busy = try await t.makeProject(in: organization, state: .active)
        let quiet = try await t.makeProject(in: organization) { $0.name = "Quiet" }
        try await t.makeTask(in: quiet)
        let expert = try await t.makeUser(.expert)
        for state in [Assignment.State.accepted, .submitted] {
            let assignment = try await t.makeAssignment(in: busy, for: expert)
            assignment.state = state
            try await assignment.save(on: t.app.db)
        }
        let done = try await t.makeTask(in: busy)
        done.state = .complete
        try await done.save(on: t.app.db)
        let page = try await get("/projects").body.string
        XCTAssertTrue(page.contains("1 / 3 complete<br><span class=\"hint\">1 accepted · 1 in review"), page)
        XCTAssertTrue(page.contains("0 / 1 complete<br><span class=\"hint\">0 accepted · 0 in review"))
    }
}
