import CadreCore
import Vapor

/// A snapshot as the API shows it: its manifest, with the filters it was taken with.
struct SnapshotResponse: Content {
    var id: UUID
    var projectId: UUID
    var version: Int
    /// Always `ready`: a snapshot is recorded only once its files are complete.
    var status: String
    var format: String
    var filters: JSONValue
    var files: [SnapshotManifest.File]
    var counts: SnapshotManifest.Counts
    var quality: SnapshotManifest.Quality?
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, version, status, format, filters, files, counts, quality
        case projectId = "project_id"
        case createdAt = "created_at"
    }

    init(_ snapshot: Snapshot) throws {
        id = try snapshot.requireID()
        projectId = snapshot.$project.id
        version = snapshot.version
        status = "ready"
        format = snapshot.format
        filters = try JSONValue(parsing: snapshot.filters)
        files = try SnapshotManifest.read([SnapshotManifest.File].self, from: snapshot.files)
        counts = try SnapshotManifest.read(SnapshotManifest.Counts.self, from: snapshot.counts)
        quality = try snapshot.quality.map { try SnapshotManifest.read(SnapshotManifest.Quality.self, from: $0) }
        createdAt = snapshot.createdAt
    }
}
