import Fluent
import Vapor

extension ExpertStanding {
    /// The experts paused from a project, each with the reason it is shown, through the read
    /// cache: asked on every lease, changed only when an expert is paused or reinstated.
    static func paused(from projectID: UUID, on req: Request) async throws -> [UUID: String] {
        let paused = try await req.readCaches.pausedExperts.value(for: projectID) {
            var paused: [UUID: String] = [:]
            for standing in try await ExpertStanding.query(on: req.db).filter(\.$project.$id == projectID).filter(\.$paused == true).all() {
                paused[standing.$expert.id] = standing.pauseReason ?? ""
            }
            return paused
        }
        return paused ?? [:]
    }
}
