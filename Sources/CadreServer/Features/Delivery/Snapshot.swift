import CadreCore
import Fluent
import SQLKit
import Foundation

/// One immutable dataset snapshot of a project: what was asked for, what was written, and
/// the project's quality when it was taken. Rows are only ever inserted; the files they name
/// live under the data directory and are never rewritten.
final class Snapshot: Model, @unchecked Sendable {
    static let schema = "snapshots"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date

    // data fields
    @Parent(key: "project_id") var project: Project
    /// 1, 2, 3… per project, in the order snapshots were taken.
    @Field(key: "version") var version: Int
    @Field(key: "format") var format: String
    /// `SnapshotSpec.filtersJSON`, as JSON text.
    @Field(key: "filters") var filters: String
    /// `SnapshotManifest.Counts`, as JSON text.
    @Field(key: "counts") var counts: String
    /// `[SnapshotManifest.File]`, as JSON text.
    @Field(key: "files") var files: String
    /// `SnapshotManifest.Quality`, as JSON text; absent when the project had no aggregation.
    @OptionalField(key: "quality") var quality: String?

    init() {}
}

struct CreateSnapshots: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Snapshot.schema)
            .id()
            .field("created_at", .datetime, .required)
            .field("project_id", .uuid, .required, .references(Project.schema, .id, onDelete: .cascade))
            .field("version", .int, .required)
            .field("format", .string, .required)
            .field("filters", .string, .required)
            .field("counts", .string, .required)
            .field("files", .string, .required)
            .field("quality", .string)
            // Two snapshots taken at once cannot both become the same version.
            .unique(on: "project_id", "version")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Snapshot.schema).delete()
    }
}

/// Reads delivery and the webhook sender make on every page or round: a project's tasks in
/// id order, a page of tasks' accepted answers, completed tasks not yet announced. Without
/// them a large export scans every answer once per page.
struct AddDeliveryIndexes: AsyncMigration {
    static let indexes = [
        ("tasks_by_project_id", "tasks (project_id, id)"),
        ("assignments_by_task", "assignments (task_id, state)"),
        ("tasks_announcement", "tasks (completion_announced, state)"),
    ]

    func prepare(on database: any Database) async throws {
        for (name, columns) in Self.indexes {
            try await database.sql.raw("CREATE INDEX \(unsafeRaw: name) ON \(unsafeRaw: columns)").run()
        }
    }

    func revert(on database: any Database) async throws {
        for (name, _) in Self.indexes { try await database.sql.raw("DROP INDEX \(unsafeRaw: name)").run() }
    }
}
