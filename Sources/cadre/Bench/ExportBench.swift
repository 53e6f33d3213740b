import ArgumentParser
import CadreServer
import Foundation

/// `cadre bench export`: how fast a snapshot is written, and whether memory stays flat.
struct BenchExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Seed a temporary SQLite project with answered tasks and time writing them as a labels snapshot."
    )

    @Option(help: "Records (answered tasks) to export.") var records = 1_000_000

    func run() async throws {
        guard records > 0 else { throw ValidationError("--records must be positive") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cadre-bench-export-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        say("Seeding \(records) answered tasks …")
        let result = try await CadreRuntime.benchExport(records: records, directory: directory)
        print("""
            records:            \(result.records)
            seeding:            \(String(format: "%.1f", result.seedSeconds)) s
            export:             \(String(format: "%.2f", result.exportSeconds)) s  (\(Int(result.recordsPerSecond)) records/s, \(result.bytes / 1_048_576) MiB written)
            peak memory:        \(String(format: "%.0f", result.peakMiBBeforeExport)) MiB after seeding, \(String(format: "%.0f", result.peakMiBAfterExport)) MiB after the export
            """)
    }
}
