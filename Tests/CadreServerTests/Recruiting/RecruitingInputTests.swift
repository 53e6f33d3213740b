@testable import CadreServer
import CadreCore
import Fluent
import XCTest
import XCTVapor

/// Every bad input to recruiting gets a clear 4xx naming what was wrong, and changes nothing.
final class RecruitingInputTests: XCTestCase {
    var t: TestApp!

    override func setUp() async throws { t = try await TestApp.make() }
    override func tearDown() async throws { try await t.shutdown() }

    private func candidateToken() async throws -> String {
        let response = try await t.send(.POST, "/api/v1/candidates", json: [
            "email": "c\(UUID().uuidString.prefix(6))@example.com", "password": "long-enough-pw", "name": "C",
        ])
        return try XCTUnwrap(response.json["token"] as? String)
    }

    func testAProfileWithManyMistakesNamesEveryFieldAndStoresNothing() async throws {
        let token = try await candidateToken()
        let response = try await t.send(.POST, "/api/v1/applications", token: token, json: [
            "domains": ["mathematics", "astrology"], "languages": ["en", "english!"], "timezone": "Mars/Olympus",
            "weekly_hours": 0, "expected_rate": ["amount_minor": -5, "currency": "usd"],
        ])
        XCTAssertEqual(response.status, .unprocessableEntity)
        let fields = Set(try response.problem().errors.map(\.field))
        XCTAssertEqual(fields, ["domains[1]", "languages[1]", "timezone", "weekly_hours", "expected_rate.amount_minor", "expected_rate.currency"])
        let wrongType = try await t.send(.POST, "/api/v1/applications", token: token, json: ["weekly_hours": "many"])
        XCTAssertEqual(try wrongType.problem().errors.first?.field, "weekly_hours")
        let stored = try await CandidateApplication.query(on: t.app.db).count()
        XCTAssertEqual(stored, 0)

        let created = try await t.send(.POST, "/api/v1/applications", token: token, json: ["domains": ["physics"], "languages": ["en"]])
        XCTAssertEqual(created.status, .created)
        let twice = try await t.send(.POST, "/api/v1/applications", token: token, json: ["domains": ["physics"]])
        XCTAssertEqual(try twice.problem().code, "application_exists")
        let id = try XCTUnwrap(created.json["id"] as? String)

        let early = try await t.send(.POST, "/api/v1/applications/\(id)/interviews", token: token, json: ["domain": "physics"])
        XCTAssertEqual(try early.problem().code, "application_not_submitted")
        let noResume = try await t.send(.POST, "/api/v1/applications/\(id)/submit", token: token)
        XCTAssertEqual(try noResume.problem().errors.map(\.field), ["resume"])

        let admin = try await t.token(for: try await t.makeUser(.admin))
        for path in ["/api/v1/applications", "/api/v1/candidate-decisions", "/api/v1/appeals"] {
            let filtered = try await t.send(.GET, path + "?status=maybe", token: admin)
            XCTAssertEqual(try filtered.problem().errors.map(\.field), ["status"], path)
        }
        let drafts = try await t.send(.GET, "/api/v1/applications?status=draft", token: admin)
        XCTAssertEqual((drafts.json["items"] as? [[String: Any]])?.map { $0["id"] as? String }, [id])
    }

