import CadreCore
import Fluent
import SQLKit
import Vapor

/// Taking, listing and finding snapshots, without HTTP: the controller and the tests call
/// these.
enum Snapshots {
    /// Where a snapshot's files live: `<data directory>/snapshots/<snapshot id>/`.
    static func directory(of snapshotID: UUID, dataDirectory: String) -> URL {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("snapshots").appendingPathComponent(snapshotID.uuidString.lowercased())
    }

    /// Writes the files into a hidden directory, moves it into place, then records the row
    /// under the project's next version and queues `snapshot.ready` in the same transaction.
    /// A failure on the way leaves no row and no files, so a snapshot that exists is always complete.
    static func take(
        _ spec: SnapshotSpec, of project: Project, now: Date, dataDirectory: String, blobs: any BlobStore,
        writer: DatabaseWriter, on db: any Database
    ) async throws -> Snapshot {
        let id = UUID.timeOrdered(at: now)
        let final = directory(of: id, dataDirectory: dataDirectory)
        let staging = final.deletingLastPathComponent().appendingPathComponent(".writing-" + final.lastPathComponent)
        do {
            let (files, counts) = try await DatasetExport(project: project, spec: spec, asOf: now, blobs: blobs).write(into: staging, on: db.sql)
            try FileManager.default.moveItem(at: staging, to: final)
            let quality = try await quality(of: project, on: db)
            let snapshot = Snapshot()
            snapshot.id = id
            snapshot.createdAt = now
            snapshot.$project.id = try project.requireID()
            snapshot.format = spec.format.rawValue
            snapshot.filters = spec.filtersJSON.jsonText
            snapshot.counts = try SnapshotManifest.text(counts)
            snapshot.files = try SnapshotManifest.text(files)
            snapshot.quality = try quality.map(SnapshotManifest.text)
            try await insert(snapshot, writer: writer, on: db) { version, tx in
                try await Webhooks.emit(.snapshotReady, organization: project.$organization.id, data: [
                    "snapshot_id": .string(id.uuidString.lowercased()), "project_id": .string(try project.requireID().uuidString.lowercased()),
                    "version": .integer(version), "format": .string(snapshot.format),
                ], now: now, on: tx)
            }
            return snapshot
        } catch {
            try? FileManager.default.removeItem(at: staging)
            try? FileManager.default.removeItem(at: final)
            throw error
        }
    }

    /// Inserts under the next free version in one statement, then runs `then` with that
    /// version in the same transaction; a concurrent snapshot that took the same version first
    /// (the unique index refuses the second) makes this one try again.
    private static func insert(
        _ snapshot: Snapshot, writer: DatabaseWriter, on db: any Database,
        then: @escaping @Sendable (Int, any Database) async throws -> Void
    ) async throws {
        struct Version: Decodable { var version: Int }
        let (id, projectID) = (try snapshot.requireID(), snapshot.$project.id)
        let values = (snapshot.createdAt, snapshot.format, snapshot.filters, snapshot.counts, snapshot.files, snapshot.quality)
        for attempt in 1...5 {
            do {
                snapshot.version = try await writer.transaction(on: db) { db in
                    try await db.sql.raw("""
                        INSERT INTO snapshots (id, created_at, project_id, version, format, filters, counts, files, quality)
                        SELECT \(bind: id), \(bind: values.0), \(bind: projectID), COALESCE(MAX(version), 0) + 1,
                               \(bind: values.1), \(bind: values.2), \(bind: values.3), \(bind: values.4), \(bind: values.5)
                        FROM snapshots WHERE project_id = \(bind: projectID)
                        """).run()
                    let version = try await db.sql.raw("SELECT version FROM snapshots WHERE id = \(bind: id)").first(decoding: Version.self)?.version ?? 0
                    try await then(version, db)
                    return version
                }
                return
            } catch let error as any DatabaseError where error.isConstraintFailure && attempt < 5 {
                continue
            }
        }
    }

    /// The project's last aggregation, as the snapshot records it.
    static func quality(of project: Project, on db: any Database) async throws -> SnapshotManifest.Quality? {
        guard let stored = try await QualityReportRow.find(try project.requireID(), on: db),
              let report = try? QualityReportDocument.decode(stored.report)
        else { return nil }
        return SnapshotManifest.Quality(
            method: report.method, alpha: report.alpha, kappa: report.kappa, meanConfidence: report.meanConfidence,
            tasksWithConsensus: report.tasksWithConsensus, computedAt: stored.computedAt, modelStrengths: report.modelStrengths)
    }

    /// A page of a project's snapshots, oldest first.
    static func list(of project: Project, page: PageRequest, on db: any Database) async throws -> (items: [Snapshot], nextCursor: String?) {
        try await page.fetch(Snapshot.query(on: db).filter(\.$project.$id == project.requireID()))
    }
}
