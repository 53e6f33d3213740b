@testable import CadreCore
import XCTest

/// Random pay rules and work records: the floor always holds, pay never depends on how time
/// is split across assignments, and the usage carried to invoices counts every paid second
/// once. Seeded XCTest, like `PaymentsPropertyTests`.
final class PayCalculatorPropertyTests: XCTestCase {
    typealias F = Fixture

    func randomRules(_ random: inout SplitMix64) throws -> ProjectPayRules {
        let hourly = random.uniformIndex(below: 3) == 0 ? nil : HourlyRates(standard: F.usd(Int64(random.uniformIndex(below: 12_001))),
                                                                             byLevel: ["senior": F.usd(Int64(random.uniformIndex(below: 15_001)))])
        let perTask = hourly != nil && random.uniformIndex(below: 2) == 0 ? nil : F.usd(Int64(random.uniformIndex(below: 2001)))
        return try ProjectPayRules(
            projectID: F.translation, organizationID: F.acme, currency: .usd, hourly: hourly, perAcceptedAnswer: perTask,
            qualityBonus: random.uniformIndex(below: 2) == 0 ? nil : QualityBonus(rateBasisPoints: random.uniformIndex(below: 3001), barBasisPoints: 8000),
            hourlyFloor: random.uniformIndex(below: 2) == 0 ? nil : F.usd(Int64(random.uniformIndex(below: 5001))),
            rejectedTime: random.uniformIndex(below: 2) == 0 ? .paidUnlessFraud : .alwaysPaid)
    }

    func randomRecords(_ random: inout SplitMix64) -> [WorkRecord] {
        let outcomes: [WorkRecord.Outcome] = [.accepted, .accepted, .rejected, .rejectedAsFraud]
        return (0..<(1 + random.uniformIndex(below: 12))).map { n in
            F.record([F.ada, F.ben][random.uniformIndex(below: 2)], F.translation, seconds: Int64(random.uniformIndex(below: 2000)),
                     outcomes[random.uniformIndex(below: 4)], kind: random.uniformIndex(below: 5) == 0 ? .review : .answer,
                     at: F.day(Double(random.uniformIndex(below: 7))), n: n)
        }
    }

    func testTheFloorHoldsSplittingTimeChangesNothingAndUsageIsCountedOnce() throws {
        for seed in 1...PaymentsPropertyTests.cases {
            var random = SplitMix64(seed: seed)
            let rules = try randomRules(&random)
            let records = randomRecords(&random)
            let standings = [ExpertProject(expertID: F.ada, projectID: F.translation): ExpertPayStanding(level: "senior", standingBasisPoints: 9000)]
            let calculator = PayCalculator(rules: [rules])
            let lines = try calculator.earnings(for: F.week48, records: records, standings: standings)

            for expert in [F.ada, F.ben] {
                let mine = lines.filter { $0.expertID == expert }
                let paidSeconds = records.filter { $0.expertID == expert && rules.paysTime(of: $0.outcome) }.reduce(Int64(0)) { $0 + $1.activeSeconds }
                let usage = mine.compactMap(\.usage)
                XCTAssertLessThanOrEqual(usage.count, 1, "seed \(seed)")
                XCTAssertEqual(usage.first?.activeSeconds ?? paidSeconds, paidSeconds, "seed \(seed)")
                XCTAssertTrue(mine.allSatisfy(\.amount.isPositive), "seed \(seed)")
                if let floor = rules.hourlyFloor {
                    let base = mine.filter { $0.kind != .bonus }.reduce(Int64(0)) { $0 + $1.amount.minorUnits }
                    XCTAssertGreaterThanOrEqual(base, try floor.prorated(overSeconds: paidSeconds).minorUnits, "floor, seed \(seed)")
                }
            }

            // What a lease is reserved for at most covers what it is later paid.
            let reserved = try records.reduce(Int64(0)) { total, record in
                let level = standings[ExpertProject(expertID: record.expertID, projectID: record.projectID)]?.level
                return total + (try rules.maximumLeaseCost(level: level, capSeconds: 2000)).minorUnits
            }
            XCTAssertLessThanOrEqual(lines.reduce(Int64(0)) { $0 + $1.amount.minorUnits }, reserved, "lease bound, seed \(seed)")

            // Cut every assignment into two with the same total time: pay is identical.
            let split = records.enumerated().flatMap { n, record -> [WorkRecord] in
                var first = record, second = record
                first.activeSeconds = record.activeSeconds / 3
                second.activeSeconds = record.activeSeconds - first.activeSeconds
                second.assignmentID = F.id(50_000 + n)
                second.outcome = record.outcome == .accepted ? .rejected : record.outcome
                second.kind = record.outcome == .accepted ? .review : record.kind
                return [first, second]
            }
            XCTAssertEqual(try calculator.earnings(for: F.week48, records: split, standings: standings).map(\.amount), lines.map(\.amount),
                           "splitting time changed pay, seed \(seed)")
        }
    }
}
