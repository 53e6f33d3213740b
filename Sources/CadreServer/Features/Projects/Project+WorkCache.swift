import Fluent
import Vapor

extension Project {
    /// The project as the work loop reads it: from the read cache, shared by concurrent
    /// requests and so never mutated (load it with `find` to change it).
    static func forWork(_ id: UUID, on req: Request) async throws -> Project? {
        return try await req.readCaches.projects.value(for: id) { try await Project.find(id, on: req.db) }
    }
}
