@testable import CadreServer
import CadreCore
import FluentKit
import XCTest

final class DemoSeedTests: XCTestCase {
    var t: TestApp!

    override func setUp() async throws { t = try await TestApp.make() }
    override func tearDown() async throws { try await t.shutdown() }

    func testTheDemoCanBeClickedThroughAndSeedingTwiceChangesNothing() async throws {
        try await DemoSeed.run(t.app)
        try await DemoSeed.run(t.app)
        let users = try await User.query(on: t.app.db).count()
        XCTAssertEqual(users, DemoSeed.accounts.count)
        let projects = try await Project.query(on: t.app.db).all()
        XCTAssertEqual(Set(projects.map(\.name)), [DemoSeed.pairwiseName, DemoSeed.classificationName])
        XCTAssertTrue(projects.allSatisfy { $0.state == .active })

        // An expert signs in with the printed password and gets pairwise work.
        let ada = try await User.query(on: t.app.db).filter(\.$email == "ada@demo.cadre.local").first()
        let token = try await t.token(for: try XCTUnwrap(ada), password: DemoSeed.password)
        let pairwise = try XCTUnwrap(projects.first { $0.template == .pairwise })
        let lease = try await t.send(.POST, "/api/v1/projects/\(pairwise.id!)/assignments/next", token: token)
        XCTAssertEqual(lease.status, .created, lease.body.string)
        // Grace reviews that project.
        let found = try await User.query(on: t.app.db).filter(\.$email == "grace@demo.cadre.local").first()
        let grace = try XCTUnwrap(found)
        let profile = try await ExpertProfile.load(grace.id!, on: t.app.db)
        XCTAssertTrue(profile.reviews(pairwise))

        // The demo candidate can start the mathematics interview at once.
        let cam = try await User.query(on: t.app.db).filter(\.$email == "candidate@demo.cadre.local").first()
        let camToken = try await t.token(for: try XCTUnwrap(cam), password: DemoSeed.password)
        let application = try await CandidateApplication.query(on: t.app.db).filter(\.$user.$id == cam!.id!).all()
        XCTAssertEqual(application.count, 1, "seeding twice adds no second application")
        let started = try await t.send(.POST, "/api/v1/applications/\(application[0].id!)/interviews", token: camToken, json: ["domain": "mathematics"])
        XCTAssertEqual(started.status, .created, started.body.string)
    }
}
