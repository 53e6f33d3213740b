import ArgumentParser
import CadreCore
import Foundation

/// `cadre assess`: the interview's item banks and IRT measurement from the command line —
/// check a bank before it is imported, calibrate items from responses, and watch the adaptive
/// test run against a simulated candidate.
struct AssessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Validate item banks, calibrate items and simulate adaptive interviews.",
        discussion: """
            A file that cannot be read or is invalid gives a message on standard error naming \
            the field path or line of each problem, nothing on standard output, and exit code 2.
            """,
        subcommands: [ValidateBank.self, ImportBank.self, Calibrate.self, Simulate.self]
    )

    /// The exit code for unreadable or invalid input.
    static let badInput = ExitCode(2)

    /// The bytes of `path`, or a message and exit code 2.
    static func read(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw fail("\(path): cannot read the file")
        }
        return data
    }

    /// The bank in `path`, or every problem with its field path and exit code 2.
    static func bank(at path: String) throws -> ItemBank {
        let data = try read(path)
        do {
            return try ItemBank(parsing: data)
        } catch {
            let lines = error.errors.map { "\(path): \($0.field): \($0.message)" }
            let count = error.errors.count
            throw fail((["\(path): \(count) problem\(count == 1 ? "" : "s") found"] + lines).joined(separator: "\n"))
        }
    }

    /// Prints `message` on standard error and returns the exit code to throw.
    static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return badInput
    }

    /// `value` with `places` decimals, for tables a person reads.
    static func fixed(_ value: Double, _ places: Int = 3) -> String {
        String(format: "%.\(places)f", value)
    }
}
