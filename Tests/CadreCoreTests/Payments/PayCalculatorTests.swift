@testable import CadreCore
import XCTest

final class PayCalculatorTests: XCTestCase {
    typealias F = Fixture

    func rules(
        hourly: HourlyRates? = nil, perTask: Money? = nil, bonus: QualityBonus? = nil, floor: Money? = nil,
        rejected: RejectedTimePay = .paidUnlessFraud
    ) throws -> ProjectPayRules {
        try ProjectPayRules(projectID: F.translation, organizationID: F.acme, currency: .usd, hourly: hourly,
                            perAcceptedAnswer: perTask, qualityBonus: bonus, hourlyFloor: floor, rejectedTime: rejected)
    }

    func earnings(_ rules: ProjectPayRules, _ records: [WorkRecord], standings: [ExpertProject: ExpertPayStanding] = [:]) throws -> [EarningsLine] {
        try PayCalculator(rules: [rules]).earnings(for: F.week48, records: records, standings: standings)
    }

    func testHourlyPayUsesTheLevelRateOverTheTotalTime() throws {
        let rates = HourlyRates(standard: F.usd(4000), byLevel: ["senior": F.usd(8000)])
        let records = [F.record(F.ada, F.translation, seconds: 1000, n: 1), F.record(F.ada, F.translation, seconds: 801, n: 2),
                       F.record(F.ben, F.translation, seconds: 1800, n: 3)]
        let standings = [ExpertProject(expertID: F.ada, projectID: F.translation): ExpertPayStanding(level: "senior")]
        let lines = try earnings(try rules(hourly: rates), records, standings: standings)
        XCTAssertEqual(lines.map(\.expertID), [F.ada, F.ben])
        // 1801 s at 80.00/h = 4002.22… cents: prorated once over the total, not per assignment.
        XCTAssertEqual(lines[0].amount, F.usd(4002))
        XCTAssertEqual(lines[0].explanation, "30 min 1 s active at 80.00 USD/h (level senior)")
        XCTAssertEqual(lines[0].usage, WorkUsage(activeSeconds: 1801, acceptedAnswers: 2))
        XCTAssertEqual(lines[1].amount, F.usd(2000), "an unlisted level gets the standard rate")
    }

    func testRecordsOutsideThePeriodAreLeftForTheirOwnPeriod() throws {
        let records = [F.record(F.ada, F.translation, seconds: 3600, at: F.week48.end), F.record(F.ada, F.translation, seconds: 3600, at: F.day(-1))]
        XCTAssertEqual(try earnings(try rules(hourly: HourlyRates(standard: F.usd(4000))), records), [])
    }

    func testPerTaskPayCountsOnlyAcceptedAnswers() throws {
        let records = [F.record(F.ada, F.translation, seconds: 600, n: 1), F.record(F.ada, F.translation, seconds: 600, .rejected, n: 2),
                       F.record(F.ada, F.translation, seconds: 600, kind: .review, n: 3)]
        let lines = try earnings(try rules(perTask: F.usd(250)), records)
        XCTAssertEqual(lines.map(\.kind), [.perTask])
        XCTAssertEqual(lines[0].amount, F.usd(250))
        XCTAssertEqual(lines[0].explanation, "1 accepted answer × 2.50 USD")
    }

    func testTheHourlyFloorTopsUpSlowPerTaskWork() throws {
        // 3 accepted answers × 5.00 in 1 h 30 min; a 20.00/h floor guarantees 30.00.
        let records = (1...3).map { F.record(F.ada, F.translation, seconds: 1800, n: $0) }
        let lines = try earnings(try rules(perTask: F.usd(500), floor: F.usd(2000)), records)
        XCTAssertEqual(lines.map(\.kind), [.perTask, .floorTopUp])
        XCTAssertEqual(lines.map(\.amount), [F.usd(1500), F.usd(1500)])
        XCTAssertEqual(lines[1].explanation, "floor 20.00 USD/h × 1 h 30 min = 30.00 USD, base pay 15.00 USD")
        let fast = (1...3).map { F.record(F.ada, F.translation, seconds: 300, n: $0) }
        XCTAssertEqual(try earnings(try rules(perTask: F.usd(500), floor: F.usd(2000)), fast).map(\.kind), [.perTask], "fast work earns above the floor")
    }

    func testRejectedAnswersArePaidForTheirTimeUnlessFraud() throws {
        let records = [F.record(F.ada, F.translation, seconds: 3600, .accepted, n: 1),
                       F.record(F.ada, F.translation, seconds: 3600, .rejected, n: 2),
                       F.record(F.ada, F.translation, seconds: 3600, .rejectedAsFraud, n: 3)]
        let hourly = HourlyRates(standard: F.usd(3000))
        XCTAssertEqual(try earnings(try rules(hourly: hourly), records).map(\.amount), [F.usd(6000)])
        XCTAssertEqual(try earnings(try rules(hourly: hourly, rejected: .alwaysPaid), records).map(\.amount), [F.usd(9000)])
        // Per task with a floor: the floor covers the honest rejected hour but not the fraud.
        let floorLines = try earnings(try rules(perTask: F.usd(1000), floor: F.usd(2000)), records)
        XCTAssertEqual(floorLines.map(\.amount), [F.usd(1000), F.usd(3000)])
        XCTAssertEqual(floorLines[0].usage, WorkUsage(activeSeconds: 7200, acceptedAnswers: 1))
    }

