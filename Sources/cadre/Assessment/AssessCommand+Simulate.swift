import ArgumentParser
import CadreCore
import Foundation

extension AssessCommand {
    /// `cadre assess simulate`: one adaptive interview against a simulee of known ability.
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "simulate",
            abstract: "Run a bank's adaptive test against a simulated candidate with known ability.",
            discussion: """
                The simulee answers each item correctly with the probability its parameters give \
                at --theta. Item selection and answers are drawn from --seed, so a run replays \
                exactly. Prints each item given and the estimate after it, then θ̂ ± SE.
                """
        )

        @Option(help: "The bank file (JSON).")
        var bank: String

        @Option(parsing: .unconditional, help: "The simulee's true ability θ (negative values as --theta -1).")
        var theta: Double?

        @Option(help: "Instead of one simulee, run this many with θ drawn from N(0, 1) and summarise.")
        var candidates: Int?

        @Option(help: "Seed for item selection and the simulees' answers (and abilities).")
        var seed: UInt64 = 1

        @Option(help: "Override the bank's maximum number of items.")
        var maxItems: Int?

        func validate() throws {
            guard (theta == nil) != (candidates == nil) else { throw ValidationError("give either --theta or --candidates") }
            if let theta, !(theta.isFinite && (-6...6).contains(theta)) { throw ValidationError("--theta must be between -6 and 6") }
            if let candidates, !(1...100_000).contains(candidates) { throw ValidationError("--candidates must be from 1 to 100000") }
            if let maxItems, maxItems < 1 { throw ValidationError("--max-items must be at least 1") }
        }

        func run() throws {
            let itemBank = try AssessCommand.bank(at: bank)
            var configuration = itemBank.adaptiveTestConfiguration
            if let maxItems {
                let stopping = configuration.stopping
                configuration.stopping = StoppingRule(
                    targetStandardError: stopping.targetStandardError,
                    minimumItems: min(stopping.minimumItems, maxItems), maximumItems: maxItems
                )
            }
            if let theta {
                printSession(itemBank.simulateInterview(theta: theta, seed: seed, configuration: configuration), bank: itemBank)
            } else if let candidates {
                let runs = Self.population(itemBank, count: candidates, seed: seed, configuration: configuration)
                for line in Self.summary(runs, bank: itemBank) { print(line) }
            }
        }

        private func printSession(_ run: SimulatedInterview, bank itemBank: ItemBank) {
            print("\(itemBank.domainName) v\(itemBank.version): simulee θ = \(fixed(run.trueTheta)), seed \(seed)")
            print("step  item        a      b      P(correct)  answer   θ̂       SE")
            for (index, step) in run.steps.enumerated() {
                let columns = [
                    pad(String(index + 1), 4), pad(step.itemID, 10),
                    pad(fixed(step.parameters.discrimination, 2), 5), pad(fixed(step.parameters.difficulty, 2), 6),
                    pad(fixed(step.probabilityCorrect), 10), pad(step.correct ? "right" : "wrong", 7),
                    pad(fixed(step.estimate.theta), 7), fixed(step.estimate.standardError),
                ]
                print(columns.joined(separator: "  "))
            }
            let estimate = run.estimate
            print("θ̂ = \(fixed(estimate.theta)) ± \(fixed(estimate.standardError)) after \(run.steps.count) items (\(Self.describe(run.stopReason))); true θ = \(fixed(run.trueTheta)), error \(fixed(estimate.theta - run.trueTheta))")
        }

        private func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
        }

        private static func describe(_ reason: StopReason) -> String {
            switch reason {
            case .precisionReached: "target precision reached"
            case .maximumItemsReached: "maximum number of items reached"
            case .bankExhausted: "no eligible item left"
            }
        }
    }
}