    func testResumesAreReadFromTextOrPDFAndProposeSkills() async throws {
        let token = try await candidateToken()
        let created = try await t.send(.POST, "/api/v1/applications", token: token, json: ["domains": ["software-engineering"], "languages": ["en"]])
        let id = try XCTUnwrap(created.json["id"] as? String)
        let path = "/api/v1/applications/\(id)/resume"

        let wrongType = try await t.send(.PUT, path, token: token, rawBody: "{}", headers: ["Content-Type": "application/json"])
        XCTAssertEqual(wrongType.status, .unsupportedMediaType)
        let empty = try await t.send(.PUT, path, token: token, rawBody: "", headers: ["Content-Type": "text/plain"])
        XCTAssertEqual(empty.status, .badRequest)
        let fake = try await t.send(.PUT, path, token: token, rawBody: "hello", headers: ["Content-Type": "application/pdf"])
        XCTAssertEqual(try fake.problem().errors.first?.field, "body")
        let afterBad = try await CandidateApplication.find(UUID(uuidString: id)!, on: t.app.db)
        XCTAssertNil(afterBad?.resumeText, "a refused upload stores nothing")

        let text = try await t.send(.PUT, path, token: token, rawBody: "Backend engineer: PostgreSQL, microservices with Kafka, code review.",
                                    headers: ["Content-Type": "text/plain"])
        XCTAssertEqual(text.status, .ok, text.body.string)
        let skills = Self.proposedSkills(text)
        XCTAssertTrue(skills.isSuperset(of: ["databases", "distributed-systems", "engineering-practice"]), "\(skills)")
        XCTAssertEqual(text.json["suggested_domains"] as? [String], ["software-engineering"])

        let pdf = Self.pdf(saying: "Distributed systems engineer with Kafka and PostgreSQL")
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: token)
        headers.contentType = HTTPMediaType(type: "application", subType: "pdf")

        // A server without pdftotext asks for pasted text, and keeps the resume it had.
        t.app.pdftotext = .missing
        let unreadable = try await t.app.testable().sendRequest(.PUT, path, headers: headers, body: ByteBuffer(data: pdf))
        XCTAssertEqual(unreadable.status, .unprocessableEntity)
        let problem = try JSONDecoder().decode(ProblemBody.self, from: Data(buffer: unreadable.body))
        XCTAssertEqual(problem.code, "pdf_unsupported")
        XCTAssertTrue(problem.detail.contains("Paste the resume as text"), problem.detail)
        let kept = try await CandidateApplication.find(UUID(uuidString: id)!, on: t.app.db)
        XCTAssertTrue(kept?.resumeText?.hasPrefix("Backend engineer") == true)
        t.app.pdftotext = .automatic

