@testable import CadreServer
import CadreCore
import Crypto
import XCTest
import XCTVapor

/// Snapshots over HTTP: a client takes one of answered work, reads its manifest, downloads
/// its files, and gets the same bytes for the same data; bad requests name their field.
final class SnapshotTests: XCTestCase {
    var t: TestApp!
    var organization: Organization!
    var client: String!

    override func setUp() async throws {
        t = try await TestApp.make()
        organization = try await t.makeOrganization()
        client = try await t.token(for: try await t.makeUser(.client, organization: organization))
    }

    override func tearDown() async throws { try await t.shutdown() }

    /// A pairwise project of `choices.count` tasks, each answered by three experts with the
    /// choices given for it, then aggregated.
    func answeredPairwiseProject(_ choices: [[String]], review: ReviewPolicy = .none, models: Bool = false) async throws -> Project {
        let project = try await t.makeProject(in: organization, state: .active) {
            $0.template = .pairwise
            $0.configuration = .null
            $0.answersPerTask = 3
            $0.reviewPolicy = review
        }
        for index in choices.indices {
            let responses = models
                ? #"[{"model":"model-a","content":"First answer \#(index)"},{"model":"model-b","content":"Second answer \#(index)"}]"#
                : #"["First answer \#(index)","Second answer \#(index)"]"#
            try await t.makeTask(in: project, externalID: "cmp-\(index)", input: #"{"prompt":"Question \#(index)?","responses":\#(responses)}"#)
        }
        for expert in 0..<3 {
            let token = try await t.token(for: try await t.makeUser(.expert))
            while true {
                let lease = try await t.send(.POST, "/api/v1/projects/\(project.id!)/assignments/next", token: token)
                guard lease.status == .created || lease.status == .ok else { break }
                let id = try XCTUnwrap(lease.json["id"] as? String)
                let external = try XCTUnwrap((lease.json["task"] as? [String: Any])?["external_id"] as? String)
                let choice = choices[Int(external.dropFirst(4))!][expert]
                var answer: [String: Any] = ["choice": choice, "rationale": "Compared both answers against the question."]
                if choice == "A" || choice == "B" { answer["strength"] = 2 }
                let submitted = try await t.send(.POST, "/api/v1/assignments/\(id)/submit", token: token,
                                                 json: ["answer": answer], headers: ["Idempotency-Key": id])
                XCTAssertEqual(submitted.status, .created, submitted.body.string)
            }
        }
        t.clock.advance(by: QualityJobs.debounce + 1)
        try await QualityJobs.runDue(t.app)
        return project
    }

    func snapshot(_ project: Project, _ body: [String: Any], token: String? = nil) async throws -> TestResponse {
        try await t.send(.POST, "/api/v1/projects/\(project.id!)/snapshots", token: token ?? client, json: body)
    }

    func download(_ snapshot: [String: Any], _ name: String, token: String? = nil) async throws -> TestResponse {
        try await t.send(.GET, "/api/v1/snapshots/\(snapshot["id"]!)/files/\(name)", token: token ?? client)
    }

    func testASnapshotRecordsItsFilesCountsAndQualityAndServesTheBytesItHashed() async throws {
        let project = try await answeredPairwiseProject([["A", "A", "A"], ["B", "B", "A"], ["tie", "tie", "tie"], ["both_bad", "both_bad", "both_bad"]])
        let response = try await snapshot(project, ["format": "dpo"])
        XCTAssertEqual(response.status, .created, response.body.string)
        let body = response.json
        XCTAssertEqual(body["status"] as? String, "ready")
        XCTAssertEqual(body["version"] as? Int, 1)
        let counts = try XCTUnwrap(body["counts"] as? [String: Any])
        XCTAssertEqual(counts["tasks"] as? Int, 4)
        XCTAssertEqual(counts["records"] as? Int, 2)
        XCTAssertEqual(counts["excluded"] as? [String: Int], ["tie": 1, "both_bad": 1])
        XCTAssertEqual((body["filters"] as? [String: Any])?["answers"] as? String, "consensus")
        XCTAssertEqual((body["quality"] as? [String: Any])?["tasks_with_consensus"] as? Int, 4)
        let files = try XCTUnwrap(body["files"] as? [[String: Any]])
        XCTAssertEqual(files.map { $0["name"] as? String }, ["dpo.jsonl"])

        let file = try await download(body, "dpo.jsonl")
        XCTAssertEqual(file.status, .ok)
        XCTAssertEqual(file.headers.contentType?.description.hasPrefix("application/x-ndjson"), true)
        let bytes = Data(buffer: file.body)
        XCTAssertEqual(SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined(), files[0]["sha256"] as? String)
        XCTAssertEqual(bytes.count, files[0]["bytes"] as? Int)
        let rows = try String(decoding: bytes, as: UTF8.self).split(separator: "\n").map {
            try XCTUnwrap(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        XCTAssertEqual(rows.map { $0["chosen"] as? String }, ["First answer 0", "Second answer 1"])
        XCTAssertEqual(rows.map { $0["external_id"] as? String }, ["cmp-0", "cmp-1"])
        XCTAssertEqual(rows[1]["agreement"] as? Double ?? 0, 2.0 / 3, accuracy: 1e-9)

        let shown = try await t.send(.GET, "/api/v1/snapshots/\(body["id"]!)", token: client)
        XCTAssertEqual(shown.json["files"] as? [[String: AnyHashable]], files as? [[String: AnyHashable]])
    }

    func testASnapshotCarriesTheModelsBradleyTerryStrengths() async throws {
        let project = try await answeredPairwiseProject([["A", "A", "A"], ["A", "A", "B"], ["A", "B", "A"]], models: true)
        let response = try await snapshot(project, ["format": "dpo"])
        let strengths = try XCTUnwrap((response.json["quality"] as? [String: Any])?["model_strengths"] as? [[String: Any]], response.body.string)
        XCTAssertEqual(strengths.map { $0["model"] as? String }, ["model-a", "model-b"], "the model preferred more often ranks first")
        XCTAssertGreaterThan(strengths[0]["score"] as? Double ?? 0, strengths[1]["score"] as? Double ?? 0)
    }

    func testALabelStudioExportCarriesEveryAnswerAndItsLabelingConfig() async throws {
        let project = try await answeredPairwiseProject([["A", "B", "tie"], ["B", "B", "B"]])
        let response = try await snapshot(project, ["format": "label-studio", "answers": "all"])
        XCTAssertEqual(response.status, .created, response.body.string)
        let files = try XCTUnwrap(response.json["files"] as? [[String: Any]])
        XCTAssertEqual(files.map { $0["name"] as? String }, ["label-studio.json", "label-studio-config.xml"])
        let file = try await download(response.json, "label-studio.json")
        XCTAssertEqual(file.headers.contentType?.description.hasPrefix("application/json"), true)
        let tasks = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(buffer: file.body)) as? [[String: Any]])
        XCTAssertEqual(tasks.count, 2)
        let data = try XCTUnwrap(tasks[0]["data"] as? [String: Any])
        XCTAssertEqual(data["response_a"] as? String, "First answer 0")
        XCTAssertEqual(data["external_id"] as? String, "cmp-0")
        let annotations = try XCTUnwrap(tasks[0]["annotations"] as? [[String: Any]])
        let choices = annotations.compactMap { (($0["result"] as? [[String: Any]])?.first?["value"] as? [String: Any])?["choices"] as? [String] }
        XCTAssertEqual(choices, [["A"], ["B"], ["tie"]])
        let config = try await download(response.json, "label-studio-config.xml")
        XCTAssertTrue(config.body.string.contains(#"<Choices name="comparison" toName="prompt""#))
        let ranking = try await t.makeProject(in: organization, state: .active) { $0.template = .ranking; $0.configuration = .null }
        let refused = try await snapshot(ranking, ["format": "label-studio"])
        XCTAssertEqual(try refused.problem().errors.map(\.field), ["format"], "rankings do not map onto Label Studio's tags")
    }

    func testTheSameFiltersOnTheSameDataGiveTheSameBytesUnderANewVersion() async throws {
        let project = try await answeredPairwiseProject([["A", "B", "A"], ["B", "B", "B"], ["A", "A", "tie"]])
        let first = try await snapshot(project, ["format": "dpo", "answers": "all"]).json
        let second = try await snapshot(project, ["format": "dpo", "answers": "all"]).json
        XCTAssertNotEqual(first["id"] as? String, second["id"] as? String)
        XCTAssertEqual(second["version"] as? Int, 2)
        let hashes = { (body: [String: Any]) in (body["files"] as? [[String: Any]])?.compactMap { $0["sha256"] as? String } }
        XCTAssertEqual(hashes(first), hashes(second))
        XCTAssertEqual((first["counts"] as? [String: Any])?["records"] as? Int, 8, "one row per answer but the tie")

        let list = try await t.send(.GET, "/api/v1/projects/\(project.id!)/snapshots?limit=1", token: client)
        XCTAssertEqual((list.json["items"] as? [[String: Any]])?.map { $0["version"] as? Int }, [1])
        let cursor = try XCTUnwrap(list.json["next_cursor"] as? String)
        let rest = try await t.send(.GET, "/api/v1/projects/\(project.id!)/snapshots?limit=1&cursor=\(cursor)", token: client)
        XCTAssertEqual((rest.json["items"] as? [[String: Any]])?.map { $0["version"] as? Int }, [2])
    }

    func testTheSplitSendsEachTaskToOneSideByItsExternalID() async throws {
        let project = try await answeredPairwiseProject((0..<12).map { _ in ["A", "A", "B"] })
        let body = try await snapshot(project, ["format": "dpo", "test_ratio": 0.5]).json
        let files = try XCTUnwrap(body["files"] as? [[String: Any]])
        XCTAssertEqual(files.compactMap { $0["name"] as? String }, ["train.jsonl", "test.jsonl"])
        var seen = 0
        for (name, isTest) in [("train.jsonl", false), ("test.jsonl", true)] {
            let text = try await download(body, name).body.string
            for line in text.split(separator: "\n") {
                let row = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                let id = try XCTUnwrap(row["external_id"] as? String)
                XCTAssertEqual(DatasetSplit(testRatio: 0.5).isTest(id), isTest, id)
                seen += 1
            }
        }
        XCTAssertEqual(seen, 12)
    }

    func testReviewedOnlyKeepsAnswersAReviewerAccepted() async throws {
        let project = try await answeredPairwiseProject([["A", "A", "A"], ["B", "B", "B"]])
        // Nothing was reviewed (the project's policy is none), so every answer is filtered out.
        let body = try await snapshot(project, ["format": "dpo", "reviewed_only": true, "answers": "all"]).json
        let counts = try XCTUnwrap(body["counts"] as? [String: Any])
        XCTAssertEqual(counts["filtered"] as? Int, 2)
        XCTAssertEqual(counts["records"] as? Int, 0)
        let window = try await snapshot(project, ["format": "dpo", "submitted_after": "2000-01-01T00:00:00Z", "submitted_before": "2001-01-01T00:00:00Z"]).json
        XCTAssertEqual((window["counts"] as? [String: Any])?["filtered"] as? Int, 2)
    }

    func testBadRequestsNameTheFieldAndTakeNoSnapshot() async throws {
        let project = try await answeredPairwiseProject([["A", "A", "A"]])
        for (body, field) in [
            (["format": "sft"], "format"), (["format": "dpo", "test_ratio": 1.5], "test_ratio"),
            (["format": "dpo", "answers": "some"], "answers"), (["format": "dpo", "since": "today"], "since"),
            (["format": "dpo", "submitted_after": "last week"], "submitted_after"),
        ] as [([String: Any], String)] {
            let response = try await snapshot(project, body)
            XCTAssertEqual(response.status, .unprocessableEntity, "\(body)")
            XCTAssertEqual(try response.problem().errors.map(\.field), [field])
        }
        let list = try await t.send(.GET, "/api/v1/projects/\(project.id!)/snapshots", token: client)
        XCTAssertEqual((list.json["items"] as? [Any])?.count, 0)
        let directory = URL(fileURLWithPath: t.app.cadreConfiguration.dataDirectory).appendingPathComponent("snapshots")
        XCTAssertEqual((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [], [])
    }

    func testOtherOrganizationsAndOtherFileNamesFindNothing() async throws {
        let project = try await answeredPairwiseProject([["A", "A", "A"]])
        let body = try await snapshot(project, ["format": "dpo"]).json
        let stranger = try await t.token(for: try await t.makeUser(.client, organization: try await t.makeOrganization()))
        let hidden = try await t.send(.GET, "/api/v1/snapshots/\(body["id"]!)", token: stranger)
        XCTAssertEqual(hidden.status, .notFound)
        for (name, token, status) in [
            ("dpo.jsonl", stranger, HTTPStatus.notFound), ("..%2F..%2Fcadre.sqlite", client!, .notFound), ("train.jsonl", client!, .notFound),
            ("dpo.jsonl", try await t.token(for: try await t.makeUser(.admin)), .ok),
        ] {
            let response = try await download(body, name, token: token)
            XCTAssertEqual(response.status, status, name)
        }
    }
}
