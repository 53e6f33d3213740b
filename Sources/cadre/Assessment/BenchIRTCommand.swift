import ArgumentParser
import CadreCore
import Foundation

/// `cadre bench irt`: times 2PL calibration end to end — reading a person,item,correct CSV
/// from disk, fitting by Bock–Aitkin EM, writing item,a,b,n — on a synthetic data set with
/// known item parameters, and reports how well they are recovered.
struct BenchIRTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "irt",
        abstract: "Time 2PL item calibration end to end from CSV.",
        discussion: """
            Without --responses, writes a complete 20,000 persons × 200 items 2PL data set \
            (θ ~ N(0, 1), a ~ U(0.5, 2.0), b ~ N(0, 1) clipped to ±2.5) from --seed, then times \
            read → calibrate → write and prints the seconds and the correlation of the estimates \
            with the generating parameters. With --responses, times that file instead (and \
            correlates with --truth, an item,a,b CSV, when given). Build with -c release.
            """
    )

    @Option(help: "A person,item,correct file to time instead of generated data.")
    var responses: String?

    @Option(help: "item,a,b parameters to correlate the estimates with (generated data supplies its own).")
    var truth: String?

    @Option(help: "Persons in the generated data.")
    var persons: Int = 20_000

    @Option(help: "Items in the generated data.")
    var items: Int = 200

    @Option(help: "Seed for the generated data.")
    var seed: UInt64 = 7

    @Option(help: "Runs; the fastest is reported.")
    var repeats: Int = 1

    @Option(help: "Where to write generated data and estimates (default: a new temporary directory).")
    var directory: String?

    func validate() throws {
        guard persons >= 2, items >= 1, repeats >= 1 else {
            throw ValidationError("--persons must be at least 2, --items and --repeats at least 1")
        }
    }

    func run() throws {
        let folder = try workingDirectory()
        var input = responses, truthPath = truth
        if input == nil {
            FileHandle.standardError.write(Data("generating \(persons) persons × \(items) items in \(folder.path) (seed \(seed))\n".utf8))
            let data = SyntheticResponses(persons: persons, items: items, seed: seed)
            let responsesURL = folder.appendingPathComponent("responses.csv")
            let truthURL = folder.appendingPathComponent("responses_truth.csv")
            try Data(data.responsesCSV()).write(to: responsesURL)
            try Data(data.truthCSV().utf8).write(to: truthURL)
            input = responsesURL.path
            truthPath = truthURL.path
        }
        guard let input else { return }
        let output = folder.appendingPathComponent("estimates.csv")
        var best = Double.infinity
        var calibration: ItemCalibration?
        for _ in 0..<repeats {
            let started = ContinuousClock.now
            let data = try AssessCommand.read(input)
            let table: ResponseTable
            do {
                table = try ResponseTable(csv: String(decoding: data, as: UTF8.self))
            } catch {
                throw AssessCommand.fail("\(input): \(error)")
            }
            let fitted = ItemCalibration.estimate2PL(from: table)
            try Data(AssessCommand.Calibrate.csv(fitted).utf8).write(to: output)
            let elapsed = ContinuousClock.now - started
            best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
            calibration = fitted
        }
        guard let calibration else { return }
        let responseCount = calibration.responseCounts.reduce(0, +)
        print("| input | items | responses | EM cycles | converged | seconds |")
        print("|---|---:|---:|---:|---|---:|")
        print("| \(URL(fileURLWithPath: input).lastPathComponent) | \(calibration.itemIDs.count) | \(responseCount) | \(calibration.cycles) | \(calibration.converged ? "yes" : "no") | \(AssessCommand.fixed(best)) |")
        if let truthPath {
            let (a, b) = try Self.correlations(calibration, truth: truthPath)
            print("correlation with the generating parameters: a \(AssessCommand.fixed(a, 4)), b \(AssessCommand.fixed(b, 4))")
        }
        print("estimates: \(output.path)")
    }

    /// Pearson correlations of estimated with true `a` and `b` over the items both list.
    static func correlations(_ calibration: ItemCalibration, truth path: String) throws -> (a: Double, b: Double) {
        var known: [String: (a: Double, b: Double)] = [:]
        let text = String(decoding: try AssessCommand.read(path), as: UTF8.self)
        for (offset, line) in text.split(whereSeparator: \.isNewline).enumerated() where offset > 0 {
            let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count >= 3, let a = Double(fields[1]), let b = Double(fields[2]) else {
                throw AssessCommand.fail("\(path): line \(offset + 1): expected item,a,b")
            }
            known[fields[0]] = (a, b)
        }
        var pairs: [(estimate: ItemParameters, truth: (a: Double, b: Double))] = []
        for (index, id) in calibration.itemIDs.enumerated() {
            if let truth = known[id] { pairs.append((calibration.parameters[index], truth)) }
        }
        guard pairs.count >= 2 else { throw AssessCommand.fail("\(path): fewer than two items in common with the responses") }
        return (pearson(pairs.map(\.estimate.discrimination), pairs.map(\.truth.a)),
                pearson(pairs.map(\.estimate.difficulty), pairs.map(\.truth.b)))
    }

    private static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        let n = Double(x.count)
        let meanX = x.reduce(0, +) / n, meanY = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (u, v) in zip(x, y) {
            sxy += (u - meanX) * (v - meanY)
            sxx += (u - meanX) * (u - meanX)
            syy += (v - meanY) * (v - meanY)
        }
        return sxy / (sxx * syy).squareRoot()
    }

    private func workingDirectory() throws -> URL {
        let url = directory.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("cadre-bench-irt-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
