import ArgumentParser
import CadreCore

extension QualityCommand {
    /// `cadre quality agreement`: inter-rater reliability.
    struct Agreement: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Krippendorff's alpha (and kappas with --json) for ratings.",
            discussion: """
                Reads CSV with columns unit,coder,value; an empty value is missing. Values are \
                categories for --level nominal and numbers otherwise.
                """
        )

        @Option(help: "nominal, ordinal, interval or ratio.")
        var level: MeasurementLevel = .nominal

        @Flag(help: "Print alpha, unit and value counts and Fleiss' and Cohen's kappa as JSON.")
        var json = false

        @Argument(help: "CSV file with columns unit,coder,value.")
        var file: String

        func run() throws {
            let input = try QualityCommand.read(file)
            let summary = try QualityCommand.parsing(file) { () throws(QualityInputError) in
                try QualityAnalysis.agreement(csv: input, level: level)
            }
            print(json ? summary.json : summary.text)
        }
    }
}
