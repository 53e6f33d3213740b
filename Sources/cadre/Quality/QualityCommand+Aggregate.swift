import ArgumentParser
import CadreCore

extension QualityCommand {
    /// `cadre quality aggregate`: one label per task from many workers' labels.
    struct Aggregate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One label per task, with a confidence, from crowd labels.",
            discussion: """
                Reads CSV with columns task,worker,label (any strings) and writes \
                task,label,confidence sorted by task. Confidence is the vote share for \
                majority and the posterior probability for the Dawid–Skene methods.
                """
        )

        @Option(help: "majority, dawid-skene or one-coin.")
        var method: AggregationMethod = .dawidSkene

        @Option(name: .shortAndLong, help: "Write the CSV here instead of standard output.")
        var output: String?

        @Argument(help: "CSV file with columns task,worker,label.")
        var file: String

        func run() throws {
            let input = try QualityCommand.read(file)
            let csv = try QualityCommand.parsing(file) { () throws(QualityInputError) in
                try QualityAnalysis.aggregate(csv: input, method: method)
            }
            try QualityCommand.write(csv, to: output)
        }
    }
}
