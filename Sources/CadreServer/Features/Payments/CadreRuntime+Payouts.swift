import CadreCore
import Vapor

extension CadreRuntime {
    /// What `cadre payouts run` prints and, with `--csv`, writes.
    public struct PayoutRunReport: Sendable {
        public var summary: String
        public var csv: String
    }

    /// A command refused for a reason its user can fix (an open period, a bad currency).
    public struct Refusal: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs the payout batch of a closed week on the configured database, exactly as
    /// `POST /api/v1/payouts/runs` does (the database must be migrated: `cadre migrate`).
    public static func runPayouts(period: PayPeriod, minimum: Money) async throws -> PayoutRunReport {
        let app = try await makeApplication(arguments: ["payouts"])
        var report: PayoutRunReport?
        try await run(app) {
            do {
                let run = try await PayoutRuns.run(period: period, minimum: minimum, now: app.clock.now(), writer: app.writer, on: app.db)
                report = PayoutRunReport(summary: run.summary(minimum: minimum), csv: run.batch.csv)
            } catch {
                guard let problem = ErrorMapping.problem(for: error), problem.status.code < 500 else { throw error }
                throw Refusal(description: ([problem.detail] + problem.errors.map { "\($0.field): \($0.message)" }).joined(separator: "\n"))
            }
        }
        return report!
    }
}

extension CadreRuntime {
    /// Re-derives the stored ledger on the configured database: every posting balances, every
    /// cached balance matches its entries, every currency sums to zero. Returns the problems
    /// (none when sound) and how many postings were checked.
    public static func verifyLedger() async throws -> (problems: [String], postings: Int) {
        let app = try await makeApplication(arguments: ["ledger"])
        var result: (problems: [String], postings: Int) = ([], 0)
        try await run(app) {
            result = (try await LedgerStore.verify(on: app.db), try await LedgerPostingRow.query(on: app.db).count())
        }
        return result
    }
}

extension PayoutRuns.Run {
    /// The batch for a person at a terminal: what happened, then one line per expert.
    func summary(minimum: Money) -> String {
        let heading = "Payout batch \(batch.id) for \(batch.period.descriptionWithMonth)"
        guard status != .empty else {
            return "\(heading): nobody was owed at least \(minimum) at the end of the week; nothing was posted.\n"
        }
        let what = created ? "posted now" : "already posted earlier, nothing new was created (status \(status.rawValue))"
        var lines = ["\(heading): \(what)", "  \(batch.lines.count) expert(s), total \(batch.total)"]
        lines += batch.lines.map { "  \($0.expertID.uuidString)  \($0.amount)" }
        return lines.joined(separator: "\n") + "\n"
    }
}
