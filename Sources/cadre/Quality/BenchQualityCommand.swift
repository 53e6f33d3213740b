import ArgumentParser
import CadreCore
import Foundation

/// `cadre bench quality`: times each quality method end to end, from a CSV file on disk to
/// its CSV output on disk, the path `cadre quality` takes. Without input files it writes
/// synthetic data at the reference generator's large sizes first.
struct BenchQualityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "Time Dawid–Skene, Bradley–Terry and Krippendorff's alpha end to end.",
        discussion: """
            With no files, generates 1,000,000 labels (200,000 tasks, 2,000 workers, 4 \
            classes, 5 labels a task), 1,000,000 comparisons over 10,000 items and about \
            1,280,000 ratings (200,000 units, 8 coders, 20% missing) from --seed. Prints a \
            Markdown table of the best time of --repeats runs. Build with -c release.
            """
    )

    @Option(help: "A task,worker,label file to time instead of generated labels.")
    var labels: String?

    @Option(help: "A winner,loser file to time instead of generated comparisons.")
    var pairs: String?

    @Option(help: "A unit,coder,value file to time instead of generated ratings.")
    var ratings: String?

    @Option(help: "Seed for the generated data.")
    var seed: UInt64 = 7

    @Option(help: "Runs per method; the fastest is reported.")
    var repeats: Int = 1

    @Option(help: "Where to write generated data and outputs (default: a new temporary directory).")
    var directory: String?

    func run() throws {
        let folder = try workingDirectory()
        var inputs = (labels: labels, pairs: pairs, ratings: ratings, truth: String?.none)
        if labels == nil && pairs == nil && ratings == nil {
            inputs = try generate(in: folder)
        }
        print("| method | input | rows | seconds |")
        print("|---|---|---:|---:|")
        if let path = inputs.labels {
            for method in AggregationMethod.allCases {
                let output = folder.appendingPathComponent("consensus-\(method.rawValue).csv").path
                try time("aggregate \(method.rawValue)", path) { (input: [UInt8]) throws(QualityInputError) -> [UInt8] in
                    try QualityAnalysis.aggregate(csv: input, method: method)
                } writeTo: { output }
                if let truth = inputs.truth {
                    let accuracy = try QualityAnalysis.accuracy(of: QualityCommand.read(output), truth: QualityCommand.read(truth))
                    FileHandle.standardError.write(Data("  \(method.rawValue) accuracy against truth: \(accuracy)\n".utf8))
                }
            }
        }
        if let path = inputs.pairs {
            try time("rank bradley-terry", path) { (input: [UInt8]) throws(QualityInputError) -> [UInt8] in
                try QualityAnalysis.rank(csv: input, method: .bradleyTerry)
            } writeTo: { folder.appendingPathComponent("scores.csv").path }
        }
        if let path = inputs.ratings {
            for level in MeasurementLevel.allCases {
                try time("agreement \(level.rawValue)", path) { (input: [UInt8]) throws(QualityInputError) -> [UInt8] in
                    Array(try QualityAnalysis.agreement(csv: input, level: level).json.utf8)
                } writeTo: { folder.appendingPathComponent("alpha-\(level.rawValue).json").path }
            }
        }
    }

    /// Runs read → analysis → write `repeats` times and prints the fastest as a table row.
    private func time(_ name: String, _ path: String,
                      _ analysis: ([UInt8]) throws(QualityInputError) -> [UInt8],
                      writeTo output: () -> String) throws {
        var best = Double.infinity
        var rows = 0
        for _ in 0..<max(repeats, 1) {
            let started = ContinuousClock.now
            let input = try QualityCommand.read(path)
            let result = try QualityCommand.parsing(path) { () throws(QualityInputError) in try analysis(input) }
            try QualityCommand.write(result, to: output())
            let elapsed = ContinuousClock.now - started
            best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
            rows = input.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) } - 1
        }
        print("| \(name) | \(URL(fileURLWithPath: path).lastPathComponent) | \(rows) | \(String(format: "%.3f", best)) |")
    }

    private func workingDirectory() throws -> URL {
        let url = directory.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("cadre-bench-quality-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func generate(in folder: URL) throws -> (labels: String?, pairs: String?, ratings: String?, truth: String?) {
        func save(_ bytes: [UInt8], _ name: String) throws -> String {
            let url = folder.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            return url.path
        }
        FileHandle.standardError.write(Data("generating data in \(folder.path) (seed \(seed))\n".utf8))
        let labels = SyntheticCrowd.labels(tasks: 200_000, workers: 2_000, classes: 4, labelsPerTask: 5, seed: seed)
        let pairs = SyntheticCrowd.comparisons(items: 10_000, comparisons: 1_000_000, seed: seed &+ 1)
        let ratings = SyntheticCrowd.ratings(units: 200_000, coders: 8, missing: 0.2, seed: seed &+ 2)
        _ = try save(pairs.truth, "pairs_truth.csv")
        return (try save(labels.labels, "labels.csv"), try save(pairs.pairs, "pairs.csv"),
                try save(ratings, "ratings.csv"), try save(labels.truth, "labels_truth.csv"))
    }
}
