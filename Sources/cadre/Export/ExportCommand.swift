import ArgumentParser
import CadreCore
import CadreServer
import Foundation

/// `cadre export`: writes a project's dataset in one format into a directory, on the
/// configured database, with a progress bar when standard error is a terminal.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a project's answers as a dataset (JSONL files and manifest.json) into a directory.",
        discussion: """
            The files are byte-for-byte what a snapshot with the same filters holds (see the README's \
            Delivery section for each format's columns). Uses the database configured by the \
            environment (DATABASE_URL or CADRE_DATA_DIR), as `cadre serve` does.
            """
    )

    @Option(help: "The project's id.") var project: String
    @Option(help: "dpo, sft, kto, reward, stepwise, labels or listwise (as the project's template allows).") var format: String
    @Option(help: "The directory to write (created if missing).") var output: String
    @Option(help: "consensus (one row per task) or all (one row per answer).") var answers: String?
    @Option(name: .customLong("min-confidence"), help: "Leave out tasks whose consensus confidence is lower (0…1).") var minConfidence: Double?
    @Flag(name: .customLong("reviewed-only"), help: "Only answers a reviewer accepted.") var reviewedOnly = false
    @Option(name: .customLong("submitted-after"), help: "Only answers submitted at or after this ISO 8601 time.") var submittedAfter: String?
    @Option(name: .customLong("submitted-before"), help: "Only answers submitted before this ISO 8601 time.") var submittedBefore: String?
    @Option(name: .customLong("test-ratio"), help: "Split into train.jsonl and test.jsonl by hashing external_id; the share in test.") var testRatio: Double?
    @Flag(name: .customLong("adjacent-pairs-only"), help: "Ranking DPO: only pairs from neighbouring places.") var adjacentPairsOnly = false
    @Option(name: .customLong("kto-threshold"), help: "KTO: the overall score (0…1) from which a completion is desirable.") var ktoThreshold: Double?

    /// The same body the snapshot API takes, so both are validated by one rule.
    var request: JSONValue {
        var members: [String: JSONValue] = ["format": .string(format)]
        if let answers { members["answers"] = .string(answers) }
        if let minConfidence { members["min_confidence"] = .number(minConfidence) }
        if reviewedOnly { members["reviewed_only"] = true }
        if let submittedAfter { members["submitted_after"] = .string(submittedAfter) }
        if let submittedBefore { members["submitted_before"] = .string(submittedBefore) }
        if let testRatio { members["test_ratio"] = .number(testRatio) }
        if adjacentPairsOnly { members["adjacent_pairs_only"] = true }
        if let ktoThreshold { members["kto_threshold"] = .number(ktoThreshold) }
        return .object(members)
    }

    func run() async throws {
        guard let projectID = UUID(uuidString: project) else { throw ValidationError("--project: expected a project id (a UUID)") }
        let bar = ProgressBar(total: 1, enabled: isatty(STDERR_FILENO) == 1, unit: "tasks")
        try await reportingConfigurationErrors {
            do {
                let report = try await CadreRuntime.export(projectID: projectID, request: request, output: output) { done, total in
                    bar.show(done, of: total)
                }
                bar.finish()
                print(report.summary, terminator: "")
            } catch let refusal as CadreRuntime.Refusal {
                bar.finish()
                FileHandle.standardError.write(Data((refusal.description + "\n").utf8))
                throw ExitCode(2)
            }
        }
    }
}
