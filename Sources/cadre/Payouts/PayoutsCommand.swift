import ArgumentParser
import CadreCore
import CadreServer
import Foundation

/// `cadre payouts`: weekly payout batches, on the configured database.
struct PayoutsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payouts",
        abstract: "Pay experts: weekly payout batches from the ledger.",
        subcommands: [Run.self]
    )

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Post the payout batch of a closed ISO week (running a week again changes nothing).",
            discussion: """
                Every expert owed at least the minimum at the end of the week gets a line; smaller \
                balances wait for a later week. Uses the database configured by the environment \
                (DATABASE_URL or CADRE_DATA_DIR), as `cadre serve` does.
                """
        )

        @Option(help: "The ISO week, e.g. 2026-W48 or 2026-11-W48.") var period: String
        @Option(help: "The smallest payout, in minor units (1000 = 10.00 USD).") var minimum: Int64 = 1000
        @Option(help: "The currency of the batch.") var currency = "USD"
        @Option(help: "Also write the batch as CSV for the payment processor to this file.") var csv: String?

        func run() async throws {
            let period: PayPeriod
            let currency: Currency
            do {
                period = try PayPeriod(parsing: self.period)
                currency = try Currency(code: self.currency)
            } catch let error as PayPeriodError {
                throw ValidationError("--period: \(error)")
            } catch {
                throw ValidationError("--currency: \(error)")
            }
            guard minimum > 0 else { throw ValidationError("--minimum: expected a positive amount in minor units") }
            try await reportingConfigurationErrors {
                do {
                    let report = try await CadreRuntime.runPayouts(period: period, minimum: Money(minorUnits: minimum, currency: currency))
                    print(report.summary, terminator: "")
                    if let csv {
                        try Data(report.csv.utf8).write(to: URL(fileURLWithPath: csv))
                        print("Wrote \(csv).")
                    }
                } catch let refusal as CadreRuntime.Refusal {
                    FileHandle.standardError.write(Data((refusal.description + "\n").utf8))
                    throw ExitCode(2)
                }
            }
        }
    }
}

/// `cadre ledger verify`: whether the stored ledger is sound, for operators and for tests that
/// kill the server or a payout run midway.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Check the ledger on the configured database.",
        subcommands: [Verify.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Re-derive every balance from the entries; exit 1 and list the problems unless every posting balances and every cached balance matches."
        )

        func run() async throws {
            try await reportingConfigurationErrors {
                let (problems, postings) = try await CadreRuntime.verifyLedger()
                guard problems.isEmpty else {
                    FileHandle.standardError.write(Data(problems.map { $0 + "\n" }.joined().utf8))
                    throw ExitCode(1)
                }
                print("The ledger balances: \(postings) postings, every cached balance matches its entries.")
            }
        }
    }
}
