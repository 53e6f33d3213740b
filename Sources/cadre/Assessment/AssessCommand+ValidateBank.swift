import ArgumentParser
import CadreCore
import Foundation

extension AssessCommand {
    /// `cadre assess validate-bank FILE.json`: checks a bank file and summarises it.
    struct ValidateBank: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate-bank",
            abstract: "Check an item bank file and print a summary, or every problem with its field path.",
            discussion: "Exit code 0 when the bank is valid, 2 when it is not (problems on standard error)."
        )

        @Argument(help: "The bank file (JSON).")
        var file: String

        func run() throws {
            let bank = try AssessCommand.bank(at: file)
            for line in Self.summary(of: bank) { print(line) }
        }

        /// What an author checks at a glance: counts, parameter ranges and skill coverage.
        static func summary(of bank: ItemBank) -> [String] {
            let numeric = bank.items.filter { if case .numeric = $0.answer { true } else { false } }.count
            let a = bank.items.map(\.parameters.discrimination), b = bank.items.map(\.parameters.difficulty)
            let guessing = bank.items.filter { $0.parameters.guessing > 0 }.count
            var lines = [
                "valid bank \"\(bank.domainName)\" (\(bank.domainID)), version \(bank.version)",
                "items: \(bank.items.count) (\(bank.items.count - numeric) multiple choice, \(numeric) numeric, \(guessing) with a guessing parameter)",
                "difficulty b: \(fixed(b.min() ?? 0, 2)) to \(fixed(b.max() ?? 0, 2)); discrimination a: \(fixed(a.min() ?? 0, 2)) to \(fixed(a.max() ?? 0, 2))",
                "scenarios: \(bank.scenarios.count), \(bank.scenarios.reduce(0) { $0 + $1.rubric.count }) rubric criteria",
                "interview: SE ≤ \(bank.interview.targetStandardError) after \(bank.interview.minimumItems) to \(bank.interview.maximumItems) items, randomesque \(bank.interview.randomesqueCount)",
                "skills:",
            ]
            let width = bank.skills.map(\.id.count).max() ?? 0
            for skill in bank.skills {
                let items = bank.items.filter { $0.skills.contains(skill.id) }.count
                let scenarios = bank.scenarios.filter { $0.skills.contains(skill.id) }.count
                let padding = String(repeating: " ", count: width - skill.id.count)
                lines.append("  \(skill.id)\(padding)  \(items) items, \(scenarios) scenarios  \(skill.name)")
            }
            return lines
        }
    }
}
