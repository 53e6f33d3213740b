import ArgumentParser
import CadreCore
import Foundation

/// `cadre quality`: the quality algorithms for anyone's crowd data, file in, CSV out.
struct QualityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "Aggregate labels, rank items and measure agreement in crowd data.",
        discussion: """
            Input files are CSV with a header row. A file that cannot be read or parsed gives \
            a message naming the line on standard error, nothing on standard output, and \
            exit code 2.
            """,
        subcommands: [Aggregate.self, Rank.self, Agreement.self]
    )

    /// The exit code for unreadable or malformed input.
    static let badInput = ExitCode(2)

    /// The bytes of `path`, or a message and exit code 2.
    static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw fail("\(path): cannot read the file")
        }
        return [UInt8](data)
    }

    /// Runs `analysis`, turning a malformed file into a message naming `path` and its line.
    static func parsing<T>(_ path: String, _ analysis: () throws(QualityInputError) -> T) throws -> T {
        do {
            return try analysis()
        } catch {
            throw fail("\(path): \(error)")
        }
    }

    /// Writes `bytes` to `output`, or to standard output when it is nil.
    static func write(_ bytes: [UInt8], to output: String?) throws {
        if let output {
            do {
                try Data(bytes).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                throw fail("\(output): cannot write the file (\(error.localizedDescription))")
            }
        } else {
            FileHandle.standardOutput.write(Data(bytes))
        }
    }

    /// Prints `message` on standard error and returns the exit code to throw.
    static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return badInput
    }
}

extension AggregationMethod: ExpressibleByArgument {}
extension RankingMethod: ExpressibleByArgument {}
extension MeasurementLevel: ExpressibleByArgument {}