        guard ResumeText.pdftotextPath != nil else { throw XCTSkip("pdftotext is not installed") }
        let response = try await t.app.testable().sendRequest(.PUT, path, headers: headers, body: ByteBuffer(data: pdf))
        XCTAssertEqual(response.status, .ok, response.body.string)
        let stored = try await CandidateApplication.find(UUID(uuidString: id)!, on: t.app.db)
        XCTAssertTrue(stored?.resumeText?.contains("Distributed systems engineer") == true, stored?.resumeText ?? "nil")
    }

    func testAnswersMustBeForTheCurrentQuestionReadableAndRetriesAreNoOps() async throws {
        let candidate = try await CandidateDriver.applied(in: t)
        let started = try await candidate.start()
        let id = try XCTUnwrap(started.json["id"] as? String)
        let question = try XCTUnwrap(started.json["question"] as? [String: Any])
        let questionID = try XCTUnwrap(question["id"] as? String)
        let path = "/api/v1/interviews/\(id)/answers"

        let unknownDomain = try await candidate.start("law")
        XCTAssertEqual(try unknownDomain.problem().errors.first?.field, "domain")
        let secondStart = try await candidate.start()
        XCTAssertEqual(try secondStart.problem().code, "interview_in_progress")

        let wrongQuestion = try await t.send(.POST, path, token: candidate.token, json: ["question_id": "nope", "answer": "1"])
        XCTAssertEqual(try wrongQuestion.problem().code, "not_current_question")
        let unreadable = try await t.send(.POST, path, token: candidate.token,
                                          json: ["question_id": questionID, "answer": question["answer_kind"] as? String == "numeric" ? "twelve" : "Z"])
        XCTAssertEqual(try unreadable.problem().errors.first?.field, "answer")
        let missing = try await t.send(.POST, path, token: candidate.token, json: ["question_id": questionID])
        XCTAssertEqual(try missing.problem().errors.first?.field, "answer")
        let noneStored = try await InterviewAnswer.query(on: t.app.db).count()
        XCTAssertEqual(noneStored, 0)

        let bank = try CandidateDriver.bank("mathematics")
        let answer = CandidateDriver.answer(to: questionID, kind: "item", in: bank, as: .expert)
        let first = try await t.send(.POST, path, token: candidate.token, json: ["question_id": questionID, "answer": answer])
        XCTAssertEqual(first.status, .ok)
        let retry = try await t.send(.POST, path, token: candidate.token, json: ["question_id": questionID, "answer": answer])
        XCTAssertEqual(retry.status, .ok, retry.body.string)
        XCTAssertEqual((retry.json["question"] as? [String: Any])?["id"] as? String, (first.json["question"] as? [String: Any])?["id"] as? String)
        let oneStored = try await InterviewAnswer.query(on: t.app.db).count()
        XCTAssertEqual(oneStored, 1)

        let stranger = try await candidateToken()
        let peek = try await t.send(.GET, "/api/v1/interviews/\(id)", token: stranger)
        XCTAssertEqual(peek.status, .notFound)
    }

    func testAdminsAddBankVersionsThatNewInterviewsUse() async throws {
        let admin = try await t.token(for: try await t.makeUser(.admin))
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Resources/ItemBanks/mathematics.json")
        var document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        let shipped = try XCTUnwrap(document["version"] as? Int)
        document["version"] = shipped + 1
        let imported = try await t.send(.POST, "/api/v1/item-banks", token: admin, json: document)
        XCTAssertEqual(imported.status, .created, imported.body.string)
        XCTAssertEqual(imported.json["version"] as? Int, shipped + 1)
        let again = try await t.send(.POST, "/api/v1/item-banks", token: admin, json: document)
        XCTAssertEqual(try again.problem().code, "bank_version_exists")
        var broken = document
        broken["version"] = shipped + 2
        var items = try XCTUnwrap(broken["items"] as? [[String: Any]])
        items[3]["irt"] = ["a": -1, "b": 0]
        broken["items"] = items
        let invalid = try await t.send(.POST, "/api/v1/item-banks", token: admin, json: broken)
        XCTAssertEqual(invalid.status, .unprocessableEntity)
        XCTAssertTrue(try invalid.problem().errors.contains { $0.field.hasPrefix("items[3].irt") }, invalid.body.string)

        let candidate = try await CandidateDriver.applied(in: t)
        let started = try await candidate.start()
        XCTAssertEqual(started.json["bank_version"] as? Int, shipped + 1)
        let banks = try await t.send(.GET, "/api/v1/item-banks", token: admin)
        let summaries = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(buffer: banks.body)) as? [[String: Any]])
        XCTAssertEqual(summaries.count, 6)
        XCTAssertEqual(summaries.first { $0["domain"] as? String == "mathematics" }?["version"] as? Int, shipped + 1)
    }

    func testAStricterCutoffSendsEvenAStrongCandidateToAPerson() async throws {
        let admin = try await t.token(for: try await t.makeUser(.admin))
        let bad = try await t.send(.PUT, "/api/v1/recruiting/policies/mathematics", token: admin, json: ["cutoff": 9, "retake_after_days": -1])
        XCTAssertEqual(Set(try bad.problem().errors.map(\.field)), ["cutoff", "retake_after_days"])
        let unknown = try await t.send(.PUT, "/api/v1/recruiting/policies/astrology", token: admin, json: ["cutoff": 1])
        XCTAssertEqual(unknown.status, .notFound)
        let set = try await t.send(.PUT, "/api/v1/recruiting/policies/mathematics", token: admin, json: ["cutoff": 3.9])
        XCTAssertEqual(set.json["cutoff"] as? Double, 3.9)
        let candidate = try await CandidateDriver.applied(in: t)
        let (id, _) = try await candidate.takeInterview(as: .expert)
        let report = try await t.send(.GET, "/api/v1/interviews/\(id)/report", token: candidate.token)
        XCTAssertEqual((report.json["decision"] as? [String: Any])?["status"] as? String, "pending")
        XCTAssertEqual(((report.json["report"] as? [String: Any])?["provenance"] as? [String: Any])?["policy_cutoff"] as? Double, 3.9)
    }

    func testAdminsAndClientsSearchExpertsAndClientsInviteByPseudonym() async throws {
        let candidate = try await CandidateDriver.applied(in: t)
        _ = try await candidate.takeInterview(as: .expert)
        _ = try await t.send(.PATCH, "/api/v1/applications/\(candidate.applicationID)", token: candidate.token, json: ["skills": ["linear-algebra"]])
        let admin = try await t.token(for: try await t.makeUser(.admin))
        let found = try await t.send(.GET, "/api/v1/experts?domain=mathematics&skill=linear-algebra&language=en,pt&min_weekly_hours=10", token: admin)
        let items = try XCTUnwrap(found.json["items"] as? [[String: Any]])
        XCTAssertEqual(items.map { $0["expert"] as? String }, [candidate.userID.uuidString])
        XCTAssertEqual(items.first?["name"] as? String, "Ada Candidate")
        let none = try await t.send(.GET, "/api/v1/experts?domain=mathematics&min_theta=5", token: admin)
        XCTAssertEqual((none.json["items"] as? [[String: Any]])?.count, 0)
        let badFilter = try await t.send(.GET, "/api/v1/experts?min_theta=high&language=xx-!", token: admin)
        XCTAssertEqual(Set(try badFilter.problem().errors.map(\.field)), ["min_theta", "language[0]"])

        let organization = try await t.makeOrganization()
        let client = try await t.token(for: try await t.makeUser(.client, organization: organization))
        let seen = try await t.send(.GET, "/api/v1/experts?domain=mathematics", token: client)
        let match = try XCTUnwrap((seen.json["items"] as? [[String: Any]])?.first)
        let pseudonym = try XCTUnwrap(match["expert"] as? String)
        XCTAssertTrue(pseudonym.hasPrefix("Expert "))
        XCTAssertNil(match["name"] as? String)
        XCTAssertFalse(seen.body.string.contains(candidate.userID.uuidString))
        XCTAssertFalse(seen.body.string.contains("Ada Candidate"))

        let project = try await t.makeProject(in: organization, state: .active)
        let invited = try await t.send(.POST, "/api/v1/projects/\(project.id!)/invitations", token: client, json: ["expert": pseudonym, "message": "Join us"])
        XCTAssertEqual(invited.status, .created, invited.body.string)
        let again = try await t.send(.POST, "/api/v1/projects/\(project.id!)/invitations", token: client, json: ["expert": pseudonym])
        XCTAssertEqual(again.status, .ok)
        let unknown = try await t.send(.POST, "/api/v1/projects/\(project.id!)/invitations", token: client, json: ["expert": "Expert 00000000"])
        XCTAssertEqual(try unknown.problem().errors.first?.field, "expert")

        var expert = candidate
        try await expert.signInAgain()
        let inbox = try await t.send(.GET, "/api/v1/invitations", token: expert.token)
        let invitations = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(buffer: inbox.body)) as? [[String: Any]])
        XCTAssertEqual(invitations.map { $0["project_id"] as? String }, [project.id!.uuidString])
        XCTAssertEqual(invitations.first?["message"] as? String, "Join us")
    }

    static func proposedSkills(_ response: TestResponse) -> Set<String> {
        let domains = ((response.json["skill_proposals"] as? [String: Any])?["domains"] as? [[String: Any]]) ?? []
        return Set(domains.flatMap { ($0["skills"] as? [[String: Any]] ?? []).compactMap { $0["skill_id"] as? String } })
    }

    /// A one-page PDF with `text` in Helvetica, with a correct cross-reference table.
    static func pdf(saying text: String) -> Data {
        let stream = "BT /F1 12 Tf 72 720 Td (\(text)) Tj ET"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var pdf = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(pdf.utf8.count)
            pdf += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = pdf.utf8.count
        pdf += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { pdf += String(format: "%010d 00000 n \n", offset) }
        pdf += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(pdf.utf8)
    }
}
