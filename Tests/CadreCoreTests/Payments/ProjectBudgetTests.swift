@testable import CadreCore
import XCTest

final class ProjectBudgetTests: XCTestCase {
    typealias F = Fixture

    func testALeaseIsReservedAtItsMostExpensive() throws {
        let rules = try ProjectPayRules(projectID: F.translation, organizationID: F.acme, currency: .usd,
                                        hourly: HourlyRates(standard: F.usd(4000), byLevel: ["senior": F.usd(8000)]),
                                        perAcceptedAnswer: F.usd(150), qualityBonus: QualityBonus(rateBasisPoints: 1000, barBasisPoints: 9000))
        // 900 s at 80.00/h = 20.00, + 1.50 per task = 21.50, + 10 % bonus = 23.65.
        XCTAssertEqual(try rules.maximumLeaseCost(level: "senior", capSeconds: 900), F.usd(2365))
        // 1 s at 40.00/h is 1.11… cents: a bound rounds up to 2, + 150 = 152, bonus 15.2 → 16.
        XCTAssertEqual(try rules.maximumLeaseCost(level: nil, capSeconds: 1), F.usd(168))
        let floored = try ProjectPayRules(projectID: F.labelling, organizationID: F.acme, currency: .usd,
                                          perAcceptedAnswer: F.usd(100), hourlyFloor: F.usd(2400))
        XCTAssertEqual(try floored.maximumLeaseCost(level: nil, capSeconds: 900), F.usd(600), "the floor can cost more than the task rate")
    }

    func testWorkIsHandedOutOnlyWhileTheChargeStaysWithinTheCap() throws {
        let budget = ProjectBudget(cap: F.usd(10_000), feeBasisPoints: 1500)
        // 80.00 posted + 5.00 open + 1.95 new = 86.95; fee 13.0425 rounds up to 13.05: exactly 100.00.
        XCTAssertEqual(try budget.decide(postedExpertCost: F.usd(8000), openLeaseMaximums: [F.usd(500)], newLease: F.usd(195)),
                       .admitted(committedCharge: F.usd(10_000), remaining: F.usd(0)))
        let refused = try budget.decide(postedExpertCost: F.usd(8000), openLeaseMaximums: [F.usd(500)], newLease: F.usd(196))
        guard case .refused(let charge, let reason) = refused else { return XCTFail("\(refused)") }
        XCTAssertEqual(charge, F.usd(10_001))
        XCTAssertEqual(reason, "the budget of 100.00 USD is committed: work done and tasks in progress can cost up to 97.75 USD with fees, "
                       + "and one more task could cost up to 1.96 USD before fees; raise the budget cap to continue")
        XCTAssertEqual(try ProjectBudget(cap: F.usd(10_000), feeBasisPoints: 0, invoiceMonths: 3).maximumCharge(forExpertCost: F.usd(100)), F.usd(102))
        XCTAssertThrowsError(try budget.decide(postedExpertCost: Money(minorUnits: 1, currency: .eur), openLeaseMaximums: [], newLease: F.usd(1)))
    }
}