    func testTheQualityBonusIsAPercentageOfBasePayForExpertsAtTheBar() throws {
        let bonus = QualityBonus(rateBasisPoints: 1250, barBasisPoints: 9000)
        let records = [F.record(F.ada, F.translation, seconds: 3600, n: 1), F.record(F.ben, F.translation, seconds: 3600, n: 2),
                       F.record(F.cleo, F.translation, seconds: 3600, n: 3)]
        let standings = [ExpertProject(expertID: F.ada, projectID: F.translation): ExpertPayStanding(standingBasisPoints: 9000),
                         ExpertProject(expertID: F.ben, projectID: F.translation): ExpertPayStanding(standingBasisPoints: 8999)]
        let lines = try earnings(try rules(hourly: HourlyRates(standard: F.usd(4001)), perTask: F.usd(100), bonus: bonus), records, standings: standings)
        let ada = lines.filter { $0.expertID == F.ada }
        XCTAssertEqual(ada.map(\.kind), [.hourly, .perTask, .bonus])
        XCTAssertEqual(ada[2].amount, F.usd(513))  // 12.5 % of 41.01 = 5.12625
        XCTAssertEqual(ada[2].explanation, "12.5 % quality bonus on 41.01 USD base pay: standing 90 % reaches the bar of 90 %")
        XCTAssertFalse(lines.contains { $0.kind == .bonus && $0.expertID != F.ada }, "below the bar or unknown standing: no bonus")
    }

    func testTheBonusNeverFillsTheFloor() throws {
        let records = [F.record(F.ada, F.translation, seconds: 3600)]
        let standings = [ExpertProject(expertID: F.ada, projectID: F.translation): ExpertPayStanding(standingBasisPoints: 10_000)]
        let lines = try earnings(try rules(perTask: F.usd(1000), bonus: QualityBonus(rateBasisPoints: 5000, barBasisPoints: 0), floor: F.usd(2000)),
                                 records, standings: standings)
        XCTAssertEqual(lines.map(\.kind), [.perTask, .bonus, .floorTopUp])
        XCTAssertEqual(lines.map(\.amount), [F.usd(1000), F.usd(500), F.usd(1000)])
    }

    func testRulesAndRecordsAreValidated() throws {
        XCTAssertThrowsError(try rules()) { guard case .invalidRules = $0 as? PayError else { return XCTFail("\($0)") } }
        XCTAssertThrowsError(try rules(hourly: HourlyRates(standard: Money(minorUnits: 100, currency: .eur))))
        XCTAssertThrowsError(try rules(perTask: F.usd(-1)))
        XCTAssertThrowsError(try rules(hourly: HourlyRates(standard: F.usd(1), byLevel: ["x": Money(minorUnits: 1, currency: .jpy)])))
        XCTAssertThrowsError(try rules(perTask: F.usd(1), bonus: QualityBonus(rateBasisPoints: 100, barBasisPoints: 10_001)))
        let valid = try rules(perTask: F.usd(1))
        XCTAssertThrowsError(try earnings(valid, [F.record(F.ada, F.labelling, seconds: 1)])) { XCTAssertEqual($0 as? PayError, .noRulesForProject(F.labelling)) }
        XCTAssertThrowsError(try earnings(valid, [F.record(F.ada, F.translation, seconds: -1, n: 7)])) {
            XCTAssertEqual($0 as? PayError, .negativeActiveSeconds(assignment: F.id(10_007)))
        }
    }
}

extension PayCalculatorTests {
    func testAProjectsPayTermsBecomeRules() throws {
        let hourly = try ProjectPayRules(terms: PayTerms(model: .hourly, amountMinor: 4500, currency: "USD"), projectID: F.translation, organizationID: F.acme)
        XCTAssertEqual(hourly.hourly?.rate(forLevel: "anything"), F.usd(4500))
        XCTAssertNil(hourly.perAcceptedAnswer)
        let perTask = try ProjectPayRules(terms: PayTerms(model: .perTask, amountMinor: 300, currency: "JPY"), projectID: F.translation, organizationID: F.acme)
        XCTAssertEqual(perTask.perAcceptedAnswer, Money(minorUnits: 300, currency: .jpy))
        XCTAssertThrowsError(try ProjectPayRules(terms: PayTerms(model: .hourly, amountMinor: 1, currency: "ABC"), projectID: F.translation, organizationID: F.acme)) {
            XCTAssertEqual($0 as? PayError, .money(.unknownCurrency("ABC")))
        }
    }
}
