@testable import CadreServer
import CadreCore
import Foundation
import XCTest

/// What an expert or a candidate must never be shown, planted where the access matrix walks:
/// a gold task's known answer, another expert's answer, another organization's project, and
/// the item bank's answer keys. `findings` lists every marker a response body carries.
enum LeakScan {
    static let scanned: Set<AccessMatrixTests.Actor> = [.expert, .candidate]

    static let goldMarker = "leak-sentinel-gold-rationale"
    static let peerMarker = "leak-sentinel-peer-answer"
    static let otherOrganizationMarker = "leak-sentinel-other-organization"

    /// What each kind of secret looks like in JSON or on a page: the markers, the fields that
    /// hold known answers and gold status, and the fields of an item bank's keys and rubrics.
    static let markers = [
        goldMarker, peerMarker, otherOrganizationMarker,
        #""gold_answer""#, #""is_gold""#, #""correct""#, #""tolerance""#, #""rubric""#, #""concepts""#, #""irt""#,
    ]

    static func findings(in body: String) -> [String] {
        markers.filter { body.contains($0) }
    }

    /// A gold task with its known answer, and another expert's accepted answer, in `project`.
    static func plant(in project: Project, peer: User, _ t: TestApp) async throws {
        let gold = try await t.makeTask(in: project, input: #"{"text":"a gold item"}"#)
        gold.isGold = true
        gold.goldAnswer = #"{"labels":["positive"],"rationale":"\#(goldMarker)"}"#
        try await gold.save(on: t.app.db)
        let answered = try await t.makeAssignment(in: project, for: peer)
        answered.state = .accepted
        answered.answer = #"{"labels":["negative"],"rationale":"\#(peerMarker)"}"#
        answered.submittedAt = t.clock.now
        answered.decidedAt = t.clock.now
        try await answered.save(on: t.app.db)
    }

    /// A draft project of another organization, named and filled with the marker.
    static func plantInOtherOrganization(_ organization: Organization, _ t: TestApp) async throws {
        let project = try await t.makeProject(in: organization) { $0.name = otherOrganizationMarker }
        try await t.makeTask(in: project, input: #"{"text":"\#(otherOrganizationMarker)"}"#)
    }
}

extension AccessMatrixTests {
    /// The scan has teeth: the project's client, who may see gold answers, is shown the markers.
    func testTheLeakScanFindsWhatIsPlanted() async throws {
        let organization = try await t.makeOrganization()
        let project = try await t.makeProject(in: organization, state: .active)
        try await LeakScan.plant(in: project, peer: try await t.makeUser(.expert), t)
        let client = try await t.token(for: try await t.makeUser(.client, organization: organization))
        let tasks = try await t.send(.GET, "/api/v1/projects/\(project.id!)/tasks", token: client)
        XCTAssertEqual(LeakScan.findings(in: tasks.body.string), [LeakScan.goldMarker, #""gold_answer""#, #""is_gold""#])
    }
}
