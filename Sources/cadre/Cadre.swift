import ArgumentParser

/// One binary: the server and the command-line tools.
@main
struct Cadre: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cadre",
        abstract: "Expert human data for AI: recruit, route, pay, prove quality, deliver.",
        subcommands: [ServeCommand.self, MigrateCommand.self, ImportCommand.self, ExportCommand.self, QualityCommand.self, AssessCommand.self, PayoutsCommand.self, LedgerCommand.self, BenchCommand.self, SimulateCommand.self]
    )
}

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Cadre's speed (use a release build: swift run -c release cadre bench …).",
        subcommands: [BenchWorkCommand.self, BenchQualityCommand.self, BenchIRTCommand.self, BenchExportCommand.self]
    )
}
