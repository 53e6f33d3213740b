@testable import CadreCore
import Foundation

/// Fixed ids and moments so payment tests read like a story and sort predictably.
enum Fixture {
    static func id(_ n: Int) -> UUID { UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", n))! }

    static let acme = id(100)
    static let globex = id(101)
    static let ada = id(1)
    static let ben = id(2)
    static let cleo = id(3)
    static let translation = id(200)
    static let labelling = id(201)

    /// Monday 23 November 2026, 00:00 UTC: the start of 2026-W48.
    static let week48Start = Date(timeIntervalSince1970: 1_795_392_000)
    static let week48 = try! PayPeriod(parsing: "2026-W48")

    static func usd(_ minor: Int64) -> Money { Money(minorUnits: minor, currency: .usd) }
    static func day(_ offset: Double, hours: Double = 12) -> Date { week48Start.addingTimeInterval(offset * 86_400 + hours * 3600) }

    static func record(
        _ expert: UUID, _ project: UUID, seconds: Int64, _ outcome: WorkRecord.Outcome = .accepted,
        kind: WorkRecord.Kind = .answer, at: Date = day(1), n: Int = 0
    ) -> WorkRecord {
        WorkRecord(assignmentID: id(10_000 + n), expertID: expert, projectID: project, kind: kind,
                   activeSeconds: seconds, outcome: outcome, at: at)
    }
}
