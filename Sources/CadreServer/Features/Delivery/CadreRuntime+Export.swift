import CadreCore
import Foundation
import Vapor

extension CadreRuntime {
    /// What `cadre export` prints once the files are written.
    public struct ExportReport: Sendable {
        public var summary: String
    }

    /// Writes a project's dataset into `output` on the configured database, exactly as a
    /// snapshot would (same filters, same bytes), plus a `manifest.json`; no snapshot is
    /// recorded. `request` is the body `POST /api/v1/projects/{id}/snapshots` takes.
    public static func export(
        projectID: UUID, request: JSONValue, output: String, progress: @escaping @Sendable (_ done: Int, _ total: Int) -> Void
    ) async throws -> ExportReport {
        let app = try await makeApplication(arguments: ["export"])
        var report: ExportReport?
        try await run(app) {
            do {
                guard let project = try await Project.find(projectID, on: app.db) else { throw Problem.notFound("project \(projectID)") }
                let spec = try SnapshotSpec.validate(request, kind: project.template)
                let now = app.clock.now()
                let directory = URL(fileURLWithPath: output)
                let (files, counts) = try await DatasetExport(project: project, spec: spec, asOf: now, blobs: app.blobs)
                    .write(into: directory, on: app.db.sql, progress: progress)
                let manifest = SnapshotManifest(files: files, counts: counts, quality: try await Snapshots.quality(of: project, on: app.db))
                var document = try JSONValue(parsing: try SnapshotManifest.text(manifest))
                if case .object(var members) = document {
                    members["project_id"] = .string(projectID.uuidString)
                    members["format"] = .string(spec.format.rawValue)
                    members["filters"] = spec.filtersJSON
                    members["created_at"] = .string(SnapshotSpec.format(now))
                    document = .object(members)
                }
                try document.encodedData().write(to: directory.appendingPathComponent("manifest.json"))
                report = ExportReport(summary: summary(files, counts, in: output))
            } catch {
                guard let problem = ErrorMapping.problem(for: error), problem.status.code < 500 else { throw error }
                throw Refusal(description: ([problem.detail] + problem.errors.map { "\($0.field): \($0.message)" }).joined(separator: "\n"))
            }
        }
        return report!
    }

    private static func summary(_ files: [SnapshotManifest.File], _ counts: SnapshotManifest.Counts, in output: String) -> String {
        var lines = ["Wrote \(counts.records) record(s) from \(counts.tasks) task(s) to \(output):"]
        lines += files.map { "  \($0.name)  \($0.records) records  \($0.bytes) bytes  sha256 \($0.sha256)" }
        if counts.unanswered + counts.filtered > 0 {
            lines.append("  left out: \(counts.unanswered) unanswered task(s), \(counts.filtered) filtered")
        }
        for (reason, count) in counts.excluded.sorted(by: { $0.key < $1.key }) {
            lines.append("  excluded \(reason): \(count)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
