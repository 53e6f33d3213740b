import ArgumentParser
import CadreServer
import Foundation

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the web UI and API (migrates the database first)."
    )

    @Option(help: "Address to listen on.") var hostname = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Flag(help: "Seed a demo organization, client, admin, experts and a candidate, and print their sign-in details.")
    var demo = false

    func run() async throws {
        try await reportingConfigurationErrors {
            try await CadreRuntime.serve(hostname: hostname, port: port, demo: demo)
        }
    }
}

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending database migrations, or revert them all with --revert."
    )

    @Flag(help: "Revert every migration (drops Cadre's tables).") var revert = false

    func run() async throws {
        try await reportingConfigurationErrors {
            try await CadreRuntime.migrate(revert: revert)
        }
    }
}

/// A bad environment stops the command with the variables' names and exit code 78 (EX_CONFIG).
func reportingConfigurationErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ConfigurationError {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        throw ExitCode(78)
    }
}
