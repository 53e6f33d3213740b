import ArgumentParser
import CadreServer
import Foundation

/// `cadre simulate`: a whole marketplace in one process, on a temporary database, through the
/// real HTTP API — the platform's best demonstration and a regression test of the loop.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run a simulated marketplace (candidates with hidden abilities interviewed, the hired working a classification and a pairwise project) and report what the platform recovered and what it cost."
    )

    @Option(help: "Candidates interviewed (one in six is careless at work, whatever its ability).") var candidates = 36
    @Option(help: "Tasks in each project.") var tasks = 120
    @Option(help: "Models whose responses the pairwise project compares.") var models = 6
    @Option(help: "Answers per task.") var answers = 3
    @Option(help: "Seed of the hidden truth: the same seed gives the same candidates, labels and strengths.") var seed: UInt64 = 7

    func validate() throws {
        guard candidates >= 2 * answers else { throw ValidationError("--candidates must be at least twice --answers (\(answers)): about half are hired") }
        guard tasks > 0, answers > 0 else { throw ValidationError("--tasks and --answers must be positive") }
        guard models >= 2 else { throw ValidationError("--models must be at least 2") }
    }

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cadre-simulate-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var options = CadreRuntime.SimulationOptions()
        options.candidates = candidates
        options.tasks = tasks
        options.models = models
        options.answersPerTask = answers
        options.seed = seed
        say("Simulating \(candidates) candidates and two projects of \(tasks) tasks …")
        let started = Date()
        let report = try await CadreRuntime.simulate(options, directory: directory)
        print(report)
        say(String(format: "(%.1f s)", Date().timeIntervalSince(started)))
    }
}
