import ArgumentParser
import CadreCore

extension QualityCommand {
    /// `cadre quality rank`: scores for items from preferences.
    struct Rank: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Scores with standard errors and 95% intervals from preferences.",
            discussion: """
                bradley-terry reads CSV with columns winner,loser and an optional tie column \
                (1 for a tie). plackett-luce reads one ranking per line, best item first, \
                without a header. Writes item,score,se,ci_low,ci_high, best first; scores \
                are log-strengths centred at 0.
                """
        )

        @Option(help: "bradley-terry or plackett-luce.")
        var method: RankingMethod = .bradleyTerry

        @Option(help: ArgumentHelp(
            "Regularise like choix's ilsr_pairwise/ilsr_rankings with this alpha (Luce Spectral Ranking).",
            discussion: "By default a vanishing prior gives the maximum-likelihood scores."))
        var alpha: Double?

        @Option(name: .shortAndLong, help: "Write the CSV here instead of standard output.")
        var output: String?

        @Argument(help: "CSV file of comparisons or rankings.")
        var file: String

        func validate() throws {
            if let alpha, !(alpha > 0 && alpha.isFinite) {
                throw ValidationError("--alpha must be a positive number")
            }
        }

        func run() throws {
            let input = try QualityCommand.read(file)
            let csv = try QualityCommand.parsing(file) { () throws(QualityInputError) in
                try QualityAnalysis.rank(csv: input, method: method,
                                         prior: alpha.map { .luceSpectral(alpha: $0) } ?? .default)
            }
            try QualityCommand.write(csv, to: output)
        }
    }
}
