@testable import CadreServer
import XCTest

/// What a submit needs of the leases this instance handed out, bounded in size.
final class LiveLeasesTests: XCTestCase {
    private func lease(expiring expiresAt: Date) -> Assignment {
        let assignment = LeaseQueries.NewLease(
            assignmentID: UUID(), projectID: UUID(), expertID: UUID(), answersPerTask: 1, leasedAt: expiresAt.addingTimeInterval(-60),
            expiresAt: expiresAt
        ).assignment(taskID: UUID())
        return assignment
    }

    func testARememberedLeaseIsFoundUntilForgotten() throws {
        let leases = LiveLeases()
        let assignment = lease(expiring: Date(timeIntervalSince1970: 2_000))
        leases.remember(assignment, taskInput: #"{"text":"hi"}"#, now: Date(timeIntervalSince1970: 1_000))
        let target = try XCTUnwrap(leases.target(assignment.id!))
        XCTAssertEqual(target.expertID, assignment.$expert.id)
        XCTAssertEqual(target.projectID, assignment.$project.id)
        XCTAssertEqual(target.state, .leased)
        XCTAssertEqual(target.taskInput, #"{"text":"hi"}"#)
        leases.forget(assignment.id!)
        XCTAssertNil(leases.target(assignment.id!))
    }

    func testWhenFullLapsedLeasesGoFirst() {
        let leases = LiveLeases(capacity: 3)
        let now = Date(timeIntervalSince1970: 1_000)
        let lapsed = lease(expiring: now.addingTimeInterval(-1))
        let live = [lease(expiring: now.addingTimeInterval(60)), lease(expiring: now.addingTimeInterval(60))]
        for assignment in [lapsed] + live { leases.remember(assignment, taskInput: "{}", now: now) }
        let newest = lease(expiring: now.addingTimeInterval(60))
        leases.remember(newest, taskInput: "{}", now: now)
        XCTAssertNil(leases.target(lapsed.id!), "the lapsed lease made room")
        for assignment in live + [newest] { XCTAssertNotNil(leases.target(assignment.id!)) }
    }
}
